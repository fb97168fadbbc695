"""Who hears about a review: shared -> the government's points of contact; public comment opened and
published -> its subscribers (with an unsubscribe link) and points of contact, once each; published also
the draft's commenters; an answered comment -> its author, the first time. Each in their own language."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from action_plans.tests.lifecycle_helpers import on_day
from members.models import Subscription
from members.tests.factories import UserFactory

from ..models import ReviewComment, ReviewStatus
from ..tasks import send_review_notice
from .comment_helpers import plan_of, ready_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(government, other_government, poc, other_poc, civil, irm, staff):
    """Everyone with an email address: a follower of France (in French), a follower of Mexico, and the cast."""
    for user, address in [(poc, "poc"), (other_poc, "other_poc"), (civil, "civil"), (irm, "irm"), (staff, "staff")]:
        user.email = f"{address}@example.org"
        user.save()
    follower = UserFactory(email="follower@example.org", language="fr")
    Subscription.objects.subscribe(follower, government)
    Subscription.objects.subscribe(UserFactory(email="mexico@example.org"), other_government)
    mail.outbox.clear()  # the cast's own welcome emails
    return {"follower": follower}


@pytest.fixture
def review(government, irm):
    return ready_review(plan_of(government), irm)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def message_to(address):
    (message,) = [message for message in mail.outbox if message.to == [address]]
    return message


def share_and_open(review, irm, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        review.share_with_government(by=irm)
    shared = recipients()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.open_public_comment(opens_on=today, closes_on=today + datetime.timedelta(days=13), by=irm)
    return shared


def finalise_and_publish(review, irm, staff, django_capture_on_commit_callbacks):
    with on_day(timezone.localdate() + datetime.timedelta(days=14)), django_capture_on_commit_callbacks(execute=True):
        review.finalise(by=irm)
        assert recipients() == []  # finalising is audited, not emailed
        review.publish(by=staff)
        review.publish(by=staff)  # a second click changes nothing and sends nothing


def test_sharing_tells_the_governments_points_of_contact_only(review, people, irm, django_capture_on_commit_callbacks):
    shared = share_and_open(review, irm, django_capture_on_commit_callbacks)
    assert shared == ["poc@example.org"]


def test_opening_public_comment_tells_subscribers_and_contacts_once_each(
    review, people, poc, government, irm, django_capture_on_commit_callbacks
):
    Subscription.objects.subscribe(poc, government)  # a contact who also follows: one email, as a follower
    share_and_open(review, irm, django_capture_on_commit_callbacks)
    assert recipients() == ["follower@example.org", "poc@example.org"]
    assert "/unsubscribe/" in message_to("poc@example.org").body
    assert "/unsubscribe/" in message_to("follower@example.org").body


def test_a_contact_who_does_not_follow_gets_no_unsubscribe_link(
    review, people, irm, django_capture_on_commit_callbacks
):
    share_and_open(review, irm, django_capture_on_commit_callbacks)
    assert "/unsubscribe/" not in message_to("poc@example.org").body


def test_publishing_tells_subscribers_contacts_and_commenters_once_each(
    review, people, poc, civil, irm, staff, government, django_capture_on_commit_callbacks
):
    share_and_open(review, irm, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    gone = UserFactory(email="gone@example.org", is_civil_society=True)
    with django_capture_on_commit_callbacks(execute=True):
        for author in (civil, civil, poc, gone, people["follower"]):
            comment = ReviewComment.objects.post(review, author=author, body=f"Comment by {author.username}.")
            comment.give_answer("Thank you.", by=irm)
    gone.is_active = False
    gone.save()
    mail.outbox.clear()
    finalise_and_publish(review, irm, staff, django_capture_on_commit_callbacks)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED
    assert recipients() == ["civil@example.org", "follower@example.org", "poc@example.org"]
    assert "/unsubscribe/" in message_to("follower@example.org").body
    assert "/unsubscribe/" not in message_to("civil@example.org").body


def test_each_email_is_in_its_readers_language(review, people, irm, django_capture_on_commit_callbacks):
    share_and_open(review, irm, django_capture_on_commit_callbacks)
    link = f"{settings.SITE_URL}/fr/irm/reviews/{review.pk}/"
    french, english = message_to("follower@example.org"), message_to("poc@example.org")
    (unsubscribe,) = re.findall(r"http\S+/unsubscribe/\S+", french.body)
    assert link in french.body and unsubscribe.startswith(f"{settings.SITE_URL}/fr/")
    assert f"{settings.SITE_URL}/en/irm/reviews/{review.pk}/" in english.body


def test_an_answer_tells_its_author_once_the_first_time(review, people, civil, irm, django_capture_on_commit_callbacks):
    share_and_open(review, irm, django_capture_on_commit_callbacks)
    comment = ReviewComment.objects.post(review, author=civil, body="Is commitment 2 really complete?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment.give_answer("Yes: see the evidence in section 3.", by=irm)
        comment.give_answer("Yes: see the evidence in section 3 of the report.", by=irm)
    assert recipients() == ["civil@example.org"]
    body = mail.outbox[0].body
    # Sent after commit, it carries the answer as it then stands.
    assert "Yes: see the evidence in section 3 of the report." in body and f"#comment-{comment.pk}" in body


def test_an_inactive_author_hears_nothing(review, people, civil, irm, django_capture_on_commit_callbacks):
    share_and_open(review, irm, django_capture_on_commit_callbacks)
    comment = ReviewComment.objects.post(review, author=civil, body="A comment.")
    civil.is_active = False
    civil.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment.give_answer("An answer.", by=irm)
    assert mail.outbox == []


def test_the_task_quietly_skips_a_deleted_review_and_events_that_are_not_emailed(review, people):
    send_review_notice(999999, "published")
    send_review_notice(review.pk, "finalised")
    send_review_notice(review.pk, "edited")
    assert mail.outbox == []
