"""Public comment on the draft plan: the plan and commitment pages' comment sections, posting,
threads, replies, reports, lists and moderation. Reasoned responses are in views/responses.py, the
comment period and submission in views/submission.py, the self-assessment in views/self_assessment.py.

Access (rules in ogp_portal/rules.py): comments and reasoned responses are public to read. Signed-in
civil society comments (`comment_on_plan`) while a period is open; civil society and the plan's
editors reply (`reply_to_comment`); anyone signed in reports (`report_comment`); the government's
points of contact and the Support Unit moderate, answer, open the period, submit and publish the
self-assessment. Every list is paginated and built in a fixed number of queries, whatever the
number of comments: counts are aggregates, and rows come with their authors, organisations,
answers and replies in one go.

A paragraph comment stores the paragraph's text. It is shown next to that paragraph as long as the
text being shown (the latest published version for the public, the live draft for its editors) still
has a paragraph with the same text in the same field of the same commitment, wherever it moved; once
the paragraph changed, it is listed "on an earlier version" with the paragraph quoted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ogp_portal.numbers import is_plain_number

from ..forms_comments import CommentForm, ModerationForm, ReplyForm, ReportForm
from ..models import (
    IMPLEMENTATION_STATUSES,
    TEXT_FIELDS,
    ActionPlan,
    Comment,
    CommentReport,
    Commitment,
    SelfAssessment,
    split_paragraphs,
)
from ..models.comments import _snapshot_paragraphs
from .access import get_plan_for_user

CHANGE_PLAN = "action_plans.change_plan"
COMMENT = "action_plans.comment_on_plan"
REPLY = "action_plans.reply_to_comment"
REPORT = "action_plans.report_comment"
MODERATE = "action_plans.moderate_comment"
RESPOND = "action_plans.respond_to_comment"
# Comments shown next to a paragraph before "see all".
PARAGRAPH_PREVIEW = 3

ShownText = dict[tuple[int, str], list[str]]


# --- What readers are shown, and where each paragraph comment belongs in it ------------------


def field_label(name: str) -> str:
    return str(Commitment._meta.get_field(name).verbose_name) if name in TEXT_FIELDS else name


def shown_text(request: HttpRequest, plan: ActionPlan, commitment_id: int | None = None) -> ShownText:
    """The paragraphs the plan and commitment pages show, by (commitment, field); one query.

    As on those pages: during drafting the public reads the latest published version, the editors
    read the live draft; after submission everyone reads the plan itself.
    """
    if plan.is_drafting and not plan.is_editable_by(request.user):
        version = plan.versions.only("snapshot").order_by("-number").first()
        items = version.snapshot.get("commitments", []) if version else []
        return {
            (item["id"], name): split_paragraphs(item.get(name, ""))
            for item in items
            if commitment_id is None or item["id"] == commitment_id
            for name in TEXT_FIELDS
        }
    rows = Commitment.objects.filter(plan=plan).values("pk", *TEXT_FIELDS)
    if commitment_id is not None:
        rows = rows.filter(pk=commitment_id)
    return {(row["pk"], name): split_paragraphs(row[name]) for row in rows for name in TEXT_FIELDS}


def mark_anchors(comments: Iterable[Comment], shown: ShownText) -> None:
    """Set `shown_index` (where the paragraph is now) or `on_earlier_version` on each paragraph comment."""
    for comment in comments:
        comment.shown_index = None
        comment.on_earlier_version = False
        comment.field_label = field_label(comment.field) if comment.field else ""
        if comment.paragraph_index is None or comment.commitment_id is None:
            continue
        paragraphs = shown.get((comment.commitment_id, comment.field), [])
        if comment.paragraph_text in paragraphs:
            comment.shown_index = paragraphs.index(comment.paragraph_text)
        else:
            comment.on_earlier_version = True


def paginate_comments(request: HttpRequest, queryset: Any, param: str = "page") -> tuple[Page, list[Comment]]:
    page = Paginator(queryset, settings.COMMENTS_PER_PAGE).get_page(request.GET.get(param))
    return page, list(page.object_list)


def comment_abilities(request: HttpRequest, plan: ActionPlan, *, is_open: bool) -> dict[str, bool]:
    user = request.user
    return {
        "can_comment": is_open and user.has_perm(COMMENT, plan),
        "can_reply": is_open and user.has_perm(REPLY, plan),
        "can_report": user.has_perm(REPORT, plan),
        "can_moderate": user.has_perm(MODERATE, plan),
        "can_respond": user.has_perm(RESPOND, plan),
    }


@dataclass
class ParagraphThread:
    count: int
    preview: list[Comment]
    first_pk: int


def plan_comments_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """What the plan page's comment section (`includes/_plan_comments.html`) needs; a fixed number of queries.

    Lists every top-level comment on the draft (on the plan, a commitment or a paragraph), newest first,
    one page at a time (`?comments=N`), with the period, the unanswered count and the editors' links.
    """
    draft_comments = Comment.objects.filter(plan=plan).on_draft()
    page, comments = paginate_comments(
        request, draft_comments.threads().for_display().order_by("-created_at", "-pk"), param="comments"
    )
    mark_anchors(comments, shown_text(request, plan) if any(c.paragraph_index is not None for c in comments) else {})
    abilities = comment_abilities(request, plan, is_open=plan.is_open_for_comment)
    can_change = request.user.has_perm(CHANGE_PLAN, plan)
    context: dict[str, Any] = {
        **abilities,
        "comment_page": page,
        "plan_comment_list": comments,
        "comment_period_state": plan.comment_period_state(),
        "unanswered_count": draft_comments.unanswered().count(),
        "can_open_comment_period": can_change and plan.is_drafting,
        "can_submit": can_change and plan.is_drafting,
        "plan_self_assessment": SelfAssessment.objects.filter(plan=plan).only("pk", "plan_id").first(),
        "can_publish_self_assessment": can_change and plan.status in IMPLEMENTATION_STATUSES,
        "reported_count": draft_comments.reported().count() if abilities["can_moderate"] else 0,
    }
    if abilities["can_comment"]:
        context["plan_comment_form"] = CommentForm(user=request.user, plan=plan)
    return context


def commitment_comments_context(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    """What the commitment page's comment section (`includes/_commitment_comments.html`) and its
    paragraphs (`includes/_paragraph_actions.html`) need; a fixed number of queries.

    Paragraph comments whose text is still shown are grouped by paragraph (a count and the latest
    few, from one windowed query); the others are listed as "on an earlier version".
    """
    plan = commitment.plan
    base = Comment.objects.filter(commitment=commitment).on_draft().threads()
    page, comments = paginate_comments(request, base.for_display().order_by("-created_at", "-pk"), param="comments")
    shown = shown_text(request, plan, commitment.pk)
    mark_anchors(comments, shown)

    groups = (
        base.on_paragraph()
        .values("field", "paragraph_text")
        .annotate(count=Count("pk"), first_pk=Min("pk"), version=Min("version__number"))
        .order_by("field", "first_pk")
    )
    anchored: dict[str, ParagraphThread] = {}
    earlier = []
    for group in groups:
        paragraphs = shown.get((commitment.pk, group["field"]), [])
        if group["paragraph_text"] in paragraphs:
            key = f"{group['field']}:{paragraphs.index(group['paragraph_text'])}"
            anchored[key] = ParagraphThread(group["count"], [], group["first_pk"])
        else:
            earlier.append({**group, "field_label": field_label(group["field"])})
    if anchored:
        ranked = (
            base.on_paragraph()
            .select_related("author", "organisation", "response")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("field"), F("paragraph_text")],
                    order_by=[F("created_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=PARAGRAPH_PREVIEW)
            .order_by("created_at", "pk")
        )
        for comment in ranked:
            paragraphs = shown.get((commitment.pk, comment.field), [])
            if comment.paragraph_text in paragraphs:
                thread = anchored.get(f"{comment.field}:{paragraphs.index(comment.paragraph_text)}")
                if thread is not None:
                    thread.preview.append(comment)

    abilities = comment_abilities(request, plan, is_open=plan.is_open_for_comment)
    context: dict[str, Any] = {
        **abilities,
        "comment_page": page,
        "commitment_comment_list": comments,
        "paragraph_threads": anchored,
        "earlier_paragraph_groups": earlier,
        "comment_period_state": plan.comment_period_state(),
    }
    if abilities["can_comment"]:
        context["commitment_comment_form"] = CommentForm(
            user=request.user, plan=plan, initial={"commitment": commitment.pk}
        )
    return context


# --- Comments and replies -----------------------------------------------------------------------


def _quote(plan: ActionPlan, data: Any) -> dict[str, Any] | None:
    """The paragraph (or commitment) a new comment is about, from the latest published version; 404 if absent."""
    commitment_pk = data.get("commitment")
    if not commitment_pk:
        return None
    try:
        commitment = Commitment.objects.get(plan=plan, pk=int(commitment_pk))
    except (ValueError, Commitment.DoesNotExist) as error:
        raise Http404 from error
    field, index = data.get("field") or "", data.get("paragraph_index", data.get("paragraph"))
    version = plan.versions.order_by("-number").first()
    paragraphs = _snapshot_paragraphs(version, commitment.pk, field if field in TEXT_FIELDS else "")
    if paragraphs is None or version is None:
        raise Http404
    # The number and title as published, like the paragraph: the live commitment may hold an unpublished draft.
    item = next(c for c in version.snapshot["commitments"] if c.get("id") == commitment.pk)
    quote: dict[str, Any] = {
        "commitment": commitment,
        "version": version,
        "number": item.get("number"),
        "title": item.get("title", ""),
    }
    if field and index not in (None, ""):
        try:
            position = int(index)
        except ValueError as error:
            raise Http404 from error
        if field not in TEXT_FIELDS or not 0 <= position < len(paragraphs):
            raise Http404
        quote.update(field=field, field_label=field_label(field), index=position, text=paragraphs[position])
    return quote


def comment_form_page(request: HttpRequest, plan: ActionPlan, self_assessment: SelfAssessment | None) -> HttpResponse:
    """The comment form (GET) and posting (POST), for the draft plan and the self-assessment alike."""
    is_open = self_assessment.is_open_for_comment if self_assessment else plan.is_open_for_comment
    quote = None
    if self_assessment is None and request.method != "POST":
        quote = _quote(plan, request.GET)
    elif self_assessment is None:
        # A newer version may have moved the paragraph meanwhile: keep the text and let the model say so.
        try:
            quote = _quote(plan, request.POST)
        except Http404:
            quote = None
    initial: dict[str, Any] = {}
    if quote:
        initial = {"commitment": quote["commitment"].pk}
        if "index" in quote:
            initial.update(field=quote["field"], paragraph_index=quote["index"], paragraph_text=quote["text"])
    form = CommentForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment = Comment.objects.post(
                plan=plan,
                author=request.user,
                body=data["body"],
                organisation=data.get("organisation"),
                commitment=None if self_assessment else data["commitment"],
                field=(data["field"] or "") if data["paragraph_index"] is not None else "",
                paragraph_index=data["paragraph_index"],
                paragraph_text=data["paragraph_text"] or "",
                self_assessment=self_assessment,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment has been posted."))
            return redirect(comment)
    context = {
        "plan": plan,
        "government": plan.government,
        "form": form,
        "quote": quote,
        "self_assessment": self_assessment,
        "is_open": is_open,
        "opens_on": self_assessment.comment_opens_on if self_assessment else plan.comment_opens_on,
        "closes_on": self_assessment.comment_closes_on if self_assessment else plan.comment_closes_on,
    }
    return render(request, "action_plans/comment_form.html", context)


@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on the draft: the whole plan, a commitment (`?commitment=`) or a paragraph (`&field=&paragraph=`)."""
    plan = get_plan_for_user(request, pk, perm=COMMENT)
    return comment_form_page(request, plan, None)


