from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from members.models import ALLOWED_STATUS_CHANGES, Government, MembershipStatus, StatusChange

pytestmark = pytest.mark.django_db

ALL_MOVES = [(old, new) for old in MembershipStatus for new in MembershipStatus if old != new]


@pytest.mark.parametrize(("old", "new"), ALL_MOVES, ids=[f"{old.value}->{new.value}" for old, new in ALL_MOVES])
def test_every_status_move_is_allowed_or_refused_as_the_process_says(government, staff, old, new):
    Government.objects.filter(pk=government.pk).update(status=old)
    government.refresh_from_db()
    if new in ALLOWED_STATUS_CHANGES[old]:
        change = government.change_status(new, reason="Steering Committee decision", by=staff)
        assert (change.from_status, change.to_status, change.actor) == (old, new, staff)
        government.refresh_from_db()
        assert government.status == new
    else:
        with pytest.raises(ValidationError) as error:
            government.change_status(new, reason="Steering Committee decision", by=staff)
        assert error.value.code == "status_change_not_allowed"
        government.refresh_from_db()
        assert government.status == old
        assert not StatusChange.objects.exists()


def test_a_status_change_needs_a_reason(government, staff):
    with pytest.raises(ValidationError) as error:
        government.change_status(MembershipStatus.SUSPENDED, reason="  ", by=staff)
    assert error.value.code == "reason_required"
    assert not StatusChange.objects.exists()


def test_points_of_contact_are_emailed_after_commit(government, poc, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        government.change_status(MembershipStatus.UNDER_PROCEDURAL_REVIEW, reason="Two cycles late", by=staff)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [poc.email]
    assert mail.outbox[0].subject == "France: membership status is now “Under procedural review”"
    assert "Two cycles late" in mail.outbox[0].body


class TestStatusChangeView:
    def url(self):
        return reverse("members:government-status-change", args=["fra"])

    def test_staff_changes_the_status_and_it_shows_on_the_timeline(self, client, staff, government):
        client.force_login(staff)
        response = client.post(self.url(), {"status": "suspended", "reason": "Response Policy: stage two"}, follow=True)
        assert "The membership status has been changed." in response.text
        government.refresh_from_db()
        assert government.status == "suspended"
        assert "Response Policy: stage two" in response.text
        assert "from “Member (active)” to “Suspended”" in response.text

    def test_a_refused_move_keeps_the_typed_reason_and_changes_nothing(self, client, staff, government):
        client.force_login(staff)
        response = client.post(self.url(), {"status": "eligible", "reason": "Typed with care"})
        assert response.status_code == 400
        assert "Typed with care" in response.text
        government.refresh_from_db()
        assert government.status == "member" and not StatusChange.objects.exists()

    def test_get_is_not_allowed(self, client, staff, government):
        client.force_login(staff)
        assert client.get(self.url()).status_code == 405

    @pytest.mark.parametrize("role", ["civil", "poc", "other_poc", "irm"])
    def test_other_roles_are_refused(self, request, client, government, role):
        client.force_login(request.getfixturevalue(role))
        response = client.post(self.url(), {"status": "suspended", "reason": "x"})
        assert response.status_code == 403
        government.refresh_from_db()
        assert government.status == "member"

    def test_anonymous_is_sent_to_login(self, client, government):
        response = client.post(self.url(), {"status": "suspended", "reason": "x"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_only_staff_see_the_form(self, client, poc, government):
        client.force_login(poc)
        assert "Change the membership status" not in client.get(government.get_absolute_url()).text


def test_registry_holds_every_un_member_state_with_translated_names():
    call_command("load_registry", stdout=StringIO())
    call_command("load_registry", stdout=StringIO())
    national = Government.objects.national()
    assert national.count() == 193 and national.filter(is_un_member=True).count() == 193
    korea = national.get(iso3="KOR")
    assert (korea.name, korea.name_fr, korea.name_es) == ("South Korea", "Corée du Sud", "Corea del Sur")
    assert korea.region == "asia_pacific" and korea.population > 50_000_000
    assert not national.filter(iso3__in=["VAT", "PSE", "TWN"]).exists()
    assert set(national.values_list("status", flat=True)) == {"not_member"}


def test_registry_reload_keeps_statuses_and_corrected_names(government):
    Government.objects.filter(pk=government.pk).update(name="République française")
    call_command("load_registry", stdout=StringIO())
    government.refresh_from_db()
    assert government.name == "République française" and government.status == "member"
    assert government.name_es == "Francia"


def test_government_page_shows_the_name_in_the_active_language(client):
    call_command("load_registry", stdout=StringIO())
    assert '<h1 class="h3">Corée du Sud' in client.get("/fr/governments/kor/").text


def test_each_point_of_contact_is_emailed_in_their_own_language(
    government, poc, staff, django_capture_on_commit_callbacks
):
    poc.language = "fr"
    poc.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        government.change_status(MembershipStatus.SUSPENDED, reason="Décision du Comité directeur", by=staff)
    assert mail.outbox[0].subject.startswith("France\N{NO-BREAK SPACE}: ")
    assert "Suspendu" in mail.outbox[0].subject
