"""Plans, commitments and milestones: drafting, versions and their comparison, documents; the plan page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from members.models import Government

from .access import get_plan_for_user


def government_plans_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """What the government page's plans section (`includes/_government_plans.html`) needs."""
    return {}


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    return HttpResponse(plan.title)
