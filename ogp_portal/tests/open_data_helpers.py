"""A small public-and-private world for the open data tests, and readers of streamed downloads."""

import csv
import io
import json
from dataclasses import dataclass

from action_plans.models import ActionPlan, Comment, Commitment, PlanStatus, ReasonedResponse
from action_plans.tests.factories import (
    ActionPlanFactory,
    CommentFactory,
    CommitmentFactory,
    MilestoneFactory,
    PolicyAreaFactory,
)
from irm.models import Review
from irm.tests.factories import CommitmentAssessmentFactory, ReviewCommentFactory, ReviewFactory
from members.models import EligibilityAssessment, Government
from members.tests.factories import GovernmentFactory, OrganisationFactory, UserFactory

SECRETS = (
    "SECRET DRAFT COMMITMENT",
    "HIDDEN COMMENT TEXT",
    "HIDDEN THREAD REPLY",
    "CONFIDENTIAL IRM COMMENT",
    "UNPUBLISHED IRM COMMENT",
    "UNPUBLISHED IRM EXPLANATION",
    "secret-author@example.org",
)


@dataclass
class World:
    plan: ActionPlan
    commitment: Commitment
    review: Review
    draft_plan: ActionPlan
    comment: Comment


def build_world(government: Government, commitments: int = 3) -> World:
    """France's plan of 2024 in implementation with `commitments` commitments (two milestones each), a
    published review, comments of every kind, and a plan still in co-creation."""
    author = UserFactory(username="secret-author", email="secret-author@example.org", is_civil_society=True)
    organisation = OrganisationFactory(name="Regards Citoyens")
    area = PolicyAreaFactory(slug="open-contracting", name="Open contracting")
    plan = ActionPlanFactory(
        government=government, number=5, cycle_year=2024, title="Fifth plan", status=PlanStatus.IN_IMPLEMENTATION
    )
    rows = []
    for number in range(1, commitments + 1):
        row = CommitmentFactory(plan=plan, number=number, title=f"Public commitment {number}")
        row.policy_areas.add(area)
        MilestoneFactory(commitment=row, number=1)
        MilestoneFactory(commitment=row, number=2, description="Second deliverable")
        rows.append(row)
    commitment = rows[0]

    draft_plan = ActionPlanFactory(government=government, number=6, cycle_year=2026, title="Draft plan")
    CommitmentFactory(plan=draft_plan, number=1, title="SECRET DRAFT COMMITMENT")

    comment = CommentFactory(
        plan=plan, commitment=commitment, author=author, organisation=organisation, body="Good idea"
    )
    ReasonedResponse.objects.create(comment=comment, disposition="included", reason="Taken up", commitment=commitment)
    CommentFactory(plan=plan, parent=comment, author=author, body="Thank you")
    hidden = CommentFactory(plan=plan, author=author, body="HIDDEN COMMENT TEXT", is_hidden=True)
    CommentFactory(plan=plan, parent=hidden, author=author, body="HIDDEN THREAD REPLY")

    review = ReviewFactory(plan=plan, published=True)
    CommitmentAssessmentFactory(review=review, commitment=commitment, explanation="Well designed")
    ReviewCommentFactory(review=review, author=author, body="Public IRM comment", answer="Corrected")
    ReviewCommentFactory(review=review, author=author, body="CONFIDENTIAL IRM COMMENT", is_confidential=True)
    unpublished = ReviewFactory(plan=plan, kind="results_report", public_comment=True)
    ReviewCommentFactory(review=unpublished, author=author, body="UNPUBLISHED IRM COMMENT")
    CommitmentAssessmentFactory(review=unpublished, commitment=commitment, explanation="UNPUBLISHED IRM EXPLANATION")

    EligibilityAssessment.objects.create(
        government=government,
        year=2024,
        ruleset_version="2024",
        fiscal_transparency=4,
        total=14,
        maximum=16,
        percent="87.5",
        core_result="met",
        values_check="pass",
        eligible=True,
    )
    GovernmentFactory(local=True, parent=government, slug="paris", name="Paris")
    return World(plan=plan, commitment=commitment, review=review, draft_plan=draft_plan, comment=comment)


def body_of(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body_of(response))))


def json_rows(response) -> list[dict]:
    return json.loads(body_of(response))
