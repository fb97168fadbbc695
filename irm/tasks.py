"""Celery entry points for the IRM and accountability: thin, idempotent, taking primary keys."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task
def send_review_notice(review_pk: int, event: str) -> None:
    """Email a review's lifecycle event to whoever it concerns (see `irm.notifications`)."""
    from .notifications import notify_review_event

    notify_review_event(review_pk, event)


@shared_task
def send_review_comment_answered_notice(comment_pk: int) -> None:
    """Email a commenter the IRM's answer (queued once, on the first answer)."""
    from .notifications import notify_review_comment_answered

    notify_review_comment_answered(comment_pk)


@shared_task
def recompute_procedural_review(government_pk: int, today: str | None = None) -> dict[str, int]:
    """Recompute one member's contrary-to-process findings and escalation (after a review is published).

    Idempotent like the daily run; a government that is not a member (any more) is left alone."""
    from members.models import Government

    from .accountability import recompute

    government = Government.objects.members().filter(pk=government_pk).first()
    if government is None:
        return {"findings": 0, "procedural_reviews": 0}
    outcome = recompute(government, _day(today))
    return {"findings": len(outcome.findings), "procedural_reviews": int(outcome.procedural_review is not None)}


@shared_task
def recompute_procedural_reviews(today: str | None = None) -> dict[str, int]:
    """Daily: every member's findings and escalation, from the data. Running it twice changes nothing more."""
    from .accountability import recompute_all

    return recompute_all(_day(today))


@shared_task
def flag_overdue_reviews(today: str | None = None) -> dict[str, int]:
    """Daily: refresh unpublished reviews' due dates and tell staff, once, of each review that became overdue."""
    from .models import Review

    day = _day(today)
    flagged = 0
    for review in Review.objects.unpublished().select_related("plan").order_by("pk"):
        flagged += review.flag_overdue(day)
    return {"flagged": flagged}
