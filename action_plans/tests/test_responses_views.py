"""Answering comments from the pages, and the public reasoned-response report."""

import pytest
from django.test import Client
from django.urls import reverse

from action_plans.models import Comment, Disposition, ReasonedResponse

from .factories import ActionPlanFactory, CommitmentFactory
from .test_comments_models import audit, open_period, published_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(government, poc, civil):
    plan, commitment = published_plan(government, poc)
    open_period(plan, poc)
    comment = Comment.objects.post(plan=plan, author=civil, body="Add open budgets.")
    return plan, commitment, comment


def respond_url(comment):
    return reverse("action_plans:comment-respond", args=[comment.plan_id, comment.pk])


def test_the_point_of_contact_answers_from_the_form(setup, poc):
    plan, commitment, comment = setup
    response = client_for(poc).post(
        respond_url(comment), {"disposition": "included", "reason": "See milestone 2.", "commitment": commitment.pk}
    )
    assert response["Location"] == comment.get_absolute_url()
    answer = ReasonedResponse.objects.get()
    assert (answer.disposition, answer.commitment) == ("included", commitment)
    assert audit(comment, "comment.answered").get().actor == poc
    page = Client().get(comment.get_absolute_url()).text
    assert "See milestone 2." in page and "taken up in commitment 1" in page


def test_the_form_edits_the_existing_answer(setup, poc):
    _, _, comment = setup
    comment.respond(by=poc, disposition=Disposition.NOT_INCLUDED, reason="No budget.")
    form = client_for(poc).get(respond_url(comment)).text
    assert "No budget." in form and "Change the reasoned response" in form
    client_for(poc).post(respond_url(comment), {"disposition": "partly_included", "reason": "Some budget."})
    assert ReasonedResponse.objects.get().disposition == "partly_included"


def test_a_commitment_of_another_plan_is_not_a_choice(setup, poc, government):
    _, _, comment = setup
    other = CommitmentFactory(plan=ActionPlanFactory(government=government, number=9))
    response = client_for(poc).post(
        respond_url(comment), {"disposition": "included", "reason": "x", "commitment": other.pk}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not ReasonedResponse.objects.exists()


def test_a_missing_reason_re_renders_and_keeps_the_choice(setup, poc):
    _, _, comment = setup
    response = client_for(poc).post(respond_url(comment), {"disposition": "out_of_scope", "reason": ""})
    assert "This field is required." in response.text
    chosen = response.text[response.text.index('value="out_of_scope"') :]
    assert "checked" in chosen[: chosen.index(">")]
    assert not ReasonedResponse.objects.exists()


def test_answering_a_reply_is_refused_with_the_rule(setup, poc, civil):
    plan, _, comment = setup
    reply = Comment.objects.post(plan=plan, author=civil, body="Reply.", parent=comment)
    response = client_for(poc).post(respond_url(reply), {"disposition": "included", "reason": "x"})
    assert "Replies need no reasoned response." in response.text
    assert not ReasonedResponse.objects.exists()


def test_the_report_lists_every_comment_with_counts_per_disposition(setup, poc, civil, client):
    plan, _, comment = setup
    second = Comment.objects.post(plan=plan, author=civil, body="Second idea.")
    third = Comment.objects.post(plan=plan, author=civil, body="Third idea.")
    Comment.objects.post(plan=plan, author=civil, body="Spam!").hide(by=poc, reason="Advertising.")
    comment.respond(by=poc, disposition=Disposition.INCLUDED, reason="Yes.")
    second.respond(by=poc, disposition=Disposition.INCLUDED, reason="Also yes.")
    url = reverse("action_plans:plan-responses", args=[plan.pk])
    page = client.get(url).text
    assert "Add open budgets." in page and "Second idea." in page and "Third idea." in page
    counts = page[page.index('data-testid="disposition-counts"') :]
    assert ">Included</a></th><td>2</td>" in counts
    assert '<td data-testid="unanswered">1</td>' in counts
    assert "This comment was hidden by a moderator: Advertising." in page
    only_unanswered = client.get(url, {"disposition": "unanswered"}).text
    assert third.body in only_unanswered and second.body not in only_unanswered


def test_the_plan_page_counts_unanswered_comments(setup, poc, client):
    plan, _, comment = setup
    assert "1 still without a reasoned response" in client.get(plan.get_absolute_url()).text
    comment.respond(by=poc, disposition=Disposition.INCLUDED, reason="Yes.")
    assert "0 still without a reasoned response" in client.get(plan.get_absolute_url()).text
