"""The submit page: what is still missing, and the submission itself (once)."""

import pytest
from django.test import Client
from django.urls import reverse

from action_plans.models import Comment, Disposition, PlanStatus

from .test_comments_models import audit, close_period, open_period, published_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(government, poc):
    return published_plan(government, poc)[0]


def submit_url(plan):
    return reverse("action_plans:plan-submit", args=[plan.pk])


def test_without_a_comment_period_the_page_says_so(plan, poc):
    page = client_for(poc).get(submit_url(plan)).text
    assert "The public comment period has not been held." in page
    assert "Submit the final plan" not in page


def test_an_open_period_and_unanswered_comments_are_listed_and_a_post_changes_nothing(plan, poc, civil):
    open_period(plan, poc)
    Comment.objects.post(plan=plan, author=civil, body="One.")
    Comment.objects.post(plan=plan, author=civil, body="Two.")
    response = client_for(poc).post(submit_url(plan))
    assert response.status_code == 400
    assert "The public comment period closes on" in response.text
    assert "2 comments still have no reasoned response." in response.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLIC_COMMENT and plan.submitted_at is None
    assert not audit(plan, "action_plan.submitted").exists()


def test_replies_and_hidden_comments_do_not_block_submission(plan, poc, civil):
    open_period(plan, poc)
    answered = Comment.objects.post(plan=plan, author=civil, body="Answered.")
    Comment.objects.post(plan=plan, author=civil, body="A reply.", parent=answered)
    Comment.objects.post(plan=plan, author=civil, body="Spam.").hide(by=poc, reason="Spam.")
    answered.respond(by=poc, disposition=Disposition.INCLUDED, reason="Done.")
    close_period(plan)
    assert plan.submission_blockers() == []


def test_when_ready_the_point_of_contact_submits_once(plan, poc, civil):
    open_period(plan, poc)
    comment = Comment.objects.post(plan=plan, author=civil, body="One.")
    comment.respond(by=poc, disposition=Disposition.OUT_OF_SCOPE, reason="A matter for parliament.")
    close_period(plan)
    client = client_for(poc)
    assert "Submit the final plan" in client.get(submit_url(plan)).text
    response = client.post(submit_url(plan), follow=True)
    assert "The action plan has been submitted." in response.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == poc
    assert audit(plan, "action_plan.submitted").count() == 1
    again = client.post(submit_url(plan), follow=True)
    assert "This action plan was already submitted." in again.text
    assert audit(plan, "action_plan.submitted").count() == 1


def test_the_plan_page_links_editors_to_the_submit_page(plan, poc, client):
    assert submit_url(plan) in client_for(poc).get(plan.get_absolute_url()).text
    assert submit_url(plan) not in client.get(plan.get_absolute_url()).text
