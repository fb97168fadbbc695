"""The yearly refresh: real downloads from a local HTTP server, failing sources, claims, crashes, beat."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from members.management.commands.seed_demo import COUNTRIES, FOUNDERS
from members.models import (
    AuditEntry,
    EligibilityAssessment,
    Government,
    IndicatorImport,
    IndicatorObservation,
    RefreshRun,
    StatusChange,
)
from members.models.audit import AuditEntryManager
from members.tasks import refresh_eligibility, refresh_eligibility_for_current_year
from ogp_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parent.parent / "demo_data"
LONG, VDEM, EIU = "indicators_long_2025.csv", "vdem_extract_2025.csv", "eiu_democracy_index_2025.csv"
# Rows in each demo file (EIU for one year).
LONG_ROWS, VDEM_ROWS, EIU_ROWS = 380, 191, 48


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """The directory the file server serves: the demo files and a malformed one."""
    for name in (LONG, VDEM, EIU):
        shutil.copy(DEMO / name, tmp_path / name)
    (tmp_path / "malformed.csv").write_bytes(b"Rank,Country,Civil liberties\n1,Norway,eleven\n2,Atlantis,7\n")
    return tmp_path


@pytest.fixture
def file_server(served: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving `served`; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def registry(db) -> None:
    """The UN registry, with the demo's members (as `seed_demo` sets them)."""
    call_command("load_registry", stdout=StringIO())
    statuses = {iso3: status for iso3, _joined, status in COUNTRIES} | dict.fromkeys(FOUNDERS, Government.Status.MEMBER)
    for status in set(statuses.values()):
        Government.objects.filter(iso3__in=[iso3 for iso3, s in statuses.items() if s == status]).update(status=status)


def sources(base: str, long: str = LONG, vdem: str = VDEM, eiu: str = EIU) -> list[dict[str, str]]:
    return [
        {"format": "long", "url": f"{base}/{long}", "vintage": ""},
        {"format": "vdem", "url": f"{base}/{vdem}", "vintage": "V-Dem v15"},
        {"format": "eiu", "url": f"{base}/{eiu}", "vintage": ""},
    ]


def test_a_refresh_downloads_every_source_imports_it_and_recomputes_the_year(
    registry, staff, file_server, settings, django_capture_on_commit_callbacks
):
    settings.ELIGIBILITY_SOURCES = sources(file_server)

    with django_capture_on_commit_callbacks(execute=True):
        run = RefreshRun.objects.queue(2025, by=staff)

    run.refresh_from_db()
    assert (run.status, run.errors, run.progress) == ("succeeded", [], 100)
    assert (run.sources_total, run.sources_done) == (3, 3)
    total = LONG_ROWS + VDEM_ROWS + EIU_ROWS
    assert (run.rows_read, run.rows_imported) == (total, total)
    assert IndicatorObservation.objects.count() == total
    assert sorted(run.imports.values_list("format", "status", "source_name")) == [
        ("eiu", "succeeded", f"{file_server}/{EIU}"),
        ("long", "succeeded", f"{file_server}/{LONG}"),
        ("vdem", "succeeded", f"{file_server}/{VDEM}"),
    ]
    assessments = EligibilityAssessment.objects.for_year(2025)
    assert assessments.count() == Government.objects.national().count() == 193
    # The demo's documented cases: Kenya at exactly 12 of 16, Nigeria below with a late audit report,
    # Sri Lanka without enough data, Egypt failing the values check.
    kenya, nigeria = assessments.get(government__iso3="KEN"), assessments.get(government__iso3="NGA")
    assert (kenya.total, kenya.maximum, kenya.core_result, kenya.eligible) == (12, 16, "met", True)
    assert (nigeria.core_result, nigeria.eligible) == ("not_met", False)
    assert assessments.get(government__iso3="LKA").core_result == "not_enough_data"
    assert assessments.get(government__iso3="EGY").values_check == "fail"
    # No 2024 assessments yet: nothing to have changed from.
    assert run.changed_governments == []
    [entry] = AuditEntry.objects.for_object(run)
    assert (entry.action, entry.actor, entry.data["rows_imported"]) == ("eligibility_refresh.finished", staff, total)