def get_comment(plan: ActionPlan, pk: int) -> Comment:
    queryset = Comment.objects.select_related("author", "organisation", "parent", "hidden_by")
    return get_object_or_404(queryset, plan=plan, pk=pk)


def _thread(plan: ActionPlan, pk: int) -> Comment:
    thread = get_object_or_404(
        Comment.objects.filter(plan=plan, parent__isnull=True)
        .for_display(reply_preview=False)
        .annotate(report_count=Count("reports", distinct=True)),
        pk=pk,
    )
    return thread


def comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments on the draft, all or on one commitment (`?commitment=`) or one paragraph (`?about=<comment>`)."""
    plan = get_plan_for_user(request, pk)
    comments = Comment.objects.filter(plan=plan).on_draft().threads()
    about = None
    if is_plain_number(request.GET.get("about", "")):
        about = get_object_or_404(Comment.objects.select_related("commitment"), plan=plan, pk=request.GET["about"])
        comments = comments.filter(
            commitment_id=about.commitment_id, field=about.field, paragraph_text=about.paragraph_text
        ).on_paragraph()
    elif is_plain_number(request.GET.get("commitment", "")):
        about_commitment = get_object_or_404(Commitment, plan=plan, pk=request.GET["commitment"])
        comments = comments.filter(commitment=about_commitment)
    page, rows = paginate_comments(request, comments.for_display().order_by("-created_at", "-pk"))
    mark_anchors(rows, shown_text(request, plan))
    context = {
        **comment_abilities(request, plan, is_open=plan.is_open_for_comment),
        "plan": plan,
        "government": plan.government,
        "page_obj": page,
        "comments": rows,
        "about": about,
        "about_label": field_label(about.field) if about and about.field else "",
    }
    return render(request, "action_plans/comment_list.html", context)


def _render_thread(
    request: HttpRequest,
    plan: ActionPlan,
    thread: Comment,
    *,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_open = thread.self_assessment.is_open_for_comment if thread.self_assessment_id else plan.is_open_for_comment
    abilities = comment_abilities(request, plan, is_open=is_open)
    mark_anchors(
        [thread], shown_text(request, plan, thread.commitment_id) if thread.paragraph_index is not None else {}
    )
    # The replies, a page at a time; without `?page=` the last page, where the latest (and a new) reply is.
    replies = thread.replies.select_related("author", "organisation", "hidden_by").order_by("created_at", "pk")
    paginator = Paginator(replies, settings.COMMENTS_PER_PAGE)
    reply_page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    reply_list = list(reply_page.object_list)
    reported = set()
    if request.user.is_authenticated:
        ids = [thread.pk, *(reply.pk for reply in reply_list)]
        reported = set(
            CommentReport.objects.filter(reporter=request.user, comment_id__in=ids).values_list("comment_id", flat=True)
        )
    context = {
        **abilities,
        "plan": plan,
        "government": plan.government,
        "thread": thread,
        "reply_page": reply_page,
        "reply_list": reply_list,
        "reported_ids": reported,
        "reply_form": reply_form or (ReplyForm(user=request.user) if abilities["can_reply"] else None),
        "report_form": ReportForm(),
    }
    return render(request, "action_plans/comment_detail.html", context, status=status)


def comment_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """One conversation: the comment, its replies, its reasoned response, and what the reader may do."""
    plan = get_plan_for_user(request, plan_pk)
    comment = get_comment(plan, pk)
    if comment.parent_id:
        return redirect(comment)
    return _render_thread(request, plan, _thread(plan, pk))


@require_POST
@login_required
def comment_reply(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_pk, perm=REPLY)
    comment = get_comment(plan, pk)
    form = ReplyForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            reply = Comment.objects.post(
                plan=plan,
                author=request.user,
                body=form.cleaned_data["body"],
                organisation=form.cleaned_data.get("organisation"),
                parent=comment,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply has been posted."))
            return redirect(reply)
    return _render_thread(request, plan, _thread(plan, comment.parent_id or comment.pk), reply_form=form, status=400)


@require_POST
@login_required
def comment_report(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_pk, perm=REPORT)
    comment = get_comment(plan, pk)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if comment.report(by=request.user, reason=reason):
        messages.success(request, _("Thank you: a moderator will look at this comment."))
    else:
        messages.info(request, _("You have already reported this comment."))
    return redirect(comment)


# --- Moderation -------------------------------------------------------------------------------


@login_required
def comment_moderate(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Hide a comment (or restore a hidden one), with a public reason."""
    plan = get_plan_for_user(request, plan_pk, perm=MODERATE)
    comment = get_comment(plan, pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "restore":
                comment.restore(by=request.user, reason=form.cleaned_data["reason"])
            elif action == "hide":
                comment.hide(by=request.user, reason=form.cleaned_data["reason"])
            else:
                raise ValidationError(_("Choose whether to hide or restore the comment."), code="no_action")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if action == "hide":
                messages.success(request, _("The comment is hidden."))
            else:
                messages.success(request, _("The comment is shown again."))
            return redirect(comment)
    reports = comment.reports.select_related("reporter").order_by("created_at")
    context = {"plan": plan, "government": plan.government, "comment": comment, "form": form, "reports": reports}
    return render(request, "action_plans/comment_moderate.html", context)


@login_required
def plan_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    """Reported comments of the plan (draft and self-assessment), most reported first, with the reports."""
    plan = get_plan_for_user(request, pk, perm=MODERATE)
    reports = CommentReport.objects.select_related("reporter").order_by("created_at")
    comments = (
        Comment.objects.filter(plan=plan, reports__isnull=False)
        .annotate(report_count=Count("reports", distinct=True))
        .select_related("author", "organisation", "hidden_by")
        .prefetch_related(Prefetch("reports", queryset=reports))
        .order_by("is_hidden", "-report_count", "-created_at", "-pk")
    )
    page, rows = paginate_comments(request, comments)
    context = {"plan": plan, "government": plan.government, "page_obj": page, "comments": rows}
    return render(request, "action_plans/comment_moderation.html", context)
