"""Every page runs a fixed number of queries, whatever the size of the data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Government, StatusChange
from members.tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_registry(db):
    call_command("load_registry", stdout=StringIO())
    france = Government.objects.get(iso3="FRA")
    for index in range(30):
        GovernmentFactory(local=True, parent=france, name=f"Commune {index}")
    StatusChange.objects.bulk_create(
        StatusChange(government=france, from_status="not_member", to_status="member", reason=f"step {index}")
        for index in range(40)
    )
    return france


@pytest.mark.parametrize("path", ["/en/", "/en/governments/", "/en/governments/fra/"])
def test_public_pages_stay_within_their_query_budget(client, big_registry, path, django_assert_max_num_queries):
    # 14: the government page's action plan sections (plans, shadow plans, findings) take one query each, the
    # IRM reviews section one, the accountability section two (procedural reviews, Response Policy cases).
    with django_assert_max_num_queries(14):
        response = client.get(path)
    assert response.status_code == 200


def test_signed_in_pages_stay_within_their_query_budget(client, big_registry, staff, django_assert_max_num_queries):
    client.force_login(staff)
    for path in ("/en/governments/fra/", reverse("members:profile"), "/en/governments/fra/edit/"):
        with django_assert_max_num_queries(20):
            assert client.get(path).status_code == 200
