"""A review's lifecycle through the model methods: research -> shared -> public comment -> final -> published.

Each move: its guards (refused moves change nothing), its audit row, its emails after commit, and what a
second call does (nothing). Due dates for each kind, at their boundaries, from settings.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from action_plans.models import PlanStatus
from action_plans.models.plans import EditConflict
from action_plans.tests.factories import ActionPlanFactory
from action_plans.tests.lifecycle_helpers import on_day
from irm.models import Review, ReviewKind, ReviewStatus
from irm.tasks import flag_overdue_reviews
from members.models import AuditEntry, Subscription
from members.tests.factories import UserFactory

from .comment_helpers import SUBMITTED, plan_of, ready_review, review_of
from .factories import ReviewCommentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def actions(review):
    return list(AuditEntry.objects.for_object(review).order_by("pk").values_list("action", flat=True))


def codes(error):
    return [item.code for item in error.value.error_list]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def plan(government):
    return plan_of(government)


@pytest.fixture
def follower(government):
    user = UserFactory(username="follower")
    Subscription.objects.subscribe(user, government)
    return user


# --- Starting -----------------------------------------------------------------------------------------------


class TestStart:
    @pytest.mark.parametrize(
        ("kind", "plan_status"),
        [
            (ReviewKind.CO_CREATION_BRIEF, PlanStatus.SUBMITTED),
            (ReviewKind.CO_CREATION_BRIEF, PlanStatus.IN_IMPLEMENTATION),
            (ReviewKind.ACTION_PLAN_REVIEW, PlanStatus.CO_CREATION),
            (ReviewKind.ACTION_PLAN_REVIEW, PlanStatus.PUBLIC_COMMENT),
            (ReviewKind.RESULTS_REPORT, PlanStatus.SUBMITTED),
            (ReviewKind.RESULTS_REPORT, PlanStatus.CO_CREATION),
        ],
    )
    def test_refused_while_the_plan_is_not_at_the_kinds_stage(self, government, irm, kind, plan_status):
        plan = ActionPlanFactory(government=government, status=plan_status)
        with pytest.raises(ValidationError) as refused:
            Review.objects.start(plan, kind, by=irm)
        assert codes(refused) == ["plan_not_ready"]
        assert not Review.objects.exists()

    @pytest.mark.parametrize(
        ("kind", "plan_status"),
        [
            (ReviewKind.CO_CREATION_BRIEF, PlanStatus.CO_CREATION),
            (ReviewKind.CO_CREATION_BRIEF, PlanStatus.PUBLIC_COMMENT),
            (ReviewKind.ACTION_PLAN_REVIEW, PlanStatus.SUBMITTED),
            (ReviewKind.ACTION_PLAN_REVIEW, PlanStatus.IN_IMPLEMENTATION),
            (ReviewKind.RESULTS_REPORT, PlanStatus.IN_IMPLEMENTATION),
            (ReviewKind.RESULTS_REPORT, PlanStatus.ENDED),
        ],
    )
    def test_starts_in_research_audited(self, government, irm, kind, plan_status):
        plan = ActionPlanFactory(government=government, status=plan_status, submitted_at=SUBMITTED)
        review = Review.objects.start(plan, kind, by=irm, uses_older_method=True)
        assert (review.status, review.researcher, review.uses_older_method) == (ReviewStatus.RESEARCH, irm, True)
        entry = AuditEntry.objects.for_object(review).get()
        assert (entry.action, entry.actor, entry.data["kind"]) == ("irm_review.started", irm, kind)

    def test_one_review_of_each_kind_per_plan(self, plan, irm):
        Review.objects.start(plan, ReviewKind.ACTION_PLAN_REVIEW, by=irm)
        with pytest.raises(ValidationError) as refused:
            Review.objects.start(plan, ReviewKind.ACTION_PLAN_REVIEW, by=irm)
        assert codes(refused) == ["review_exists"]
        assert Review.objects.count() == 1


# --- Due dates ----------------------------------------------------------------------------------------------


class TestDueDates:
    def test_action_plan_review_is_due_months_after_submission(self, plan, irm, settings):
        review = Review.objects.start(plan, ReviewKind.ACTION_PLAN_REVIEW, by=irm)
        assert review.due_on == datetime.date(2025, 12, 20)  # submitted 20 August 2025, 4 months
        settings.IRM_ACTION_PLAN_REVIEW_MONTHS = 6
        assert review.compute_due_date() == datetime.date(2026, 2, 20)

    def test_action_plan_review_of_an_unsubmitted_plan_has_no_due_date_yet(self, plan):
        plan.submitted_at = None
        assert Review(plan=plan, kind=ReviewKind.ACTION_PLAN_REVIEW).compute_due_date() is None

    def test_results_report_is_due_months_after_the_plans_end(self, plan, irm, settings):
        review = Review.objects.start(plan, ReviewKind.RESULTS_REPORT, by=irm)
        assert review.due_on == datetime.date(2027, 12, 31)  # ends 31 August 2027, 4 months
        settings.IRM_RESULTS_REPORT_MONTHS = 3
        assert review.compute_due_date() == datetime.date(2027, 11, 30)

    def test_co_creation_brief_is_due_when_the_draft_plan_goes_to_public_comment(self, government, irm):
        plan = ActionPlanFactory(government=government, public_comment=True)
        review = Review.objects.start(plan, ReviewKind.CO_CREATION_BRIEF, by=irm)
        assert review.due_on == plan.comment_opens_on

    def test_overdue_the_day_after_the_due_date_not_on_it(self, plan, irm):
        review = Review.objects.start(plan, ReviewKind.ACTION_PLAN_REVIEW, by=irm)
        assert not review.is_overdue(datetime.date(2025, 12, 20))
        assert review.is_overdue(datetime.date(2025, 12, 21))
        assert list(Review.objects.overdue(datetime.date(2025, 12, 20))) == []
        assert list(Review.objects.overdue(datetime.date(2025, 12, 21))) == [review]

    def test_a_published_review_is_never_overdue(self, plan):
        review = review_of(plan, ReviewStatus.PUBLISHED, due_on=datetime.date(2025, 12, 20))
        assert not review.is_overdue(datetime.date(2026, 6, 1))


class TestOverdueFlag:
    def test_staff_are_told_once_even_when_the_daily_task_runs_twice(
        self, plan, irm, staff, poc, django_capture_on_commit_callbacks
    ):
        review = Review.objects.start(plan, ReviewKind.ACTION_PLAN_REVIEW, by=irm)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert flag_overdue_reviews("2025-12-20") == {"flagged": 0}
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            assert flag_overdue_reviews("2025-12-21") == {"flagged": 1}
        with django_capture_on_commit_callbacks(execute=True):
            assert flag_overdue_reviews("2025-12-21") == {"flagged": 0}
            assert flag_overdue_reviews("2025-12-22") == {"flagged": 0}
        assert recipients() == ["staff@example.org"]
        assert "was due on" in mail.outbox[0].body
        review.refresh_from_db()
        assert review.overdue_flagged_on == datetime.date(2025, 12, 21)
        assert actions(review).count("irm_review.overdue") == 1

    def test_the_due_date_follows_the_settings_when_the_task_runs(self, plan, irm, settings):
        review = Review.objects.start(plan, ReviewKind.ACTION_PLAN_REVIEW, by=irm)
        settings.IRM_ACTION_PLAN_REVIEW_MONTHS = 5
        assert flag_overdue_reviews("2025-12-21") == {"flagged": 0}
        review.refresh_from_db()
        assert review.due_on == datetime.date(2026, 1, 20)

    def test_published_reviews_are_not_flagged(self, plan, staff):
        review_of(plan, ReviewStatus.PUBLISHED, due_on=datetime.date(2025, 12, 20))
        assert flag_overdue_reviews("2026-06-01") == {"flagged": 0}


# --- Editing ------------------------------------------------------------------------------------------------


class TestSaveFields:
    def test_saves_bumps_the_version_and_audits_the_changed_fields(self, plan, irm):
        review = review_of(plan, ReviewStatus.RESEARCH)
        review.save_fields({"summary": "New.", "forum_rules_public": "yes"}, expected_version=1, by=irm)
        assert (review.summary, review.forum_rules_public, review.version) == ("New.", "yes", 2)
        entry = AuditEntry.objects.for_object(review).get(action="irm_review.edited")
        assert entry.data["changed_fields"] == ["forum_rules_public", "summary"]

    def test_a_save_based_on_an_older_version_is_refused(self, plan, irm, staff):
        review = review_of(plan, ReviewStatus.RESEARCH)
        review.save_fields({"summary": "Mine."}, expected_version=1, by=staff)
        with pytest.raises(EditConflict) as conflict:
            review.save_fields({"summary": "Theirs."}, expected_version=1, by=irm)
        assert conflict.value.current.summary == "Mine."
        review.refresh_from_db()
        assert review.summary == "Mine."

    @pytest.mark.parametrize("status", [ReviewStatus.PUBLIC_COMMENT, ReviewStatus.PUBLISHED])
    def test_refused_while_public_comment_runs_and_once_published(self, plan, irm, status):
        review = review_of(plan, status)
        with pytest.raises(ValidationError) as refused:
            review.save_fields({"summary": "Changed."}, expected_version=review.version, by=irm)
        assert codes(refused) == ["not_editable"]


# --- Sharing ------------------------------------------------------------------------------------------------


class TestShare:
    def test_shares_with_the_governments_points_of_contact(
        self, plan, irm, poc, other_poc, follower, django_capture_on_commit_callbacks
    ):
        review = ready_review(plan, irm)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert review.share_with_government(by=irm) is True
        assert review.status == ReviewStatus.SHARED and review.shared_at is not None
        entry = AuditEntry.objects.for_object(review).get()
        assert (entry.action, entry.actor, entry.data["from_status"], entry.data["to_status"]) == (
            "irm_review.shared",
            irm,
            "research",
            "shared",
        )
        assert recipients() == ["poc@example.org"]

    def test_twice_is_harmless(self, plan, irm, poc, django_capture_on_commit_callbacks):
        review = ready_review(plan, irm)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            review.share_with_government(by=irm)
            assert Review.objects.get(pk=review.pk).share_with_government(by=irm) is False
        assert actions(review) == ["irm_review.shared"]
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(
        ("change", "blocker"),
        [
            ({"summary": " "}, "Write the summary."),
            ({"repository_public": ""}, "Confirm the co-creation minimum requirements."),
        ],
    )
    def test_refused_while_incomplete(self, plan, irm, change, blocker):
        review = ready_review(plan, irm)
        Review.objects.filter(pk=review.pk).update(**change)
        with pytest.raises(ValidationError) as refused:
            review.share_with_government(by=irm)
        assert refused.value.messages == [blocker]
        review.refresh_from_db()
        assert review.status == ReviewStatus.RESEARCH and actions(review) == []

    def test_every_commitment_must_be_assessed(self, plan, irm):
        review = ready_review(plan, irm)
        review.assessments.filter(commitment__number__in=[2, 3]).delete()
        with pytest.raises(ValidationError) as refused:
            review.share_with_government(by=irm)
        assert refused.value.messages == ["Assess every commitment (still to do: 2, 3)."]

    def test_a_co_creation_brief_needs_only_its_summary(self, government, irm):
        plan = ActionPlanFactory(government=government)
        review = review_of(plan, ReviewStatus.RESEARCH, kind=ReviewKind.CO_CREATION_BRIEF)
        assert review.sharing_blockers() == []
        assert review.share_with_government(by=irm) is True

    def test_refused_unless_in_research(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT, shared_at=None)
        with pytest.raises(ValidationError) as refused:
            review.share_with_government(by=irm)
        assert codes(refused) == ["not_in_research"]


# --- Public comment -----------------------------------------------------------------------------------------


class TestOpenPublicComment:
    @pytest.fixture
    def review(self, plan, irm):
        return ready_review(plan, irm, ReviewStatus.SHARED)

    def test_opens_for_at_least_the_minimum_days_audited_and_notified(
        self, review, irm, poc, follower, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with on_day(TODAY), django_capture_on_commit_callbacks(execute=True):
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=13), by=irm)
        assert review.status == ReviewStatus.PUBLIC_COMMENT
        assert (review.comment_opens_on, review.comment_closes_on) == (TODAY, datetime.date(2026, 3, 15))
        entry = AuditEntry.objects.for_object(review).get()
        assert entry.action == "irm_review.public_comment_opened"
        assert (entry.data["opens_on"], entry.data["closes_on"]) == ("2026-03-02", "2026-03-15")
        assert recipients() == ["follower@example.org", "poc@example.org"]
        follower_mail = next(message for message in mail.outbox if message.to == ["follower@example.org"])
        assert "/unsubscribe/" in follower_mail.body

    def test_thirteen_days_is_too_short(self, review, irm):
        with on_day(TODAY), pytest.raises(ValidationError) as refused:
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=12), by=irm)
        assert codes(refused) == ["period_too_short"]
        review.refresh_from_db()
        assert review.status == ReviewStatus.SHARED and review.comment_opens_on is None

    def test_the_minimum_comes_from_settings(self, review, irm, settings):
        settings.IRM_PUBLIC_COMMENT_MIN_DAYS = 21
        with on_day(TODAY), pytest.raises(ValidationError) as refused:
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=19), by=irm)
        assert codes(refused) == ["period_too_short"]

    def test_cannot_open_in_the_past(self, review, irm):
        yesterday = TODAY - datetime.timedelta(days=1)
        with on_day(TODAY), pytest.raises(ValidationError) as refused:
            review.open_public_comment(opens_on=yesterday, closes_on=yesterday + datetime.timedelta(days=20), by=irm)
        assert codes(refused) == ["opens_in_the_past"]

    def test_takes_the_draft_snapshot_as_put_out(self, review, irm):
        with on_day(TODAY):
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=20), by=irm)
        review.refresh_from_db()
        assert review.draft_snapshot["summary"] == review.summary
        assert review.draft_snapshot["forum_meets_regularly"] == "yes"
        assert set(review.draft_snapshot["assessments"]) == {
            str(pk) for pk in review.plan.commitments.values_list("pk", flat=True)
        }

    def test_refused_before_sharing(self, plan, irm):
        review = ready_review(plan, irm)
        with on_day(TODAY), pytest.raises(ValidationError) as refused:
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=20), by=irm)
        assert codes(refused) == ["not_shared"]

    def test_dates_move_until_it_opens_then_only_extend(self, review, irm):
        later = TODAY + datetime.timedelta(days=10)
        with on_day(TODAY):
            review.open_public_comment(opens_on=later, closes_on=later + datetime.timedelta(days=20), by=irm)
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=20), by=irm)
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=20), by=irm)
        assert actions(review) == ["irm_review.public_comment_opened", "irm_review.public_comment_moved"]
        with on_day(TODAY + datetime.timedelta(days=1)):
            with pytest.raises(ValidationError) as refused:
                review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=15), by=irm)
            assert codes(refused) == ["period_already_open"]
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=30), by=irm)
        assert review.comment_closes_on == TODAY + datetime.timedelta(days=30)


# --- Finalising and publishing ------------------------------------------------------------------------------


class TestFinalise:
    @pytest.fixture
    def review(self, plan, irm):
        return ready_review(
            plan,
            irm,
            ReviewStatus.PUBLIC_COMMENT,
            comment_opens_on=datetime.date(2026, 2, 1),
            comment_closes_on=datetime.date(2026, 2, 28),
        )

    def test_refused_while_comment_is_open(self, review, irm):
        with on_day(datetime.date(2026, 2, 28)), pytest.raises(ValidationError) as refused:
            review.finalise(by=irm)
        assert refused.value.messages == ["Public comment closes on Feb. 28, 2026."]
        assert review.status == ReviewStatus.PUBLIC_COMMENT

    def test_refused_while_a_comment_is_unanswered(self, review, irm, civil):
        ReviewCommentFactory(review=review, author=civil)
        with on_day(TODAY), pytest.raises(ValidationError) as refused:
            review.finalise(by=irm)
        assert refused.value.messages == ["Answer every comment on the draft (1 still unanswered)."]

    def test_refused_unless_in_public_comment(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.SHARED)
        with pytest.raises(ValidationError) as refused:
            review.finalise(by=irm)
        assert codes(refused) == ["not_in_public_comment"]

    def test_once_closed_and_answered_it_moves_to_final_once(self, review, irm, civil):
        ReviewCommentFactory(review=review, author=civil, answer="Thanks.", answered_at=timezone.now())
        with on_day(TODAY):
            assert review.finalise(by=irm) is True
            assert Review.objects.get(pk=review.pk).finalise(by=irm) is False
        assert review.status == ReviewStatus.FINAL and review.finalised_at is not None
        assert actions(review) == ["irm_review.finalised"]


class TestPublish:
    def test_publishes_once_audited_and_tells_subscribers_contacts_and_commenters(
        self, plan, irm, poc, follower, civil, django_capture_on_commit_callbacks
    ):
        review = ready_review(plan, irm, ReviewStatus.FINAL)
        ReviewCommentFactory(review=review, author=civil, answer="Done.", answered_at=timezone.now())
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert review.publish(by=irm) is True
            assert Review.objects.get(pk=review.pk).publish(by=irm) is False
        assert review.status == ReviewStatus.PUBLISHED and review.published_at is not None
        assert actions(review) == ["irm_review.published"]
        assert recipients() == ["civil@example.org", "follower@example.org", "poc@example.org"]

    def test_refused_unless_final(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT)
        with pytest.raises(ValidationError) as refused:
            review.publish(by=irm)
        assert codes(refused) == ["not_final"]

    def test_refused_while_incomplete(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.FINAL)
        Review.objects.filter(pk=review.pk).update(summary="")
        with pytest.raises(ValidationError) as refused:
            review.publish(by=irm)
        assert refused.value.messages == ["Write the summary."]
        review.refresh_from_db()
        assert review.status == ReviewStatus.FINAL and actions(review) == []

    def test_the_final_report_shows_what_changed_since_the_draft(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.SHARED)
        with on_day(TODAY):
            review.open_public_comment(opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=13), by=irm)
        first = review.plan.commitments.get(number=1)
        Review.objects.filter(pk=review.pk).update(status=ReviewStatus.FINAL, summary="Rewritten.")
        review.refresh_from_db()
        review.assessments.filter(commitment=first).update(potential_for_results="substantial")
        assert review.changes_since_draft() == [
            (None, "summary", "The plan is ambitious.\n\nCo-creation was open.", "Rewritten."),
            (first.pk, "potential_for_results", "modest", "substantial"),
        ]