def test_a_second_year_records_the_governments_whose_result_changed(registry, file_server, settings):
    settings.ELIGIBILITY_SOURCES = sources(file_server)
    # The EIU table has no year column: each run imports it for the year it refreshes.
    refresh_eligibility(RefreshRun.objects.create(year=2024).pk)
    run = RefreshRun.objects.create(year=2025)

    refresh_eligibility(run.pk)

    run.refresh_from_db()
    assert run.status == "succeeded"
    changed = list(EligibilityAssessment.objects.for_year(2025).changed().values_list("government__iso3", flat=True))
    assert run.changed_governments == sorted(changed)
    # Nigeria's audit report was published late in 2025, Sri Lanka lacks 2025 data; Senegal passed its
    # access to information law and Côte d'Ivoire published its audit report.
    assert run.changed_governments == ["CIV", "LKA", "NGA", "SEN"]
    assert EligibilityAssessment.objects.get(government__iso3="SEN", year=2025).core_result == "met"
    # Jordan missed the core criteria in both years: an automatic eligibility review, on the timeline.
    [change] = StatusChange.objects.filter(to_status="under_eligibility_review")
    assert (change.government.iso3, change.actor) == ("JOR", None)
    assert Government.objects.get(iso3="JOR").status == Government.Status.UNDER_ELIGIBILITY_REVIEW
    # Non-members that pass are marked eligible, with the reason on their timeline.
    assert set(Government.objects.filter(status="eligible").values_list("iso3", flat=True)) == {"IND", "JPN"}
    japan = StatusChange.objects.get(government__iso3="JPN")
    assert (japan.from_status, japan.to_status, japan.actor) == ("not_member", "eligible", None)
    assert "passes the values check in 2024" in japan.reason


def test_failing_sources_are_reported_while_the_others_import_and_earlier_data_stays(
    registry, served, file_server, settings
):
    settings.ELIGIBILITY_SOURCES = sources(file_server)
    refresh_eligibility(RefreshRun.objects.create(year=2025).pk)
    not_long = IndicatorObservation.objects.exclude(imported_by_import__format="long").order_by("pk")
    earlier = list(not_long.values_list())
    # The long file gets one correction; the V-Dem address goes missing and the EIU file is malformed.
    long_file = served / LONG
    long_file.write_bytes(
        long_file.read_bytes().replace(
            b"NGA,2025,audit_report,published_late", b"NGA,2025,audit_report,publicly_available"
        )
    )
    settings.ELIGIBILITY_SOURCES = sources(file_server, vdem="missing.csv", eiu="malformed.csv")
    run = RefreshRun.objects.create(year=2025)

    refresh_eligibility(run.pk)

    run.refresh_from_db()
    assert (run.status, run.sources_done, run.progress) == ("succeeded", 3, 100)
    by_source: dict[str, list[str]] = {}
    for error in run.errors:
        by_source.setdefault(error["source"], []).append(error["message"])
    assert by_source == {
        f"{file_server}/missing.csv": ["Download failed: HTTP Error 404: File not found"],
        f"{file_server}/malformed.csv": [
            "Line 2: 'eleven' is not a number.",
            "Line 3: country name 'Atlantis' not recognised.",
        ],
    }
    # The good source imported its one correction...
    nigeria = IndicatorObservation.objects.get(government__iso3="NGA", year=2025, indicator="audit_report")
    assert nigeria.value == "publicly_available"
    assert (run.rows_read, run.rows_imported) == (LONG_ROWS, 1)
    # ...the failing ones left their earlier data as it was, and the malformed file is on record...
    assert list(not_long.values_list()) == earlier
    failed = IndicatorImport.objects.failed().get()
    assert (failed.refresh_run, failed.source_name) == (run, f"{file_server}/malformed.csv")
    # ...and the year was recomputed with the correction.
    assert EligibilityAssessment.objects.get(government__iso3="NGA", year=2025).core_result == "met"


