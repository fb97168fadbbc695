"""The daily `advance_action_plans` task and its management command: selected by source state, idempotent."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from members.models import AuditEntry, Cohort, Subscription
from members.tests.factories import UserFactory

from ..models import PlanStatus, ProcessFinding
from ..tasks import advance_action_plans
from .factories import ActionPlanFactory
from .lifecycle_helpers import plan_actions, submitted_plan

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 1)
NOTHING = {"started": 0, "ended": 0, "missed_deadline": 0}


@pytest.fixture
def follower(government):
    government.cohort = Cohort.ODD
    government.save(update_fields=["cohort"])
    user = UserFactory(username="follower")
    Subscription.objects.create(user=user, government=government)
    return user


@pytest.fixture
def plans(government):
    """One plan due for each step on 1 January 2026, and one plan not due for each."""
    return {
        "to_start": submitted_plan(government=government, start_date=datetime.date(2026, 1, 1)),
        "not_started_yet": submitted_plan(government=government, start_date=datetime.date(2026, 1, 2)),
        "to_end": ActionPlanFactory(
            government=government, in_implementation=True, end_date=datetime.date(2025, 12, 31)
        ),
        "last_day": ActionPlanFactory(
            government=government, in_implementation=True, end_date=datetime.date(2026, 1, 1)
        ),
        "undelivered": ActionPlanFactory(government=government, cycle_year=2025),
        "next_cycle": ActionPlanFactory(government=government, cycle_year=2026),
        "delivered_late": submitted_plan(
            datetime.date(2025, 12, 31), government=government, start_date=datetime.date(2026, 3, 1)
        ),
    }


def run(today=TODAY, capture=None):
    with capture(execute=True):
        return advance_action_plans(today.isoformat())


def test_each_plan_due_is_moved_once_and_the_others_are_left_alone(
    plans, follower, government, django_capture_on_commit_callbacks
):
    assert run(capture=django_capture_on_commit_callbacks) == {"started": 1, "ended": 1, "missed_deadline": 1}
    for plan in plans.values():
        plan.refresh_from_db()
    assert plans["to_start"].status == PlanStatus.IN_IMPLEMENTATION
    assert plans["to_end"].status == PlanStatus.ENDED
    assert plans["undelivered"].missed_deadline_recorded_at is not None
    assert plans["not_started_yet"].status == PlanStatus.SUBMITTED
    assert plans["last_day"].status == PlanStatus.IN_IMPLEMENTATION
    assert plans["next_cycle"].missed_deadline_recorded_at is None
    assert plans["delivered_late"].missed_deadline_recorded_at is None
    assert ProcessFinding.objects.get().plan == plans["undelivered"]
    government.refresh_from_db()
    assert government.cohort == Cohort.EVEN
    assert sorted(message.subject for message in mail.outbox) == [
        "France: action plan ended",
        "France: action plan in implementation",
        "France: action plan not delivered in time",
    ]


def test_running_twice_has_one_effect(plans, follower, government, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    audit_rows = AuditEntry.objects.count()
    assert run(capture=django_capture_on_commit_callbacks) == NOTHING
    assert AuditEntry.objects.count() == audit_rows
    assert plan_actions(plans["to_start"]) == ["action_plan.implementation_started"]
    assert plan_actions(plans["to_end"]) == ["action_plan.ended"]
    assert plan_actions(plans["undelivered"]) == ["action_plan.missed_deadline"]
    assert ProcessFinding.objects.count() == 1
    assert AuditEntry.objects.for_object(government).filter(action="government.cohort_changed").count() == 1
    assert len(mail.outbox) == 3


def test_the_day_before_the_cut_off_nothing_is_contrary_to_process(government, django_capture_on_commit_callbacks):
    ActionPlanFactory(government=government, cycle_year=2025)
    assert run(datetime.date(2025, 12, 31), django_capture_on_commit_callbacks) == NOTHING
    assert not ProcessFinding.objects.exists()


def test_a_plan_left_behind_is_started_and_ended_in_one_run(government, django_capture_on_commit_callbacks):
    plan = submitted_plan(government=government)  # 1 September 2025 to 31 August 2027
    assert run(datetime.date(2027, 9, 1), django_capture_on_commit_callbacks) == {
        "started": 1,
        "ended": 1,
        "missed_deadline": 0,
    }
    assert plan_actions(plan) == ["action_plan.implementation_started", "action_plan.ended"]


def test_without_a_date_it_runs_for_today(government):
    plan = submitted_plan(government=government)
    assert advance_action_plans() == {"started": 1, "ended": 0, "missed_deadline": 0}
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_IMPLEMENTATION


def test_the_task_runs_through_celery_with_json_arguments(government):
    submitted_plan(government=government)
    result = advance_action_plans.delay("2025-09-01")  # eager in tests: same serialisation path
    assert result.get() == {"started": 1, "ended": 0, "missed_deadline": 0}


def test_the_command_runs_the_same_task_for_a_given_day(plans, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("advance_action_plans", "--today", "2026-01-01", stdout=out)
    assert out.getvalue().strip() == ("Implementation started: 1; ended: 1; not delivered before 1 January: 1.")
    out = StringIO()
    call_command("advance_action_plans", "--today", "2026-01-01", stdout=out)
    assert "Implementation started: 0; ended: 0; not delivered before 1 January: 0." in out.getvalue()


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("advance_action_plans", "--today", "1 January", stdout=StringIO())
