"""ReviewComment: stages, who may comment when, the period's first and last days, double posts, limits,
answers (audited, emailed once, frozen at publication)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from action_plans.tests.lifecycle_helpers import on_day
from members.models import AuditEntry
from members.tests.factories import OrganisationFactory, UserFactory

from ..models import CommentStage, ReviewComment, ReviewStatus
from ..models.review_comments import REVIEW_COMMENT_MAX_LENGTH
from .comment_helpers import plan_of, review_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(government):
    return plan_of(government)


def post(review, author, body="The completion of commitment 2 is overstated.", **fields):
    return ReviewComment.objects.post(review, author=author, body=body, **fields)


def refusal(review, author, **fields):
    with pytest.raises(ValidationError) as caught:
        post(review, author, **fields)
    return caught.value.code if hasattr(caught.value, "code") else caught.value.error_list[0].code


class TestStages:
    def test_the_government_comments_a_shared_draft_at_the_government_stage(self, plan, poc):
        comment = post(review_of(plan, ReviewStatus.SHARED), poc)
        assert comment.stage == CommentStage.GOVERNMENT

    def test_anyone_signed_in_comments_during_public_comment_at_the_public_stage(self, plan, civil, poc, other_poc):
        review = review_of(plan)
        assert {post(review, user, body=f"From {user}").stage for user in (civil, poc, other_poc)} == {"public"}
        assert review.comments.count() == 3

    def test_posting_is_audited_on_the_review(self, plan, civil):
        review = review_of(plan)
        comment = post(review, civil, is_confidential=True)
        entry = AuditEntry.objects.for_object(review).get(action="irm_review.commented")
        assert entry.actor == civil
        assert entry.data == {"comment": comment.pk, "stage": "public", "confidential": True}


class TestWhoMayCommentWhen:
    @pytest.mark.parametrize("who", ["civil", "other_poc"])
    def test_only_the_government_comments_a_shared_draft(self, plan, request, who):
        review = review_of(plan, ReviewStatus.SHARED)
        assert refusal(review, request.getfixturevalue(who)) == "government_only"
        assert not review.comments.exists()

    @pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.FINAL, ReviewStatus.PUBLISHED])
    @pytest.mark.parametrize("who", ["civil", "poc"])
    def test_nobody_comments_in_research_after_public_comment_or_once_published(self, plan, request, status, who):
        review = review_of(plan, status)
        assert refusal(review, request.getfixturevalue(who)) == "not_open"
        assert not review.comments.exists()


class TestPeriodBoundaries:
    OPENS, CLOSES = datetime.date(2026, 3, 2), datetime.date(2026, 3, 15)

    @pytest.fixture
    def review(self, plan):
        return review_of(plan, comment_opens_on=self.OPENS, comment_closes_on=self.CLOSES)

    @pytest.mark.parametrize(
        ("day", "accepted"),
        [
            (OPENS - datetime.timedelta(days=1), False),
            (OPENS, True),
            (CLOSES, True),
            (CLOSES + datetime.timedelta(days=1), False),
        ],
        ids=["day-before-opening", "first-day", "last-day", "day-after-closing"],
    )
    def test_comments_are_accepted_from_the_first_to_the_last_day_included(self, review, civil, day, accepted):
        with on_day(day):
            if accepted:
                assert post(review, civil).stage == CommentStage.PUBLIC
            else:
                assert refusal(review, civil) == "not_open"
        assert review.comments.count() == int(accepted)

    def test_the_last_day_counts_until_midnight(self, review, civil):
        with on_day(self.CLOSES, hour=22):
            post(review, civil)
        assert review.comments.count() == 1


class TestWhatIsPosted:
    def test_the_same_text_posted_twice_at_once_is_posted_once(self, plan, civil):
        review = review_of(plan)
        first, second = post(review, civil), post(review, civil)
        assert first.pk == second.pk
        assert review.comments.count() == 1
        assert AuditEntry.objects.for_object(review).filter(action="irm_review.commented").count() == 1

    def test_the_same_text_posted_again_later_is_a_second_comment(self, plan, civil):
        review = review_of(plan)
        first = post(review, civil)
        ReviewComment.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
        assert post(review, civil).pk != first.pk
        assert review.comments.count() == 2

    def test_the_same_text_by_two_people_is_two_comments(self, plan, civil, poc):
        review = review_of(plan)
        post(review, civil), post(review, poc)
        assert review.comments.count() == 2

    @pytest.mark.parametrize("body", ["", "   \n  "])
    def test_an_empty_comment_is_refused(self, plan, civil, body):
        review = review_of(plan)
        assert refusal(review, civil, body=body) == "empty"
        assert not review.comments.exists()

    def test_the_longest_comment_is_accepted_and_one_more_character_refused(self, plan, civil):
        review = review_of(plan)
        assert refusal(review, civil, body="x" * (REVIEW_COMMENT_MAX_LENGTH + 1)) == "too_long"
        assert len(post(review, civil, body="x" * REVIEW_COMMENT_MAX_LENGTH).body) == REVIEW_COMMENT_MAX_LENGTH

    def test_a_commitment_of_another_plan_is_refused(self, plan, government, civil):
        review = review_of(plan)
        other = plan_of(government, commitments=1).commitments.get()
        assert refusal(review, civil, commitment=other) == "other_plan"
        assert post(review, civil, commitment=plan.commitments.first()).commitment.plan_id == plan.pk

    def test_an_organisation_the_author_is_not_in_is_refused(self, plan, civil):
        review = review_of(plan)
        assert refusal(review, civil, organisation=OrganisationFactory(name="Not mine")) == "not_member"
        mine = civil.organisations.get()
        assert post(review, civil, organisation=mine).organisation == mine


class TestAnswers:
    @pytest.fixture
    def comment(self, plan, civil):
        return post(review_of(plan), civil)

    def test_an_answer_is_audited_and_emailed_to_the_author_the_first_time_only(
        self, comment, irm, civil, django_capture_on_commit_callbacks
    ):
        civil.email = "civil@example.org"
        civil.save()
        with django_capture_on_commit_callbacks(execute=True):
            comment.give_answer("Thank you: we revised the completion.", by=irm)
        first_answered_at = comment.answered_at
        with django_capture_on_commit_callbacks(execute=True):
            comment.give_answer("Thank you: we revised the completion of commitment 2.", by=irm)
        comment.refresh_from_db()
        assert comment.answer == "Thank you: we revised the completion of commitment 2."
        assert comment.answered_by == irm and comment.answered_at == first_answered_at
        entries = AuditEntry.objects.for_object(comment.review).filter(action="irm_review.comment_answered")
        assert sorted(entry.data["first"] for entry in entries) == [False, True]
        assert all(entry.actor == irm and entry.data["comment"] == comment.pk for entry in entries)
        assert [message.to for message in mail.outbox] == [["civil@example.org"]]
        assert "Thank you: we revised the completion." in mail.outbox[0].body

    def test_an_empty_answer_is_refused(self, comment, irm):
        with pytest.raises(ValidationError) as caught:
            comment.give_answer("  ", by=irm)
        assert caught.value.code == "empty"
        comment.refresh_from_db()
        assert comment.answered_at is None

    def test_answers_cannot_change_once_the_review_is_published(self, comment, irm):
        comment.give_answer("First answer.", by=irm)
        type(comment.review).objects.filter(pk=comment.review_id).update(status=ReviewStatus.PUBLISHED)
        with pytest.raises(ValidationError) as caught:
            comment.give_answer("Changed later.", by=irm)
        assert caught.value.code == "review_published"
        comment.refresh_from_db()
        assert comment.answer == "First answer."

    def test_unanswered_lists_the_comments_still_to_answer(self, comment, plan, poc, irm):
        other = post(comment.review, poc, body="Another point.")
        comment.give_answer("Answered.", by=irm)
        assert list(ReviewComment.objects.unanswered()) == [other]


def test_a_researcher_of_another_plan_is_an_ordinary_commenter(plan, government, staff):
    from ..models import ResearcherAssignment

    elsewhere = UserFactory(username="elsewhere")
    ResearcherAssignment.assign(elsewhere, government, by=staff, plan=plan_of(government, commitments=1))
    assert post(review_of(plan), elsewhere).stage == CommentStage.PUBLIC
