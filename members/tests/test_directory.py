"""The member directory: members by default, each filter narrows it, malformed values never fail."""

import re

import pytest
from django.urls import reverse

from members.tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db
URL = reverse("members:government-list")


@pytest.fixture
def directory():
    france = GovernmentFactory(
        iso3="FRA", slug="fra", name="France", name_es="Francia", cohort="odd", member_since=2014
    )
    GovernmentFactory(iso3="MEX", slug="mex", name="Mexico", region="americas", cohort="even", member_since=2011)
    GovernmentFactory(iso3="CHL", slug="chl", name="Chile", region="americas", status="not_member")
    GovernmentFactory(iso3="KEN", slug="ken", name="Kenya", region="africa_middle_east", status="suspended")
    GovernmentFactory(local=True, parent=france, name="Paris", slug="paris", member_since=2016)
    GovernmentFactory(local=True, parent=france, name="Lyon", slug="lyon", status="not_member")


def names(response):
    assert response.status_code == 200
    table = response.text[response.text.index('data-testid="directory-table"') :]
    return re.findall(r'<th scope="row" class="fw-normal"><a href="[^"]+">([^<]+)</a>', table)


def test_members_by_default_national_and_local_with_links(client, directory):
    response = client.get(URL)
    assert names(response) == ["France", "Kenya", "Mexico", "Paris"]
    assert reverse("members:government-detail", args=["fra"]) in response.text
    assert reverse("members:government-detail", args=["paris"]) in response.text
    assert "Local, in France" in response.text
    assert "Only members are shown:" in response.text and "status=all" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=all", ["Chile", "France", "Kenya", "Lyon", "Mexico", "Paris"]),
        ("status=not_member", ["Chile", "Lyon"]),
        ("status=suspended", ["Kenya"]),
        ("region=americas", ["Mexico"]),
        ("region=americas&status=all", ["Chile", "Mexico"]),
        ("cohort=even", ["Mexico"]),
        ("member_since=2014", ["France"]),
        ("kind=local", ["Paris"]),
        ("kind=national&status=all", ["Chile", "France", "Kenya", "Mexico"]),
        ("q=fran", ["France"]),
        ("q=Francia", ["France"]),
        ("q=mex", ["Mexico"]),
        ("q=par", ["Paris"]),
    ],
)
def test_each_filter_narrows_the_directory(client, directory, query, expected):
    assert names(client.get(f"{URL}?{query}")) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["France", "Germany", "Spain"]),
        ("es", ["Alemania", "España", "Francia"]),
        ("fr", ["Allemagne", "Espagne", "France"]),
    ],
)
def test_the_directory_is_in_the_order_of_the_names_it_shows(client, db, language, expected):
    GovernmentFactory(iso3="FRA", slug="fra", name="France", name_es="Francia")
    GovernmentFactory(iso3="DEU", slug="deu", name="Germany", name_fr="Allemagne", name_es="Alemania")
    GovernmentFactory(iso3="ESP", slug="esp", name="Spain", name_fr="Espagne", name_es="España")
    assert names(client.get(f"/{language}/governments/")) == expected


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "region=mars",
        "cohort=3",
        "kind=planet",
        "member_since=abc",
        "member_since=99999999999999999999",
        "member_since=-5",
        "member_since=2014.5",
        "page=abc",
        "page=999",
        "q=%00",
        "q=" + "x" * 5000,
    ],
)
def test_malformed_values_never_fail(client, directory, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_a_malformed_status_falls_back_to_members(client, directory):
    assert names(client.get(f"{URL}?status=nonsense")) == ["France", "Kenya", "Mexico", "Paris"]


def test_a_malformed_year_is_ignored_and_said(client, directory):
    response = client.get(f"{URL}?member_since=abc")
    assert names(response) == ["France", "Kenya", "Mexico", "Paris"]
    assert "Enter a whole number." in response.text


def test_a_long_directory_is_paginated(client, db):
    for number in range(55):
        GovernmentFactory(name=f"Country {number:02d}")
    first = client.get(URL)
    assert len(names(first)) == 50 and "Page 1 of 2" in first.text
    assert "55 governments match." in first.text
    assert len(names(client.get(f"{URL}?page=2"))) == 5


@pytest.mark.parametrize("count", [3, 30])
def test_the_directory_runs_a_fixed_number_of_queries(client, db, count, django_assert_max_num_queries):
    for _number in range(count):
        parent = GovernmentFactory()
        GovernmentFactory(local=True, parent=parent)
    with django_assert_max_num_queries(3):
        assert len(names(client.get(URL))) == min(2 * count, 50)


def test_every_role_sees_the_directory(role_client, directory):
    _role, client = role_client
    assert client.get(URL).status_code == 200
