"""The IRM sections cost a fixed number of queries: the plan, commitment and government pages run as many
with 3 commitments and 3 comments as with 30 of each, within the pages' budgets."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ..models import ReviewKind, ReviewStatus
from ..views.display import irm_commitment_context, irm_government_context, irm_plan_context
from .comment_helpers import client_for, plan_of, ready_review
from .factories import ReviewCommentFactory

pytestmark = pytest.mark.django_db

# The plan and commitment pages' own budget (action_plans/tests/test_drafting_budgets.py), and the
# government page's signed-in budget (members/tests/test_participation_budgets.py).
PAGE_BUDGET = 40
GOVERNMENT_BUDGET = 23
ROLES = [None, "civil", "poc", "other_poc", "irm", "staff"]


def reviewed_plan(government, irm, commitments):
    """A plan with a published action plan review and results report, a co-creation brief in public comment,
    and as many comments as commitments (a third of them confidential)."""
    plan = plan_of(government, commitments=commitments, number=commitments)
    review = ready_review(plan, irm, ReviewStatus.PUBLISHED)
    report = ready_review(plan, irm, ReviewStatus.PUBLISHED, kind=ReviewKind.RESULTS_REPORT)
    report.assessments.update(completion="substantial", early_results="major")
    ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT, kind=ReviewKind.CO_CREATION_BRIEF)
    for index, commitment in enumerate(plan.commitments.all()):
        ReviewCommentFactory(review=review, commitment=commitment, is_confidential=index % 3 == 0, stage="public")
    return plan


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def plans(government, irm):
    return reviewed_plan(government, irm, 3), reviewed_plan(government, irm, 30)


@pytest.mark.parametrize("role", ROLES)
def test_plan_and_commitment_pages_cost_the_same_with_3_or_30_commitments(request, plans, role):
    client = client_for(request.getfixturevalue(role) if role else None)
    small, big = plans
    for url_of in (lambda plan: plan.get_absolute_url(), lambda plan: plan.commitments.first().get_absolute_url()):
        client.get(url_of(small))  # warm caches (content types, session)
        counts = [count(client, url_of(small)), count(client, url_of(big))]
        assert counts[0] == counts[1] <= PAGE_BUDGET, counts


@pytest.mark.parametrize("role", ROLES)
def test_the_government_page_costs_the_same_with_3_or_30_reviews_commitments_and_comments(
    request, government, irm, role
):
    client = client_for(request.getfixturevalue(role) if role else None)
    reviewed_plan(government, irm, 3)
    url = government.get_absolute_url()
    client.get(url)
    small = count(client, url)
    for commitments in (30, 31, 32, 33, 34, 35, 36, 37, 38, 39):
        reviewed_plan(government, irm, commitments)
    assert count(client, url) == small <= GOVERNMENT_BUDGET


def test_the_sections_cost_a_fixed_small_number_of_queries(plans, government, irm, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    for plan in plans:
        with django_assert_num_queries(2):  # the reviews, and the published ones' scores for the summary
            context = irm_plan_context(request, plan)
        assert context["irm_plan_summary"] is not None and len(context["irm_reviews"]) == 3
        commitment = plan.commitments.first()
        with django_assert_num_queries(1):
            assert len(irm_commitment_context(request, commitment)["irm_assessments"]) == 2
    with django_assert_num_queries(1):
        assert len(irm_government_context(request, government)["irm_government_reviews"]) == 4
