"""Lifecycle emails: who gets them, in which language, with which link, and only after commit."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from members.models import Subscription
from members.tests.factories import UserFactory

from ..notifications import PLAN_EVENTS, notify_plan_event
from .factories import ActionPlanFactory, CommentFactory
from .lifecycle_helpers import submitted_plan

pytestmark = pytest.mark.django_db

# The lifecycle events of this module (other events, such as the self-assessment's, are tested with them).
SUBJECTS = {
    "comment_period_opened": "France: draft action plan open for public comment",
    "submitted": "France: action plan submitted",
    "implementation_started": "France: action plan in implementation",
    "ended": "France: action plan ended",
    "missed_deadline": "France: action plan not delivered in time",
}


@pytest.fixture
def plan(government):
    return submitted_plan(government=government, title="Fourth national action plan")


@pytest.fixture
def follower(government):
    user = UserFactory(username="follower")
    Subscription.objects.create(user=user, government=government)
    return user


@pytest.fixture
def commenter(plan):
    return CommentFactory(plan=plan, author=UserFactory(username="commenter", is_civil_society=True)).author


def mail_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_subscribers_and_commenters_each_get_one_email(plan, follower, commenter):
    CommentFactory(plan=plan, author=commenter)  # two comments, still one email
    CommentFactory(plan=plan, author=follower)  # a subscriber who commented hears as a subscriber
    notify_plan_event(plan.pk, "submitted")
    assert sorted(message.to[0] for message in mail.outbox) == ["commenter@example.org", "follower@example.org"]


def test_subscribers_get_their_own_unsubscribe_link(plan, follower):
    notify_plan_event(plan.pk, "submitted")
    (message,) = mail_to(follower)
    assert "/en/unsubscribe/" in message.body and "because you follow France" in message.body
    assert f"http://127.0.0.1:8000/en/action-plans/{plan.pk}/" in message.body


def test_commenters_who_do_not_follow_get_no_unsubscribe_link_and_know_why(plan, commenter):
    notify_plan_event(plan.pk, "submitted")
    (message,) = mail_to(commenter)
    assert "unsubscribe" not in message.body
    assert "because you commented on this action plan" in message.body


def test_each_person_gets_it_in_their_own_language(plan, government, follower, commenter):
    government.name_fr = "la France"
    government.save(update_fields=["name_fr"])
    follower.language = commenter.language = "fr"
    follower.save(update_fields=["language"])
    commenter.save(update_fields=["language"])
    notify_plan_event(plan.pk, "ended")
    for message in mail.outbox:
        assert message.subject.startswith("la France")
        assert f"/fr/action-plans/{plan.pk}/" in message.body
    assert "/fr/unsubscribe/" in mail_to(follower)[0].body


def test_inactive_commenters_and_people_without_an_address_get_nothing(plan):
    CommentFactory(plan=plan, author=UserFactory(username="gone", is_active=False))
    CommentFactory(plan=plan, author=UserFactory(username="noaddress", email=""))
    notify_plan_event(plan.pk, "submitted")
    assert mail.outbox == []


@pytest.mark.parametrize("event", SUBJECTS)
def test_every_lifecycle_event_has_its_subject_and_a_link_to_the_plan(plan, follower, event):
    notify_plan_event(plan.pk, event)
    (message,) = mail.outbox
    assert message.subject == SUBJECTS[event]
    assert "Fourth national action plan" in message.body
    assert plan.get_absolute_url() in message.body


def test_the_submission_email_says_how_late_and_flags_a_short_implementation(government, follower):
    late = submitted_plan(datetime.date(2026, 1, 2), government=government)
    notify_plan_event(late.pk, "submitted")
    body = mail.outbox[0].body
    assert "it was delivered 124 days late" in body
    assert "Its implementation period is 19 months, shorter than the 20-month minimum." in body


def test_an_on_time_submission_email_says_nothing_of_lateness(plan, follower):
    notify_plan_event(plan.pk, "submitted")
    assert "late" not in mail.outbox[0].body and "minimum" not in mail.outbox[0].body


def test_the_missed_deadline_email_gives_the_new_cohort(government, follower, django_capture_on_commit_callbacks):
    government.cohort = "odd"
    government.save(update_fields=["cohort"])
    plan = ActionPlanFactory(government=government)
    with django_capture_on_commit_callbacks(execute=True):
        plan.record_missed_deadline(datetime.date(2026, 1, 1))
    (message,) = mail.outbox
    assert "was not delivered before" in message.body and "contrary to process" in message.body
    assert "Its cohort is now: Even years." in message.body


def test_a_rolled_back_transition_emails_nobody(plan, follower, commenter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        plan.start_implementation(today=plan.start_date)
        raise RuntimeError
    assert mail.outbox == []


def test_a_committed_transition_emails_after_commit(plan, follower, commenter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        plan.start_implementation(today=plan.start_date)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_a_plan_deleted_before_the_email_goes_is_skipped(plan, follower):
    pk = plan.pk
    plan.delete()
    notify_plan_event(pk, "ended")
    assert mail.outbox == []


def test_every_lifecycle_event_is_emailed():
    assert set(SUBJECTS) <= set(PLAN_EVENTS)


def test_an_unknown_event_is_a_programming_error(plan):
    with pytest.raises(ValueError, match="unknown plan event"):
        notify_plan_event(plan.pk, "published")


def test_followers_of_the_plan_hear_of_it_once_with_their_own_unsubscribe_link(plan, follower, commenter):
    plan_follower = UserFactory(username="plan_follower")
    Subscription.objects.follow(plan_follower, plan)
    Subscription.objects.follow(follower, plan)  # follows the government too: still one email
    Subscription.objects.follow(commenter, plan)  # a commenter who follows the plan hears as a follower
    notify_plan_event(plan.pk, "submitted")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "commenter@example.org",
        "follower@example.org",
        "plan_follower@example.org",
    ]
    (message,) = mail_to(plan_follower)
    assert "because you follow “Fourth national action plan”" in message.body
    assert "Stop following it: http://127.0.0.1:8000/en/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (message,) = mail_to(commenter)
    assert "/en/unsubscribe/" in message.body
