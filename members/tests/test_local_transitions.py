"""OGP Local applications: submitting, accepting and declining, as model methods."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from members.models import (
    ALLOWED_STATUS_CHANGES,
    AuditEntry,
    Government,
    LocalApplication,
    LocalApplicationStatus,
    MembershipStatus,
    PointOfContact,
    StatusChange,
)
from members.models.local import ACCEPTANCE_REASON
from members.tasks import send_local_application_decision
from members.tests.factories import GovernmentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_application(applicant, country, *, jurisdiction="Lyon", status=LocalApplicationStatus.SUBMITTED, **fields):
    application = LocalApplication(
        applicant=applicant,
        country=country,
        jurisdiction=jurisdiction,
        applicant_title=fields.pop("applicant_title", "Deputy mayor for open government"),
        reform_example="Participatory budget co-created with residents' associations.",
        reform_year=timezone.localdate().year - 1,
        term_months_remaining=30,
        staff_and_resources="Two officers in the mayor's office; a civic-tech association.",
        status=status,
        **fields,
    )
    application.letter_of_support.save("letter.pdf", ContentFile(pdf_bytes()), save=False)
    application.save()
    application.partners.add(OrganisationFactory(name="Anticor Lyon"))
    return application


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Ana", last_name="Lopez")


@pytest.fixture
def application(applicant, government):
    return make_application(applicant, government)


def acceptance_emails():
    return [message for message in mail.outbox if "joins OGP Local" in message.subject]


class TestAccept:
    def test_accept_creates_the_local_member_with_its_timeline_and_contact(
        self, application, applicant, government, staff, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            local = application.accept(by=staff, reason="Strong partnership.")
        local.refresh_from_db()
        assert (local.kind, local.parent, local.region, local.slug) == (
            "local",
            government,
            government.region,
            "fra-lyon",
        )
        assert (local.name, local.status, local.member_since) == ("Lyon", "member", timezone.localdate().year)
        assert local.iso3 == ""
        change = local.status_changes.get()
        assert (change.from_status, change.to_status, change.reason, change.actor) == (
            "not_member",
            "member",
            ACCEPTANCE_REASON,
            staff,
        )
        contact = PointOfContact.objects.get(user=applicant)
        assert (contact.government, contact.title, contact.granted_by) == (
            local,
            "Deputy mayor for open government",
            staff,
        )
        application.refresh_from_db()
        assert (application.status, application.decided_by, application.government) == ("accepted", staff, local)
        assert application.decided_at is not None and application.decision_reason == "Strong partnership."
        assert application.applicant_is_point_of_contact
        entry = AuditEntry.objects.for_object(application).get(action="local_application.accepted")
        assert entry.actor == staff
        assert entry.data == {
            "from_status": "submitted",
            "to_status": "accepted",
            "reason": "Strong partnership.",
            "government": "fra-lyon",
            "point_of_contact_granted": True,
        }
        assert AuditEntry.objects.for_object(local).filter(action="point_of_contact.granted").count() == 1
        [email] = acceptance_emails()
        assert email.to == [applicant.email]
        assert "Lyon (France)" in email.body and "Strong partnership." in email.body
        assert "You are the point of contact of the new member" in email.body
        assert "/governments/fra-lyon/" in email.body

    def test_the_slug_gets_a_number_when_taken(self, applicant, government, staff):
        GovernmentFactory(local=True, parent=government, slug="fra-lyon", name="Lyon", status="withdrawn")
        GovernmentFactory(local=True, parent=government, slug="fra-lyon-2", name="Lyon (old)", status="withdrawn")
        local = make_application(applicant, government).accept(by=staff)
        assert local.slug == "fra-lyon-3"

    def test_a_name_without_latin_letters_still_gets_a_slug(self, applicant, government, staff):
        local = make_application(applicant, government, jurisdiction="東京").accept(by=staff)
        assert local.slug == "fra-local"

    def test_an_applicant_who_already_acts_for_a_government_is_not_made_contact(
        self, other_poc, other_government, government, staff, django_capture_on_commit_callbacks
    ):
        application = make_application(other_poc, government)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            local = application.accept(by=staff)
        assert PointOfContact.objects.get(user=other_poc).government == other_government
        assert not local.points_of_contact.exists()
        assert not application.applicant_is_point_of_contact
        entry = AuditEntry.objects.for_object(application).get(action="local_application.accepted")
        assert entry.data["point_of_contact_granted"] is False
        [email] = acceptance_emails()
        assert "you were not made the point of contact" in email.body
        assert Government.objects.get(slug="fra-lyon").status == "member"

    def test_an_application_whose_applicant_was_deleted_is_accepted_without_contact(
        self, application, applicant, staff, django_capture_on_commit_callbacks
    ):
        applicant.delete()
        application.refresh_from_db()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            local = application.accept(by=staff)
        assert local.status == "member" and not local.points_of_contact.exists()
        assert acceptance_emails() == []

    @pytest.mark.parametrize("status", ["accepted", "declined"])
    def test_deciding_twice_is_refused_and_sends_nothing(
        self, application, staff, status, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            if status == "accepted":
                application.accept(by=staff)
            else:
                application.decline(by=staff, reason="Term too short.")
        sent = len(mail.outbox)
        governments = Government.objects.count()
        audit = AuditEntry.objects.count()
        for decision in ("accept", "decline"):
            # A page opened before the first decision still holds the old status: the row decides.
            stale = LocalApplication.objects.get(pk=application.pk)
            stale.status = LocalApplicationStatus.SUBMITTED
            decide = stale.accept if decision == "accept" else stale.decline
            kwargs = {"by": staff} if decision == "accept" else {"by": staff, "reason": "Again"}
            with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
                decide(**kwargs)
            assert error.value.code == "already_decided"
        application.refresh_from_db()
        assert application.status == status
        assert (len(mail.outbox), Government.objects.count(), AuditEntry.objects.count()) == (sent, governments, audit)

    @pytest.mark.parametrize(
        "status", ["not_member", "eligible", "letter_submitted", "under_procedural_review", "inactive", "suspended"]
    )
    def test_accepting_is_refused_when_the_country_lost_good_standing(self, application, government, staff, status):
        Government.objects.filter(pk=government.pk).update(status=status)
        with pytest.raises(ValidationError) as error:
            application.accept(by=staff)
        assert error.value.code == "country_not_in_good_standing"
        application.refresh_from_db()
        assert application.status == "submitted" and not Government.objects.local().exists()

    def test_a_country_under_eligibility_review_is_still_in_good_standing(self, application, government, staff):
        Government.objects.filter(pk=government.pk).update(status="under_eligibility_review")
        assert application.accept(by=staff).status == "member"

    def test_accepting_is_refused_when_the_jurisdiction_became_a_member(self, application, government, staff):
        GovernmentFactory(local=True, parent=government, name="LYON", slug="lyon-existing")
        with pytest.raises(ValidationError) as error:
            application.accept(by=staff)
        assert error.value.code == "already_local_member"
        application.refresh_from_db()
        assert application.status == "submitted" and application.government is None


def test_deciding_twice_is_refused(application, staff, django_capture_on_commit_callbacks):
    """The plain case: the same object, decided again."""
    with django_capture_on_commit_callbacks(execute=True):
        application.accept(by=staff)
    sent = len(mail.outbox)
    for decide in (lambda: application.accept(by=staff), lambda: application.decline(by=staff, reason="No")):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
            decide()
        assert error.value.code == "already_decided"
    assert len(mail.outbox) == sent
    assert Government.objects.local().count() == 1


class TestDecline:
    def test_decline_records_the_reasons_and_emails_the_applicant_once(
        self, application, applicant, staff, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            application.decline(by=staff, reason="  The term ends in 10 months.  ")
        application.refresh_from_db()
        assert (application.status, application.decided_by, application.decision_reason) == (
            "declined",
            staff,
            "The term ends in 10 months.",
        )
        assert application.government is None and not Government.objects.local().exists()
        entry = AuditEntry.objects.for_object(application).get(action="local_application.declined")
        assert (entry.actor, entry.data["reason"], entry.data["to_status"]) == (
            staff,
            "The term ends in 10 months.",
            "declined",
        )
        [email] = mail.outbox
        assert email.to == [applicant.email]
        assert email.subject == "Your OGP Local application for Lyon is declined"
        assert "The term ends in 10 months." in email.body

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_decline_needs_reasons(self, application, staff, reason):
        with pytest.raises(ValidationError) as error:
            application.decline(by=staff, reason=reason)
        assert error.value.code == "reason_required"
        application.refresh_from_db()
        assert application.status == "submitted"
        assert not AuditEntry.objects.for_object(application).filter(action__startswith="local_application.d").exists()


class TestDecisionEmailTask:
    def test_running_it_twice_sends_one_email(self, application, staff):
        application.decline(by=staff, reason="Not this year.")  # no on-commit capture: nothing sent yet
        mail.outbox.clear()
        send_local_application_decision(application.pk)
        send_local_application_decision(application.pk)
        assert len(mail.outbox) == 1
        assert (
            AuditEntry.objects.for_object(application).filter(action="local_application.decision_emailed").count() == 1
        )

    def test_an_undecided_or_missing_application_sends_nothing(self, application):
        send_local_application_decision(application.pk)
        send_local_application_decision(application.pk + 1000)
        assert mail.outbox == []


class TestSubmit:
    def test_submit_saves_and_audits(self, applicant, government):
        partner = OrganisationFactory(name="Anticor")
        application = LocalApplication.objects.submit(
            applicant=applicant,
            partners=[partner],
            country=government,
            jurisdiction="Lyon",
            applicant_title="Mayor",
            letter_of_support=ContentFile(pdf_bytes(), name="letter.pdf"),
            reform_example="x",
            reform_year=timezone.localdate().year,
            term_months_remaining=16,
            staff_and_resources="y",
        )
        assert list(application.partners.all()) == [partner]
        entry = AuditEntry.objects.for_object(application).get()
        assert (entry.action, entry.actor, entry.data["partners"]) == (
            "local_application.submitted",
            applicant,
            ["Anticor"],
        )

    def test_submit_refuses_a_second_open_application_even_if_the_form_was_passed(
        self, applicant, application, government
    ):
        with pytest.raises(ValidationError) as error:
            LocalApplication.objects.submit(
                applicant=applicant,
                partners=[],
                country=government,
                jurisdiction="lyon ",
                applicant_title="Mayor",
                letter_of_support=ContentFile(pdf_bytes(), name="letter.pdf"),
                reform_example="x",
                reform_year=2025,
                term_months_remaining=16,
                staff_and_resources="y",
            )
        assert error.value.code == "application_already_open"
        assert LocalApplication.objects.count() == 1


def test_a_not_member_government_may_become_member_directly(government, staff):
    """The edge a local government joins by; the national process still goes through a letter of intent."""
    assert MembershipStatus.MEMBER in ALLOWED_STATUS_CHANGES[MembershipStatus.NOT_MEMBER]
    Government.objects.filter(pk=government.pk).update(status="not_member")
    government.refresh_from_db()
    change = government.change_status(MembershipStatus.MEMBER, reason=ACCEPTANCE_REASON, by=staff)
    assert (change.from_status, change.to_status) == ("not_member", "member")
    assert StatusChange.objects.count() == 1


def test_the_queryset_shows_applicants_their_own_applications_and_staff_all(application, applicant, staff, civil):
    other = make_application(civil, application.country, jurisdiction="Nantes")
    assert list(LocalApplication.objects.visible_to(applicant)) == [application]
    assert set(LocalApplication.objects.visible_to(staff)) == {application, other}
    assert not LocalApplication.objects.visible_to(AnonymousUser()).exists()
