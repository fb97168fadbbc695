"""The `import_indicators` and `refresh_eligibility` commands: their output, their errors, their exit status."""

from __future__ import annotations

import functools
import http.server
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from members.management.commands.import_indicators import Command as ImportIndicators
from members.models import EligibilityAssessment, IndicatorImport, IndicatorObservation, RefreshRun

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parent.parent / "demo_data"
LONG = DEMO / "indicators_long_2025.csv"


@pytest.fixture
def registry(db) -> None:
    call_command("load_registry", stdout=StringIO())


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(
        "iso3,year,indicator,value,source,vintage\nFRA,2025,ati_law,law,,\nXXX,2025,ati_law,law,,\nFRA,2025,ati_law,nope,,\n"
    )
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_indicators_reports_rows_read_and_imported(registry):
    out, err = run("import_indicators", str(LONG), "--format", "long")

    assert out == "indicators_long_2025.csv: 380 rows read, 380 new or changed observations imported.\n"
    assert err == ""
    assert IndicatorObservation.objects.count() == 380
    indicator_import = IndicatorImport.objects.get()
    assert (indicator_import.source_name, indicator_import.imported_by) == ("indicators_long_2025.csv", None)

    out, _err = run("import_indicators", str(LONG), "--format", "long")
    assert out.endswith("380 rows read, 0 new or changed observations imported.\n")
    assert IndicatorObservation.objects.count() == 380


def test_import_indicators_passes_the_year_and_vintage(registry):
    run("import_indicators", str(DEMO / "eiu_democracy_index_2025.csv"), "--format", "eiu", "--year", "2024")
    run("import_indicators", str(DEMO / "vdem_extract_2025.csv"), "--format", "vdem", "--vintage", "V-Dem v99")

    assert IndicatorObservation.objects.filter(indicator="civil_liberties", year=2024).count() == 48
    assert set(IndicatorObservation.objects.filter(source="V-Dem").values_list("vintage", flat=True)) == {"V-Dem v99"}


def test_import_indicators_prints_every_error_and_imports_nothing(registry, bad_file):
    err = StringIO()
    with pytest.raises(CommandError, match=r"bad.csv: 2 error\(s\), nothing imported."):
        call_command("import_indicators", str(bad_file), "--format", "long", stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "Line 3: unknown ISO code 'XXX'.",
        "Line 4: 'nope' is not an allowed value for ati_law (allowed: law, constitutional, draft, none).",
    ]
    assert not IndicatorObservation.objects.exists()
    assert IndicatorImport.objects.get().status == "failed"


def test_import_indicators_exits_with_status_1_on_errors(registry, bad_file, capsys, monkeypatch):
    # run_from_argv (what manage.py calls) closes the connections when done; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        ImportIndicators().run_from_argv(["manage.py", "import_indicators", str(bad_file), "--format", "long"])

    assert exit_.value.code == 1
    assert "Line 3: unknown ISO code 'XXX'." in capsys.readouterr().err
    assert not IndicatorObservation.objects.exists()


def test_import_indicators_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_indicators", str(tmp_path / "absent.csv"), "--format", "long")
    assert not IndicatorImport.objects.exists()


def test_refresh_eligibility_imports_the_configured_sources_and_prints_a_summary(registry):
    out, err = run("refresh_eligibility", "--year", "2025")

    assert out.splitlines() == [
        "Refresh 2025: 3 of 3 sources, 619 rows read, 619 new or changed observations imported.",
        "Assessments 2025: 193 governments, 42 eligible, 0 changed since 2024.",
        "Refresh 2025 finished.",
    ]
    assert err == ""
    run_ = RefreshRun.objects.get()
    assert (run_.year, run_.status, run_.recompute_only) == (2025, "succeeded", False)
    assert EligibilityAssessment.objects.for_year(2025).eligible().count() == 42


def test_refresh_eligibility_recompute_only_reads_no_source(registry):
    run("import_indicators", str(LONG), "--format", "long")

    out, _err = run("refresh_eligibility", "--year", "2024", "--recompute-only")

    assert out.startswith("Refresh 2024: 0 of 0 sources, 0 rows read")
    assert IndicatorImport.objects.count() == 1
    assert EligibilityAssessment.objects.for_year(2024).count() == 193


def test_refresh_eligibility_prints_source_errors_and_fails(registry, settings, tmp_path):
    missing = tmp_path / "absent.csv"
    settings.ELIGIBILITY_SOURCES = [{"format": "long", "url": str(missing)}, {"format": "long", "url": str(LONG)}]
    err = StringIO()

    with pytest.raises(CommandError, match="Refresh 2025 finished with 1 error"):
        call_command("refresh_eligibility", "--year", "2025", stdout=StringIO(), stderr=err)

    assert err.getvalue().startswith(f"{missing}: Download failed: [Errno 2] No such file or directory")
    assert IndicatorObservation.objects.count() == 380
    assert EligibilityAssessment.objects.for_year(2025).count() == 193


def test_import_indicators_reads_an_http_address(registry, tmp_path):
    """The same command imports from a URL, through the real download code, from a local server."""
    (tmp_path / "long.csv").write_bytes(LONG.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/long.csv"
        output, _errors = run("import_indicators", url, "--format", "long")
        with pytest.raises(CommandError, match="Cannot read"):
            run("import_indicators", url.replace("long.csv", "missing.csv"), "--format", "long")
    finally:
        server.shutdown()
        server.server_close()
    assert f"{url}: 380 rows read, 380 new or changed observations imported." in output
    assert IndicatorObservation.objects.count() == 380
