"""Confidential comments on IRM drafts are read by the IRM, the Support Unit and their author only: never by
the public, other civil society, the government (its own or another) nor on the plan, commitment and
government pages or in any email. Drafts' scores never show on the public pages."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from action_plans.tests.lifecycle_helpers import on_day
from members.models import Subscription
from members.tests.factories import UserFactory

from ..models import ResearcherAssignment, ReviewComment, ReviewStatus
from .comment_helpers import client_for, plan_of, ready_review, review_of
from .factories import ReviewCommentFactory
from .test_comment_views import render_section

pytestmark = pytest.mark.django_db

SECRET = "SECRET-the-minister-asked-us-to-drop-commitment-2"
SECRET_ANSWER = "SECRET-ANSWER-noted-off-the-record"
PUBLIC = "Public remark on commitment 1."
READERS = {"staff": True, "irm": True, "anonymous": False, "civil": False, "poc": False, "other_poc": False}


@pytest.fixture
def whistleblower(db):
    return UserFactory(username="whistleblower", is_civil_society=True, email="wb@example.org")


@pytest.fixture
def plan(government):
    return plan_of(government)


def user_of(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def seed(review, whistleblower, irm, *, commitment=None):
    secret = ReviewCommentFactory(
        review=review, author=whistleblower, body=SECRET, is_confidential=True, commitment=commitment
    )
    ReviewCommentFactory(review=review, author=whistleblower, body=PUBLIC, commitment=commitment)
    ReviewComment.objects.filter(pk=secret.pk).update(answer=SECRET_ANSWER, answered_at=timezone.now(), answered_by=irm)
    return secret


@pytest.mark.parametrize("role", list(READERS))
def test_only_the_irm_and_staff_read_a_confidential_comment_on_the_review_page(request, plan, whistleblower, irm, role):
    review = review_of(plan)
    seed(review, whistleblower, irm)
    user = user_of(request, role)
    html = render_section(user, review)
    assert PUBLIC in html
    assert (SECRET in html) == READERS[role], role
    assert (SECRET_ANSWER in html) == READERS[role], role
    if READERS[role]:
        assert "Confidential" in html
    visible = ReviewComment.objects.filter(review=review).visible_to(user or _anonymous(), review)
    assert visible.filter(body=SECRET).exists() == READERS[role]
    # The review page itself, which includes the section.
    page = unescape(client_for(user).get(review.get_absolute_url()).text)
    assert PUBLIC in page
    assert (SECRET in page) == READERS[role] and (SECRET_ANSWER in page) == READERS[role], role


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_author_reads_their_own_confidential_comment_marked_as_such(plan, whistleblower, irm):
    review = review_of(plan)
    seed(review, whistleblower, irm)
    html = render_section(whistleblower, review)
    assert SECRET in html and "Confidential" in html and "read by the IRM and the Support Unit only" in html


def test_the_governments_confidential_comment_is_hidden_from_the_public_after_publication(
    plan, poc, other_poc, civil, irm, staff
):
    review = review_of(plan, ReviewStatus.PUBLISHED)
    ReviewCommentFactory(review=review, author=poc, stage="government", body=SECRET, is_confidential=True)
    for user in (None, civil, other_poc):
        assert SECRET not in render_section(user, review)
    for user in (poc, irm, staff):
        assert SECRET in render_section(user, review)


def test_a_researcher_of_another_plan_does_not_read_it(plan, government, whistleblower, irm, staff):
    review = review_of(plan)
    seed(review, whistleblower, irm)
    elsewhere = UserFactory()
    ResearcherAssignment.assign(elsewhere, government, by=staff, plan=plan_of(government, commitments=1))
    assert SECRET not in render_section(elsewhere, review)


def test_a_refused_answer_page_is_only_for_editors_and_a_reader_cannot_reach_a_confidential_comment(
    plan, whistleblower, irm, poc
):
    review = review_of(plan)
    secret = seed(review, whistleblower, irm)
    response = client_for(poc).post(reverse("irm:comment-answer", args=[secret.pk]), {"answer": "x"})
    assert response.status_code == 404 and SECRET not in response.text


@pytest.mark.parametrize("role", list(READERS))
def test_the_plan_commitment_and_government_pages_never_show_comments_nor_draft_scores(
    request, plan, government, whistleblower, irm, role
):
    commitment = plan.commitments.get(number=1)
    published = ready_review(plan, irm, ReviewStatus.PUBLISHED)
    seed(published, whistleblower, irm, commitment=commitment)
    draft = ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT, kind="results_report")
    draft.assessments.update(explanation="DRAFT-EXPLANATION", completion="complete")
    seed(draft, whistleblower, irm, commitment=commitment)
    client = client_for(user_of(request, role))
    for url in (plan.get_absolute_url(), commitment.get_absolute_url(), government.get_absolute_url()):
        text = unescape(client.get(url).text)
        assert SECRET not in text and SECRET_ANSWER not in text and PUBLIC not in text, (role, url)
        assert "DRAFT-EXPLANATION" not in text, (role, url)
    commitment_page = unescape(client.get(commitment.get_absolute_url()).text)
    assert "Action plan review, published on" in commitment_page
    assert "Results report, published on" not in commitment_page


@pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.SHARED])
def test_early_drafts_are_not_even_listed_for_the_public(plan, irm, status, civil, other_poc, poc, staff):
    review = ready_review(plan, irm, status)
    link = f'href="{review.get_absolute_url()}"'
    for user in (None, civil, other_poc):
        assert link not in client_for(user).get(plan.get_absolute_url()).text
    assert link in client_for(irm).get(plan.get_absolute_url()).text
    assert link in client_for(staff).get(plan.get_absolute_url()).text
    assert (link in client_for(poc).get(plan.get_absolute_url()).text) == (status == ReviewStatus.SHARED)


def test_no_email_of_the_whole_lifecycle_carries_a_confidential_comment(
    plan, government, poc, irm, staff, whistleblower, django_capture_on_commit_callbacks
):
    poc.email, irm.email = "poc@example.org", "irm@example.org"
    poc.save()
    irm.save()
    follower = UserFactory(email="follower@example.org")
    Subscription.objects.subscribe(follower, government)
    review = ready_review(plan, irm)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        review.share_with_government(by=irm)
        government_secret = ReviewComment.objects.post(review, author=poc, body=SECRET + " (gov)", is_confidential=True)
        review.open_public_comment(opens_on=today, closes_on=today + datetime.timedelta(days=13), by=irm)
        secret = ReviewComment.objects.post(review, author=whistleblower, body=SECRET, is_confidential=True)
        government_secret.give_answer(SECRET_ANSWER + " (gov)", by=irm)
        secret.give_answer(SECRET_ANSWER, by=irm)
    with on_day(today + datetime.timedelta(days=14)), django_capture_on_commit_callbacks(execute=True):
        review.finalise(by=irm)
        review.publish(by=staff)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED
    assert len(mail.outbox) >= 6
    for message in mail.outbox:
        assert SECRET not in message.subject + message.body, message.to
        # The author alone hears the answer to their own confidential comment.
        if SECRET_ANSWER in message.body:
            assert message.to in (["wb@example.org"], ["poc@example.org"])
            assert (SECRET_ANSWER + " (gov)" in message.body) == (message.to == ["poc@example.org"])
