"""Implementation: milestone progress, civil society assessments, bulk CSV updates, overdue flags."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ..models import ActionPlan, Commitment


def plan_implementation_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """What the plan page's implementation section (`includes/_plan_implementation.html`) needs."""
    return {}


def commitment_implementation_context(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    """What the commitment page's progress section (`includes/_commitment_implementation.html`) needs."""
    return {}
