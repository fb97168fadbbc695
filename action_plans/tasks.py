"""Celery entry points for action plans: thin, idempotent, taking primary keys."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_plan_notice(plan_pk: int, event: str) -> None:
    """Email a plan's lifecycle event to the government's subscribers and the plan's commenters."""
    from .notifications import notify_plan_event

    notify_plan_event(plan_pk, event)
