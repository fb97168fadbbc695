"""The plan page, the commitment page and the other drafting pages run a fixed number of queries,
whatever the number of commitments, milestones, comments and versions.

The comment, deadline and implementation sections are filled by their own topics; the budget (40)
leaves them room, and the 5-against-40 comparison proves the count does not grow with the data.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.models import Comment

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory, PolicyAreaFactory

pytestmark = pytest.mark.django_db

BUDGET = 40


def build_plan(government, staff, civil, *, commitments: int, comments: int = 2000):
    plan = ActionPlanFactory(government=government, number=commitments)
    areas = [PolicyAreaFactory(slug=f"area-{index}") for index in range(3)]
    for number in range(1, commitments + 1):
        commitment = CommitmentFactory(plan=plan, number=number, problem="One.\n\nTwo.\n\nThree.")
        commitment.policy_areas.set(areas[: 1 + number % 3])
        MilestoneFactory(commitment=commitment, number=1)
        MilestoneFactory(commitment=commitment, number=2, end_date=None)
    plan.publish_version(by=staff)
    first = plan.commitments.first()
    Comment.objects.bulk_create(
        Comment(plan=plan, author=civil, body=f"Comment {index}", commitment=first if index % 2 else None)
        for index in range(comments)
    )
    plan.publish_version(by=staff)
    return plan


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def clients(poc, staff):
    poc_client = Client()
    poc_client.force_login(poc)
    return {"anonymous": Client(), "poc": poc_client}


@pytest.mark.parametrize("role", ["anonymous", "poc"])
def test_plan_page_with_40_commitments_and_2000_comments_stays_within_budget(
    role, clients, government, staff, civil, django_assert_max_num_queries
):
    small = build_plan(government, staff, civil, commitments=5, comments=10)
    big = build_plan(government, staff, civil, commitments=40)
    client = clients[role]
    client.get(small.get_absolute_url())  # warm caches (content types, session)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(big.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="list-group-item" id="commitment-') == 40
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, big.get_absolute_url())


@pytest.mark.parametrize("role", ["anonymous", "poc"])
def test_commitment_page_stays_within_budget(role, clients, government, staff, civil, django_assert_max_num_queries):
    small = build_plan(government, staff, civil, commitments=5, comments=10)
    big = build_plan(government, staff, civil, commitments=40)
    client = clients[role]
    small_url, big_url = small.commitments.first().get_absolute_url(), big.commitments.first().get_absolute_url()
    client.get(small_url)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(big_url).status_code == 200
    assert count_queries(client, small_url) == count_queries(client, big_url)


@pytest.mark.parametrize(
    "name",
    ["version-list", "version-compare", "plan-update", "commitment-create", "document-create"],
)
def test_other_plan_pages_do_not_grow_with_data(name, clients, government, staff, civil, django_assert_max_num_queries):
    small_french = build_plan(government, staff, civil, commitments=5, comments=0)
    big = build_plan(government, staff, civil, commitments=40, comments=0)
    client = clients["poc"]
    client.get(reverse(f"action_plans:{name}", args=[small_french.pk]))
    with django_assert_max_num_queries(25):
        assert client.get(reverse(f"action_plans:{name}", args=[big.pk])).status_code == 200
    assert count_queries(client, reverse(f"action_plans:{name}", args=[small_french.pk])) == count_queries(
        client, reverse(f"action_plans:{name}", args=[big.pk])
    )


def test_version_page_and_commitment_form_do_not_grow_with_data(
    clients, government, staff, civil, django_assert_max_num_queries
):
    small = build_plan(government, staff, civil, commitments=5, comments=0)
    big = build_plan(government, staff, civil, commitments=40, comments=0)
    client = clients["poc"]
    for url_of in (
        lambda plan: reverse("action_plans:version-detail", args=[plan.pk, 2]),
        lambda plan: reverse("action_plans:commitment-update", args=[plan.pk, plan.commitments.first().pk]),
    ):
        client.get(url_of(small))
        with django_assert_max_num_queries(25):
            assert client.get(url_of(big)).status_code == 200
        assert count_queries(client, url_of(small)) == count_queries(client, url_of(big))


def test_plan_list_and_government_page_do_not_grow_with_plans(client, government, django_assert_max_num_queries):
    for number in range(1, 31):
        ActionPlanFactory(government=government, number=number)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("action_plans:plan-list")).status_code == 200
    # 15: the IRM reviews section takes one query, the accountability section two (procedural reviews, cases).
    with django_assert_max_num_queries(15):
        response = client.get(government.get_absolute_url())
    assert response.text.count(reverse("action_plans:plan-detail", args=[1])[:-2]) >= 30