def test_a_source_that_does_not_answer_times_out(registry, settings):
    settings.ELIGIBILITY_DOWNLOAD_TIMEOUT = 0.3
    # A socket that listens but never accepts: the connection is made, the answer never comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/indicators.csv"
        settings.ELIGIBILITY_SOURCES = [{"format": "long", "url": url}]
        run = RefreshRun.objects.create(year=2025)
        refresh_eligibility(run.pk)

    run.refresh_from_db()
    assert run.status == "succeeded"
    assert run.errors == [{"source": url, "message": "Download failed: timed out"}]
    assert not IndicatorObservation.objects.exists()


def test_an_unknown_format_or_missing_file_is_a_source_error(registry, settings, tmp_path):
    settings.ELIGIBILITY_SOURCES = [
        {"format": "xlsx", "url": str(DEMO / LONG)},
        {"format": "long", "url": str(tmp_path / "absent.csv")},
        {"format": "long", "url": str(DEMO / LONG)},
    ]
    run = RefreshRun.objects.create(year=2025)

    refresh_eligibility(run.pk)

    run.refresh_from_db()
    messages = [error["message"] for error in run.errors]
    assert messages[0] == "Unknown format 'xlsx' (use long, vdem or eiu)."
    assert messages[1].startswith("Download failed: [Errno 2] No such file or directory")
    assert IndicatorObservation.objects.count() == LONG_ROWS


def test_running_the_task_twice_gives_one_result(registry, settings):
    settings.ELIGIBILITY_SOURCES = [{"format": "long", "url": str(DEMO / LONG)}]
    run = RefreshRun.objects.create(year=2025)

    first = refresh_eligibility(run.pk)
    second = refresh_eligibility(run.pk)

    assert first == {"run": run.pk, "status": "succeeded", "changed": [], "errors": 0}
    assert second is None
    assert IndicatorImport.objects.count() == 1
    assert EligibilityAssessment.objects.count() == 193
    assert AuditEntry.objects.filter(action="eligibility_refresh.finished").count() == 1
    run.refresh_from_db()
    assert (run.status, run.sources_done) == ("succeeded", 1)


def test_only_one_worker_can_claim_a_run(db):
    run = RefreshRun.objects.create(year=2025)
    other_worker_copy = RefreshRun.objects.get(pk=run.pk)

    assert run.start(sources_total=3) is True
    assert other_worker_copy.start(sources_total=3) is False
    assert RefreshRun.objects.get(pk=run.pk).status == "running"
    assert refresh_eligibility(run.pk) is None  # taken: the task leaves it alone


def test_a_run_that_crashes_mid_import_keeps_whole_imports_only(registry, settings, monkeypatch):
    settings.ELIGIBILITY_SOURCES = [
        {"format": "long", "url": str(DEMO / LONG)},
        {"format": "vdem", "url": str(DEMO / VDEM)},
    ]
    log = AuditEntryManager.log

    def crash_on_vdem(self, obj, action, **data):
        # Fails after the V-Dem rows were written, inside that import's transaction.
        if action == "indicator_import.succeeded" and data.get("format") == "vdem":
            raise RuntimeError("worker lost")
        return log(self, obj, action, **data)

    monkeypatch.setattr(AuditEntryManager, "log", crash_on_vdem)
    run = RefreshRun.objects.create(year=2025)

    with pytest.raises(RuntimeError, match="worker lost"):
        refresh_eligibility(run.pk)

    run.refresh_from_db()
    assert run.status == "failed"
    assert run.errors[-1] == {"source": "", "message": "RuntimeError: worker lost"}
    assert list(IndicatorImport.objects.values_list("format", flat=True)) == ["long"]
    assert IndicatorObservation.objects.count() == LONG_ROWS
    assert not IndicatorObservation.objects.filter(indicator__startswith="cso_").exists()
    assert not EligibilityAssessment.objects.exists()
    assert AuditEntry.objects.filter(action="eligibility_refresh.failed").count() == 1


def test_recompute_only_skips_the_sources(government, settings):
    settings.ELIGIBILITY_SOURCES = [{"format": "long", "url": str(DEMO / LONG)}]
    run = RefreshRun.objects.create(year=2025, recompute_only=True)

    refresh_eligibility(run.pk)

    run.refresh_from_db()
    assert (run.status, run.sources_total, run.progress) == ("succeeded", 0, 100)
    assert not IndicatorImport.objects.exists()
    assert EligibilityAssessment.objects.get().government == government


