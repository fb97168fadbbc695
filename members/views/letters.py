"""Letters of intent: a government drafts and submits one; the Support Unit reviews, accepts and publishes it.

Access (rules in ogp_portal/rules.py): published letters are public; other letters are seen
only by the government's points of contact and Support Unit staff, everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_letters import AcceptLetterForm, LetterOfIntentForm, ReturnLetterForm
from ..models import AuditEntry, EligibilityAssessment, Government, LetterOfIntent, LetterStatus
from ..models.letters import CONTENT_FIELDS, LetterVersionConflict
from ..storage import private_storage
from .eligibility_staff import support_unit_only


def get_letter_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> LetterOfIntent:
    """A letter the user may see (404 otherwise); with `write`, one they may edit and submit (403 otherwise)."""
    letter = get_object_or_404(
        LetterOfIntent.objects.select_related("government", "support_contact", "reviewer", "submitted_by"), pk=pk
    )
    if not request.user.has_perm("members.view_letter", letter):
        raise Http404
    if write and not request.user.has_perm("members.change_letter", letter):
        raise PermissionDenied
    return letter


def letter_list(request: HttpRequest) -> HttpResponse:
    """Every published letter of intent, newest first (OGP publishes them all)."""
    letters = LetterOfIntent.objects.published().select_related("government").order_by("-published_at", "-pk")
    page = Paginator(letters, 50).get_page(request.GET.get("page"))
    return render(request, "members/letterofintent_list.html", {"page_obj": page, "letters": page.object_list})


@login_required
def letter_create(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government, slug=slug)
    if not request.user.has_perm("members.draft_letter", government):
        raise PermissionDenied
    existing = LetterOfIntent.objects.filter(government=government).open().first()
    if existing is not None and request.method != "POST":
        messages.info(
            request, _("%(government)s already has a letter of intent in progress.") % {"government": government}
        )
        return redirect(existing)
    form = LetterOfIntentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = LetterOfIntent.objects.create_draft(government, form.cleaned_data, by=request.user)
        except ValidationError as error:
            # Another tab started a letter meanwhile: keep what was typed, and point to that letter.
            form.add_error(None, error)
            existing = LetterOfIntent.objects.filter(government=government).open().first()
        else:
            messages.success(request, _("The draft letter of intent has been saved."))
            return redirect(letter)
    context = {"form": form, "government": government, "existing": existing}
    return render(request, "members/letterofintent_form.html", context)


@login_required
def letter_update(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request, pk, write=True)
    # A POST still goes through: if the letter was submitted from another tab meanwhile, the
    # save is refused below and the form keeps what was typed.
    if not letter.is_editable and request.method != "POST":
        messages.warning(
            request,
            _("A letter that is “%(status)s” can no longer be edited.") % {"status": letter.get_status_display()},
        )
        return redirect(letter)
    context: dict[str, Any] = {"letter": letter, "government": letter.government}
    if request.method != "POST":
        context["form"] = LetterOfIntentForm(instance=letter)
        return render(request, "members/letterofintent_form.html", context)

    form = LetterOfIntentForm(request.POST, request.FILES, instance=letter)
    if form.is_valid():
        try:
            letter.save_draft(form.cleaned_data, expected_version=form.cleaned_data["version"], by=request.user)
        except LetterVersionConflict as conflict:
            return _render_conflict(request, form, conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft letter of intent has been saved."))
            return redirect(letter)
    context["form"] = form
    return render(request, "members/letterofintent_form.html", context)


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value or "—")


def _render_conflict(request: HttpRequest, form: LetterOfIntentForm, current: LetterOfIntent) -> HttpResponse:
    """Refused save: the user's own text stays in the form, beside what the other person saved.

    The form now carries the current version, so saving it again (after merging) is a
    deliberate choice made with both texts in view.
    """
    changes = [
        {
            "label": form.fields[name].label,
            "saved": _display(getattr(current, name)),
            "yours": _display(form.cleaned_data.get(name)),
        }
        for name in CONTENT_FIELDS
        if name != "signed_letter" and getattr(current, name) != form.cleaned_data.get(name)
    ]
    data = request.POST.copy()
    data["version"] = str(current.version)
    last_edit = AuditEntry.objects.for_object(current).filter(action="letter.edited").select_related("actor").first()
    context = {
        "letter": current,
        "government": current.government,
        "form": LetterOfIntentForm(data, instance=current),
        "conflict": {
            "changes": changes,
            "by": last_edit.actor if last_edit else None,
            "at": last_edit.created_at if last_edit else current.updated_at,
            "file_dropped": bool(form.cleaned_data.get("signed_letter")),
        },
    }
    return render(request, "members/letterofintent_form.html", context, status=409)


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_letter_for_user(request, pk))


def _render_detail(
    request: HttpRequest,
    letter: LetterOfIntent,
    *,
    submit_errors: list[str] | None = None,
    explain_eligibility: bool = False,
    accept_form: AcceptLetterForm | None = None,
    return_form: ReturnLetterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_change = user.has_perm("members.change_letter", letter)
    can_review = user.has_perm("members.review_letter", letter)
    context: dict[str, Any] = {
        "letter": letter,
        "government": letter.government,
        "can_edit": can_change and letter.is_editable,
        "can_review": can_review,
        "submit_errors": submit_errors,
        "explain_eligibility": explain_eligibility,
    }
    if can_change or can_review:
        # The government's own people and the Support Unit see how the letter got here, and the
        # eligibility it is judged on.
        context["assessment"] = letter.latest_assessment()
        context["missing_fields"] = letter.missing_fields() if letter.is_editable else []
        context["history"] = AuditEntry.objects.for_object(letter).select_related("actor")
    if can_review and letter.status == LetterStatus.UNDER_REVIEW:
        context["accept_form"] = accept_form or AcceptLetterForm()
    if can_review and letter.is_waiting:
        context["return_form"] = return_form or ReturnLetterForm()
    return render(request, "members/letterofintent_detail.html", context, status=status)


@require_POST
@login_required
def letter_submit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request, pk, write=True)
    try:
        submitted = letter.submit(by=request.user)
    except ValidationError as error:
        # The letter stays as it was; the page says what is missing and, for eligibility, why.
        letter.refresh_from_db()
        codes = {item.code for item in error.error_list}
        return _render_detail(
            request, letter, submit_errors=error.messages, explain_eligibility="not_eligible" in codes, status=400
        )
    if submitted:
        messages.success(request, _("The letter of intent has been submitted to the OGP Support Unit."))
    else:
        messages.info(request, _("This letter of intent was already submitted."))
    return redirect(letter)


def letter_file(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF, after the same visibility check as the letter; never a public media URL."""
    letter = get_letter_for_user(request, pk)
    if not letter.signed_letter:
        raise Http404
    try:
        handle = private_storage().open(letter.signed_letter.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, content_type="application/pdf", filename=f"letter-of-intent-{letter.government.slug}.pdf"
    )
    if letter.status == LetterStatus.PUBLISHED:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


