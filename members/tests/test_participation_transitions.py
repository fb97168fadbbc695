"""Participation transitions at model level: every allowed move, every refused one, audit rows, emails once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from members import tasks
from members.models import (
    AuditEntry,
    Forum,
    ForumMeeting,
    ForumMembership,
    ForumMembershipStatus,
    Organisation,
    PointOfContact,
    PointOfContactRequest,
    RequestStatus,
    Subscription,
)
from members.models.participation import PointOfContactRequestQuerySet
from members.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = {
    "agency": "Ministère de la Transformation publique",
    "title": "Cheffe de projet OGP",
    "official_email": "ogp@modernisation.gouv.fr",
    "justification": "I coordinate the OGP action plan for the government.",
}


def actions(obj):
    return list(AuditEntry.objects.for_object(obj).order_by("pk").values_list("action", flat=True))


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Anne", language="fr")


@pytest.fixture
def poc_request(applicant, government):
    return PointOfContactRequest.objects.file(user=applicant, government=government, **REQUEST_FIELDS)


class TestFilingARequest:
    def test_filing_creates_a_pending_request_and_an_audit_row(self, poc_request, applicant):
        assert poc_request.status == RequestStatus.PENDING
        assert actions(poc_request) == ["point_of_contact_request.filed"]
        assert AuditEntry.objects.for_object(poc_request).get().actor == applicant

    def test_a_second_pending_request_is_refused(self, poc_request, applicant, other_government):
        with pytest.raises(ValidationError) as error:
            PointOfContactRequest.objects.file(user=applicant, government=other_government, **REQUEST_FIELDS)
        assert error.value.code == "already_pending"
        assert PointOfContactRequest.objects.filter(user=applicant).count() == 1

    def test_a_race_past_the_check_meets_the_constraint_and_gets_the_same_error(
        self, poc_request, applicant, government, monkeypatch
    ):
        monkeypatch.setattr(PointOfContactRequestQuerySet, "pending", lambda self: self.none())
        with pytest.raises(ValidationError) as error:
            PointOfContactRequest.objects.file(user=applicant, government=government, **REQUEST_FIELDS)
        assert error.value.code == "already_pending"
        assert PointOfContactRequest.objects.filter(user=applicant).count() == 1

    def test_the_database_allows_one_pending_request_per_user(self, poc_request, applicant, government):
        with pytest.raises(IntegrityError), transaction.atomic():
            PointOfContactRequest.objects.create(user=applicant, government=government, **REQUEST_FIELDS)

    def test_a_point_of_contact_cannot_ask(self, poc, other_government):
        with pytest.raises(ValidationError) as error:
            PointOfContactRequest.objects.file(user=poc, government=other_government, **REQUEST_FIELDS)
        assert error.value.code == "already_point_of_contact"
        assert not PointOfContactRequest.objects.filter(user=poc).exists()

    def test_after_a_refusal_the_user_may_ask_again(self, poc_request, applicant, government, staff):
        poc_request.refuse(by=staff, reason="Unknown at the ministry.")
        again = PointOfContactRequest.objects.file(user=applicant, government=government, **REQUEST_FIELDS)
        assert again.status == RequestStatus.PENDING


class TestApproving:
    def test_approve_grants_the_role_audits_and_sends_one_email_in_the_users_language(
        self, poc_request, applicant, government, staff, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            contact = poc_request.approve(by=staff)
        poc_request.refresh_from_db()
        assert poc_request.status == RequestStatus.APPROVED
        assert poc_request.decided_by == staff and poc_request.decided_at is not None
        assert contact.user == applicant and contact.government == government
        assert contact.title == REQUEST_FIELDS["title"] and contact.granted_by == staff
        assert actions(poc_request) == ["point_of_contact_request.filed", "point_of_contact_request.approved"]
        assert AuditEntry.objects.for_object(poc_request).get(action="point_of_contact_request.approved").actor == staff
        assert "point_of_contact.granted" in actions(government)
        assert len(callbacks) == 1
        assert len(mail.outbox) == 1  # the grant's notice is THE approval email
        assert mail.outbox[0].to == [applicant.email]
        assert mail.outbox[0].subject == "France\u00a0: vous êtes désormais point de contact"

    def test_no_email_before_commit(self, poc_request, staff, django_capture_on_commit_callbacks):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            poc_request.approve(by=staff)
            assert mail.outbox == []
        assert len(callbacks) == 1

    @pytest.mark.parametrize("decided", ["approve", "refuse"])
    def test_a_decided_request_cannot_be_approved(self, poc_request, staff, decided):
        poc_request.approve(by=staff) if decided == "approve" else poc_request.refuse(by=staff, reason="No.")
        with pytest.raises(ValidationError) as error:
            poc_request.approve(by=staff)
        assert error.value.code == "already_decided"
        assert PointOfContact.objects.filter(user=poc_request.user).count() == (1 if decided == "approve" else 0)

    def test_staff_cannot_approve_their_own_request(self, staff, government):
        own = PointOfContactRequest.objects.file(user=staff, government=government, **REQUEST_FIELDS)
        with pytest.raises(ValidationError) as error:
            own.approve(by=staff)
        assert error.value.code == "own_request"
        assert not PointOfContact.objects.filter(user=staff).exists()

    def test_if_the_grant_fails_the_request_stays_pending_and_nothing_is_sent(
        self, poc_request, applicant, other_government, staff, django_capture_on_commit_callbacks
    ):
        other_government.grant_point_of_contact(applicant, by=staff)  # meanwhile, through the admin
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            poc_request.approve(by=staff)
        poc_request.refresh_from_db()
        assert poc_request.status == RequestStatus.PENDING
        assert "point_of_contact_request.approved" not in actions(poc_request)
        assert mail.outbox == []


class TestRefusing:
    def test_refuse_records_the_reason_audits_and_emails_once_in_the_users_language(
        self, poc_request, applicant, staff, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            poc_request.refuse(by=staff, reason="  Nobody at the ministry knows you.  ")
        poc_request.refresh_from_db()
        assert poc_request.status == RequestStatus.REFUSED
        assert poc_request.refusal_reason == "Nobody at the ministry knows you."
        assert poc_request.decided_by == staff
        entry = AuditEntry.objects.for_object(poc_request).get(action="point_of_contact_request.refused")
        assert entry.actor == staff and entry.data["reason"] == "Nobody at the ministry knows you."
        assert entry.data["from_status"] == "pending" and entry.data["to_status"] == "refused"
        assert not PointOfContact.objects.filter(user=applicant).exists()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [applicant.email]
        assert "Nobody at the ministry knows you." in mail.outbox[0].body
        assert "/fr/governments/fra/represent/" in mail.outbox[0].body  # links in the user's language

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_a_reason_is_required(self, poc_request, staff, reason):
        with pytest.raises(ValidationError) as error:
            poc_request.refuse(by=staff, reason=reason)
        assert error.value.code == "reason_required"
        poc_request.refresh_from_db()
        assert poc_request.status == RequestStatus.PENDING
        assert actions(poc_request) == ["point_of_contact_request.filed"]

    @pytest.mark.parametrize("decided", ["approve", "refuse"])
    def test_a_decided_request_cannot_be_refused(self, poc_request, staff, decided):
        poc_request.approve(by=staff) if decided == "approve" else poc_request.refuse(by=staff, reason="No.")
        with pytest.raises(ValidationError) as error:
            poc_request.refuse(by=staff, reason="Again.")
        assert error.value.code == "already_decided"

    def test_the_refusal_notice_sent_twice_emails_once(self, poc_request, staff):
        poc_request.refuse(by=staff, reason="No.")
        mail.outbox.clear()
        tasks.send_point_of_contact_request_refused_notice(poc_request.pk)
        tasks.send_point_of_contact_request_refused_notice(poc_request.pk)
        assert len(mail.outbox) == 1

    def test_the_refusal_notice_does_nothing_for_a_pending_request(self, poc_request):
        tasks.send_point_of_contact_request_refused_notice(poc_request.pk)
        assert mail.outbox == []


# --- Forums -------------------------------------------------------------------------------------


@pytest.fixture
def forum(government):
    return Forum.objects.create(government=government, name="Forum ouvert", rules="Open to all.")


class TestJoiningAForum:
    def test_asking_creates_a_pending_membership_audits_and_tells_the_points_of_contact_once(
        self, forum, civil, poc, django_capture_on_commit_callbacks
    ):
        organisation = civil.organisations.get()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert forum.ask_to_join(civil, organisation=organisation, motivation="We track contracts.")
        membership = ForumMembership.objects.get(forum=forum, user=civil)
        assert membership.status == ForumMembershipStatus.PENDING and membership.organisation == organisation
        assert actions(membership) == ["forum_membership.requested", "forum_membership.request_emailed"]
        assert [message.to for message in mail.outbox] == [[poc.email]]

    def test_asking_twice_does_not_duplicate(self, forum, civil, poc, django_capture_on_commit_callbacks):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert forum.ask_to_join(civil)
        with django_capture_on_commit_callbacks(execute=True):
            assert not forum.ask_to_join(civil, motivation="Again")
        assert ForumMembership.objects.filter(forum=forum, user=civil).count() == 1
        assert len(mail.outbox) == 1

    def test_an_accepted_member_asking_again_changes_nothing(self, forum, civil, poc):
        forum.ask_to_join(civil)
        ForumMembership.objects.get(user=civil).accept(by=poc)
        assert not forum.ask_to_join(civil)
        assert ForumMembership.objects.get(user=civil).status == ForumMembershipStatus.ACCEPTED

    def test_a_declined_user_may_ask_again(self, forum, civil, poc, django_capture_on_commit_callbacks):
        forum.ask_to_join(civil)
        ForumMembership.objects.get(user=civil).decline(by=poc)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert forum.ask_to_join(civil, motivation="Second try")
        membership = ForumMembership.objects.get(user=civil)
        assert membership.status == ForumMembershipStatus.PENDING and membership.decided_by is None
        assert len(mail.outbox) == 1  # the new request is a new event

    def test_the_request_notice_sent_twice_emails_once(self, forum, civil, poc):
        forum.ask_to_join(civil)
        membership = ForumMembership.objects.get(user=civil)
        mail.outbox.clear()
        tasks.send_forum_join_request_notice(membership.pk)
        tasks.send_forum_join_request_notice(membership.pk)
        assert len(mail.outbox) == 1
        assert actions(membership).count("forum_membership.request_emailed") == 1


class TestAnsweringAForumRequest:
    @pytest.fixture
    def membership(self, forum, civil):
        forum.ask_to_join(civil, motivation="Please")
        return ForumMembership.objects.get(forum=forum, user=civil)

    @pytest.mark.parametrize(("method", "status"), [("accept", "accepted"), ("decline", "declined")])
    def test_answer_moves_pending_audits_and_emails_the_requester_once(
        self, membership, poc, civil, method, status, django_capture_on_commit_callbacks
    ):
        civil.language = "es"
        civil.save(update_fields=["language"])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            getattr(membership, method)(by=poc)
        membership.refresh_from_db()
        assert membership.status == status and membership.decided_by == poc and membership.decided_at
        entry = AuditEntry.objects.for_object(membership).get(action=f"forum_membership.{status}")
        assert entry.actor == poc and entry.data == {"from_status": "pending", "to_status": status}
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [civil.email]
        assert "/es/governments/fra/" in mail.outbox[0].body
        tasks.send_forum_membership_decision(membership.pk)  # a second delivery sends nothing
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize("first", ["accept", "decline"])
    @pytest.mark.parametrize("second", ["accept", "decline"])
    def test_an_answered_request_cannot_be_answered_again(self, membership, poc, first, second):
        getattr(membership, first)(by=poc)
        mail.outbox.clear()
        with pytest.raises(ValidationError) as error:
            getattr(membership, second)(by=poc)
        assert error.value.code == "already_decided"
        assert mail.outbox == []

    def test_the_decision_notice_does_nothing_while_pending(self, membership):
        mail.outbox.clear()
        tasks.send_forum_membership_decision(membership.pk)
        assert mail.outbox == []


class TestRecordingMeetings:
    def test_a_past_meeting_is_recorded_audited_and_subscribers_are_emailed_once(
        self, forum, government, poc, civil, django_capture_on_commit_callbacks
    ):
        Subscription.objects.subscribe(civil, government)
        UserFactory(username="bystander")  # not subscribed: not emailed
        civil.language = "fr"
        civil.save(update_fields=["language"])
        mail.outbox.clear()
        day = timezone.localdate() - datetime.timedelta(days=3)
        with django_capture_on_commit_callbacks(execute=True):
            meeting = forum.record_meeting(date=day, by=poc, summary="Draft plan discussed.")
        assert meeting.recorded_by == poc and meeting.forum == forum
        assert actions(forum) == ["forum.meeting_recorded"]
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [civil.email]
        assert "Draft plan discussed." in mail.outbox[0].body
        assert "/fr/unsubscribe/" in mail.outbox[0].body
        tasks.send_forum_meeting_notice(meeting.pk)
        assert len(mail.outbox) == 1

    def test_today_is_allowed(self, forum, poc):
        assert forum.record_meeting(date=timezone.localdate(), by=poc).pk

    def test_a_future_meeting_is_refused(self, forum, poc):
        with pytest.raises(ValidationError) as error:
            forum.record_meeting(date=timezone.localdate() + datetime.timedelta(days=1), by=poc)
        assert error.value.code == "future_date"
        assert not ForumMeeting.objects.exists() and actions(forum) == []


# --- Organisations and subscriptions ----------------------------------------------------------


class TestOrganisations:
    def test_found_makes_a_unique_slug_and_the_creator_a_member(self, civil):
        first = Organisation.found(by=civil, name="Transparency Watch")
        second = Organisation.found(by=civil, name="Transparency Watch")
        assert (first.slug, second.slug) == ("transparency-watch", "transparency-watch-2")
        assert first.has_member(civil) and first.created_by == civil
        assert actions(first) == ["organisation.created"]

    def test_the_slug_never_takes_the_creation_page_address(self, civil):
        assert Organisation.found(by=civil, name="New").slug == "new-organisation"
        assert Organisation.found(by=civil, name="!!!").slug == "organisation"

    def test_join_and_leave_are_idempotent_and_audited(self, civil):
        organisation = OrganisationFactory()
        assert organisation.join(civil) and not organisation.join(civil)
        assert organisation.leave(civil) and not organisation.leave(civil)
        assert actions(organisation) == ["organisation.joined", "organisation.left"]

    def test_verify_then_unverify(self, staff):
        organisation = OrganisationFactory()
        organisation.verify(by=staff)
        organisation.refresh_from_db()
        assert organisation.is_verified
        organisation.unverify(by=staff)
        organisation.refresh_from_db()
        assert not organisation.is_verified
        assert actions(organisation) == ["organisation.verified", "organisation.unverified"]
        assert AuditEntry.objects.for_object(organisation).first().actor == staff

    def test_verifying_twice_or_unverifying_an_unverified_one_is_refused(self, staff):
        organisation = OrganisationFactory()
        with pytest.raises(ValidationError) as error:
            organisation.unverify(by=staff)
        assert error.value.code == "not_verified"
        organisation.verify(by=staff)
        with pytest.raises(ValidationError) as error:
            organisation.verify(by=staff)
        assert error.value.code == "already_verified"
        assert actions(organisation) == ["organisation.verified"]


class TestSubscriptions:
    def test_subscribe_and_unsubscribe_are_idempotent_and_audited(self, civil, government):
        assert Subscription.objects.subscribe(civil, government)
        assert not Subscription.objects.subscribe(civil, government)
        assert Subscription.objects.filter(user=civil).count() == 1
        assert Subscription.objects.unsubscribe(civil, government)
        assert not Subscription.objects.unsubscribe(civil, government)
        assert actions(government).count("subscription.started") == 1
        assert actions(government).count("subscription.ended") == 1


def test_admin_verification_goes_through_the_audited_method(client, staff, civil):
    from members.models import AuditEntry, Organisation

    organisation = Organisation.objects.get(members=civil)
    client.force_login(staff)
    response = client.post("/admin/members/organisation/", {"action": "verify", "_selected_action": [organisation.pk]})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert AuditEntry.objects.for_object(organisation).filter(actor=staff).exists()
