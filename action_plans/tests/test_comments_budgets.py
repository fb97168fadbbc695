"""The comment pages run a fixed number of queries, whether a plan has 20 comments or 2,000."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from action_plans.models import (
    ActionPlan,
    Comment,
    CommentReport,
    Commitment,
    PlanStatus,
    ReasonedResponse,
    SelfAssessment,
)
from members.tests.factories import OrganisationFactory, UserFactory

from .factories import CommitmentFactory
from .test_comments_models import open_period, published_plan

pytestmark = pytest.mark.django_db


def add_comments(plan, count, *, self_assessment=None):
    """`count` comments by 20 people: a third on the plan, the rest on commitments and their paragraphs,
    one in ten answered, one in ten with a reply, some reported and hidden."""
    authors = [UserFactory(is_civil_society=True) for _ in range(20)]
    organisation = OrganisationFactory()
    commitments = list(Commitment.objects.filter(plan=plan))
    version = plan.versions.order_by("-number").first()
    now = timezone.now() - datetime.timedelta(days=1)
    rows = []
    for n in range(count):
        commitment = commitments[n % len(commitments)] if n % 3 and not self_assessment else None
        paragraph = n % 2 == 0 and commitment is not None
        rows.append(
            Comment(
                plan=plan, self_assessment=self_assessment, commitment=commitment, version=version,
                field="description" if paragraph else "", paragraph_index=(n % 2) if paragraph else None,
                paragraph_text=("First paragraph of the commitment." if paragraph else ""),
                author=authors[n % 20], organisation=organisation if n % 4 == 0 else None,
                body=f"Comment {n}", created_at=now, is_hidden=n % 50 == 0, hidden_reason="Spam" if n % 50 == 0 else "",
            )
        )  # fmt: skip
    comments = Comment.objects.bulk_create(rows)
    ReasonedResponse.objects.bulk_create(
        ReasonedResponse(comment=c, disposition="included", reason="Yes") for c in comments[::10]
    )
    Comment.objects.bulk_create(
        Comment(plan=plan, self_assessment=self_assessment, parent=c, author=authors[0], body="Reply", created_at=now)
        for c in comments[5::10]
    )
    CommentReport.objects.bulk_create(
        CommentReport(comment=c, reporter=authors[(i + 1) % 20]) for i, c in enumerate(comments[::25])
    )


@pytest.fixture
def big_plan(government, poc):
    plan, _ = published_plan(government, poc)
    for number in range(2, 41):
        CommitmentFactory(plan=plan, number=number)
    plan.publish_version(by=poc)
    return open_period(plan, poc)


def pages(plan, commitment, comment):
    return [
        plan.get_absolute_url(),
        commitment.get_absolute_url(),
        reverse("action_plans:comment-list", args=[plan.pk]),
        reverse("action_plans:comment-list", args=[plan.pk]) + f"?about={comment.pk}",
        reverse("action_plans:comment-detail", args=[plan.pk, comment.pk]),
        reverse("action_plans:plan-responses", args=[plan.pk]),
        reverse("action_plans:plan-moderation", args=[plan.pk]),
        reverse("action_plans:plan-submit", args=[plan.pk]),
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "civil", "poc"])
def test_comment_pages_do_not_grow_with_comments(big_plan, role, request, django_assert_max_num_queries):
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    add_comments(big_plan, 20)
    paragraph_comment = Comment.objects.filter(plan=big_plan, paragraph_index__isnull=False).first()
    urls = pages(big_plan, paragraph_comment.commitment, paragraph_comment)
    if role != "poc":
        urls = [url for url in urls if "moderation" not in url and "submit" not in url]
    small = {url: count_queries(client, url) for url in urls}
    add_comments(big_plan, 2000)
    assert Comment.objects.filter(plan=big_plan).count() > 2000
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)
        assert small[url] <= 30, (url, small[url])


def test_the_self_assessment_page_does_not_grow_with_comments(government, poc, django_assert_max_num_queries):
    plan = ActionPlan.objects.create(
        government=government, number=3, title="Ended", cycle_year=2021, status=PlanStatus.ENDED,
        start_date=datetime.date(2021, 9, 1), end_date=datetime.date(2023, 8, 31),
    )  # fmt: skip
    CommitmentFactory(plan=plan, number=1)
    today = timezone.localdate()
    assessment = SelfAssessment.objects.create(
        plan=plan, text="Done.", comment_opens_on=today, comment_closes_on=today + datetime.timedelta(days=20)
    )
    url = assessment.get_absolute_url()
    client = Client()
    add_comments(plan, 20, self_assessment=assessment)
    small = count_queries(client, url)
    add_comments(plan, 2000, self_assessment=assessment)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
