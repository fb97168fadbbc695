"""Celery entry points for action plans: thin, idempotent, taking primary keys."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_plan_notice(plan_pk: int, event: str) -> None:
    """Email a plan's lifecycle event to the government's subscribers and the plan's commenters."""
    from .notifications import notify_plan_event

    notify_plan_event(plan_pk, event)


@shared_task
def send_comment_answered_notice(comment_pk: int) -> None:
    """Email a comment's author the reasoned response it received (queued once, on the first answer)."""
    from .notifications import notify_comment_answered

    notify_comment_answered(comment_pk)


@shared_task
def advance_action_plans(today: str | None = None) -> dict[str, int]:
    """Move plans along the calendar; run daily by beat. `today` is an ISO date (default: today).

    Plans are selected by their source state, so a second run (or a second worker) finds nothing
    left to do: each plan is started, ended or found late once. A plan submitted long ago is both
    started and ended in one run if both its dates have passed. Returns how many of each it did.
    """
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from .models import ActionPlan

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    counts = {"started": 0, "ended": 0, "missed_deadline": 0}
    steps = (
        ("started", ActionPlan.objects.due_to_start, lambda plan: plan.start_implementation(today=day)),
        ("ended", ActionPlan.objects.due_to_end, lambda plan: plan.end(today=day)),
        ("missed_deadline", ActionPlan.objects.past_delivery_cutoff, lambda plan: plan.record_missed_deadline(day)),
    )
    for name, selection, step in steps:
        for plan in selection(day).order_by("pk"):
            try:
                counts[name] += step(plan)
            except ValidationError:
                # Its state changed between the selection and the lock (someone else moved it): not ours to do.
                continue
    return counts


@shared_task
def send_overdue_milestone_digests(today: str | None = None) -> dict[str, int]:
    """Email each point of contact ONE weekly list of their government's overdue milestones; run weekly by beat.

    Milestones of plans in implementation whose end date has passed and that are not complete.
    Each milestone is claimed for the week (an `OverdueReminder` per milestone and Monday) in the
    transaction that sends the email, so however often this runs, and on however many workers, a
    milestone is in one digest a week; a failed send releases its claims for the next run.
    Returns how many governments and milestones it reported.
    """
    import datetime
    from itertools import groupby

    from django.db import transaction
    from django.utils import timezone

    from members.notifications import send_templated_email

    from .models import Milestone, OverdueReminder, PlanStatus
    from .models.implementation import week_start_of

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    week = week_start_of(day)
    overdue = (
        Milestone.objects.overdue(day)
        .filter(commitment__plan__status=PlanStatus.IN_IMPLEMENTATION)
        .exclude(overdue_reminders__week_start=week)
        .select_related("commitment", "commitment__plan", "commitment__plan__government")
        .order_by("commitment__plan__government_id", "commitment__plan__number", "commitment__number", "number")
    )
    counts = {"governments": 0, "milestones": 0}
    for _government_id, group in groupby(overdue, key=lambda m: m.commitment.plan.government_id):
        milestones = list(group)
        government = milestones[0].commitment.plan.government
        contacts = government.active_contact_users()
        if not contacts:
            continue
        with transaction.atomic():
            claimed = OverdueReminder.objects.claim(milestones, week)
            if not claimed:
                continue
            send_templated_email(
                "action_plans/email/overdue_digest",
                recipients=contacts,
                context={"government": government, "milestones": claimed, "today": day},
            )
        counts["governments"] += 1
        counts["milestones"] += len(claimed)
    return counts


@shared_task
def send_finding_notice(finding_pk: int) -> None:
    """Tell a government's points of contact that a cycle was found contrary to process (queued once, when the
    finding is recorded); skipped quietly when the finding is gone."""
    from django.conf import settings

    from members.notifications import send_templated_email

    from .models import ProcessFinding

    finding = ProcessFinding.objects.select_related("government", "plan").filter(pk=finding_pk).first()
    if finding is None:
        return
    send_templated_email(
        "action_plans/email/process_finding",
        recipients=finding.government.active_contact_users(),
        context={
            "finding": finding,
            "government": finding.government,
            "plan": finding.plan,
            "consecutive_cycles": settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES,
            # The government page's section on procedural review, where an escalation would show. The URL itself
            # is reversed while rendering, in the reader's language.
            "section": "#accountability",
        },
    )
