"""The plan's lifecycle: every allowed and every refused transition, audit rows, and notices queued on commit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import AuditEntry, Subscription
from members.tests.factories import UserFactory

from ..models import ActionPlan, PlanStatus, PlanVersion
from .factories import ActionPlanFactory, CommentFactory, CommitmentFactory
from .lifecycle_helpers import on_day, plan_actions, ready_plan, submitted_plan

pytestmark = pytest.mark.django_db

OPENS, CLOSES = datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)


@pytest.fixture
def author(db):
    return UserFactory(username="author")


@pytest.fixture
def follower(government):
    user = UserFactory(username="follower")
    Subscription.objects.create(user=user, government=government)
    return user


def draft_with_version(government, author):
    plan = ActionPlanFactory(government=government)
    CommitmentFactory(plan=plan)
    plan.publish_version(by=author)
    return plan


def last_entry(plan):
    return AuditEntry.objects.for_object(plan).order_by("-pk").first()


def assert_unchanged(plan, status, actions):
    plan.refresh_from_db()
    assert plan.status == status
    assert plan_actions(plan) == actions


class TestOpenCommentPeriod:
    @pytest.fixture(autouse=True)
    def _before_the_period(self):
        """Periods are opened ahead of time: the clock stands in April 2025, before OPENS."""
        with on_day(datetime.date(2025, 4, 20)):
            yield

    def test_moves_co_creation_to_public_comment_audited_and_announced_after_commit(
        self, government, author, follower, django_capture_on_commit_callbacks
    ):
        plan = draft_with_version(government, author)
        with django_capture_on_commit_callbacks() as callbacks:
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
            assert mail.outbox == []  # nothing is sent before the commit
        assert plan.status == PlanStatus.PUBLIC_COMMENT
        plan.refresh_from_db()
        assert (plan.status, plan.comment_opens_on, plan.comment_closes_on) == (
            PlanStatus.PUBLIC_COMMENT,
            OPENS,
            CLOSES,
        )
        entry = last_entry(plan)
        assert entry.action == "action_plan.comment_period_opened" and entry.actor == author
        assert (entry.data["from_status"], entry.data["to_status"]) == ("co_creation", "public_comment")
        assert len(callbacks) == 1
        callbacks[0]()
        assert [message.to for message in mail.outbox] == [[follower.email]]

    def test_moving_the_dates_during_public_comment_is_allowed_and_audited(
        self, government, author, django_capture_on_commit_callbacks
    ):
        plan = draft_with_version(government, author)
        plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        with django_capture_on_commit_callbacks() as callbacks:
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES + datetime.timedelta(days=7), by=author)
        plan.refresh_from_db()
        assert plan.comment_closes_on == datetime.date(2025, 6, 7)
        assert last_entry(plan).data["from_status"] == "public_comment"
        assert len(callbacks) == 1

    def test_the_same_dates_again_change_nothing(self, government, author, django_capture_on_commit_callbacks):
        plan = draft_with_version(government, author)
        plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        actions = plan_actions(plan)
        with django_capture_on_commit_callbacks() as callbacks:
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        assert plan_actions(plan) == actions and callbacks == []

    def test_is_refused_without_a_published_version(self, government, author, django_capture_on_commit_callbacks):
        plan = ActionPlanFactory(government=government)
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as error:
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        assert error.value.code == "no_version" and callbacks == []
        assert_unchanged(plan, PlanStatus.CO_CREATION, [])

    def test_is_refused_when_shorter_than_the_minimum(self, government, author, settings):
        plan = draft_with_version(government, author)
        actions = plan_actions(plan)
        with pytest.raises(ValidationError) as error:
            plan.open_comment_period(opens_on=OPENS, closes_on=OPENS + datetime.timedelta(days=12), by=author)
        assert error.value.code == "period_too_short"
        assert_unchanged(plan, PlanStatus.CO_CREATION, actions)
        settings.PUBLIC_COMMENT_MIN_DAYS = 13  # the rule is a setting: 13 days is then enough
        plan.open_comment_period(opens_on=OPENS, closes_on=OPENS + datetime.timedelta(days=12), by=author)
        assert plan.status == PlanStatus.PUBLIC_COMMENT

    def test_cannot_open_in_the_past(self, government, author):
        plan = draft_with_version(government, author)
        with pytest.raises(ValidationError) as error:
            plan.open_comment_period(
                opens_on=datetime.date(2025, 4, 19), closes_on=datetime.date(2025, 5, 31), by=author
            )
        assert error.value.code == "opens_in_the_past"
        assert_unchanged(plan, PlanStatus.CO_CREATION, ["action_plan.version_published"])
        plan.open_comment_period(opens_on=datetime.date(2025, 4, 20), closes_on=CLOSES, by=author)
        assert plan.status == PlanStatus.PUBLIC_COMMENT

    @pytest.mark.parametrize(
        ("opens_on", "closes_on"),
        [
            (OPENS, CLOSES - datetime.timedelta(days=1)),  # shortened
            (OPENS + datetime.timedelta(days=1), CLOSES + datetime.timedelta(days=1)),  # start moved
        ],
    )
    def test_an_open_period_can_only_be_extended(self, government, author, opens_on, closes_on):
        plan = draft_with_version(government, author)
        plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        actions = plan_actions(plan)
        with on_day(datetime.date(2025, 5, 10)):
            with pytest.raises(ValidationError) as error:
                plan.open_comment_period(opens_on=opens_on, closes_on=closes_on, by=author)
            assert error.value.code == "period_already_open"
            assert_unchanged(plan, PlanStatus.PUBLIC_COMMENT, actions)
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES + datetime.timedelta(days=7), by=author)
        plan.refresh_from_db()
        assert plan.comment_closes_on == CLOSES + datetime.timedelta(days=7)

    @pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.IN_IMPLEMENTATION, PlanStatus.ENDED])
    def test_is_refused_once_submitted(self, government, author, status):
        plan = draft_with_version(government, author)
        ActionPlan.objects.filter(pk=plan.pk).update(status=status)
        actions = plan_actions(plan)
        with pytest.raises(ValidationError) as error:
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        assert error.value.code == "not_drafting"
        assert_unchanged(plan, status, actions)


class TestSubmit:
    def test_moves_public_comment_to_submitted_with_a_final_version(
        self, government, author, follower, django_capture_on_commit_callbacks
    ):
        plan = ready_plan(government=government)
        with on_day(datetime.date(2025, 8, 20)), django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert plan.submit(by=author) is True
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == author
        assert plan.submitted_at.date() == datetime.date(2025, 8, 20)
        assert PlanVersion.objects.get(plan=plan).note == "Final plan as submitted"
        entry = last_entry(plan)
        assert entry.action == "action_plan.submitted"
        assert entry.data == {
            "from_status": "public_comment",
            "to_status": "submitted",
            "late": False,
            "days_late": 0,
            "implementation_months": 24,
            "version": 1,
        }
        assert len(callbacks) == 1 and len(mail.outbox) == 1

    def test_a_second_submit_does_nothing(self, government, author, django_capture_on_commit_callbacks):
        plan = ready_plan(government=government)
        other_tab = ActionPlan.objects.get(pk=plan.pk)
        with on_day(datetime.date(2025, 8, 20)):
            assert plan.submit(by=author) is True
            actions = plan_actions(plan)
            with django_capture_on_commit_callbacks() as callbacks:
                assert other_tab.submit(by=author) is False
        assert plan_actions(plan) == actions and callbacks == []
        assert other_tab.status == PlanStatus.SUBMITTED  # the stale copy now shows what happened
        assert PlanVersion.objects.filter(plan=plan).count() == 1

    @pytest.mark.parametrize(
        "fields, today, missing",
        [
            ({"public_comment": False}, datetime.date(2025, 8, 20), "has not been held"),
            ({}, datetime.date(2025, 5, 20), "closes on"),
        ],
        ids=["no-comment-period", "period-still-open"],
    )
    def test_is_refused_before_the_comment_period_has_closed(self, government, author, fields, today, missing):
        plan = ready_plan(government=government, **fields)
        status = plan.status
        with on_day(today), pytest.raises(ValidationError) as error:
            plan.submit(by=author)
        assert [item.code for item in error.value.error_list] == ["not_ready"]
        assert missing in error.value.messages[0]
        assert_unchanged(plan, status, [])
        assert not plan.versions.exists()

    def test_is_refused_while_a_comment_has_no_reasoned_response(self, government, author):
        plan = ready_plan(government=government)
        CommentFactory(plan=plan)
        with on_day(datetime.date(2025, 8, 20)), pytest.raises(ValidationError) as error:
            plan.submit(by=author)
        assert error.value.messages == ["1 comment still has no reasoned response."]
        assert_unchanged(plan, PlanStatus.PUBLIC_COMMENT, [])

    def test_is_refused_without_commitments(self, government, author):
        plan = ActionPlanFactory(government=government, public_comment=True)
        with on_day(datetime.date(2025, 8, 20)), pytest.raises(ValidationError) as error:
            plan.submit(by=author)
        assert error.value.messages == ["The plan has no commitments."]

    def test_a_plan_in_implementation_without_a_submission_date_is_refused(self, government, author):
        plan = ActionPlanFactory(government=government, in_implementation=True)
        with pytest.raises(ValidationError) as error:
            plan.submit(by=author)
        assert error.value.code == "not_drafting"
        assert_unchanged(plan, PlanStatus.IN_IMPLEMENTATION, [])


class TestStartImplementation:
    def test_moves_submitted_to_in_implementation_on_the_start_date(
        self, government, follower, django_capture_on_commit_callbacks
    ):
        plan = submitted_plan(government=government)
        with django_capture_on_commit_callbacks(execute=True):
            assert plan.start_implementation(today=plan.start_date) is True
        plan.refresh_from_db()
        assert plan.status == PlanStatus.IN_IMPLEMENTATION and plan.implementation_started_at
        entry = last_entry(plan)
        assert entry.action == "action_plan.implementation_started" and entry.actor is None
        assert (entry.data["from_status"], entry.data["to_status"]) == ("submitted", "in_implementation")
        assert "in implementation" in mail.outbox[0].subject

    def test_a_second_call_does_nothing(self, government, django_capture_on_commit_callbacks):
        plan = submitted_plan(government=government)
        plan.start_implementation(today=plan.start_date)
        with django_capture_on_commit_callbacks() as callbacks:
            assert plan.start_implementation(today=plan.start_date) is False
        assert plan_actions(plan) == ["action_plan.implementation_started"] and callbacks == []

    def test_is_refused_the_day_before_the_start_date(self, government):
        plan = submitted_plan(government=government)
        with pytest.raises(ValidationError) as error:
            plan.start_implementation(today=plan.start_date - datetime.timedelta(days=1))
        assert error.value.code == "not_due"
        assert_unchanged(plan, PlanStatus.SUBMITTED, [])

    @pytest.mark.parametrize("status", [PlanStatus.CO_CREATION, PlanStatus.PUBLIC_COMMENT])
    def test_is_refused_before_submission(self, government, status):
        plan = ActionPlanFactory(government=government, status=status)
        with pytest.raises(ValidationError) as error:
            plan.start_implementation(today=datetime.date(2026, 1, 1))
        assert error.value.code == "not_submitted"
        assert_unchanged(plan, status, [])

    def test_an_ended_plan_is_left_as_it_is(self, government):
        plan = ActionPlanFactory(government=government, status=PlanStatus.ENDED)
        assert plan.start_implementation(today=datetime.date(2030, 1, 1)) is False
        assert_unchanged(plan, PlanStatus.ENDED, [])


class TestEnd:
    def test_moves_in_implementation_to_ended_the_day_after_the_end_date(
        self, government, follower, django_capture_on_commit_callbacks
    ):
        plan = ActionPlanFactory(government=government, in_implementation=True)
        with django_capture_on_commit_callbacks(execute=True):
            assert plan.end(today=plan.end_date + datetime.timedelta(days=1)) is True
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ENDED and plan.ended_at
        entry = last_entry(plan)
        assert (entry.action, entry.data["from_status"], entry.data["to_status"]) == (
            "action_plan.ended",
            "in_implementation",
            "ended",
        )
        assert "action plan ended" in mail.outbox[0].subject

    def test_is_refused_on_the_end_date_itself(self, government):
        plan = ActionPlanFactory(government=government, in_implementation=True)
        with pytest.raises(ValidationError) as error:
            plan.end(today=plan.end_date)
        assert error.value.code == "not_due"
        assert_unchanged(plan, PlanStatus.IN_IMPLEMENTATION, [])

    def test_a_second_call_does_nothing(self, government, django_capture_on_commit_callbacks):
        plan = ActionPlanFactory(government=government, in_implementation=True)
        later = plan.end_date + datetime.timedelta(days=30)
        plan.end(today=later)
        with django_capture_on_commit_callbacks() as callbacks:
            assert plan.end(today=later) is False
        assert plan_actions(plan) == ["action_plan.ended"] and callbacks == []

    @pytest.mark.parametrize("status", [PlanStatus.CO_CREATION, PlanStatus.PUBLIC_COMMENT, PlanStatus.SUBMITTED])
    def test_is_refused_before_implementation(self, government, status):
        plan = ActionPlanFactory(government=government, status=status)
        with pytest.raises(ValidationError) as error:
            plan.end(today=datetime.date(2030, 1, 1))
        assert error.value.code == "not_in_implementation"
        assert_unchanged(plan, status, [])


def test_a_rolled_back_transition_sends_nothing_and_changes_nothing(
    government, follower, django_capture_on_commit_callbacks
):
    plan = submitted_plan(government=government)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        plan.start_implementation(today=plan.start_date)
        raise RuntimeError("the caller's transaction fails after the transition")
    assert callbacks == [] and mail.outbox == []
    assert_unchanged(plan, PlanStatus.SUBMITTED, [])


def test_the_whole_lifecycle_in_order(government, author, follower, django_capture_on_commit_callbacks):
    plan = draft_with_version(government, author)
    with django_capture_on_commit_callbacks(execute=True):
        with on_day(datetime.date(2025, 4, 20)):
            plan.open_comment_period(opens_on=OPENS, closes_on=CLOSES, by=author)
        with on_day(datetime.date(2025, 8, 1)):
            plan.submit(by=author)
        plan.start_implementation(today=datetime.date(2025, 9, 1))
        plan.end(today=datetime.date(2027, 9, 1))
    assert plan_actions(plan) == [
        "action_plan.version_published",
        "action_plan.comment_period_opened",
        "action_plan.version_published",
        "action_plan.submitted",
        "action_plan.implementation_started",
        "action_plan.ended",
    ]
    assert [message.subject for message in mail.outbox] == [
        "France: draft action plan open for public comment",
        "France: action plan submitted",
        "France: action plan in implementation",
        "France: action plan ended",
    ]