def test_queue_hands_the_run_to_a_worker_only_on_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = RefreshRun.objects.queue(2025)
    assert len(callbacks) == 1
    assert RefreshRun.objects.get(pk=run.pk).status == "queued"


def test_progress_counts_the_recompute_as_a_last_step(db):
    run = RefreshRun(year=2025, sources_total=3)
    assert run.progress == 0
    run.status, run.sources_done = RefreshRun.Status.RUNNING, 3
    assert run.progress == 75
    run.status = RefreshRun.Status.FAILED
    assert run.progress == 100


def test_a_finished_run_cannot_record_more(db):
    run = RefreshRun.objects.create(year=2025, status=RefreshRun.Status.SUCCEEDED)
    with pytest.raises(ValidationError):
        run.record_source("late.csv", errors=["too late"])
    with pytest.raises(ValidationError):
        run.fail("too late")


def test_the_yearly_task_refreshes_the_current_year_from_the_configured_sources(registry, settings):
    settings.ELIGIBILITY_SOURCES = [{"format": "eiu", "url": str(DEMO / EIU)}]

    refresh_eligibility_for_current_year()

    run = RefreshRun.objects.get()
    year = timezone.now().year
    assert (run.year, run.status, run.started_by) == (year, "succeeded", None)
    assert IndicatorObservation.objects.filter(year=year).count() == EIU_ROWS
    assert EligibilityAssessment.objects.for_year(year).count() == 193


def test_the_beat_schedule_runs_the_yearly_refresh_on_the_configured_date():
    celery_app.loader.import_default_modules()
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if "eligibility" in e["task"]]
    assert entry["task"] == "members.tasks.refresh_eligibility_for_current_year"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == crontab(
        minute=0,
        hour=4,
        day_of_month=settings.ELIGIBILITY_REFRESH_DAY,
        month_of_year=settings.ELIGIBILITY_REFRESH_MONTH,
    )
    assert (settings.ELIGIBILITY_REFRESH_MONTH, settings.ELIGIBILITY_REFRESH_DAY) == (3, 1)


def test_the_default_sources_are_the_demo_files():
    assert [(source["format"], Path(source["url"]).name) for source in settings.ELIGIBILITY_SOURCES] == [
        ("long", LONG),
        ("vdem", VDEM),
        ("eiu", EIU),
    ]
    assert all(Path(source["url"]).is_file() for source in settings.ELIGIBILITY_SOURCES)


def settings_in_a_fresh_process(**environ: str) -> subprocess.CompletedProcess[str]:
    """Settings are read once at start-up: check the environment variables in a new interpreter."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from members.scoring import Thresholds; "
        "print(settings.ELIGIBILITY_SOURCES); print(Thresholds.from_settings(settings).as_dict())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ogp_portal.settings", "DEBUG": "true", **environ}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def test_sources_and_thresholds_come_from_the_environment():
    result = settings_in_a_fresh_process(
        ELIGIBILITY_SOURCES_JSON='[{"format": "vdem", "url": "https://example.org/vdem.csv", "vintage": "v15"}]',
        ELIGIBILITY_CORE_PASS_RATIO="0.5",
        ELIGIBILITY_CIVIL_LIBERTIES_BANDS='[["8", 4], ["4", 2]]',
    )

    assert result.returncode == 0, result.stderr
    sources_line, thresholds_line = result.stdout.splitlines()
    assert sources_line == "[{'format': 'vdem', 'url': 'https://example.org/vdem.csv', 'vintage': 'v15'}]"
    assert "'core_pass_ratio': '0.5'" in thresholds_line
    assert "'civil_liberties_bands': [['8', 4], ['4', 2]]" in thresholds_line


def test_malformed_sources_stop_start_up():
    result = settings_in_a_fresh_process(ELIGIBILITY_SOURCES_JSON='{"format": "long"}')

    assert result.returncode != 0
    assert "ELIGIBILITY_SOURCES_JSON must be a JSON list of objects" in result.stderr
