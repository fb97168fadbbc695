"""Deadline rules and contrary-to-process findings, as the plan and government pages show them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from members.models import Government

from ..models import ActionPlan


@dataclass(frozen=True)
class PlanDeadlines:
    """The deadline rules applied to one plan on one day; computed from its dates, never stored."""

    due_date: datetime.date
    delivered_on: datetime.date | None
    days_late: int
    days_left: int
    late_cutoff: datetime.date
    missed_cutoff: bool
    implementation_start: datetime.date
    end_date: datetime.date
    implementation_months: int
    min_implementation_months: int
    implementation_too_short: bool

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @classmethod
    def of(cls, plan: ActionPlan, today: datetime.date | None = None) -> PlanDeadlines:
        today = today or timezone.localdate()
        delivered = timezone.localdate(plan.submitted_at) if plan.submitted_at else None
        reference = delivered or today
        return cls(
            due_date=plan.due_date,
            delivered_on=delivered,
            days_late=max((reference - plan.due_date).days, 0),
            days_left=max((plan.due_date - today).days, 0) if delivered is None else 0,
            late_cutoff=plan.late_cutoff,
            # The rule, not the record: shown from the cut-off on, even before the daily task records it.
            missed_cutoff=plan.missed_deadline_recorded_at is not None or reference >= plan.late_cutoff,
            implementation_start=plan.implementation_start,
            end_date=plan.end_date,
            implementation_months=plan.implementation_months,
            min_implementation_months=settings.ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS,
            implementation_too_short=plan.is_implementation_too_short,
        )


def plan_deadlines_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """What the plan page's deadlines section (`includes/_plan_deadlines.html`) needs; one query."""
    return {"deadlines": PlanDeadlines.of(plan), "plan_findings": list(plan.findings.all())}


def government_findings_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """What the government page's findings section (`includes/_government_findings.html`) needs; one query."""
    findings = government.process_findings.select_related("plan").order_by("-cycle_year", "-found_at", "-pk")
    return {
        "government_findings": list(findings),
        "procedural_review_cycles": settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES,
    }
