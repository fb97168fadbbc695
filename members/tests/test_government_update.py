import pytest
from django.urls import reverse

from members.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_point_of_contact_updates_lead_agency_and_it_is_audited(client, poc, government):
    client.force_login(poc)
    url = reverse("members:government-update", args=["fra"])
    response = client.post(url, {"lead_agency": "DINUM", "website": "ogp.gouv.fr"}, follow=True)
    assert response.redirect_chain[-1][0] == government.get_absolute_url()
    assert "The government&#x27;s details have been saved." in response.text
    government.refresh_from_db()
    assert (government.lead_agency, government.website) == ("DINUM", "https://ogp.gouv.fr")
    entry = AuditEntry.objects.for_object(government).get(action="government.updated")
    assert entry.actor == poc and entry.data == {"lead_agency": "DINUM", "website": "https://ogp.gouv.fr"}


def test_invalid_website_re_renders_with_the_error_and_changes_nothing(client, staff, government):
    client.force_login(staff)
    response = client.post(
        reverse("members:government-update", args=["fra"]), {"lead_agency": "DINUM", "website": "not a url"}
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
