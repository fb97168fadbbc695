"""Every subscriber email has a one-click unsubscribe: a link in the footer and the RFC 8058 headers."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from action_plans.tests.factories import ActionPlanFactory
from members.models import AuditEntry, Forum, ForumMeeting, Subscription
from members.models.participation import SubscriptionFrequency
from members.notifications import digest_unsubscribe_url, send_to_subscribers, unsubscribe_url

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def subscription(government, civil):
    Subscription.objects.follow(civil, government)
    return Subscription.objects.get(user=civil)


def path_of(url):
    return url.removeprefix(SITE)


def test_subscriber_emails_carry_the_link_and_the_one_click_headers(subscription, government):
    forum = Forum.objects.create(government=government, name="Forum France")
    meeting = ForumMeeting.objects.create(forum=forum, date=datetime.date(2025, 1, 10))
    send_to_subscribers(
        government, "members/email/forum_meeting_recorded", context={"meeting": meeting, "forum": forum}
    )
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].removeprefix("<").removesuffix(">")
    assert link.startswith(f"{SITE}/en/unsubscribe/") and link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{link}>"
    Client(enforce_csrf_checks=True).post(path_of(link))  # the mail client's one click
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_one_click_post_unsubscribes_without_login_or_csrf_token(subscription, government):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(unsubscribe_url(subscription)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    entry = AuditEntry.objects.for_object(government).get(action="subscription.ended")
    assert entry.actor == subscription.user and entry.data == {"via": "email link"}


def test_get_shows_a_confirm_page_and_changes_nothing(client, subscription):
    response = client.get(path_of(unsubscribe_url(subscription)))
    assert response.status_code == 200
    assert "Stop receiving updates about France?" in response.text
    assert '<form method="post">' in response.text
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_plan_subscription_link_names_the_plan(client, government, civil):
    plan = ActionPlanFactory(government=government, title="Fifth plan")
    Subscription.objects.follow(civil, plan)
    link = path_of(unsubscribe_url(Subscription.objects.get(user=civil)))
    assert "Stop receiving updates about Fifth plan?" in client.get(link).text
    assert "You will no longer receive updates about Fifth plan." in client.post(link).text
    assert AuditEntry.objects.for_object(plan).filter(action="subscription.ended").exists()
    assert not Subscription.objects.exists()


def test_the_digest_link_asks_then_ends_every_weekly_subscription(government, civil, other_government):
    Subscription.objects.follow(civil, government, frequency=SubscriptionFrequency.WEEKLY)
    Subscription.objects.follow(civil, other_government)  # immediate: not part of the digest
    client = Client(enforce_csrf_checks=True)
    link = path_of(digest_unsubscribe_url(civil))
    response = client.get(link)
    assert "Stop the weekly digest?" in response.text and "France" in response.text
    assert Subscription.objects.filter(user=civil).count() == 2
    assert "You will no longer receive the weekly digest." in client.post(link).text
    assert list(Subscription.objects.filter(user=civil).values_list("government__slug", flat=True)) == ["mex"]


@pytest.mark.parametrize("prefix", ["/en/unsubscribe/", "/en/unsubscribe/digest/"])
def test_forged_tokens_are_404(client, subscription, prefix):
    assert client.post(f"{prefix}1:forged/").status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_digest_token_is_not_a_subscription_token(client, subscription, civil):
    token = digest_unsubscribe_url(civil).rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/en/unsubscribe/{token}/").status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()
