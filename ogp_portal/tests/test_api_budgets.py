"""Every API request runs a fixed number of queries, whatever the number of objects on the page."""

import datetime

import pytest

from action_plans.models import Comment, PlanStatus, ReasonedResponse
from action_plans.tests.factories import (
    ActionPlanFactory,
    CommentFactory,
    CommitmentFactory,
    MilestoneFactory,
    PolicyAreaFactory,
)
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.models import EligibilityAssessment
from members.tests.factories import GovernmentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.datetime(2024, 8, 20, 12, tzinfo=datetime.UTC)
# A list: its page, with no count (commitments add their milestones and policy areas); a filter naming an
# object by id adds the query that finds it. A detail: its one row.
LIST_BUDGET = 1
COMMITMENT_BUDGET = 3
DETAIL_BUDGET = 1


def build_world(size: int) -> None:
    """`size` governments, each with a public plan of `size` commitments (two milestones each, reviewed),
    `size` answered comments and replies, and an eligibility assessment."""
    areas = [PolicyAreaFactory(slug=f"area-{n}") for n in range(2)]
    staff = UserFactory(username="responder")
    organisation = OrganisationFactory(name="Open Knowledge")
    france = GovernmentFactory(iso3="FRA", slug="fra", name="France")
    governments = [france, *(GovernmentFactory() for _ in range(size - 1))]
    for index, government in enumerate(governments):
        GovernmentFactory(kind="local", iso3="", parent=government, slug=f"city-{index}")
        EligibilityAssessment.objects.create(
            government=government,
            year=2024,
            ruleset_version="2024",
            total=12,
            maximum=16,
            core_result="met",
            values_check="not_applicable",
            eligible=True,
        )
        plan = ActionPlanFactory(
            government=government, number=1, cycle_year=2024, status=PlanStatus.SUBMITTED, submitted_at=SUBMITTED
        )
        review = ReviewFactory(plan=plan, published=True)
        for number in range(1, size + 1):
            commitment = CommitmentFactory(plan=plan, number=number)
            commitment.policy_areas.set(areas)
            MilestoneFactory.create_batch(2, commitment=commitment)
            CommitmentAssessmentFactory(review=review, commitment=commitment)
            comment = CommentFactory(plan=plan, commitment=commitment, organisation=organisation)
            ReasonedResponse.objects.create(
                comment=comment, disposition="included", reason="Done.", commitment=commitment, responded_by=staff
            )
            CommentFactory(plan=plan, parent=comment)


REQUESTS = [
    ("/api/v1/", 0),
    ("/api/v1/governments/", LIST_BUDGET),
    ("/api/v1/governments/?region=europe&kind=national", LIST_BUDGET),
    ("/api/v1/eligibility-assessments/", LIST_BUDGET),
    ("/api/v1/eligibility-assessments/?government=FRA&year=2024&eligible=true", LIST_BUDGET + 1),
    ("/api/v1/action-plans/", LIST_BUDGET),
    ("/api/v1/action-plans/?government=FRA&cycle_year=2024&status=submitted", LIST_BUDGET + 1),
    ("/api/v1/commitments/", COMMITMENT_BUDGET),
    ("/api/v1/commitments/?plan=FRA-2024&policy_area=area-0&ogp_value=access_to_information", COMMITMENT_BUDGET + 2),
    ("/api/v1/irm-assessments/", LIST_BUDGET),
    ("/api/v1/irm-assessments/?government=FRA&promising=no&review_kind=action_plan_review", LIST_BUDGET + 1),
    ("/api/v1/comments/", LIST_BUDGET),
    ("/api/v1/comments/?plan=FRA-2024", LIST_BUDGET + 1),
    ("/api/v1/governments/FRA/", DETAIL_BUDGET),
    ("/api/v1/eligibility-assessments/FRA/2024/", DETAIL_BUDGET),
    ("/api/v1/action-plans/FRA-2024/", DETAIL_BUDGET),
    ("/api/v1/commitments/FRA-2024-01/", DETAIL_BUDGET + 2),
    ("/api/v1/irm-assessments/FRA-2024-01/action_plan_review/", DETAIL_BUDGET),
]


@pytest.mark.parametrize("size", [3, 12])
def test_every_request_keeps_its_query_budget(client, django_assert_max_num_queries, size):
    build_world(size)
    comment = Comment.objects.filter(parent__isnull=True).first()
    for path, budget in [*REQUESTS, (f"/api/v1/comments/C{comment.pk}/", DETAIL_BUDGET)]:
        separator = "&" if "?" in path else "?"
        with django_assert_max_num_queries(budget):
            response = client.get(f"{path}{separator}page_size=200")
        assert response.status_code == 200, path


def test_the_large_world_fills_a_page(client):
    build_world(12)
    body = client.get("/api/v1/commitments/?page_size=200").json()
    assert len(body["results"]) == 144 and body["next"] is None
    body = client.get("/api/v1/comments/?page_size=200").json()
    assert len(body["results"]) == 200
    assert len(client.get(body["next"]).json()["results"]) == 88