# --- Support Unit -------------------------------------------------------------------------


@support_unit_only
def letter_review_queue(request: HttpRequest) -> HttpResponse:
    """Letters waiting for a decision, oldest first, each beside its government's latest eligibility."""
    letters = (
        LetterOfIntent.objects.waiting_for_review()
        .select_related("government", "submitted_by", "reviewer")
        .prefetch_related(
            Prefetch(
                "government__eligibility_assessments",
                queryset=EligibilityAssessment.objects.order_by("-year"),
                to_attr="assessments_newest_first",
            )
        )
        .order_by("submitted_at", "pk")
    )
    return render(request, "members/letterofintent_review_queue.html", {"letters": letters})


def _get_letter_for_staff(pk: int) -> LetterOfIntent:
    return get_object_or_404(
        LetterOfIntent.objects.select_related("government", "support_contact", "reviewer", "submitted_by"), pk=pk
    )


@require_POST
@support_unit_only
def letter_start_review(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_staff(pk)
    try:
        letter.start_review(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are now reviewing this letter; the points of contact have been told."))
    return redirect(letter)


@require_POST
@support_unit_only
def letter_accept(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_staff(pk)
    form = AcceptLetterForm(request.POST)
    if form.is_valid():
        try:
            letter.accept(by=request.user, support_contact=form.cleaned_data["support_contact"])
        except ValidationError as error:
            # Someone else may have decided meanwhile: say so, and keep the choice made.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The letter is accepted: %(government)s is now a member of OGP.") % {"government": letter.government},
            )
            return redirect(letter)
    letter.refresh_from_db()
    return _render_detail(request, letter, accept_form=form, status=400)


@require_POST
@support_unit_only
def letter_return(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_staff(pk)
    form = ReturnLetterForm(request.POST)
    if form.is_valid():
        try:
            letter.return_to_government(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            # Someone else may have decided meanwhile: say so, and keep the reasons typed.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The letter has been returned to the government with your reasons."))
            return redirect(letter)
    letter.refresh_from_db()
    return _render_detail(request, letter, return_form=form, status=400)


@require_POST
@support_unit_only
def letter_publish(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_staff(pk)
    try:
        letter.publish(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The letter of intent is published."))
    return redirect(letter)
