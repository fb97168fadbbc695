"""Who hears about what happens to a plan, and the emails they get."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from members.models import Subscription
from members.notifications import send_templated_email, send_to_subscribers

from .models import ActionPlan

# The lifecycle events that are emailed; each has `action_plans/email/plan_<event>_{subject,body}.txt`.
PLAN_EVENTS = (
    "comment_period_opened",
    "submitted",
    "implementation_started",
    "ended",
    "missed_deadline",
    "self_assessment_published",
)


def commenters_to_notify(plan: ActionPlan) -> QuerySet[Any]:
    """Active people who commented on the plan and don't follow its government (they hear as subscribers)."""
    subscribers = Subscription.objects.covering(plan.government, plan=plan).values("user_id")
    return (
        get_user_model()
        .objects.filter(plan_comments__plan=plan, is_active=True)
        .exclude(pk__in=subscribers)
        .distinct()
        .order_by("pk")
    )


def notify_plan_event(plan_pk: int, event: str) -> None:
    """Subscribers of the government get it with an unsubscribe link; commenters who don't follow it get it too.

    Each person gets one email, in their own language. Runs after commit (from `send_plan_notice`), so the
    plan is read as it was committed; a plan deleted meanwhile is skipped quietly.
    """
    if event not in PLAN_EVENTS:
        raise ValueError(f"unknown plan event {event!r}")
    plan = ActionPlan.objects.select_related("government").filter(pk=plan_pk).first()
    if plan is None:
        return
    template = f"action_plans/email/plan_{event}"
    context = {"plan": plan, "min_implementation_months": settings.ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS}
    send_to_subscribers(plan.government, template, context=context, plan=plan)
    send_templated_email(
        template, recipients=commenters_to_notify(plan), context={**context, "government": plan.government}
    )


def notify_comment_answered(comment_pk: int) -> None:
    """Email a comment's author the government's reasoned response (their own language); skipped quietly
    when the comment, its response or the author's email is gone, or the author is inactive."""
    from .models import Comment

    comment = (
        Comment.objects.select_related("plan", "plan__government", "author", "response", "response__commitment")
        .filter(pk=comment_pk, author__is_active=True)
        .first()
    )
    if comment is None or not hasattr(comment, "response"):
        return
    send_templated_email(
        "action_plans/email/comment_answered",
        recipients=[comment.author],
        context={"comment": comment, "plan": comment.plan, "government": comment.plan.government},
    )
