"""Posting comments (`Comment.objects.post`) and moderating them: every rule allowed and refused.

Also the shared set-up of the comment tests: a plan with one commitment, published as version 1.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from action_plans.models import ActionPlan, Comment, CommentReport, PlanStatus
from action_plans.models.comments import COMMENT_MAX_LENGTH
from members.models import AuditEntry
from members.tests.factories import OrganisationFactory, UserFactory

from .factories import ActionPlanFactory, CommitmentFactory

pytestmark = pytest.mark.django_db

FIRST = "Publish every public contract within 30 days."
SECOND = "Train procurement officers in open contracting."
THIRD = "Report on progress every six months."


def published_plan(government, poc, *, text=(FIRST, SECOND, THIRD), number=7):
    """A plan in co-creation with one commitment, published as version 1."""
    plan = ActionPlanFactory(government=government, number=number, title="Seventh action plan")
    commitment = CommitmentFactory(plan=plan, number=1, title="Open contracting", description="\n\n".join(text))
    plan.publish_version(by=poc)
    return plan, commitment


def open_period(plan, poc):
    today = timezone.localdate()
    plan.open_comment_period(opens_on=today, closes_on=today + datetime.timedelta(days=13), by=poc)
    plan.refresh_from_db()
    return plan


def close_period(plan):
    """Move the period into the past, as time passing would."""
    today = timezone.localdate()
    ActionPlan.objects.filter(pk=plan.pk).update(
        comment_opens_on=today - datetime.timedelta(days=20), comment_closes_on=today - datetime.timedelta(days=1)
    )
    plan.refresh_from_db()
    return plan


def audit(obj, action):
    return AuditEntry.objects.for_object(obj).filter(action=action)


@pytest.fixture
def plan_and_commitment(government, poc):
    plan, commitment = published_plan(government, poc)
    open_period(plan, poc)
    return plan, commitment


@pytest.fixture
def plan(plan_and_commitment):
    return plan_and_commitment[0]


@pytest.fixture
def commitment(plan_and_commitment):
    return plan_and_commitment[1]


class TestPosting:
    def test_civil_society_comments_on_the_whole_plan_and_it_is_audited(self, plan, civil):
        comment = Comment.objects.post(plan=plan, author=civil, body="  Add a milestone on beneficial ownership. ")
        assert comment.body == "Add a milestone on beneficial ownership."
        assert (comment.commitment, comment.paragraph_index, comment.version.number) == (None, None, 1)
        entry = audit(comment, "comment.posted").get()
        assert entry.actor == civil and entry.data["plan"] == plan.pk

    def test_a_paragraph_comment_stores_the_paragraph_of_the_latest_version(self, plan, commitment, civil):
        comment = Comment.objects.post(
            plan=plan, author=civil, body="Within 30 days is too slow.", commitment=commitment,
            field="description", paragraph_index=0,
        )  # fmt: skip
        assert (comment.field, comment.paragraph_index, comment.paragraph_text) == ("description", 0, FIRST)
        assert comment.version == plan.versions.get(number=1)

    def test_a_paragraph_found_again_by_its_text_when_the_index_moved(self, plan, commitment, civil):
        comment = Comment.objects.post(
            plan=plan, author=civil, body="Yes.", commitment=commitment, field="description",
            paragraph_index=0, paragraph_text=SECOND,
        )  # fmt: skip
        assert (comment.paragraph_index, comment.paragraph_text) == (1, SECOND)

    @pytest.mark.parametrize(
        ("field", "index", "text", "code"),
        [
            ("description", 9, "", "paragraph_changed"),
            ("description", 0, "A paragraph that is not there.", "paragraph_changed"),
            ("lead_agency", 0, "", "bad_field"),
        ],
    )
    def test_a_paragraph_missing_from_the_published_version_is_refused(
        self, plan, commitment, civil, field, index, text, code
    ):
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(
                plan=plan, author=civil, body="x", commitment=commitment, field=field,
                paragraph_index=index, paragraph_text=text,
            )  # fmt: skip
        assert refused.value.error_list[0].code == code
        assert not Comment.objects.exists()

    def test_a_commitment_never_published_cannot_be_commented_on(self, plan, civil):
        unpublished = CommitmentFactory(plan=plan, number=2)
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=civil, body="x", commitment=unpublished)
        assert refused.value.error_list[0].code == "not_published"

    def test_a_commitment_of_another_plan_is_refused(self, plan, civil, government):
        other = CommitmentFactory(plan=ActionPlanFactory(government=government))
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=civil, body="x", commitment=other)
        assert refused.value.error_list[0].code == "wrong_plan"

    @pytest.mark.parametrize("when", ["before", "after", "never"])
    def test_comments_outside_the_period_are_refused(self, government, poc, civil, when):
        plan, _ = published_plan(government, poc, number=8)
        if when != "never":
            open_period(plan, poc)
            shift = datetime.timedelta(days=30 if when == "before" else -30)
            ActionPlan.objects.filter(pk=plan.pk).update(
                comment_opens_on=plan.comment_opens_on + shift, comment_closes_on=plan.comment_closes_on + shift
            )
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=civil, body="Too late?")
        assert refused.value.error_list[0].code == "closed"
        assert not Comment.objects.exists()

    @pytest.mark.parametrize("role", ["poc", "other_poc", "staff", "irm"])
    def test_only_civil_society_comments(self, plan, role, request):
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=request.getfixturevalue(role), body="x")
        assert refused.value.error_list[0].code == "not_allowed"

    def test_a_member_speaks_for_their_organisation_only(self, plan, civil):
        own = civil.organisations.get()
        assert Comment.objects.post(plan=plan, author=civil, body="For us.", organisation=own).organisation == own
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=civil, body="x", organisation=OrganisationFactory())
        assert refused.value.error_dict["organisation"][0].code == "not_member"

    def test_a_comment_too_long_is_refused_with_its_length(self, plan, civil):
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=civil, body="a" * (COMMENT_MAX_LENGTH + 1))
        assert refused.value.message_dict["body"] == [
            f"A comment is at most {COMMENT_MAX_LENGTH} characters long; this one has {COMMENT_MAX_LENGTH + 1}."
        ]

    def test_an_empty_comment_is_refused(self, plan, civil):
        with pytest.raises(ValidationError):
            Comment.objects.post(plan=plan, author=civil, body="   ")

    def test_the_same_text_twice_in_a_row_is_posted_once(self, plan, civil):
        first = Comment.objects.post(plan=plan, author=civil, body="Double click.")
        second = Comment.objects.post(plan=plan, author=civil, body="Double click.")
        assert first == second and Comment.objects.count() == 1
        assert audit(first, "comment.posted").count() == 1

    def test_the_same_text_later_is_a_new_comment(self, plan, civil):
        first = Comment.objects.post(plan=plan, author=civil, body="Again.")
        Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=1))
        assert Comment.objects.post(plan=plan, author=civil, body="Again.") != first

    def test_the_rate_limit_counts_the_authors_comments_in_the_window(self, plan, civil, settings):
        settings.COMMENT_RATE_LIMIT_COUNT, settings.COMMENT_RATE_LIMIT_MINUTES = 3, 10
        old = Comment.objects.post(plan=plan, author=civil, body="Old one.")
        Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
        for number in range(3):
            Comment.objects.post(plan=plan, author=civil, body=f"Comment {number}.")
        with pytest.raises(ValidationError) as refused:
            Comment.objects.post(plan=plan, author=civil, body="One too many.")
        assert refused.value.error_list[0].code == "rate_limited"
        assert "3 comments in the last 10 minutes" in refused.value.messages[0]
        # Someone else is not limited by it.
        other = UserFactory(is_civil_society=True)
        assert Comment.objects.post(plan=plan, author=other, body="Mine.")


class TestReplies:
    def test_replies_thread_one_level(self, plan, civil, poc):
        top = Comment.objects.post(plan=plan, author=civil, body="Top.")
        answer = Comment.objects.post(plan=plan, author=poc, body="Thank you.", parent=top)
        again = Comment.objects.post(plan=plan, author=civil, body="And then?", parent=answer)
        assert answer.parent == top and again.parent == top
        assert list(Comment.objects.threads()) == [top]

    def test_a_reply_to_a_paragraph_comment_carries_no_anchor_of_its_own(self, plan, commitment, civil):
        top = Comment.objects.post(
            plan=plan, author=civil, body="Top.", commitment=commitment, field="description", paragraph_index=0
        )
        reply = Comment.objects.post(plan=plan, author=civil, body="Reply.", parent=top)
        assert (reply.commitment, reply.paragraph_index, reply.field) == (commitment, None, "")

    @pytest.mark.parametrize("role", ["other_poc", "irm"])
    def test_outsiders_cannot_reply(self, plan, civil, role, request):
        top = Comment.objects.post(plan=plan, author=civil, body="Top.")
        with pytest.raises(ValidationError):
            Comment.objects.post(plan=plan, author=request.getfixturevalue(role), body="x", parent=top)

    def test_a_reply_to_a_comment_of_another_plan_is_refused(self, plan, civil, government, poc):
        top = Comment.objects.post(plan=plan, author=civil, body="Top.")
        other_plan, _ = published_plan(government, poc, number=8)
        with pytest.raises(ValidationError):
            Comment.objects.post(plan=other_plan, author=civil, body="x", parent=top)

    def test_a_hidden_conversation_takes_no_new_replies(self, plan, civil, poc):
        top = Comment.objects.post(plan=plan, author=civil, body="Something rude.")
        top.hide(by=poc, reason="Personal attack.")
        with pytest.raises(ValidationError) as error:
            Comment.objects.post(plan=plan, author=civil, body="Still here.", parent=top)
        assert error.value.code == "hidden"
        assert not top.replies.exists()


class TestModeration:
    @pytest.fixture
    def comment(self, plan, civil):
        return Comment.objects.post(plan=plan, author=civil, body="Something rude.")

    def test_anyone_reports_once(self, comment, irm):
        assert comment.report(by=irm, reason="Insulting.") is True
        assert comment.report(by=irm, reason="Again") is False
        report = CommentReport.objects.get()
        assert (report.reporter, report.reason) == (irm, "Insulting.")
        assert audit(comment, "comment.reported").count() == 1
        assert list(Comment.objects.reported()) == [comment]

    def test_hiding_keeps_the_comment_and_audits_the_reason(self, comment, poc):
        comment.hide(by=poc, reason="Personal attack.")
        comment.refresh_from_db()
        assert comment.is_hidden and comment.hidden_reason == "Personal attack." and comment.hidden_by == poc
        assert audit(comment, "comment.hidden").get().data["reason"] == "Personal attack."
        assert Comment.objects.visible().count() == 0 and Comment.objects.count() == 1

    def test_hiding_needs_a_reason(self, comment, poc):
        with pytest.raises(ValidationError) as refused:
            comment.hide(by=poc, reason="  ")
        assert refused.value.error_dict["reason"][0].code == "reason_required"
        comment.refresh_from_db()
        assert not comment.is_hidden

    def test_hiding_twice_is_refused(self, comment, poc):
        comment.hide(by=poc, reason="Rude.")
        with pytest.raises(ValidationError):
            comment.hide(by=poc, reason="Rude.")

    def test_restoring_shows_it_again_and_is_audited(self, comment, staff, poc):
        comment.hide(by=poc, reason="Rude.")
        comment.restore(by=staff, reason="On reflection, it is criticism.")
        comment.refresh_from_db()
        assert not comment.is_hidden and comment.hidden_reason == ""
        assert audit(comment, "comment.restored").get().actor == staff

    def test_restoring_a_visible_comment_is_refused(self, comment, poc):
        with pytest.raises(ValidationError):
            comment.restore(by=poc, reason="Why?")

    def test_hidden_comments_need_no_response(self, comment, poc, plan):
        assert Comment.objects.unanswered().count() == 1
        comment.hide(by=poc, reason="Spam.")
        assert Comment.objects.unanswered().count() == 0
        plan.refresh_from_db()
        assert plan.status == PlanStatus.PUBLIC_COMMENT
