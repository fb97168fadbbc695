import pytest
from django.urls import reverse

from members.models import AuditEntry

pytestmark = pytest.mark.django_db

NO_CONTACTS = {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}


def test_point_of_contact_updates_lead_agency_and_it_is_audited(client, poc, government):
    client.force_login(poc)
    url = reverse("members:government-update", args=["fra"])
    response = client.post(url, {"lead_agency": "DINUM", "website": "ogp.gouv.fr", **NO_CONTACTS}, follow=True)
    assert response.redirect_chain[-1][0] == government.get_absolute_url()
    assert "The government&#x27;s details have been saved." in response.text
    government.refresh_from_db()
    assert (government.lead_agency, government.website) == ("DINUM", "https://ogp.gouv.fr")
    entry = AuditEntry.objects.for_object(government).get(action="government.updated")
    assert entry.actor == poc and entry.data == {"lead_agency": "DINUM", "website": "https://ogp.gouv.fr"}


def test_invalid_website_re_renders_with_the_error_and_changes_nothing(client, staff, government):
    client.force_login(staff)
    response = client.post(
        reverse("members:government-update", args=["fra"]),
        {"lead_agency": "DINUM", "website": "not a url", **NO_CONTACTS},
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.text
    assert 'value="DINUM"' in response.text
    government.refresh_from_db()
    assert government.lead_agency == ""
    assert not AuditEntry.objects.filter(action="government.updated").exists()


def test_edit_button_shows_only_to_those_who_may_edit(client, poc, other_poc, government):
    url = government.get_absolute_url()
    client.force_login(poc)
    assert "Edit the government's details" in client.get(url).text
    client.force_login(other_poc)
    assert "Edit the government's details" not in client.get(url).text


def test_contacts_are_added_edited_and_removed_with_the_formset(client, poc, government):
    client.force_login(poc)
    url = reverse("members:government-update", args=["fra"])
    management = {"contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0"}
    new = {"contacts-0-name": "Claire Martin", "contacts-0-title": "Coordinator", "contacts-0-email": "c@gouv.fr"}
    client.post(url, {"lead_agency": "DINUM", **management, **new})
    contact = government.contacts.get()
    assert (contact.name, contact.email) == ("Claire Martin", "c@gouv.fr")
    assert "Claire Martin" in client.get(government.get_absolute_url()).text
    entry = AuditEntry.objects.for_object(government).filter(action="government.updated").first()
    assert entry.data["contacts"] == ["Claire Martin"]

    removal = {"contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "1", "contacts-0-id": str(contact.pk)}
    client.post(url, {"lead_agency": "DINUM", **removal, "contacts-0-name": "Claire Martin", "contacts-0-DELETE": "on"})
    assert not government.contacts.exists()


def test_an_invalid_contact_keeps_everything_typed_and_saves_nothing(client, poc, government):
    client.force_login(poc)
    data = {
        "lead_agency": "DINUM",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Claire Martin",
        "contacts-0-email": "not-an-email",
    }
    response = client.post(reverse("members:government-update", args=["fra"]), data)
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert 'value="Claire Martin"' in response.text and 'value="DINUM"' in response.text
    government.refresh_from_db()
    assert government.lead_agency == "" and not government.contacts.exists()
