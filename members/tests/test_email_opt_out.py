"""Every email that is not a subscription carries a one-click link that stops its kind for its reader."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.signing import dumps
from django.test import Client

from members.models import AuditEntry, EmailOptOut, Forum, ForumMeeting, Subscription
from members.models.email_preferences import EMAIL_KINDS, UNKNOWN_EMAIL_KIND, email_kind_name
from members.notifications import OPT_OUT_SALT, opt_out_url, send_templated_email, send_to_subscribers

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
KIND = "members/email/poc_request_refused"
OTHER_KIND = "members/email/status_change"


def path_of(url):
    return url.removeprefix(SITE)


def send(kind, recipients, government):
    send_templated_email(kind, recipients=recipients, context={"government": government})


def test_a_non_subscription_email_has_the_footer_and_the_one_click_headers(civil, government):
    send(KIND, [civil], government)
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].removeprefix("<").removesuffix(">")
    assert link == opt_out_url(civil, KIND) and link.startswith(f"{SITE}/en/emails/stop/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{link}>"
    assert message.body.endswith(f"\n\nYou can stop emails like this one: {link}\n")
    assert "did not approve your request" in message.body


def test_the_link_is_in_the_readers_language(civil, government):
    civil.language = "fr"
    civil.save(update_fields=["language"])
    send(KIND, [civil], government)
    assert f"{SITE}/fr/emails/stop/" in mail.outbox[0].body


def test_an_opted_out_reader_is_skipped_for_that_kind_only(civil, poc, government):
    mail.outbox.clear()  # the poc fixture's own "you are a point of contact" email
    EmailOptOut.objects.create(user=civil, kind=KIND)
    send(KIND, [civil, poc], government)
    assert [message.to for message in mail.outbox] == [[poc.email]]
    mail.outbox.clear()
    send(OTHER_KIND, [civil, poc], government)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([civil.email, poc.email])


def test_the_link_from_the_email_stops_that_kind(civil, government):
    send(KIND, [civil], government)
    (link,) = re.findall(r"http\S+/emails/stop/\S+", mail.outbox[0].body)
    Client(enforce_csrf_checks=True).post(path_of(link))  # the mail client's one click
    mail.outbox.clear()
    send(KIND, [civil], government)
    assert mail.outbox == []


def test_get_shows_a_confirm_page_and_records_nothing(client, civil):
    response = client.get(path_of(opt_out_url(civil, "action_plans/email/comment_answered")))
    assert response.status_code == 200
    assert "Stop emails like this one?" in response.text
    assert "this kind of email: “A government answered your comment on an action plan”" in response.text
    assert '<form method="post">' in response.text
    assert not EmailOptOut.objects.exists()
    assert not AuditEntry.objects.for_object(civil).exists()


def test_one_click_post_without_login_or_csrf_records_once_and_audits(civil):
    client = Client(enforce_csrf_checks=True)
    path = path_of(opt_out_url(civil, KIND))
    for _ in range(2):
        response = client.post(path, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "These emails are stopped" in response.text
        assert "Sign in and open" in response.text and 'href="/en/subscriptions/"' in response.text
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [(civil.pk, KIND)]
    (entry,) = AuditEntry.objects.for_object(civil).filter(action="email.opted_out")
    assert entry.actor == civil and entry.data == {"kind": KIND, "via": "email link"}


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        dumps({"user": 1, "kind": KIND}, salt="members.subscription.unsubscribe"),
        dumps({"user": 999999, "kind": KIND}, salt=OPT_OUT_SALT),
        dumps(["not", "a", "dict"], salt=OPT_OUT_SALT),
    ],
)
def test_a_forged_or_dangling_token_is_refused_and_records_nothing(client, civil, token):
    assert client.get(f"/en/emails/stop/{token}/").status_code == 404
    assert client.post(f"/en/emails/stop/{token}/").status_code == 404
    assert not EmailOptOut.objects.exists()


def test_a_token_cannot_be_retargeted_to_another_user(client, civil, poc):
    token = path_of(opt_out_url(civil, KIND)).split("/")[-2]
    tampered = token.replace(token.split(":")[0], dumps({"user": poc.pk, "kind": KIND}).split(":")[0])
    assert client.post(f"/en/emails/stop/{tampered}/").status_code == 404
    assert not EmailOptOut.objects.exists()


def test_every_role_may_use_a_link_and_it_acts_for_its_reader_only(role_client, civil):
    _role, client = role_client
    path = path_of(opt_out_url(civil, KIND))
    assert client.get(path).status_code == 200
    assert not EmailOptOut.objects.exists()
    assert client.post(path).status_code == 200
    assert list(EmailOptOut.objects.values_list("user", flat=True)) == [civil.pk]


def test_subscription_emails_keep_their_own_link_and_no_second_footer(civil, government):
    Subscription.objects.follow(civil, government)
    EmailOptOut.objects.create(user=civil, kind="members/email/forum_meeting_recorded")
    forum = Forum.objects.create(government=government, name="Forum France")
    meeting = ForumMeeting.objects.create(forum=forum, date=datetime.date(2025, 1, 10))
    send_to_subscribers(
        government, "members/email/forum_meeting_recorded", context={"meeting": meeting, "forum": forum}
    )
    (message,) = mail.outbox  # the opt-out of a kind does not end a subscription: only its own link does
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/en/unsubscribe/")
    assert "/emails/stop/" not in message.body
    assert "You can stop emails like this one" not in message.body


# --- The names of the kinds, and stopping / resuming them --------------------------------------


def test_every_email_template_has_a_name():
    """A new email gets a name here, so the reader knows what they stopped (the digest has its own unsubscribe)."""
    templates = settings.BASE_DIR / "templates"
    subjects = templates.glob("*/email/*_subject.txt")
    prefixes = {str(path.relative_to(templates)).removesuffix("_subject.txt") for path in subjects}
    assert prefixes - {"members/email/digest"} == set(EMAIL_KINDS)


def test_names_tell_the_kinds_apart_and_an_unknown_kind_still_has_one():
    names = [str(name) for name in EMAIL_KINDS.values()]
    assert len(set(names)) == len(names)
    assert email_kind_name(KIND) == EMAIL_KINDS[KIND]
    assert email_kind_name("retired/email/template") == UNKNOWN_EMAIL_KIND


def test_stop_and_resume_are_idempotent_and_audited_once_each(civil):
    assert EmailOptOut.objects.stop(civil, KIND, via="test")
    assert not EmailOptOut.objects.stop(civil, KIND, via="test")
    assert EmailOptOut.objects.get().kind == KIND
    assert EmailOptOut.objects.resume(civil, KIND, via="subscription list")
    assert not EmailOptOut.objects.resume(civil, KIND, via="subscription list")
    assert not EmailOptOut.objects.exists()
    entries = AuditEntry.objects.for_object(civil).order_by("pk")
    assert [(entry.action, entry.actor, entry.data) for entry in entries] == [
        ("email.opted_out", civil, {"kind": KIND, "via": "test"}),
        ("email.opted_in", civil, {"kind": KIND, "via": "subscription list"}),
    ]


def test_resume_of_something_not_stopped_changes_nothing(civil, poc):
    EmailOptOut.objects.stop(poc, KIND, via="test")
    assert not EmailOptOut.objects.resume(civil, KIND, via="test")
    assert not EmailOptOut.objects.resume(poc, "no/email/such_kind", via="test")
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [(poc.pk, KIND)]
    assert not AuditEntry.objects.filter(action="email.opted_in").exists()


def test_after_resume_that_kind_is_sent_again(civil, government):
    EmailOptOut.objects.stop(civil, KIND, via="test")
    send(KIND, [civil], government)
    assert mail.outbox == []
    EmailOptOut.objects.resume(civil, KIND, via="test")
    send(KIND, [civil], government)
    (message,) = mail.outbox
    assert message.to == [civil.email] and "did not approve your request" in message.body
