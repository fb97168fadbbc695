"""Shared by the comment, confidentiality, display and notification tests: France's plan under review."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory

from ..models import Review, ReviewStatus
from .factories import ReviewFactory

SUBMITTED = datetime.datetime(2025, 8, 20, 12, tzinfo=datetime.UTC)


def plan_of(government: Any, commitments: int = 3, **fields: Any) -> Any:
    plan = ActionPlanFactory(
        government=government,
        **{"status": PlanStatus.IN_IMPLEMENTATION, "submitted_at": SUBMITTED, **fields},
    )
    for number in range(1, commitments + 1):
        CommitmentFactory(plan=plan, number=number, title=f"Commitment number {number}")
    return plan


def review_of(plan: Any, status: str = ReviewStatus.PUBLIC_COMMENT, **fields: Any) -> Review:
    """A review of `plan` in `status` (as a row); in public comment, the period is open today."""
    traits: dict[str, Any] = {}
    if status == ReviewStatus.PUBLIC_COMMENT:
        traits["public_comment"] = True
    elif status == ReviewStatus.PUBLISHED:
        traits["published"] = True
    else:
        traits["status"] = status
        if status != ReviewStatus.RESEARCH:
            traits["shared_at"] = timezone.now()
        if status == ReviewStatus.FINAL:
            today = timezone.localdate()
            traits.update(
                comment_opens_on=today - datetime.timedelta(days=30),
                comment_closes_on=today - datetime.timedelta(days=2),
                finalised_at=timezone.now(),
            )
    return ReviewFactory(plan=plan, **{**traits, **fields})


def client_for(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def ready_review(plan: Any, researcher: Any, status: str = ReviewStatus.RESEARCH, **fields: Any) -> Review:
    """A complete draft (summary, every commitment assessed, minimum requirements confirmed), ready to share."""
    from .factories import CommitmentAssessmentFactory

    review = review_of(
        plan,
        status,
        researcher=researcher,
        forum_meets_regularly="yes",
        forum_rules_public="yes",
        repository_public="yes",
        **fields,
    )
    for commitment in plan.commitments.all():
        CommitmentAssessmentFactory(review=review, commitment=commitment)
    return review
