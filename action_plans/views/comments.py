"""Public comment, moderation, reasoned responses, the comment period, submission, self-assessment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ..models import ActionPlan, Commitment


def plan_comments_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """What the plan page's comment section (`includes/_plan_comments.html`) needs; a fixed number of queries."""
    return {}


def commitment_comments_context(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    """What the commitment page's comment section (`includes/_commitment_comments.html`) needs."""
    return {}
