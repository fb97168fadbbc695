"""Who hears about an event (each person once), immediate emails versus the weekly digest, and its task."""

import pytest
from django.core import mail

from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from members.models import Subscription
from members.models.participation import DigestItem, SubscriptionFrequency
from members.notifications import send_to_subscribers
from members.tasks import send_weekly_digests
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WEEKLY = SubscriptionFrequency.WEEKLY
TEMPLATE = "members/email/status_change"


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, in_implementation=True, title="Fifth plan")


@pytest.fixture
def commitment(plan):
    return CommitmentFactory(plan=plan, number=3, title="Open contracting")


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_without_plan_only_the_governments_followers_hear(government, plan):
    follower, plan_follower = UserFactory(username="follower"), UserFactory(username="planner")
    Subscription.objects.follow(follower, government)
    Subscription.objects.follow(plan_follower, plan)
    send_to_subscribers(government, TEMPLATE, context={"change": None})
    assert recipients() == ["follower@example.org"]


def test_a_user_following_the_government_the_plan_and_the_commitment_gets_one_email(government, plan, commitment):
    both = UserFactory(username="both")
    for target in (government, plan, commitment):
        Subscription.objects.follow(both, target)
    Subscription.objects.follow(UserFactory(username="planner"), plan)
    Subscription.objects.follow(UserFactory(username="other_plan"), ActionPlanFactory(government=government))
    send_to_subscribers(government, TEMPLATE, context={"change": None}, plan=plan, commitment=commitment)
    assert recipients() == ["both@example.org", "planner@example.org"]
    # The broadest subscription speaks for the user: its link stops the government's updates.
    government_subscription = Subscription.objects.get(user=both, government=government)
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/en/unsubscribe/")
    assert DigestItem.objects.count() == 0
    assert government_subscription.target == government


def test_a_commitments_event_reaches_its_plans_followers(government, plan, commitment):
    Subscription.objects.follow(UserFactory(username="planner"), plan)
    Subscription.objects.follow(UserFactory(username="watcher"), commitment)
    Subscription.objects.follow(UserFactory(username="elsewhere"), CommitmentFactory(plan=plan, number=4))
    send_to_subscribers(government, TEMPLATE, context={"change": None}, commitment=commitment)
    assert recipients() == ["planner@example.org", "watcher@example.org"]


def test_weekly_subscribers_are_queued_not_emailed(government, plan):
    Subscription.objects.follow(UserFactory(username="now"), government)
    weekly = UserFactory(username="weekly")
    Subscription.objects.follow(weekly, plan, frequency=WEEKLY)
    send_to_subscribers(government, TEMPLATE, context={"change": None, "plan": plan}, plan=plan)
    assert recipients() == ["now@example.org"]
    item = DigestItem.objects.get()
    assert item.subscription.user == weekly and item.sent_at is None
    assert "France" in item.subject
    assert item.link == f"http://127.0.0.1:8000/en/action-plans/{plan.pk}/"


def test_an_immediate_subscription_wins_over_a_weekly_one(government, plan):
    user = UserFactory(username="mixed")
    Subscription.objects.follow(user, government, frequency=WEEKLY)
    Subscription.objects.follow(user, plan)
    send_to_subscribers(government, TEMPLATE, context={"change": None}, plan=plan)
    assert recipients() == ["mixed@example.org"] and not DigestItem.objects.exists()


def test_the_digest_lists_the_weeks_items_once_however_often_it_runs(government, plan, commitment):
    weekly = UserFactory(username="weekly", language="fr")
    Subscription.objects.follow(weekly, government, frequency=WEEKLY)
    Subscription.objects.follow(weekly, commitment, frequency=WEEKLY)
    Subscription.objects.follow(UserFactory(username="other_weekly"), plan, frequency=WEEKLY)
    send_to_subscribers(government, TEMPLATE, context={"change": None})
    send_to_subscribers(government, TEMPLATE, context={"change": None, "commitment": commitment}, commitment=commitment)
    assert not mail.outbox and DigestItem.objects.count() == 3

    assert send_weekly_digests() == {"users": 2, "items": 3}
    assert send_weekly_digests() == {"users": 0, "items": 0}
    assert recipients() == ["other_weekly@example.org", "weekly@example.org"]
    digest = next(message for message in mail.outbox if message.to == ["weekly@example.org"])
    assert "2" in digest.subject
    assert f"http://127.0.0.1:8000/fr/action-plans/{plan.pk}/commitments/{commitment.pk}/" in digest.body
    assert "http://127.0.0.1:8000/fr/unsubscribe/digest/" in digest.body
    assert digest.body.count("http://127.0.0.1:8000/fr/unsubscribe/") == 2  # the government subscription and the digest
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/fr/unsubscribe/digest/")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not DigestItem.objects.filter(sent_at__isnull=True).exists()


def test_a_failed_send_releases_the_items_for_the_next_run(government, monkeypatch):
    Subscription.objects.follow(UserFactory(username="weekly"), government, frequency=WEEKLY)
    send_to_subscribers(government, TEMPLATE, context={"change": None})

    def broken(*args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr("members.notifications.EmailMessage.send", broken)
    with pytest.raises(ConnectionError):
        send_weekly_digests()
    assert DigestItem.objects.filter(sent_at__isnull=True).count() == 1
    monkeypatch.undo()
    assert send_weekly_digests() == {"users": 1, "items": 1}


def test_unfollowing_drops_the_queued_items(government, civil):
    Subscription.objects.follow(civil, government, frequency=WEEKLY)
    send_to_subscribers(government, TEMPLATE, context={"change": None})
    Subscription.objects.unfollow(civil, government, via="test")
    assert send_weekly_digests() == {"users": 0, "items": 0} and not mail.outbox


def test_the_weekly_digest_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-weekly-digests"]
    assert entry["task"] == "members.tasks.send_weekly_digests"
