"""Implementation sections and pages run a fixed number of queries, however long the histories are.

Each test builds a small and a big plan (or commitment) and proves both cost the same number of
queries, within a budget.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from action_plans.models import CivilSocietyAssessment, Milestone, MilestoneProgress
from action_plans.views.implementation import commitment_implementation_context, plan_implementation_context

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=40)
BUDGET = 25


def build_plan(government, poc, civil, *, commitments: int, history: int):
    plan = ActionPlanFactory(government=government, in_implementation=True)
    organisation = civil.organisations.get()
    for number in range(1, commitments + 1):
        commitment = CommitmentFactory(plan=plan, number=number)
        for milestone_number in (1, 2, 3):
            MilestoneFactory(commitment=commitment, number=milestone_number, end_date=PAST)
    milestones = list(Milestone.objects.filter(commitment__plan=plan))
    first = plan.commitments.order_by("number").first()
    MilestoneProgress.objects.bulk_create(
        MilestoneProgress(
            milestone=milestones[index % len(milestones)] if index % 2 else milestones[0],
            status="limited",
            note=f"Report {index}",
            reported_on=TODAY - datetime.timedelta(days=index % 300),
            reported_by=poc,
            evidence_url="https://example.org/e" if index % 3 else "",
        )
        for index in range(history)
    )
    CivilSocietyAssessment.objects.bulk_create(
        CivilSocietyAssessment(
            commitment=first,
            author=civil,
            organisation=organisation if index % 2 else None,
            status="substantial",
            note=f"Assessment {index}",
            assessed_on=TODAY - datetime.timedelta(days=index % 300),
        )
        for index in range(history)
    )
    return plan


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def plans(government, poc, civil):
    return (
        build_plan(government, poc, civil, commitments=2, history=3),
        build_plan(government, poc, civil, commitments=30, history=600),
    )


@pytest.fixture(params=["anonymous", "poc", "civil"])
def client(request, poc, civil):
    client = Client()
    if request.param != "anonymous":
        client.force_login(poc if request.param == "poc" else civil)
    return client


def first_commitment(plan):
    return plan.commitments.order_by("number").first()


def assert_constant(client, small_url, big_url, django_assert_max_num_queries):
    client.get(small_url)  # warm caches (content types, session)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(big_url).status_code == 200
    assert count_queries(client, small_url) == count_queries(client, big_url)


def test_plan_page(client, plans, django_assert_max_num_queries):
    small, big = plans
    assert_constant(client, small.get_absolute_url(), big.get_absolute_url(), django_assert_max_num_queries)


def test_commitment_page(client, plans, django_assert_max_num_queries):
    small, big = (first_commitment(plan).get_absolute_url() for plan in plans)
    assert_constant(client, small, big, django_assert_max_num_queries)


def test_plan_progress_page(client, plans, django_assert_max_num_queries):
    small, big = (reverse("action_plans:plan-progress", args=[plan.pk]) for plan in plans)
    assert_constant(client, small, big, django_assert_max_num_queries)
    assert_constant(client, small + "?overdue=1", big + "?overdue=1", django_assert_max_num_queries)


def test_commitment_history_page(client, plans, django_assert_max_num_queries):
    small, big = (
        reverse("action_plans:commitment-progress", args=[plan.pk, first_commitment(plan).pk]) for plan in plans
    )
    assert_constant(client, small, big, django_assert_max_num_queries)
    assert_constant(client, small + "?page=2", big + "?page=5", django_assert_max_num_queries)


def test_report_and_upload_pages(poc, plans, django_assert_max_num_queries):
    client = Client()
    client.force_login(poc)
    small, big = plans
    small_milestone, big_milestone = (Milestone.objects.filter(commitment__plan=plan).first() for plan in plans)
    assert_constant(
        client,
        reverse("action_plans:milestone-progress", args=[small.pk, small_milestone.pk]),
        reverse("action_plans:milestone-progress", args=[big.pk, big_milestone.pk]),
        django_assert_max_num_queries,
    )
    assert_constant(
        client,
        reverse("action_plans:progress-upload", args=[small.pk]),
        reverse("action_plans:progress-upload", args=[big.pk]),
        django_assert_max_num_queries,
    )


def test_assessment_page(civil, plans, django_assert_max_num_queries):
    client = Client()
    client.force_login(civil)
    small, big = (
        reverse("action_plans:assessment-create", args=[plan.pk, first_commitment(plan).pk]) for plan in plans
    )
    assert_constant(client, small, big, django_assert_max_num_queries)


def test_context_functions_cost_a_fixed_number_of_queries(plans, django_assert_num_queries):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    small, big = plans
    for plan in (small, big):
        with django_assert_num_queries(2):
            context = plan_implementation_context(request, plan)
        assert context["implementation"]["overdue_count"] == plan.commitments.count() * 3
        commitment = first_commitment(plan)
        with django_assert_num_queries(4):
            context = commitment_implementation_context(request, commitment)
        assert len(context["progress"]["timeline"]) <= 10


def test_context_functions_of_a_plan_being_drafted_cost_nothing(government, django_assert_num_queries):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    plan = ActionPlanFactory(government=government)
    commitment = CommitmentFactory(plan=plan)
    with django_assert_num_queries(0):
        assert plan_implementation_context(request, plan) == {"implementation": None}
        assert commitment_implementation_context(request, commitment) == {"progress": None}
