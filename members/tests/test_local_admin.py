"""The OGP Local admin: applications are read-only; decisions go through the audited model methods."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from members.models import AuditEntry, Government, LocalApplication
from members.tests.factories import UserFactory
from members.tests.test_local_transitions import make_application

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:members_localapplication_changelist"


@pytest.fixture
def application(government):
    return make_application(UserFactory(username="applicant"), government)


def test_the_admin_lists_applications_and_refuses_adding_by_hand(admin_client, application):
    assert "Lyon" in admin_client.get(reverse(CHANGELIST)).text
    assert admin_client.get(reverse("admin:members_localapplication_add")).status_code == 403


def test_the_accept_action_calls_the_model_method(
    admin_client, admin_user, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST), {"action": "accept_applications", ACTION_CHECKBOX_NAME: [application.pk]}, follow=True
        )
    assert "1 applications decided." in response.text
    application.refresh_from_db()
    assert application.status == "accepted" and application.government.slug == "fra-lyon"
    assert AuditEntry.objects.get(action="local_application.accepted").actor == admin_user
    assert len([message for message in mail.outbox if "joins OGP Local" in message.subject]) == 1


def test_the_decline_action_asks_for_reasons_first(admin_client, application):
    data = {"action": "decline_applications", ACTION_CHECKBOX_NAME: [application.pk]}
    response = admin_client.post(reverse(CHANGELIST), data)
    assert response.status_code == 200 and 'name="reason"' in response.text
    response = admin_client.post(reverse(CHANGELIST), {**data, "decline_confirmed": "1", "reason": " "})
    assert "Give the reasons for declining the application." in response.text
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_decline_action_declines_with_the_reasons(admin_client, admin_user, application):
    data = {
        "action": "decline_applications",
        ACTION_CHECKBOX_NAME: [application.pk],
        "decline_confirmed": "1",
        "reason": "Term too short.",
    }
    response = admin_client.post(reverse(CHANGELIST), data, follow=True)
    assert "1 applications decided." in response.text
    application.refresh_from_db()
    assert (application.status, application.decision_reason, application.decided_by) == (
        "declined",
        "Term too short.",
        admin_user,
    )


def test_a_refused_decision_in_the_admin_is_reported_and_changes_nothing(admin_client, admin_user, application):
    application.decline(by=admin_user, reason="No.")
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "accept_applications", ACTION_CHECKBOX_NAME: [application.pk]}, follow=True
    )
    assert "This application has already been decided (Declined)." in response.text
    assert LocalApplication.objects.get().status == "declined" and not Government.objects.local().exists()


def test_support_unit_staff_can_decide_in_the_admin(client, staff, application):
    client.force_login(staff)
    response = client.post(
        reverse(CHANGELIST), {"action": "accept_applications", ACTION_CHECKBOX_NAME: [application.pk]}, follow=True
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "accepted"
