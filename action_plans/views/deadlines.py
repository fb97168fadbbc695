"""Deadline rules and contrary-to-process findings, as the plan and government pages show them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from members.models import Government

from ..models import ActionPlan


def plan_deadlines_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """What the plan page's deadlines section (`includes/_plan_deadlines.html`) needs."""
    return {}


def government_findings_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """What the government page's findings section (`includes/_government_findings.html`) needs."""
    return {}
