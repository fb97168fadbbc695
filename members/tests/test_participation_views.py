"""Participation pages: happy paths, double submits, invalid forms that change nothing and keep what was typed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import (
    AuditEntry,
    Forum,
    ForumMeeting,
    ForumMembership,
    Organisation,
    PointOfContact,
    PointOfContactRequest,
    RequestStatus,
    Subscription,
)
from members.tests.factories import GovernmentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUEST_DATA = {
    "agency": "Secretaría de la Función Pública",
    "title": "Directora de Gobierno Abierto",
    "official_email": "abierto@sfp.gob.mx",
    "justification": "I lead the open government team and wrote the last action plan.",
}


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def applicant(client):
    user = UserFactory(username="applicant", first_name="Ana")
    client.force_login(user)
    return user


class TestAskingToRepresentAGovernment:
    url = reverse("members:poc-request-create", kwargs={"slug": "mex"})

    def test_the_request_is_filed_and_the_user_sent_back_to_the_government(self, client, applicant, other_government):
        response = client.post(self.url, REQUEST_DATA)
        assert response.status_code == 302 and response["Location"] == other_government.get_absolute_url()
        request = PointOfContactRequest.objects.get(user=applicant)
        assert request.government == other_government and request.status == RequestStatus.PENDING
        assert request.agency == REQUEST_DATA["agency"]

    def test_a_double_submit_files_one_request_and_says_so(self, client, applicant, other_government):
        client.post(self.url, REQUEST_DATA)
        response = client.post(self.url, REQUEST_DATA, follow=True)
        assert response.status_code == 200
        assert PointOfContactRequest.objects.filter(user=applicant).count() == 1
        assert "You already have a request waiting for the Support Unit's answer." in messages_of(response)

    def test_the_page_shows_the_pending_request_instead_of_the_form(self, client, applicant, other_government):
        client.post(self.url, REQUEST_DATA)
        response = client.get(self.url)
        assert "The Support Unit has not answered yet" in response.text
        assert 'name="justification"' not in response.text

    def test_an_invalid_form_changes_nothing_and_keeps_what_was_typed(self, client, applicant, other_government):
        response = client.post(self.url, {**REQUEST_DATA, "official_email": "not-an-email", "justification": "me"})
        assert response.status_code == 400
        assert not PointOfContactRequest.objects.exists()
        assert REQUEST_DATA["agency"] in response.text and "not-an-email" in response.text
        assert response.context["form"].errors.keys() == {"official_email", "justification"}

    def test_the_government_page_offers_the_request_to_signed_in_users_only(self, client, applicant, other_government):
        assert self.url in client.get(other_government.get_absolute_url()).text
        client.logout()
        assert self.url not in client.get(other_government.get_absolute_url()).text


class TestTheSupportUnitQueue:
    @pytest.fixture
    def pending(self, other_government):
        user = UserFactory(username="candidate", language="es")
        return PointOfContactRequest.objects.file(user=user, government=other_government, **REQUEST_DATA)

    def test_the_queue_lists_pending_requests(self, client, staff, pending):
        client.force_login(staff)
        response = client.get(reverse("members:poc-request-list"))
        assert REQUEST_DATA["agency"] in response.text and REQUEST_DATA["official_email"] in response.text

    def test_approving_grants_the_role_and_sends_one_email(
        self, client, staff, pending, django_capture_on_commit_callbacks
    ):
        client.force_login(staff)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:poc-request-approve", kwargs={"pk": pending.pk}))
        assert response["Location"] == reverse("members:poc-request-list")
        assert PointOfContact.objects.get(user=pending.user).government == pending.government
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [pending.user.email]

    def test_approving_twice_does_not_crash_nor_grant_twice(self, client, staff, pending):
        client.force_login(staff)
        url = reverse("members:poc-request-approve", kwargs={"pk": pending.pk})
        client.post(url)
        response = client.post(url, follow=True)
        assert any("already been decided" in message for message in messages_of(response))
        assert PointOfContact.objects.filter(user=pending.user).count() == 1

    def test_refusing_without_a_reason_changes_nothing_and_shows_the_error(self, client, staff, pending):
        client.force_login(staff)
        url = reverse("members:poc-request-refuse", kwargs={"pk": pending.pk})
        response = client.post(url, {f"request-{pending.pk}-reason": "   "})
        assert response.status_code == 400
        assert "Give the reason for refusing this request." in response.text
        pending.refresh_from_db()
        assert pending.status == RequestStatus.PENDING

    def test_refusing_with_a_reason_emails_the_user_once(
        self, client, staff, pending, django_capture_on_commit_callbacks
    ):
        client.force_login(staff)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("members:poc-request-refuse", kwargs={"pk": pending.pk}),
                {f"request-{pending.pk}-reason": "Please write from your official address."},
            )
        pending.refresh_from_db()
        assert pending.status == RequestStatus.REFUSED
        assert len(mail.outbox) == 1 and "Please write from your official address." in mail.outbox[0].body
        assert "/es/" in mail.outbox[0].body

    def test_the_staff_home_counts_pending_requests(self, client, staff, pending):
        client.force_login(staff)
        response = client.get(reverse("members:staff-home"))
        assert "1 request to become a point of contact is waiting." in response.text
        assert reverse("members:poc-request-list") in response.text


class TestOrganisations:
    def test_the_list_searches_by_name_and_filters_by_country(self, client, government, other_government):
        OrganisationFactory(name="Transparence France", country=government, is_verified=True)
        OrganisationFactory(name="Transparencia México", country=other_government)
        OrganisationFactory(name="Data Commons", country=government)
        response = client.get(reverse("members:organisation-list"), {"q": "transpar", "country": "fra"})
        names = [organisation.name for organisation in response.context["page_obj"]]
        assert names == ["Transparence France"]
        assert "verified" in response.text

    def test_the_list_is_paginated_and_keeps_the_filters(self, client, government):
        for index in range(25):
            OrganisationFactory(name=f"Group {index:02}", country=government)
        response = client.get(reverse("members:organisation-list"), {"country": "fra"})
        assert len(response.context["page_obj"]) == 20
        assert "?country=fra&amp;page=2" in response.text
        response = client.get(reverse("members:organisation-list"), {"country": "fra", "page": 2})
        assert len(response.context["page_obj"]) == 5

    def test_an_unknown_country_filter_is_an_error_not_a_crash(self, client, db):
        response = client.get(reverse("members:organisation-list"), {"country": "atlantis"})
        assert response.status_code == 200 and response.context["form"].errors

    def test_the_detail_shows_members_and_forum_memberships(self, client, civil, government, staff):
        organisation = civil.organisations.get()
        forum = Forum.objects.create(government=government, name="Forum France")
        forum.ask_to_join(civil, organisation=organisation)
        ForumMembership.objects.get(user=civil).accept(by=staff)
        response = client.get(organisation.get_absolute_url())
        assert civil.display_name in response.text and "Forum France" in response.text

    def test_creating_makes_the_creator_a_member(self, client, civil, government):
        client.force_login(civil)
        data = {"name": "Open Budget Lab", "country": government.pk, "website": "obl.example.org"}
        response = client.post(reverse("members:organisation-create"), data)
        organisation = Organisation.objects.get(name="Open Budget Lab")
        assert response["Location"] == organisation.get_absolute_url()
        assert organisation.slug == "open-budget-lab" and organisation.website == "https://obl.example.org"
        assert organisation.has_member(civil)

    def test_an_invalid_organisation_changes_nothing_and_keeps_what_was_typed(self, client, civil):
        client.force_login(civil)
        response = client.post(reverse("members:organisation-create"), {"name": "", "focus_areas": "open contracting"})
        assert response.status_code == 400 and "open contracting" in response.text
        assert not Organisation.objects.filter(focus_areas="open contracting").exists()

    def test_members_edit_the_profile_audited(self, client, civil):
        organisation = civil.organisations.get()
        client.force_login(civil)
        data = {"name": organisation.name, "focus_areas": "Beneficial ownership"}
        client.post(reverse("members:organisation-update", kwargs={"slug": organisation.slug}), data)
        organisation.refresh_from_db()
        assert organisation.focus_areas == "Beneficial ownership"
        entry = AuditEntry.objects.for_object(organisation).get(action="organisation.updated")
        assert entry.actor == civil and entry.data == {"focus_areas": "Beneficial ownership"}

    def test_join_and_leave(self, client, irm):
        organisation = OrganisationFactory()
        client.force_login(irm)
        client.post(reverse("members:organisation-join", kwargs={"slug": organisation.slug}))
        client.post(reverse("members:organisation-join", kwargs={"slug": organisation.slug}))
        assert list(organisation.members.all()) == [irm]
        client.post(reverse("members:organisation-leave", kwargs={"slug": organisation.slug}))
        assert not organisation.members.exists()

    def test_staff_verify_and_unverify(self, client, staff):
        organisation = OrganisationFactory()
        client.force_login(staff)
        client.post(reverse("members:organisation-verify", kwargs={"slug": organisation.slug}))
        organisation.refresh_from_db()
        assert organisation.is_verified
        response = client.post(reverse("members:organisation-verify", kwargs={"slug": organisation.slug}), follow=True)
        assert "This organisation is already verified." in messages_of(response)
        client.post(reverse("members:organisation-unverify", kwargs={"slug": organisation.slug}))
        organisation.refresh_from_db()
        assert not organisation.is_verified


@pytest.fixture
def forum(government):
    return Forum.objects.create(government=government, name="Forum France", rules_url="https://example.org/rules")


class TestRunningTheForum:
    def test_a_point_of_contact_sets_up_the_forum_audited(self, client, poc, government):
        client.force_login(poc)
        data = {"name": "Forum ouvert", "rules": "Everyone may join.", "rules_url": "https://example.org/rules"}
        response = client.post(reverse("members:forum-edit", kwargs={"slug": "fra"}), data)
        assert response["Location"] == government.get_absolute_url()
        forum = Forum.objects.get(government=government)
        assert forum.name == "Forum ouvert"
        assert AuditEntry.objects.for_object(forum).get().action == "forum.created"
        page = client.get(government.get_absolute_url()).text
        assert "Forum ouvert" in page and "Everyone may join." in page and "https://example.org/rules" in page

    def test_an_invalid_forum_changes_nothing_and_keeps_what_was_typed(self, client, poc, forum):
        client.force_login(poc)
        data = {"name": "Renamed", "rules": "Typed rules", "rules_url": "not a url"}
        response = client.post(reverse("members:forum-edit", kwargs={"slug": "fra"}), data)
        assert response.status_code == 400 and "Typed rules" in response.text and "Renamed" in response.text
        forum.refresh_from_db()
        assert forum.name == "Forum France"

    def test_accepting_through_the_page(self, client, poc, civil, forum, django_capture_on_commit_callbacks):
        forum.ask_to_join(civil, motivation="We track contracts.")
        membership = ForumMembership.objects.get(user=civil)
        client.force_login(poc)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("members:forum-membership-accept", kwargs={"slug": "fra", "pk": membership.pk})
            )
        assert response["Location"] == reverse("members:forum-edit", kwargs={"slug": "fra"})
        membership.refresh_from_db()
        assert membership.status == "accepted"
        assert [message.to for message in mail.outbox] == [[civil.email]]
        assert civil.display_name in client.get(reverse("members:government-detail", kwargs={"slug": "fra"})).text

    def test_recording_a_meeting_emails_the_subscribers(
        self, client, poc, civil, forum, government, django_capture_on_commit_callbacks
    ):
        Subscription.objects.subscribe(civil, government)
        client.force_login(poc)
        day = timezone.localdate() - datetime.timedelta(days=1)
        data = {"date": day.isoformat(), "summary": "Co-creation workshop", "minutes_url": "https://example.org/m"}
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:forum-meeting-create", kwargs={"slug": "fra"}), data)
        assert response["Location"] == government.get_absolute_url()
        assert ForumMeeting.objects.get().summary == "Co-creation workshop"
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [civil.email]
        assert "/unsubscribe/" in mail.outbox[0].body

    def test_a_future_meeting_is_refused_and_what_was_typed_is_kept(self, client, poc, forum):
        client.force_login(poc)
        day = timezone.localdate() + datetime.timedelta(days=2)
        data = {"date": day.isoformat(), "summary": "Upcoming workshop"}
        response = client.post(reverse("members:forum-meeting-create", kwargs={"slug": "fra"}), data)
        assert response.status_code == 400
        assert "A meeting can only be recorded once it has taken place." in response.text
        assert "Upcoming workshop" in response.text and day.isoformat() in response.text
        assert not ForumMeeting.objects.exists()

    def test_recording_a_meeting_without_a_forum_sends_to_the_set_up(self, client, poc, government):
        client.force_login(poc)
        response = client.get(reverse("members:forum-meeting-create", kwargs={"slug": "fra"}))
        assert response["Location"] == reverse("members:forum-edit", kwargs={"slug": "fra"})


class TestJoiningTheForum:
    url = reverse("members:forum-join", kwargs={"slug": "fra"})

    def test_asking_twice_keeps_one_request(self, client, civil, forum):
        organisation = civil.organisations.get()
        client.force_login(civil)
        client.post(self.url, {"organisation": organisation.pk, "motivation": "We watch procurement."})
        response = client.post(self.url, {"motivation": "Again"}, follow=True)
        assert "You have already asked to join this forum." in messages_of(response)
        membership = ForumMembership.objects.get(user=civil)
        assert membership.organisation == organisation and membership.motivation == "We watch procurement."

    def test_one_cannot_speak_for_an_organisation_one_is_not_part_of(self, client, civil, forum):
        stranger = OrganisationFactory(name="Not mine")
        client.force_login(civil)
        response = client.post(self.url, {"organisation": stranger.pk, "motivation": "Typed motivation"})
        assert response.status_code == 400 and "Typed motivation" in response.text
        assert not ForumMembership.objects.exists()

    def test_no_forum_no_page(self, client, civil, government):
        client.force_login(civil)
        assert client.get(self.url).status_code == 404


class TestSubscribing:
    def test_subscribe_and_unsubscribe_from_the_government_page(self, client, civil, government):
        client.force_login(civil)
        for _ in range(2):
            response = client.post(reverse("members:government-subscribe", kwargs={"slug": "fra"}))
        assert response["Location"] == government.get_absolute_url()
        assert Subscription.objects.filter(user=civil, government=government).count() == 1
        assert "Stop the updates" in client.get(government.get_absolute_url()).text
        assert "France" in client.get(reverse("members:profile")).text
        for _ in range(2):
            client.post(reverse("members:government-unsubscribe", kwargs={"slug": "fra"}))
        assert not Subscription.objects.exists()
        assert "Receive updates by email" in client.get(government.get_absolute_url()).text


def test_the_profile_shows_the_pending_request(client, applicant):
    other = GovernmentFactory(slug="chl", iso3="CHL", name="Chile")
    PointOfContactRequest.objects.file(user=applicant, government=other, **REQUEST_DATA)
    response = client.get(reverse("members:profile"))
    assert "to become a point of contact of Chile is waiting" in response.text


def test_the_navigation_links_to_the_organisations(client, db):
    assert reverse("members:organisation-list") in client.get(reverse("members:government-list")).text
