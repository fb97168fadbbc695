"""Reasoned responses (`Comment.respond`): allowed and refused, audited, the author emailed once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from action_plans.models import Comment, Disposition, ReasonedResponse

from .factories import ActionPlanFactory, CommitmentFactory
from .test_comments_models import audit, close_period, open_period, published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(government, poc, civil):
    plan, commitment = published_plan(government, poc)
    open_period(plan, poc)
    comment = Comment.objects.post(plan=plan, author=civil, body="Add a milestone on open data.")
    return plan, commitment, comment


def test_the_point_of_contact_answers_and_the_author_is_emailed(setup, poc, civil, django_capture_on_commit_callbacks):
    plan, commitment, comment = setup
    civil.email = "civil@example.org"
    civil.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = comment.respond(
            by=poc, disposition=Disposition.INCLUDED, reason="Added as milestone 3.", commitment=commitment
        )
    assert (response.disposition, response.reason, response.commitment, response.responded_by) == (
        "included",
        "Added as milestone 3.",
        commitment,
        poc,
    )
    entry = audit(comment, "comment.answered").get()
    assert entry.actor == poc and entry.data["disposition"] == "included"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["civil@example.org"]
    assert "France answered your comment" in mail.outbox[0].subject
    assert "Added as milestone 3." in mail.outbox[0].body and "Included" in mail.outbox[0].body
    assert Comment.objects.unanswered().count() == 0


def test_the_answer_can_change_until_submission_and_the_change_is_audited_not_emailed(
    setup, staff, django_capture_on_commit_callbacks
):
    plan, _, comment = setup
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment.respond(by=staff, disposition=Disposition.NOT_INCLUDED, reason="Out of budget.")
    with django_capture_on_commit_callbacks(execute=True):
        comment.respond(by=staff, disposition=Disposition.PARTLY_INCLUDED, reason="Partly, in 2026.")
    response = ReasonedResponse.objects.get()
    assert (response.disposition, response.reason) == ("partly_included", "Partly, in 2026.")
    assert audit(comment, "comment.answer_changed").count() == 1
    assert len(mail.outbox) == 1


def test_replies_need_no_response(setup, poc, civil):
    plan, _, comment = setup
    reply = Comment.objects.post(plan=plan, author=civil, body="A reply.", parent=comment)
    with pytest.raises(ValidationError) as refused:
        reply.respond(by=poc, disposition=Disposition.INCLUDED, reason="x")
    assert refused.value.error_list[0].code == "reply"
    assert Comment.objects.unanswered().count() == 1


def test_hidden_comments_get_no_response(setup, poc):
    _, _, comment = setup
    comment.hide(by=poc, reason="Spam.")
    with pytest.raises(ValidationError) as refused:
        comment.respond(by=poc, disposition=Disposition.OUT_OF_SCOPE, reason="x")
    assert refused.value.error_list[0].code == "hidden"


def test_a_commitment_of_another_plan_is_refused(setup, poc, government):
    _, _, comment = setup
    other = CommitmentFactory(plan=ActionPlanFactory(government=government, number=9))
    with pytest.raises(ValidationError) as refused:
        comment.respond(by=poc, disposition=Disposition.INCLUDED, reason="x", commitment=other)
    assert refused.value.error_dict["commitment"][0].code == "wrong_commitment"
    assert not ReasonedResponse.objects.exists()


@pytest.mark.parametrize(("disposition", "reason"), [("maybe", "x"), ("included", "  ")])
def test_a_disposition_and_a_reason_are_required(setup, poc, disposition, reason):
    _, _, comment = setup
    with pytest.raises(ValidationError):
        comment.respond(by=poc, disposition=disposition, reason=reason)
    assert not ReasonedResponse.objects.exists()


def test_after_submission_answers_are_final(setup, poc):
    plan, _, comment = setup
    comment.respond(by=poc, disposition=Disposition.INCLUDED, reason="Done.")
    close_period(plan)
    assert plan.submit(by=poc) is True
    comment.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        comment.respond(by=poc, disposition=Disposition.NOT_INCLUDED, reason="Changed my mind.")
    assert refused.value.error_list[0].code == "submitted"
    assert ReasonedResponse.objects.get().disposition == "included"
