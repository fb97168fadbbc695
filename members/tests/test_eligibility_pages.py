"""The eligibility pages: public table and CSV, government trace and chart, Support Unit work pages."""

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from members import forms
from members.models import AuditEntry, CriterionOverride, EligibilityAssessment, IndicatorObservation, RefreshRun

DEMO = Path(__file__).resolve().parent.parent / "demo_data"
CSV_HEADER = (
    "iso3,name,year,fiscal_transparency,access_to_information,asset_disclosure,citizen_engagement,"
    "total,maximum,percent,core_result,values_check,eligible"
)


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    """The demo world: 193 UN member states, demo members, demo sources refreshed for 2024 and 2025."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--allow-production", stdout=StringIO())
    return EligibilityAssessment.objects.filter(year=2025)


class TestPublicTable:
    def test_latest_year_redirects_to_its_table(self, client, world):
        response = client.get(reverse("members:eligibility-latest"))
        assert response.status_code == 302 and response["Location"] == reverse("members:eligibility-table", args=[2025])

    def test_without_any_assessment_the_page_says_so(self, client, db):
        response = client.get(reverse("members:eligibility-latest"))
        assert response.status_code == 200 and "No eligibility assessment has been computed yet." in response.text

    def test_a_year_without_data_is_404(self, client, world):
        assert client.get(reverse("members:eligibility-table", args=[1999])).status_code == 404

    def test_table_lists_every_government_within_a_fixed_query_budget(
        self, client, world, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(6):
            response = client.get(reverse("members:eligibility-table", args=[2025]))
        assert len(response.context["assessments"]) == 193
        assert "193 governments" in response.text
        assert "Download all 2025 results (CSV)" in response.text

    def test_filters_narrow_the_table(self, client, world):
        url = reverse("members:eligibility-table", args=[2025])
        eligible = client.get(url, {"result": "eligible", "region": "europe"}).context["assessments"]
        assert eligible and all(a.eligible and a.government.region == "europe" for a in eligible)
        no_data = client.get(url, {"result": "not_enough_data"}).context["assessments"]
        assert no_data and all(a.core_result == "not_enough_data" for a in no_data)
        not_eligible = client.get(url, {"result": "not_eligible"}).context["assessments"]
        assert all(not a.eligible and a.core_result != "not_enough_data" for a in not_eligible)
        members = client.get(url, {"membership": "members"}).context["assessments"]
        assert members and all(a.government.is_member for a in members)
        assert [a.government.iso3 for a in client.get(url, {"q": "corée du sud"}).context["assessments"]] == ["KOR"]
        failing = client.get(url, {"values_check": "fail"}).context["assessments"]
        assert {a.government.iso3 for a in failing} >= {"EGY"}

    def test_sorting_by_total(self, client, world):
        url = reverse("members:eligibility-table", args=[2025])
        totals = [a.total for a in client.get(url, {"ordering": "-total"}).context["assessments"]]
        assert totals == sorted(totals, reverse=True) and totals[0] > totals[-1]


class TestCsvDownload:
    def test_csv_has_the_documented_columns_and_one_row_per_government(
        self, client, world, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(4):
            response = client.get(reverse("members:eligibility-csv", args=[2025]))
            body = b"".join(response.streaming_content).decode()
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="ogp-eligibility-2025.csv"' in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(body)))
        assert ",".join(rows[0]) == CSV_HEADER
        assert len(rows) == 1 + 193
        by_code = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        jordan = world.get(government__iso3="JOR")
        assert by_code["JOR"]["asset_disclosure"] == ""  # not assessed in 2025
        assert by_code["JOR"]["total"] == str(jordan.total) and by_code["JOR"]["maximum"] == "12"
        assert by_code["JOR"]["eligible"] == ("yes" if jordan.eligible else "no")
        assert {row["core_result"] for row in by_code.values()} <= {"met", "not_met", "not_enough_data"}
        assert {row["values_check"] for row in by_code.values()} <= {"pass", "fail", "no_data", "not_applicable"}
        assert by_code["AFG"]["percent"] == "" and by_code["AFG"]["core_result"] == "not_enough_data"

    def test_csv_url_sits_behind_the_language_prefix(self):
        assert reverse("members:eligibility-csv", args=[2025]) == "/en/eligibility/2025.csv"

    def test_a_year_without_data_is_404(self, client, world):
        assert client.get(reverse("members:eligibility-csv", args=[1999])).status_code == 404


class TestGovernmentPage:
    def test_shows_chart_history_table_and_trace_within_a_query_budget(
        self, client, world, django_assert_max_num_queries
    ):
        # 15: the IRM reviews section takes one query, the accountability section two (procedural reviews, cases).
        with django_assert_max_num_queries(15):
            response = client.get("/en/governments/jor/")
        text = response.text
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and 'role="img"' in text
        assert "Eligibility points per criterion, by year" in text
        assert "How 2025 was scored" in text and "How 2024 was scored" in text
        assert "Not assessed: no data for this criterion" in text
        assert "Open Budget Survey" in text  # the source of an observation used
        assert "Under eligibility review" in text  # set by the refresh after two failing years

    def test_an_override_shows_in_the_public_trace(self, client, world, staff):
        CriterionOverride.objects.record(
            world.get(government__iso3="JOR").government,
            2025,
            "asset_disclosure",
            4,
            justification="New asset disclosure law published in the official gazette.",
            by=staff,
        )
        text = client.get("/en/governments/jor/").text
        assert "New asset disclosure law published in the official gazette." in text
        assert "override" in text


class TestImportPage:
    def post(self, client, content: bytes, name="upload.csv", **data):
        upload = SimpleUploadedFile(name, content, content_type="text/csv")
        return client.post(reverse("members:indicator-import"), {"file": upload, "format": "long", **data})

    def test_a_valid_file_is_imported(self, client, staff, world):
        client.force_login(staff)
        before = IndicatorObservation.objects.count()
        content = b"iso3,year,indicator,value,source,vintage\nFRA,2026,ati_law,law,RTI Rating,2026\n"
        response = self.post(client, content, name="fra.csv")
        assert response.status_code == 302
        assert IndicatorObservation.objects.count() == before + 1
        page = client.get(response["Location"]).text
        assert "Imported fra.csv: 1 rows read, 1 new or changed values." in page

    def test_a_bad_file_lists_every_problem_keeps_the_typed_fields_and_changes_nothing(self, client, staff, world):
        client.force_login(staff)
        before = list(IndicatorObservation.objects.values_list("pk", "value"))
        content = (
            b"iso3,year,indicator,value,source,vintage\n"
            b"FRA,2025,ati_law,none,RTI,2025\n"
            b"XYZ,2025,ati_law,law,RTI,2025\n"
            b"FRA,2025,civil_liberties,12,EIU,2025\n"
        )
        response = self.post(client, content, name="bad.csv", vintage="Typed vintage")
        assert response.status_code == 400
        assert "Nothing was imported from bad.csv" in response.text
        assert "Line 3: unknown ISO code" in response.text and "Line 4:" in response.text
        assert 'value="Typed vintage"' in response.text
        assert list(IndicatorObservation.objects.values_list("pk", "value")) == before

    def test_an_empty_file_is_refused(self, client, staff, world):
        client.force_login(staff)
        response = self.post(client, b"")
        assert response.status_code == 200 and "The submitted file is empty." in response.text

    def test_an_oversized_file_is_refused(self, client, staff, world, monkeypatch):
        monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 10)
        client.force_login(staff)
        response = self.post(client, b"iso3,year,indicator,value,source,vintage\n")
        assert "The file is larger than 10 MB." in response.text


class TestRefreshPages:
    def test_starting_a_refresh_runs_it_and_shows_its_progress(
        self, client, staff, world, django_capture_on_commit_callbacks
    ):
        client.force_login(staff)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:refresh-list"), {"year": 2025})
        run = RefreshRun.objects.latest("created_at")
        assert response["Location"] == reverse("members:refresh-detail", args=[run.pk])
        assert run.started_by == staff and run.is_finished and run.status == "succeeded"
        page = client.get(response["Location"]).text
        assert "Eligibility refresh for 2025" in page and 'aria-valuenow="100"' in page
        status = client.get(reverse("members:refresh-status", args=[run.pk])).json()
        assert status["progress"] == 100 and status["finished"] is True and status["sources_total"] == 3

    def test_an_invalid_year_changes_nothing(self, client, staff, world):
        client.force_login(staff)
        runs = RefreshRun.objects.count()
        response = client.post(reverse("members:refresh-list"), {"year": "last year"})
        assert response.status_code == 200 and "Enter a whole number." in response.text
        assert RefreshRun.objects.count() == runs

    def test_list_shows_runs(self, client, staff, world):
        client.force_login(staff)
        assert "Yearly eligibility refresh" in client.get(reverse("members:refresh-list")).text


class TestReviewQueue:
    def test_lists_changed_results_and_records_a_confirmation(self, client, staff, world):
        client.force_login(staff)
        response = client.get(reverse("members:eligibility-review", args=[2025]))
        changed = {assessment.government.iso3 for assessment, _previous in response.context["rows"]}
        assert changed == set(world.filter(changed=True).values_list("government__iso3", flat=True)) and changed
        assessment = world.filter(changed=True).first()
        response = client.post(reverse("members:assessment-confirm", args=[assessment.pk]), {"note": "Checked OBS"})
        assert response.status_code == 302
        assessment.refresh_from_db()
        assert assessment.reviewed_by == staff and assessment.review_note == "Checked OBS"
        assert AuditEntry.objects.for_object(assessment).filter(action="eligibility_assessment.confirmed").exists()
        assert "Confirmed by" in client.get(reverse("members:eligibility-review", args=[2025])).text

    def test_confirm_needs_post(self, client, staff, world):
        client.force_login(staff)
        assessment = world.first()
        assert client.get(reverse("members:assessment-confirm", args=[assessment.pk])).status_code == 405

    def test_an_override_is_recorded_and_recomputes_the_assessment(self, client, staff, world):
        client.force_login(staff)
        jordan = world.get(government__iso3="JOR")
        data = {"criterion": "asset_disclosure", "points": 4, "justification": "Law of 2025", "evidence_url": ""}
        response = client.post(reverse("members:criterion-override", args=[jordan.pk]), data)
        assert response.status_code == 302
        jordan.refresh_from_db()
        assert jordan.asset_disclosure == 4 and jordan.maximum == 16
        override = CriterionOverride.objects.get(government=jordan.government, year=2025)
        assert override.created_by == staff

    def test_an_invalid_override_keeps_the_justification_and_records_nothing(self, client, staff, world):
        client.force_login(staff)
        jordan = world.get(government__iso3="JOR")
        data = {"criterion": "asset_disclosure", "points": 9, "justification": "Typed carefully"}
        response = client.post(reverse("members:criterion-override", args=[jordan.pk]), data)
        assert response.status_code == 200
        assert "Typed carefully" in response.text
        assert not CriterionOverride.objects.exists()
