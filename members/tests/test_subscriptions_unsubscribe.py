import pytest
from django.core import mail

from members.models import AuditEntry, Subscription
from members.notifications import send_to_subscribers, unsubscribe_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(government, civil):
    return Subscription.objects.create(user=civil, government=government)


def test_subscribers_get_an_email_with_their_own_unsubscribe_link(subscription, government):
    send_to_subscribers(government, "members/email/status_change", context={"change": None})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [subscription.user.email]


def test_the_link_asks_first_then_unsubscribes_without_logging_in(client, subscription, government):
    path = unsubscribe_url(subscription).removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert "Stop receiving updates about France?" in response.text
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # a mail scanner's GET changes nothing
    response = client.post(path)
    assert "You will no longer receive updates about France." in response.text
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert AuditEntry.objects.for_object(government).filter(action="subscription.ended").exists()
    assert "This subscription had already ended." in client.post(path).text


def test_a_forged_token_is_404(client, subscription):
    assert client.get("/en/unsubscribe/1:forged/").status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()
