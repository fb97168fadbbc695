"""The weekly overdue digest: one email per point of contact, each milestone once a week, in their language."""

import datetime

import pytest
from django.core import mail

from action_plans.models import MilestoneStatus, OverdueReminder, PlanStatus
from action_plans.tasks import send_overdue_milestone_digests
from members.tests.factories import UserFactory

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

# A Wednesday: its week starts on Monday 30 November 2026.
WEDNESDAY = datetime.date(2026, 12, 2)
PAST = datetime.date(2026, 11, 1)


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, in_implementation=True, title="Fifth plan")


@pytest.fixture
def overdue(plan):
    commitment = CommitmentFactory(plan=plan, number=3)
    return [
        MilestoneFactory(commitment=commitment, number=1, description="Publish the contracts", end_date=PAST),
        MilestoneFactory(commitment=commitment, number=2, description="Train the buyers", end_date=PAST),
    ]


def run(day: datetime.date) -> dict:
    return send_overdue_milestone_digests.delay(day.isoformat()).get()


def test_each_point_of_contact_gets_one_email_listing_every_overdue_milestone(overdue, poc, staff, government):
    second = UserFactory(username="second_poc", language="fr")
    government.grant_point_of_contact(second, by=staff)
    mail.outbox.clear()
    assert run(WEDNESDAY) == {"governments": 1, "milestones": 2}
    assert sorted(message.to[0] for message in mail.outbox) == ["poc@example.org", "second_poc@example.org"]
    english = next(message for message in mail.outbox if message.to == ["poc@example.org"])
    assert english.subject == "France: 2 overdue milestones this week"
    assert "Publish the contracts" in english.body and "Train the buyers" in english.body
    assert "Fifth plan, commitment 3, milestone 1" in english.body
    assert f"/action-plans/{overdue[0].commitment.plan_id}/milestones/{overdue[0].pk}/progress/" in english.body
    assert set(OverdueReminder.objects.values_list("week_start", flat=True)) == {datetime.date(2026, 11, 30)}


def test_the_email_is_rendered_in_each_recipients_language(overdue, staff, government):
    french = UserFactory(username="francoise", language="fr")
    government.grant_point_of_contact(french, by=staff)
    mail.outbox.clear()
    run(WEDNESDAY)
    (message,) = mail.outbox
    # The French catalogue is filled at the end; the links are already in the French URL space.
    assert f"/fr/action-plans/{overdue[0].commitment.plan_id}/milestones/{overdue[0].pk}/progress/" in message.body


def test_running_twice_in_a_week_sends_once_then_again_next_week(overdue, poc):
    mail.outbox.clear()
    run(WEDNESDAY)
    run(WEDNESDAY)
    run(WEDNESDAY + datetime.timedelta(days=4))  # Sunday, same week
    assert len(mail.outbox) == 1
    assert run(WEDNESDAY + datetime.timedelta(days=5)) == {"governments": 1, "milestones": 2}  # next Monday
    assert len(mail.outbox) == 2
    assert OverdueReminder.objects.count() == 4


def test_a_milestone_that_becomes_overdue_later_in_the_week_is_sent_alone(overdue, poc, plan):
    mail.outbox.clear()
    run(WEDNESDAY)
    MilestoneFactory(commitment=overdue[0].commitment, number=3, description="Open the data", end_date=WEDNESDAY)
    assert run(WEDNESDAY + datetime.timedelta(days=1)) == {"governments": 1, "milestones": 1}
    assert len(mail.outbox) == 2
    assert "Open the data" in mail.outbox[1].body and "Publish the contracts" not in mail.outbox[1].body


def test_complete_and_not_yet_due_milestones_and_plans_not_in_implementation_are_left_out(plan, poc, government):
    commitment = CommitmentFactory(plan=plan)
    MilestoneFactory(commitment=commitment, end_date=PAST, status=MilestoneStatus.COMPLETE)
    MilestoneFactory(commitment=commitment, end_date=WEDNESDAY)
    ended = ActionPlanFactory(government=government, status=PlanStatus.ENDED)
    MilestoneFactory(commitment=CommitmentFactory(plan=ended), end_date=PAST)
    mail.outbox.clear()
    assert run(WEDNESDAY) == {"governments": 0, "milestones": 0}
    assert mail.outbox == [] and not OverdueReminder.objects.exists()


def test_each_government_gets_its_own_email(overdue, poc, other_poc, other_government):
    other_plan = ActionPlanFactory(government=other_government, in_implementation=True)
    MilestoneFactory(commitment=CommitmentFactory(plan=other_plan), description="Mexican milestone", end_date=PAST)
    mail.outbox.clear()
    assert run(WEDNESDAY) == {"governments": 2, "milestones": 3}
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "Mexican milestone" in by_recipient["other_poc@example.org"].body
    assert "Mexican milestone" not in by_recipient["poc@example.org"].body


def test_a_government_without_point_of_contact_keeps_its_milestones_unclaimed(overdue):
    assert run(WEDNESDAY) == {"governments": 0, "milestones": 0}
    assert not OverdueReminder.objects.exists()


def test_a_failed_send_releases_the_claims(overdue, poc, monkeypatch):
    import action_plans.tasks  # noqa: F401
    import members.notifications

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(members.notifications, "send_templated_email", broken)
    with pytest.raises(ConnectionError):
        run(WEDNESDAY)
    assert not OverdueReminder.objects.exists()
    monkeypatch.undo()
    mail.outbox.clear()
    run(WEDNESDAY)
    assert len(mail.outbox) == 1
