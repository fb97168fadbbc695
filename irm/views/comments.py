"""Comments on IRM drafts: the review page's comment section, posting a comment, answering one.

Who may comment when is the model's rule (`ReviewComment.objects.post`): while the draft is shared
with the government only its points of contact, during an open public comment period anyone signed
in; the review's editors (its researchers and the Support Unit) never comment, they answer
(`irm.change_review`). Confidential comments are read by the IRM, staff and their author only
(`ReviewComment.objects.visible_to`). Outsiders of a draft get 404, read-only users 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_comments import ReviewAnswerForm, ReviewCommentForm
from ..models import CommentStage, Review, ReviewComment

VIEW = "irm.view_review"
CHANGE = "irm.change_review"
COMMENT = "irm.comment_on_review"
CONFIDENTIAL = "irm.view_confidential_comments"


def may_comment_now(user: Any, review: Review) -> bool:
    """Whether to offer `user` the comment form on `review` today (the model re-checks when they post)."""
    if not user.has_perm(COMMENT, review):
        return False
    if review.accepts_government_comments:
        contact = user.point_of_contact
        return contact is not None and contact.government_id == review.plan.government_id
    return review.is_open_for_comment


def comment_url(comment: ReviewComment) -> str:
    return f"{comment.review.get_absolute_url()}#comment-{comment.pk}"


def _stage_order() -> Case:
    # The government's comments came first (before publication); then the public's.
    return Case(When(stage=CommentStage.GOVERNMENT, then=Value(0)), default=Value(1), output_field=IntegerField())


def review_comments_context(
    request: HttpRequest, review: Review, *, comment_form: ReviewCommentForm | None = None
) -> dict[str, Any]:
    """What `irm/includes/_review_comments.html` needs, in a fixed number of queries whatever the comments.

    The comments the reader may see, by stage, a page at a time (`?comments=N`), each with its author,
    organisation, commitment and answer; the comment form when the reader may comment now; for the
    review's editors the answer forms and the count of unanswered comments.
    """
    user = request.user
    visible = ReviewComment.objects.filter(review=review).visible_to(user, review)
    rows = (
        visible.select_related("author", "organisation", "commitment", "answered_by")
        .annotate(stage_order=_stage_order())
        .order_by("stage_order", "created_at", "pk")
    )
    page = Paginator(rows, settings.COMMENTS_PER_PAGE).get_page(request.GET.get("comments"))
    can_answer = user.has_perm(CHANGE, review)
    can_comment = may_comment_now(user, review)
    if comment_form is None and can_comment:
        comment_form = ReviewCommentForm(review=review, user=user)
    return {
        "review_comment_page": page,
        "review_comment_list": list(page.object_list),
        "review_comment_form": comment_form if can_comment else None,
        "can_comment_on_review": can_comment,
        "can_answer_review_comments": can_answer,
        "can_edit_review_answers": can_answer and not review.is_published,
        "shows_confidential_comments": user.has_perm(CONFIDENTIAL, review),
        "review_unanswered_count": review.comments.unanswered().count() if can_answer else None,
        "review_comment_sign_in": review.is_open_for_comment and not user.is_authenticated,
    }


def get_review_for_user(request: HttpRequest, pk: int, *, perm: str | None = None) -> Review:
    """The review, if the user may read it (404 otherwise); with `perm`, the user must hold it or gets 403."""
    review = get_object_or_404(Review.objects.select_related("plan", "plan__government"), pk=pk)
    if not request.user.has_perm(VIEW, review):
        raise Http404
    if perm is not None and not request.user.has_perm(perm, review):
        raise PermissionDenied
    return review


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a comment on the draft; on a refusal (closed, government only, empty, too long) the text is kept."""
    review = get_review_for_user(request, pk, perm=COMMENT)
    form = ReviewCommentForm(request.POST, review=review, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = ReviewComment.objects.post(
                review,
                author=request.user,
                body=data["body"],
                is_confidential=data["is_confidential"],
                organisation=data.get("organisation"),
                commitment=data.get("commitment"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if comment.is_confidential:
                messages.success(request, _("Your confidential comment has been sent to the IRM."))
            else:
                messages.success(request, _("Your comment has been posted."))
            return redirect(comment_url(comment))
    context = {"review": review, "plan": review.plan, "government": review.plan.government, "form": form}
    return render(request, "irm/reviewcomment_form.html", context, status=400)


@require_POST
@login_required
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a comment, or revise the answer until the review is published; the author hears of the first."""
    comment = get_object_or_404(
        ReviewComment.objects.select_related("review", "review__plan", "review__plan__government", "author"), pk=pk
    )
    review = get_review_for_user(request, comment.review_id)
    if not ReviewComment.objects.filter(pk=comment.pk).visible_to(request.user, review).exists():
        raise Http404
    if not request.user.has_perm(CHANGE, review):
        raise PermissionDenied
    form = ReviewAnswerForm(request.POST)
    if form.is_valid():
        first = comment.answered_at is None
        try:
            comment.give_answer(form.cleaned_data["answer"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer has been saved.") if first else _("The answer has been updated."))
            return redirect(comment_url(comment))
    context = {
        "review": review,
        "plan": review.plan,
        "government": review.plan.government,
        "comment": comment,
        "form": form,
    }
    return render(request, "irm/reviewcomment_answer.html", context, status=400)
