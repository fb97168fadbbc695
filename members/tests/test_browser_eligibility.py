"""A Support Unit member's yearly eligibility work, in headless Chromium against the live portal."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from members.models import EligibilityAssessment, IndicatorObservation, RefreshRun
from ogp_portal.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parent.parent / "demo_data"


def import_file(page, name, fmt, year=""):
    page.get_by_label("File (CSV, UTF-8)").set_input_files(DEMO / name)
    page.get_by_label("Format").select_option(fmt)
    page.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text(f"Imported {name}")


def test_support_unit_imports_refreshes_reviews_and_the_public_sees_the_result(live_server, page, staff):
    call_command("load_registry", stdout=StringIO())
    log_in(page, live_server)

    page.get_by_role("link", name="Support Unit").click()
    page.get_by_role("link", name="Import indicators").first.click()
    import_file(page, "indicators_long_2025.csv", "long")
    import_file(page, "vdem_extract_2025.csv", "vdem")
    import_file(page, "eiu_democracy_index_2025.csv", "eiu", year="2024")
    import_file(page, "eiu_democracy_index_2025.csv", "eiu", year="2025")
    assert IndicatorObservation.objects.filter(year=2025, indicator="civil_liberties").exists()

    for year in ("2024", "2025"):
        page.get_by_role("link", name="Yearly refresh").click()
        page.get_by_label("Year").fill(year)
        page.get_by_role("button", name="Start a refresh").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Eligibility refresh for {year}")
        expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")

    changed = EligibilityAssessment.objects.filter(year=2025, changed=True).select_related("government").first()
    assert changed is not None
    page.get_by_role("link", name="Review the changes").click()
    row = page.get_by_role("row").filter(has_text=changed.government.name)
    row.get_by_label("Note (optional)").fill("Checked against the OBS 2023 tracker")
    row.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("Result confirmed")
    changed.refresh_from_db()
    assert changed.reviewed_at is not None and changed.review_note == "Checked against the OBS 2023 tracker"

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/fr/eligibility/")
    expect(page).to_have_url(re.compile(r"/fr/eligibility/2025/$"))
    page.get_by_label("Région").select_option("europe")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("row").filter(has_text="France")).to_be_visible()
    csv = page.request.get(f"{live_server.url}/fr/eligibility/2025.csv")
    assert csv.ok and csv.text().startswith("iso3,name,year,fiscal_transparency")

    page.goto(f"{live_server.url}/en/governments/{changed.government.slug}/")
    expect(page.get_by_role("img", name="Eligibility points per criterion, by year")).to_be_visible()
    expect(page.get_by_text("How 2025 was scored")).to_be_visible()


def test_the_progress_bar_follows_a_running_refresh_live(live_server, page, staff):
    run = RefreshRun.objects.create(
        year=2025, status="running", sources_total=3, sources_done=1, started_at=timezone.now(), started_by=staff
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/en/staff/eligibility/refresh/{run.pk}/")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "25")

    RefreshRun.objects.filter(pk=run.pk).update(sources_done=3, rows_read=619)
    expect(bar).to_have_attribute("aria-valuenow", "75")
    expect(page.locator("[data-field=rows_read]")).to_have_text("619")

    RefreshRun.objects.filter(pk=run.pk).update(status="succeeded", finished_at=timezone.now())
    expect(page.locator("[data-field=status_label]")).to_have_text("Finished")
    expect(bar).to_have_attribute("aria-valuenow", "100")
