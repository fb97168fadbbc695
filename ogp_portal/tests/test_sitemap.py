"""The sitemap: an index of paged sections listing public pages in every language, never a draft nobody can read."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from irm.tests.factories import ReviewFactory
from members.tests.test_letters_transitions import make_eligible
from ogp_portal import sitemaps

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def locations(client, section, page=None):
    query = {"section": section, **({"p": page} if page else {})}
    response = client.get(reverse("sitemap"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)], root


@pytest.fixture
def world(government):
    plan = ActionPlanFactory(government=government, status="in_implementation", cycle_year=2024)
    commitment = CommitmentFactory(plan=plan, number=1)
    draft = ActionPlanFactory(government=government, cycle_year=2026)
    draft_commitment = CommitmentFactory(plan=draft, number=1)
    published = ReviewFactory(plan=plan, published=True)
    unpublished = ReviewFactory(plan=plan, kind="results_report", public_comment=True)
    return {
        "plan": plan,
        "commitment": commitment,
        "draft": draft,
        "draft_commitment": draft_commitment,
        "published": published,
        "unpublished": unpublished,
    }


def test_the_index_lists_every_section(client, world):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    listed = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert listed == [f"{settings.SITE_URL}/sitemap.xml?section={name}" for name in sitemaps.SECTIONS]


def test_lists_a_published_review_in_every_language_and_not_an_unpublished_one(client, world):
    urls, root = locations(client, "irm-reviews")
    published, unpublished = world["published"].pk, world["unpublished"].pk
    for code, _name in settings.LANGUAGES:
        assert f"{settings.SITE_URL}/{code}/irm/reviews/{published}/" in urls
    assert not [url for url in urls if f"/irm/reviews/{unpublished}/" in url]
    alternates = root.find("s:url", NS).findall("xhtml:link", NS)
    assert {link.get("hreflang") for link in alternates} == {"en", "fr", "es", "x-default"}


def test_lists_plans_and_commitments_past_drafting_not_a_draft_never_published(client, world):
    plans, _root = locations(client, "action-plans")
    assert f"{settings.SITE_URL}/en/action-plans/{world['plan'].pk}/" in plans
    assert not [url for url in plans if f"/action-plans/{world['draft'].pk}/" in url]
    commitments, _root = locations(client, "commitments")
    assert f"{settings.SITE_URL}/fr{world['commitment'].get_absolute_url()[3:]}" in commitments
    assert not [url for url in commitments if f"/action-plans/{world['draft'].pk}/" in url]


def test_lists_drafts_whose_published_version_the_public_reads(client, world, poc):
    """In public comment (and in co-creation once a version is published) the plan's page shows that version."""
    in_comment = ActionPlanFactory(government=world["plan"].government, public_comment=True, cycle_year=2027)
    CommitmentFactory(plan=in_comment, number=1)
    in_comment.publish_version(by=poc)
    shared = ActionPlanFactory(government=world["plan"].government, cycle_year=2028)
    shared.publish_version(by=poc)
    plans, _root = locations(client, "action-plans")
    for plan in (world["plan"], in_comment, shared):
        assert f"{settings.SITE_URL}/es/action-plans/{plan.pk}/" in plans
    assert not [url for url in plans if f"/action-plans/{world['draft'].pk}/" in url]
    commitments, _root = locations(client, "commitments")
    assert not [url for url in commitments if f"/action-plans/{in_comment.pk}/" in url]


def test_every_listed_page_answers_an_anonymous_visitor(client, world, poc, other_government):
    make_eligible(world["plan"].government, year=2024)
    in_comment = ActionPlanFactory(government=world["plan"].government, public_comment=True, cycle_year=2027)
    CommitmentFactory(plan=in_comment, number=1)
    in_comment.publish_version(by=poc)
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    listed = []
    for section in index.findall("s:sitemap/s:loc", NS):
        query = dict(pair.split("=") for pair in urlsplit(section.text).query.split("&"))
        urls, _root = locations(client, query["section"], query.get("p"))
        listed += urls
    assert f"{settings.SITE_URL}/en/action-plans/{in_comment.pk}/" in listed
    assert f"{settings.SITE_URL}/fr/eligibility/2024/" in listed
    # Straight to the page: a sitemap lists no redirect.
    failing = [url for url in listed if client.get(urlsplit(url).path).status_code != 200]
    assert not failing


def test_lists_all_governments_and_the_directory_pages(client, world, other_government):
    governments, _root = locations(client, "governments")
    assert f"{settings.SITE_URL}/es/governments/fra/" in governments
    assert f"{settings.SITE_URL}/es/governments/mex/" in governments
    pages, _root = locations(client, "pages")
    assert f"{settings.SITE_URL}/en/" in pages
    assert f"{settings.SITE_URL}/fr/governments/" in pages
    assert f"{settings.SITE_URL}/en/open-data/" in pages


def test_large_sections_are_paged(client, world, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(sitemaps, "ITEMS_PER_PAGE", 1)
    CommitmentFactory(plan=world["plan"], number=2)
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    assert f"{settings.SITE_URL}/sitemap.xml?section=commitments&p=2" in [
        loc.text for loc in index.findall("s:sitemap/s:loc", NS)
    ]
    first, _root = locations(client, "commitments")
    second, _root = locations(client, "commitments", page=2)
    assert len(first) == len(second) == len(settings.LANGUAGES) and set(first).isdisjoint(second)
    assert client.get(reverse("sitemap"), {"section": "commitments", "p": 3}).status_code == 404


@pytest.mark.parametrize("query", [{"section": "nope"}, {"section": "pages", "p": "x"}, {"section": "pages", "p": "0"}])
def test_unknown_section_or_page_is_404(client, query):
    assert client.get(reverse("sitemap"), query).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_a_section_page_runs_a_fixed_number_of_queries(client, government, count, django_assert_max_num_queries):
    plan = ActionPlanFactory(government=government, status="in_implementation")
    for number in range(1, count + 1):
        CommitmentFactory(plan=plan, number=number)
    with django_assert_max_num_queries(2):
        locations(client, "commitments")
    with django_assert_max_num_queries(len(sitemaps.SECTIONS)):
        client.get(reverse("sitemap"))


def test_every_role_gets_the_sitemap(role_client, world):
    _role, client = role_client
    assert client.get(reverse("sitemap")).status_code == 200
