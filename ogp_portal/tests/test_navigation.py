"""The menu and the footer on every page: the public sections, the data pages, and the work links of each role."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def region(page: str, tag: str) -> str:
    match = re.search(rf"<{tag}\b.*?</{tag}>", page, re.DOTALL)
    assert match, tag
    return match.group(0)


def links(html: str) -> dict[str, str]:
    """Each link's text (tags and spaces squeezed out) by its address."""
    return {
        href: " ".join(re.sub(r"<[^>]+>", "", text).split())
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.DOTALL)
    }


def test_the_footer_links_the_explorer_statistics_open_data_and_the_api(client):
    footer = region(client.get(reverse("home")).text, "footer")
    assert '<nav aria-label="Data and tools">' in footer
    found = links(footer)
    assert found[reverse("action_plans:commitment-explorer")] == "Commitment explorer"
    assert found[reverse("statistics")] == "Statistics"
    assert found[reverse("open_data:index")] == "Open data"
    assert found[reverse("api:documentation")] == "JSON API"


def test_the_menu_links_the_commitment_explorer_in_the_page_language(client):
    menu = links(region(client.get("/fr/statistics/").text, "header"))
    assert menu["/fr/action-plans/commitments/"] == "Engagements"
    assert menu["/fr/governments/"] == "Gouvernements"


def test_the_work_links_are_for_the_staff_only(client, staff, civil):
    work = {reverse("members:staff-home"), reverse("irm:workspace"), reverse("irm:accountability")}
    assert not work & set(links(region(client.get(reverse("home")).text, "header")))
    client.force_login(civil)
    assert not work & set(links(region(client.get(reverse("home")).text, "header")))
    client.force_login(staff)
    menu = links(region(client.get(reverse("home")).text, "header"))
    assert work <= set(menu) and menu[reverse("admin:index")] == "Administration"
