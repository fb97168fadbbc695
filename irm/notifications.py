"""Who hears about what happens to an IRM review, and the emails they get."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from members.models import Subscription
from members.notifications import send_templated_email, send_to_subscribers

from .models import Review, ReviewComment


def _support_unit() -> QuerySet[Any]:
    from django.conf import settings

    return (
        get_user_model()
        .objects.filter(Q(groups__name=settings.SUPPORT_UNIT_GROUP) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("pk")
    )


def _commenters(review: Review) -> QuerySet[Any]:
    """Active people who commented on the draft and don't follow the government (they hear as subscribers)."""
    subscribers = Subscription.objects.covering(review.plan.government, plan=review.plan).values("user_id")
    return (
        get_user_model()
        .objects.filter(irm_comments__review=review, is_active=True)
        .exclude(pk__in=subscribers)
        .distinct()
        .order_by("pk")
    )


def notify_review_event(review_pk: int, event: str) -> None:
    """Shared: the government's points of contact. Public comment opened and published: the government's
    subscribers (with an unsubscribe link) and its points of contact; published also the draft's commenters.
    Overdue: Support Unit staff. Other events are audited, not emailed. Each email is in its reader's language."""
    review = Review.objects.select_related("plan", "plan__government").filter(pk=review_pk).first()
    if review is None:
        return
    government = review.plan.government
    template = f"irm/email/review_{event}"
    context = {"review": review, "plan": review.plan, "government": government}
    if event == "shared":
        send_templated_email(template, recipients=government.active_contact_users(), context=context)
    elif event in ("public_comment_opened", "published"):
        send_to_subscribers(government, template, context=context, plan=review.plan)
        subscribed = set(Subscription.objects.covering(government, plan=review.plan).values_list("user_id", flat=True))
        recipients = [user for user in government.active_contact_users() if user.pk not in subscribed]
        if event == "published":
            already = {user.pk for user in recipients}
            recipients += [user for user in _commenters(review) if user.pk not in already]
        send_templated_email(template, recipients=recipients, context=context)
    elif event == "overdue":
        send_templated_email(template, recipients=_support_unit(), context=context)


def notify_review_comment_answered(comment_pk: int) -> None:
    """Email a comment's author the IRM's answer; skipped quietly when gone or the author is inactive."""
    comment = (
        ReviewComment.objects.select_related("review", "review__plan", "review__plan__government", "author")
        .filter(pk=comment_pk, author__is_active=True, answered_at__isnull=False)
        .first()
    )
    if comment is None:
        return
    send_templated_email(
        "irm/email/comment_answered",
        recipients=[comment.author],
        context={"comment": comment, "review": comment.review, "government": comment.review.plan.government},
    )
