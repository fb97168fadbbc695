"""Who hears about what happens to a plan, and the emails they get."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from members.notifications import send_templated_email, send_to_subscribers

from .models import ActionPlan

# The lifecycle events that are emailed; each has `action_plans/email/plan_<event>_{subject,body}.txt`.
PLAN_EVENTS = ("comment_period_opened", "submitted", "implementation_started", "ended", "missed_deadline")


def notify_plan_event(plan_pk: int, event: str) -> None:
    """Subscribers of the government get it with an unsubscribe link; commenters who don't follow it get it too."""
    if event not in PLAN_EVENTS:
        raise ValueError(f"unknown plan event {event!r}")
    plan = ActionPlan.objects.select_related("government").filter(pk=plan_pk).first()
    if plan is None:
        return
    template = f"action_plans/email/plan_{event}"
    context = {"plan": plan}
    send_to_subscribers(plan.government, template, context=context)
    subscribers = plan.government.subscriptions.values("user_id")
    commenters = (
        get_user_model().objects.filter(plan_comments__plan=plan, is_active=True).exclude(pk__in=subscribers).distinct()
    )
    send_templated_email(template, recipients=commenters, context={**context, "government": plan.government})
