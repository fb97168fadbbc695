"""The explorer runs a fixed number of queries, whether a page shows 5 results or a full page of 20 out of 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.models import PlanStatus
from irm.models import ReviewKind
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.tests.factories import GovernmentFactory

from .factories import ActionPlanFactory, CommitmentFactory, PolicyAreaFactory

pytestmark = pytest.mark.django_db

BUDGET = 15
URL = reverse("action_plans:commitment-explorer")


def build_world(commitments: int) -> None:
    """`commitments` open-data commitments over several governments and plans, tagged and assessed."""
    areas = [PolicyAreaFactory(slug=f"area-{index}") for index in range(3)]
    plans = [
        ActionPlanFactory(government=GovernmentFactory(), status=PlanStatus.IN_IMPLEMENTATION, cycle_year=2020 + index)
        for index in range(3)
    ]
    reviews = {plan.pk: ReviewFactory(plan=plan, kind=ReviewKind.RESULTS_REPORT, published=True) for plan in plans}
    for number in range(1, commitments + 1):
        plan = plans[number % 3]
        commitment = CommitmentFactory(
            plan=plan, number=number, title=f"Open data {number}", description="Publish open data in bulk."
        )
        commitment.policy_areas.set(areas[: 1 + number % 3])
        CommitmentAssessmentFactory(
            review=reviews[plan.pk], commitment=commitment, completion="substantial", early_results="major"
        )


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
        assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "open data"},
        {"q": "bulk", "completion": "substantial", "policy_area": "area-0", "value": "access_to_information"},
        {"early_results": "major", "page": "2"},
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "poc"])
def test_the_explorer_keeps_its_budget_with_5_or_50_results(role, params, client, poc, django_assert_max_num_queries):
    if role == "poc":
        client.force_login(poc)
    build_world(5)
    small = count_queries(client, params)
    build_world(45)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(URL, params).status_code == 200
    assert count_queries(client, params) == small
