import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import AuditEntry, Government, PointOfContact
from members.tests.factories import GovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestGrantPointOfContact:
    def test_grant_creates_the_role_audits_it_and_emails_after_commit(
        self, government, staff, django_capture_on_commit_callbacks
    ):
        user = UserFactory(username="claire")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            government.grant_point_of_contact(user, by=staff, title="OGP coordinator")
        assert len(callbacks) == 1
        contact = PointOfContact.objects.get(user=user)
        assert (contact.government, contact.title, contact.granted_by) == (government, "OGP coordinator", staff)
        entry = AuditEntry.objects.for_object(government).get(action="point_of_contact.granted")
        assert entry.actor == staff and entry.data["user"] == "claire"
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["claire@example.org"]
        assert mail.outbox[0].subject == "You are now a point of contact of France"
        assert "/en/governments/fra/" in mail.outbox[0].body

    def test_no_email_when_the_transaction_rolls_back(self, government, staff, django_capture_on_commit_callbacks):
        user = UserFactory()
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            government.grant_point_of_contact(user, by=staff)
            transaction.set_rollback(True)
        assert callbacks == [] and mail.outbox == []
        assert not PointOfContact.objects.filter(user=user).exists()

    def test_a_user_represents_one_government_only(self, poc, other_government, staff):
        with pytest.raises(ValidationError) as error:
            other_government.grant_point_of_contact(poc, by=staff)
        assert error.value.code == "already_point_of_contact"
        assert PointOfContact.objects.get(user=poc).government.iso3 == "FRA"
        assert not AuditEntry.objects.for_object(other_government).exists()

    def test_revoke_removes_the_role_and_audits_it(self, poc, government, staff):
        PointOfContact.objects.get(user=poc).revoke(by=staff)
        assert not PointOfContact.objects.filter(user=poc).exists()
        assert AuditEntry.objects.for_object(government).filter(action="point_of_contact.revoked").count() == 1


class TestGovernmentConstraints:
    def test_database_refuses_an_unknown_status(self, government):
        with pytest.raises(IntegrityError), transaction.atomic():
            Government.objects.filter(pk=government.pk).update(status="bogus")

    def test_a_local_government_needs_a_country_and_no_iso_code(self, government):
        with pytest.raises(IntegrityError), transaction.atomic():
            Government.objects.create(kind="local", name="Nowhere", slug="nowhere", region="europe", iso3="NWH")

    def test_iso_codes_are_unique(self, government):
        with pytest.raises(IntegrityError), transaction.atomic():
            GovernmentFactory(iso3="FRA", slug="fra-2")

    def test_members_queryset_counts_reviews_and_sanctions_but_not_leavers(self):
        GovernmentFactory(status="member")
        GovernmentFactory(status="under_procedural_review")
        GovernmentFactory(status="withdrawn")
        GovernmentFactory(status="not_member")
        assert Government.objects.members().count() == 2
