"""Open Graph tags on public pages: defaults from base.html, specific ones for governments, plans, reviews."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from irm.tests.factories import ReviewFactory
from ogp_portal.open_data.context_processors import site_url


def og(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<meta property="og:([a-z_:]+)" content="([^"]*)">', html))


def test_default_tags_on_a_plain_page(client):
    tags = og(client.get(reverse("open_data:index")))
    assert tags["site_name"] == "OGP Portal"
    assert tags["type"] == "website"
    assert tags["locale"] == "en_GB"
    # The canonical address (SITE_URL), not the host the request came by.
    assert tags["url"] == "http://127.0.0.1:8000/en/open-data/"
    assert tags["title"] == "Open Government Partnership"
    assert tags["description"].startswith("Open data of the Open Government Partnership")


def test_locale_follows_the_language(client):
    assert og(client.get("/fr/open-data/"))["locale"] == "fr_FR"
    assert og(client.get("/es/open-data/"))["locale"] == "es_ES"


def test_government_page(client, government):
    tags = og(client.get(government.get_absolute_url()))
    assert tags["title"] == "France"
    assert "France in the Open Government Partnership" in tags["description"]
    assert tags["url"].endswith("/en/governments/fra/")


def test_plan_past_drafting_uses_its_title(client, government):
    plan = ActionPlanFactory(government=government, status="in_implementation", title="Open Paris plan")
    tags = og(client.get(plan.get_absolute_url()))
    assert tags["title"] == "Open Paris plan"
    assert "The action plan of France for 2025–2027" in tags["description"]


def test_a_plan_being_drafted_never_shows_its_live_text(client, government, poc):
    """Not even to its point of contact, whose tags a link preview could copy."""
    plan = ActionPlanFactory(government=government, number=4, title="LIVE DRAFT TITLE")
    commitment = CommitmentFactory(plan=plan, title="LIVE DRAFT COMMITMENT", description="LIVE DRAFT TEXT")
    client.force_login(poc)
    for url in (plan.get_absolute_url(), commitment.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        tags = og(response)
        assert tags["title"] == "Action plan 4 of France"
        assert "LIVE DRAFT" not in tags["description"]


def test_commitment_page(client, government):
    plan = ActionPlanFactory(government=government, status="in_implementation")
    commitment = CommitmentFactory(plan=plan, title="Open contracting", description="Publish every contract.")
    tags = og(client.get(commitment.get_absolute_url()))
    assert tags["title"] == "Open contracting"
    assert tags["description"] == "Publish every contract."


def test_published_review_page(client, government):
    plan = ActionPlanFactory(government=government, number=5, status="in_implementation")
    review = ReviewFactory(plan=plan, published=True, summary="Ambitious plan.\n\nOpen co-creation.")
    tags = og(client.get(review.get_absolute_url()))
    assert tags["type"] == "article"
    assert tags["title"] == "Action plan review: action plan 5 of France"
    assert tags["description"].startswith("Ambitious plan.")


def test_a_page_may_pass_its_own_title_and_description():
    html = render_to_string("includes/_open_graph.html", {"og_title": "Mine", "og_description": "My page"})
    assert '<meta property="og:title" content="Mine">' in html
    assert '<meta property="og:description" content="My page">' in html


@pytest.mark.parametrize("path", ["/en/open-data/", "/fr/governments/"])
def test_og_url_uses_site_url_when_the_context_has_it(path):
    request = RequestFactory().get(path)
    html = render_to_string("includes/_open_graph.html", {"SITE_URL": "https://portal.example"}, request=request)
    assert f'<meta property="og:url" content="https://portal.example{path}">' in html


def test_the_context_processor_gives_site_url(settings):
    settings.SITE_URL = "https://portal.example/"
    assert site_url(RequestFactory().get("/")) == {"SITE_URL": "https://portal.example"}
