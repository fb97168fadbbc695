"""The admin reads letters of intent; its actions go through the model's transitions."""

import pytest
from django.urls import reverse

from members.models import AuditEntry, LetterOfIntent, LetterStatus, MembershipStatus
from members.tests.factories import GovernmentFactory
from members.tests.test_letters_transitions import complete_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(staff):
    government = GovernmentFactory(iso3="GEO", slug="geo", name="Georgia", status=MembershipStatus.LETTER_SUBMITTED)
    return complete_letter(government, staff, status=LetterStatus.SUBMITTED)


def run_action(client, action, letter):
    url = reverse("admin:members_letterofintent_changelist")
    return client.post(url, {"action": action, "_selected_action": [letter.pk]}, follow=True)


def test_admin_actions_call_the_transitions(client, staff, submitted):
    client.force_login(staff)
    assert client.get(reverse("admin:members_letterofintent_changelist")).status_code == 200
    assert client.get(reverse("admin:members_letterofintent_change", args=[submitted.pk])).status_code == 200

    assert "1 letters now under review." in run_action(client, "start_review", submitted).text
    assert "1 letters accepted." in run_action(client, "accept_with_me_as_contact", submitted).text
    assert "1 letters published." in run_action(client, "publish", submitted).text
    submitted.refresh_from_db()
    submitted.government.refresh_from_db()
    assert submitted.status == LetterStatus.PUBLISHED and submitted.support_contact == staff
    assert submitted.government.status == MembershipStatus.MEMBER
    actions = set(AuditEntry.objects.for_object(submitted).values_list("action", flat=True))
    assert {"letter.review_started", "letter.accepted", "letter.published"} <= actions


def test_a_refused_admin_action_says_why_and_changes_nothing(client, staff, submitted):
    client.force_login(staff)
    response = run_action(client, "publish", submitted)
    assert "Only an accepted letter can be published" in response.text
    submitted.refresh_from_db()
    assert submitted.status == LetterStatus.SUBMITTED


def test_letters_cannot_be_added_changed_or_deleted_in_the_admin(client, staff, submitted):
    client.force_login(staff)
    assert client.get(reverse("admin:members_letterofintent_add")).status_code == 403
    response = client.post(reverse("admin:members_letterofintent_change", args=[submitted.pk]), {"status": "published"})
    assert response.status_code == 403
    assert LetterOfIntent.objects.get().status == LetterStatus.SUBMITTED
