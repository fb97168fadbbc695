"""Shared by the lifecycle, deadline, task and notification tests: plans at each stage, and a fixed clock."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from members.models import AuditEntry

from ..models import ActionPlan, PlanStatus
from .factories import ActionPlanFactory, CommitmentFactory


@contextmanager
def on_day(day: datetime.date, hour: int = 12) -> Iterator[None]:
    """`timezone.now()` (and so `timezone.localdate()`) is noon UTC of `day` meanwhile."""
    moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def ready_plan(**fields: Any) -> ActionPlan:
    """A 2025 plan (due 31 August 2025) whose comment period closed in May, with a commitment: ready to submit."""
    plan = ActionPlanFactory(**{"public_comment": True, **fields})
    CommitmentFactory(plan=plan)
    return plan


def submitted_plan(submitted_on: datetime.date = datetime.date(2025, 8, 20), **fields: Any) -> ActionPlan:
    """A plan submitted (as a row, not through `submit`) on `submitted_on`."""
    moment = datetime.datetime(submitted_on.year, submitted_on.month, submitted_on.day, 12, tzinfo=datetime.UTC)
    return ActionPlanFactory(status=PlanStatus.SUBMITTED, submitted_at=moment, **fields)


def plan_actions(plan: ActionPlan) -> list[str]:
    return list(AuditEntry.objects.for_object(plan).order_by("pk").values_list("action", flat=True))
