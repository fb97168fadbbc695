"""The review page, the workspace and the public list run a fixed number of queries, whatever the data size.

The review page is measured for a reader of the published report and for its editor while the final report
is prepared (evidence, lifecycle blockers and the comparison with the draft), at 3 and 30 assessed
commitments; the comments section (its own topic) is inside the budget.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from action_plans.tests.factories import ActionPlanFactory
from irm.models import ReviewKind, ReviewStatus
from members.models import Forum, ForumMeeting

from .comment_helpers import client_for, plan_of, ready_review, review_of
from .factories import ReviewCommentFactory

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 25
WORKSPACE_BUDGET = 15
LIST_BUDGET = 6


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def review_with(government, irm, commitments: int, status: str):
    plan = plan_of(government, commitments=commitments)
    review = ready_review(plan, irm, status)
    review.draft_snapshot = {"summary": "The draft.", "assessments": {}}
    review.save()
    forum, _created = Forum.objects.get_or_create(government=government, defaults={"name": "Forum"})
    for index in range(commitments):
        ForumMeeting.objects.create(forum=forum, date=timezone.localdate() - datetime.timedelta(days=30 * index))
        ReviewCommentFactory(review=review, answer="Thanks.", answered_at=timezone.now())
    return review


@pytest.mark.parametrize(("role", "status"), [(None, ReviewStatus.PUBLISHED), ("irm", ReviewStatus.FINAL)])
def test_review_page_stays_within_budget_at_3_and_30_commitments(
    role, status, government, irm, django_assert_max_num_queries
):
    client = client_for(irm if role else None)
    small = review_with(government, irm, 3, status)
    big = review_with(government, irm, 30, status)
    small_count = count(client, small.get_absolute_url())
    with django_assert_max_num_queries(DETAIL_BUDGET):
        big_count = count(client, big.get_absolute_url())
    assert big_count == small_count


def workspace_data(government, other_government, size: int):
    for _index in range(size):
        review_of(plan_of(government, commitments=0), ReviewStatus.RESEARCH, due_on=timezone.localdate())
        review_of(plan_of(other_government, commitments=0), ReviewStatus.SHARED)
        ActionPlanFactory(government=government)
        ended = plan_of(government, commitments=0, status="ended")
        review_of(ended, ReviewStatus.PUBLISHED)


@pytest.mark.parametrize("role", ["irm", "staff"])
def test_workspace_stays_within_budget(role, government, other_government, irm, staff, django_assert_max_num_queries):
    client = client_for(irm if role == "irm" else staff)
    url = reverse("irm:workspace")
    workspace_data(government, other_government, 2)
    small_count = count(client, url)
    workspace_data(government, other_government, 20)
    with django_assert_max_num_queries(WORKSPACE_BUDGET):
        big_count = count(client, url)
    assert big_count == small_count


def test_review_list_stays_within_budget(government, other_government, django_assert_max_num_queries):
    client = client_for(None)
    url = reverse("irm:review-list") + "?kind=" + ReviewKind.ACTION_PLAN_REVIEW
    for _index in range(2):
        review_of(plan_of(government, commitments=0), ReviewStatus.PUBLISHED)
    small_count = count(client, url)
    for _index in range(30):
        review_of(plan_of(other_government, commitments=0), ReviewStatus.PUBLISHED)
    with django_assert_max_num_queries(LIST_BUDGET):
        big_count = count(client, url)
    assert big_count == small_count
