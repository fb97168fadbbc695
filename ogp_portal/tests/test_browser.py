"""Real headless Chromium against the live portal, as a new user would try it."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from members.management.commands.seed_demo import DEMO_PASSWORD

from .browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_demo_user_signs_in_and_switches_to_french(live_server, page):
    call_command("seed_demo", "--allow-production", stdout=StringIO())

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Open government")
    page.get_by_role("link", name="Log in").click()

    page.get_by_label("Username").fill("civil")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/profile/$"))
    expect(page.get_by_text("Member of Regards Citoyens")).to_be_visible()

    page.get_by_label("Language", exact=True).select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page).to_have_url(re.compile(r"/fr/accounts/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre profil")
    expect(page.get_by_text("Membre de Regards Citoyens")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # Bootstrap comes from static/, not a CDN: the navbar is styled.
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "profile-fr.png", full_page=True)


def test_phone_sized_screen_gets_the_collapsed_menu(live_server, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/es/")
    menu = page.get_by_role("button", name="Mostrar u ocultar la navegación")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Gobiernos")).to_be_visible()


# The longest menu (staff's) in each language, on a common laptop screen: its links, then its log-out button.
LAPTOP_MENU = {
    "en": (["Governments", "Commitments", "IRM reports", "Support Unit", "Administration"], "Log out"),
    "fr": (
        ["Gouvernements", "Engagements", "Rapports de l'IRM", "Unité de soutien", "Administration"],
        "Se déconnecter",
    ),
    "es": (["Gobiernos", "Compromisos", "Informes del IRM", "Unidad de Apoyo", "Administración"], "Cerrar sesión"),
}


def test_a_laptop_screen_gets_the_expanded_menu(live_server, page, staff):
    log_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 800})
    for language, (names, log_out) in LAPTOP_MENU.items():
        page.goto(f"{live_server.url}/{language}/")
        menu = page.locator("nav.navbar")
        expect(menu.locator(".navbar-toggler")).to_be_hidden()
        for name in names:
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(menu.get_by_role("button", name=log_out)).to_be_visible()
        # Nothing pushed off the screen, and the sections on a single row.
        rights = menu.locator(".nav-link, .btn").evaluate_all(
            "items => items.map(e => e.getBoundingClientRect().right)"
        )
        assert max(rights) <= 1280, language
        tops = menu.locator("#main-nav .nav-link").evaluate_all("items => items.map(e => e.offsetTop)")
        assert len(set(tops)) == 1, language


# Each public page type of the demo, with every <details> opened: a table folded away still widens the page.
PHONE_PAGES = [
    "/{language}/",
    "/{language}/statistics/",
    "/{language}/governments/",
    "/{language}/governments/fra/",
    "/{language}/action-plans/commitments/",
    "/{language}/action-plans/commitments/?q=open",
    "/{language}/open-data/",
    "/api/v1/",
]


def test_no_public_page_scrolls_sideways_on_a_phone(live_server, page):
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    page.set_viewport_size({"width": 375, "height": 740})
    too_wide = []
    for language in ("en", "fr", "es"):
        for path in dict.fromkeys(path.format(language=language) for path in PHONE_PAGES):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                too_wide.append(f"{path}: {widths[0]}px in a {widths[1]}px screen")
    assert not too_wide, too_wide
