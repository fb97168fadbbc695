"""IRM reviews: the public list, the researchers' workspace, and a review's page, text, scores and lifecycle.

Access (ogp_portal/rules.py): published reviews are public, and drafts are from public comment on; before
that a draft is its assigned researchers' and staff's, and once shared its government's too. Anyone else
gets 404. Editors (`irm.change_review`) write, score and move the review along; readers get 403 there.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from action_plans.models import Commitment, split_paragraphs
from action_plans.models.plans import EditConflict
from action_plans.views.access import get_plan_for_user
from members.models import AuditEntry

from ..evidence import minimum_requirements_evidence
from ..forms import AssessmentForm, ReviewCommentPeriodForm, ReviewForm, ReviewStartForm
from ..models import CommitmentAssessment, Review, ReviewKind, ReviewStatus, fields_for
from ..models.reviews import MINIMUM_REQUIREMENTS, REVIEW_FIELDS, plans_awaiting_review, startable_kinds
from . import review_parts
from .comments import review_comments_context

VIEW_REVIEW = "irm.view_review"
CHANGE_REVIEW = "irm.change_review"
START_REVIEW = "irm.start_review"


def get_review_for_user(request: HttpRequest, pk: int, *, perm: str | None = None) -> Review:
    """The review if the user may read it (404 otherwise); with `perm`, they must also hold it (403 otherwise)."""
    review = get_object_or_404(Review.objects.select_related("plan", "plan__government", "researcher"), pk=pk)
    if not request.user.has_perm(VIEW_REVIEW, review):
        raise Http404
    if perm is not None and not request.user.has_perm(perm, review):
        raise PermissionDenied
    return review


def _refuse_unless_editable(request: HttpRequest, review: Review) -> HttpResponse | None:
    """A GET of an edit page of a review that cannot be edited goes back to the review, saying why.

    A POST still goes through, so that if the review moved on meanwhile the model refuses the save
    and the form keeps what was typed.
    """
    if not review.is_editable and request.method != "POST":
        messages.warning(
            request,
            _("A review that is “%(status)s” cannot be edited.") % {"status": review.get_status_display()},
        )
        return redirect(review)
    return None


# --- Lists -----------------------------------------------------------------------------------


def review_list(request: HttpRequest) -> HttpResponse:
    """Published IRM reports, newest first, 25 a page; `?kind=` narrows to one report type."""
    reviews = Review.objects.published().select_related("plan", "plan__government").order_by("-published_at", "-pk")
    kind = request.GET.get("kind", "")
    if kind in ReviewKind.values:
        reviews = reviews.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(reviews, 25).get_page(request.GET.get("page"))
    context = {"page_obj": page, "reviews": page.object_list, "kind": kind, "kinds": ReviewKind.choices}
    return render(request, "irm/review_list.html", context)


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """A researcher's or staff member's desk: reviews in progress (overdue first) and plans awaiting a review.

    Signed-in users who are neither get 403: the page is about a role, not an object.
    """
    user = request.user
    if not (user.is_support_unit or user.is_irm_researcher):
        raise PermissionDenied
    today = timezone.localdate()
    reviews = (
        Review.objects.editable_by(user).unpublished().select_related("plan", "plan__government").overdue_first(today)
    )
    page = Paginator(reviews, 50).get_page(request.GET.get("page"))
    plans = (
        plans_awaiting_review(user)
        .select_related("government")
        .prefetch_related(Prefetch("irm_reviews", queryset=Review.objects.order_by().only("pk", "plan_id", "kind")))
        .order_by("government__name", "-number")
    )
    plans_page = Paginator(plans, 50).get_page(request.GET.get("plans_page"))
    context = {
        "page_obj": page,
        "reviews": [(review, review.is_overdue(today)) for review in page.object_list],
        "plans_page": plans_page,
        "plans": [
            (plan, startable_kinds(plan, {review.kind for review in plan.irm_reviews.all()}))
            for plan in plans_page.object_list
        ],
        "can_assign": user.has_perm("irm.assign_researcher"),
    }
    return render(request, "irm/review_workspace.html", context)


# --- Starting and reading a review ---------------------------------------------------------------


@login_required
def review_start(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Start a review of the plan (its assigned researchers and staff); the model decides what may start."""
    plan = get_plan_for_user(request, plan_pk, perm=START_REVIEW)
    possible = startable_kinds(plan, set(plan.irm_reviews.values_list("kind", flat=True)))
    asked = request.GET.get("kind")
    chosen = asked if asked in possible else (possible[0] if possible else None)
    form = ReviewStartForm(request.POST or None, initial={"kind": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            review = Review.objects.start(
                plan,
                form.cleaned_data["kind"],
                by=request.user,
                uses_older_method=form.cleaned_data["uses_older_method"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review has started. Write its summary and assess the commitments."))
            return redirect(review)
    context = {"plan": plan, "government": plan.government, "form": form, "possible": possible}
    return render(request, "irm/review_form.html", context, status=400 if form.errors else 200)


def _requirements(review: Review, *, with_evidence: bool) -> list[tuple[review_parts.Badge, Any]]:
    """Each minimum requirement's answer, beside what the portal knows of it (for editors only)."""
    evidence = minimum_requirements_evidence(review) if with_evidence else {}
    badges = review_parts.minimum_requirement_badges(review, MINIMUM_REQUIREMENTS)
    return [(badge, evidence.get(name)) for badge, name in zip(badges, MINIMUM_REQUIREMENTS, strict=True)]


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk)
    plan = review.plan
    can_change = request.user.has_perm(CHANGE_REVIEW, review)
    prefetch_related_objects([review], "assessments")
    assessments = {assessment.commitment_id: assessment for assessment in review.assessments.all()}
    commitments = list(plan.commitments.only("pk", "plan_id", "number", "title").order_by("number"))
    names = fields_for(review)
    show_changes = review.status in (ReviewStatus.FINAL, ReviewStatus.PUBLISHED)
    context = {
        **review_comments_context(request, review),
        "review": review,
        "plan": plan,
        "government": plan.government,
        "can_change": can_change,
        "is_overdue": can_change and review.is_overdue(),
        "paragraphs": split_paragraphs(review.summary),
        "requirements": _requirements(review, with_evidence=can_change) if review.is_assessing else [],
        "with_evidence": can_change,
        "rows": review_parts.commitment_rows(
            review, commitments, assessments, names, can_assess=can_change and review.is_editable and bool(names)
        ),
        "actions": review_parts.lifecycle_actions(review) if can_change else [],
        "show_changes": show_changes,
        "changes": review_parts.changes_since_draft(review, {c.pk: c.number for c in commitments})
        if show_changes
        else [],
    }
    return render(request, "irm/review_detail.html", context)


# --- Editing the review and scoring commitments ------------------------------------------------


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary, method, minimum requirements and what changed; a save based on an older version is refused."""
    review = get_review_for_user(request, pk, perm=CHANGE_REVIEW)
    if (refused := _refuse_unless_editable(request, review)) is not None:
        return refused
    evidence = minimum_requirements_evidence(review) if review.is_assessing else {}
    if request.method != "POST":
        form = ReviewForm(instance=review, evidence=evidence)
        return render(request, "irm/review_edit.html", {"review": review, "plan": review.plan, "form": form})
    form = ReviewForm(request.POST, instance=review, evidence=evidence)
    if form.is_valid():
        try:
            review.save_fields(form.cleaned_data, expected_version=form.cleaned_data["version"], by=request.user)
        except EditConflict as conflict:
            return _render_review_conflict(request, form, conflict.current, evidence)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review has been saved."))
            return redirect(review)
    context = {"review": review, "plan": review.plan, "form": form}
    return render(request, "irm/review_edit.html", context, status=400)


def _render_review_conflict(
    request: HttpRequest, form: ReviewForm, current: Review, evidence: dict[str, Any]
) -> HttpResponse:
    """Refused save: the user's text stays in the form, beside what the other person saved (as for plans)."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    last_edit = (
        AuditEntry.objects.for_object(current).filter(action="irm_review.edited").select_related("actor").first()
    )
    changes = [
        {
            "label": str(form.fields[name].label),
            "saved": review_parts.value_text(Review, name, getattr(current, name)),
            "yours": review_parts.value_text(Review, name, form.cleaned_data.get(name)),
        }
        for name in REVIEW_FIELDS
        if name in form.fields and getattr(current, name) != form.cleaned_data.get(name)
    ]
    context = {
        "review": current,
        "plan": current.plan,
        "form": ReviewForm(data, instance=current, evidence=evidence),
        "conflict": {
            "changes": changes,
            "by": last_edit.actor if last_edit else None,
            "at": last_edit.created_at if last_edit else current.updated_at,
        },
    }
    return render(request, "irm/review_edit.html", context, status=409)


def _add_model_errors(form: AssessmentForm, error: ValidationError) -> None:
    """A model refusal on the form: on its field when the form has it, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def assessment_edit(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    """Score one commitment of the reviewed plan; "save and next" goes on to the following commitment."""
    review = get_review_for_user(request, pk, perm=CHANGE_REVIEW)
    commitment = get_object_or_404(Commitment, pk=commitment_pk, plan_id=review.plan_id)
    if not fields_for(review):
        raise Http404  # a co-creation brief scores no commitment
    if (refused := _refuse_unless_editable(request, review)) is not None:
        return refused
    assessment = CommitmentAssessment.objects.filter(review=review, commitment=commitment).first()
    instance = assessment or CommitmentAssessment(review=review, commitment=commitment)
    form = AssessmentForm(request.POST or None, instance=instance, review=review)
    numbers = list(review.plan.commitments.order_by("number").values_list("pk", "number"))
    following = next((pk for pk, _number in numbers if _number > commitment.number), None)
    if request.method == "POST" and form.is_valid():
        try:
            CommitmentAssessment.objects.record(review, commitment, form.cleaned_data, by=request.user)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("Commitment %(number)s has been assessed.") % {"number": commitment.number})
            if "save_and_next" in request.POST and following is not None:
                return redirect("irm:assessment-edit", pk=review.pk, commitment_pk=following)
            return redirect(reverse("irm:review-detail", args=[review.pk]) + "#commitments")
    context = {
        "review": review,
        "plan": review.plan,
        "commitment": commitment,
        "assessment": assessment,
        "form": form,
        "has_next": following is not None,
        "position": next(index for index, (pk, _number) in enumerate(numbers, start=1) if pk == commitment.pk),
        "total": len(numbers),
    }
    return render(request, "irm/assessment_form.html", context, status=400 if form.errors else 200)


# --- Lifecycle ---------------------------------------------------------------------------------


def _move(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Share, finalise or publish through the model; a refusal is said in words and changes nothing.

    The methods return False when the review is already past the step, so a double submit is harmless.
    """
    review = get_review_for_user(request, pk, perm=CHANGE_REVIEW)
    outcomes = {
        "share": (
            lambda: review.share_with_government(by=request.user),
            _("The draft has been shared with the government for its comments."),
            _("The draft was already shared with the government."),
        ),
        "finalise": (
            lambda: review.finalise(by=request.user),
            _("Public comment has ended: prepare the final report."),
            _("Public comment on this review had already ended."),
        ),
        "publish": (
            lambda: review.publish(by=request.user),
            _("The final report is published."),
            _("This review was already published."),
        ),
    }
    act, done, already = outcomes[step]
    try:
        moved = act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if moved:
            messages.success(request, done)
        else:
            messages.info(request, already)
    return redirect(review)


@require_POST
@login_required
def review_share(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, "share")


@require_POST
@login_required
def review_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, "finalise")


@require_POST
@login_required
def review_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, "publish")


@login_required
def review_open_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the draft out for public comment on two dates (or move or extend them); the rules are the model's."""
    review = get_review_for_user(request, pk, perm=CHANGE_REVIEW)
    if review.status not in (ReviewStatus.SHARED, ReviewStatus.PUBLIC_COMMENT) and request.method != "POST":
        messages.warning(
            request,
            _("A review that is “%(status)s” cannot be opened for public comment.")
            % {"status": review.get_status_display()},
        )
        return redirect(review)
    today = timezone.localdate()
    minimum = settings.IRM_PUBLIC_COMMENT_MIN_DAYS
    initial = {
        "opens_on": review.comment_opens_on or today,
        "closes_on": review.comment_closes_on or today + datetime.timedelta(days=minimum - 1),
    }
    form = ReviewCommentPeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review.open_public_comment(
                opens_on=form.cleaned_data["opens_on"], closes_on=form.cleaned_data["closes_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Public comment on the draft is set."))
            return redirect(review)
    context = {"review": review, "plan": review.plan, "form": form, "min_days": minimum}
    return render(request, "irm/review_open_comment.html", context, status=400 if form.errors else 200)
