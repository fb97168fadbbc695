"""Indicator imports: the demo files land in the database, re-imports change nothing, bad files change nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from members.models import AuditEntry, Government, IndicatorImport, IndicatorObservation

DEMO = Path(__file__).resolve().parent.parent / "demo_data"
LONG_HEADER = "iso3,year,indicator,value,source,vintage\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db) -> None:
    """The 193 UN member states, as `load_registry` creates them."""
    call_command("load_registry", stdout=StringIO())


def demo(name: str) -> bytes:
    return (DEMO / name).read_bytes()


def snapshot() -> list[tuple]:
    return list(
        IndicatorObservation.objects.order_by("pk").values_list(
            "pk", "government__iso3", "indicator", "year", "value", "source", "vintage", "imported_at"
        )
    )


@pytest.mark.parametrize(
    ("name", "fmt", "kwargs", "rows", "by_year"),
    [
        ("indicators_long_2025.csv", "long", {}, 380, {2024: 192, 2025: 188}),
        ("vdem_extract_2025.csv", "vdem", {"vintage": "V-Dem v15"}, 191, {2024: 96, 2025: 95}),
        ("eiu_democracy_index_2025.csv", "eiu", {"year": 2025}, 48, {2025: 48}),
    ],
)
def test_each_demo_file_imports_every_row(registry, staff, name, fmt, kwargs, rows, by_year):
    indicator_import = IndicatorImport.objects.run(demo(name), fmt, source_name=name, by=staff, **kwargs)

    indicator_import.refresh_from_db()
    assert indicator_import.status == IndicatorImport.Status.SUCCEEDED
    assert (indicator_import.rows_read, indicator_import.rows_imported) == (rows, rows)
    assert indicator_import.errors == []
    assert indicator_import.imported_by == staff
    assert indicator_import.finished_at >= indicator_import.started_at
    assert len(indicator_import.content_sha256) == 64
    assert IndicatorObservation.objects.count() == rows
    for year, count in by_year.items():
        assert IndicatorObservation.objects.for_year(year).count() == count
    assert set(IndicatorObservation.objects.values_list("imported_by_import", flat=True)) == {indicator_import.pk}
    [entry] = AuditEntry.objects.for_object(indicator_import)
    assert (entry.action, entry.actor, entry.data["rows_imported"]) == ("indicator_import.succeeded", staff, rows)


def test_imported_values_are_the_files_values(registry):
    IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")
    IndicatorImport.objects.run(demo("vdem_extract_2025.csv"), "vdem", source_name="vdem.csv", vintage="V-Dem v15")
    IndicatorImport.objects.run(demo("eiu_democracy_index_2025.csv"), "eiu", source_name="eiu.csv", year=2025)

    nigeria = Government.objects.get(iso3="NGA")
    observed = {(o.indicator, o.year): (o.value, o.source, o.vintage) for o in nigeria.indicator_observations.all()}
    assert observed[("audit_report", 2025)] == ("published_late", "Open Budget Survey", "OBS 2023")
    assert observed[("audit_report", 2024)] == ("publicly_available", "Open Budget Survey", "OBS 2023")
    # V-Dem numbers are normalised ("2.340" -> "2.34").
    assert observed[("cso_entry_exit", 2025)] == ("2.34", "V-Dem", "V-Dem v15")
    # Names matched to codes, the year chosen by the caller, the vintage defaulted from it.
    norway = IndicatorObservation.objects.get(government__iso3="NOR", indicator="civil_liberties")
    assert (norway.year, norway.value, norway.vintage) == (2025, "9.71", "EIU Democracy Index 2025")
    # An empty V-Dem cell creates no observation.
    assert not IndicatorObservation.objects.filter(government__iso3="LKA", year=2025, indicator="cso_repression")


def test_reimporting_the_same_file_changes_nothing(registry):
    first = IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")
    before = snapshot()

    second = IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")

    assert (second.status, second.rows_read, second.rows_imported) == ("succeeded", 380, 0)
    assert snapshot() == before
    assert IndicatorObservation.objects.count() == 380
    assert set(IndicatorObservation.objects.values_list("imported_by_import", flat=True)) == {first.pk}
    assert IndicatorImport.objects.succeeded().count() == 2


def test_a_changed_value_updates_that_observation_only(registry):
    IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")
    before = {row[0]: row for row in snapshot()}
    changed_file = demo("indicators_long_2025.csv").replace(
        b"NGA,2025,audit_report,published_late", b"NGA,2025,audit_report,publicly_available"
    )

    second = IndicatorImport.objects.run(changed_file, "long", source_name="long-corrected.csv")

    assert (second.rows_read, second.rows_imported) == (380, 1)
    observation = IndicatorObservation.objects.get(government__iso3="NGA", year=2025, indicator="audit_report")
    assert observation.value == "publicly_available"
    assert observation.imported_by_import == second
    after = {row[0]: row for row in snapshot()}
    assert after.keys() == before.keys()
    assert [pk for pk in after if after[pk] != before[pk]] == [observation.pk]


def test_an_import_uses_a_fixed_number_of_queries(registry, django_assert_max_num_queries):
    # 380 rows: a per-row query would blow far past this.
    with django_assert_max_num_queries(16):
        IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")
    with django_assert_max_num_queries(16):
        IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")


BAD_FILES = {
    "unknown country": (LONG_HEADER + "FRA,2025,ati_law,law,,\nXXX,2025,ati_law,law,,\n", "Line 3: unknown ISO code"),
    "value not allowed": (LONG_HEADER + "FRA,2025,ati_law,maybe,,\n", "Line 2: 'maybe' is not an allowed value"),
    "score out of range": (LONG_HEADER + "FRA,2025,civil_liberties,11,,\n", "Line 2: 11 is out of range"),
    "bad year": (LONG_HEADER + "FRA,20x5,ati_law,law,,\n", "Line 2: '20x5' is not a valid year"),
    "conflicting duplicate": (
        LONG_HEADER + "FRA,2025,ati_law,law,,\nFRA,2025,ati_law,none,,\n",
        "Line 3: FRA 2025 ati_law is already given on line 2",
    ),
    "missing cell": (LONG_HEADER + "FRA,2025,ati_law,law\n", "Line 2: expected 6 cells"),
    "source too long": (LONG_HEADER + f"FRA,2025,ati_law,law,{'x' * 201},\n", "Line 2: the source is longer"),
    "missing column": ("iso3,year,indicator,value\nFRA,2025,ati_law,law\n", "Missing column(s): source, vintage"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_changes_nothing_and_records_its_errors(registry, staff, case):
    good = IndicatorImport.objects.run(demo("indicators_long_2025.csv"), "long", source_name="long.csv")
    before = snapshot()
    text, expected_error = BAD_FILES[case]
    # A valid row for a new year alongside the bad one: it must not be kept either.
    content = (text + "KEN,2030,ati_law,law,,\n").encode()

    returned = IndicatorImport.objects.run(content, "long", source_name="bad.csv", by=staff)

    assert snapshot() == before
    assert not IndicatorObservation.objects.filter(year=2030).exists()
    failed = IndicatorImport.objects.failed().get()
    assert returned == failed
    assert (returned.succeeded, returned.errors) == (False, failed.errors)
    assert any(error.startswith(expected_error) for error in failed.errors), failed.errors
    assert (failed.source_name, failed.imported_by, failed.rows_imported) == ("bad.csv", staff, 0)
    assert failed.finished_at is not None
    assert not AuditEntry.objects.for_object(failed).exists()
    assert AuditEntry.objects.filter(action="indicator_import.succeeded").count() == 1
    assert IndicatorImport.objects.succeeded().get() == good


@pytest.mark.parametrize(
    ("content", "fmt", "kwargs", "expected_error"),
    [
        ("Pays;Note\n".encode("latin-1") + "Côte;7\n".encode("latin-1"), "eiu", {"year": 2025}, "Line 2: the file"),
        (b"", "long", {}, "The file is empty."),
        (b"Country,Civil liberties\nNorway,9.7\n", "eiu", {}, "The file has no 'Year' column"),
        (b"Country,Civil liberties\nAtlantis,9.7\n", "eiu", {"year": 2025}, "Line 2: country name 'Atlantis'"),
        (b"country_text_id,year,v2cseeorgs_osp\nFRA,2025,2\n", "vdem", {}, "Missing column(s): v2csreprss_osp"),
    ],
)
def test_bad_files_of_every_format_are_refused_whole(registry, content, fmt, kwargs, expected_error):
    returned = IndicatorImport.objects.run(content, fmt, source_name="bad.csv", **kwargs)

    assert not IndicatorObservation.objects.exists()
    failed = IndicatorImport.objects.get()
    assert (returned, failed.status, failed.format) == (failed, "failed", fmt)
    assert any(error.startswith(expected_error) for error in failed.errors), failed.errors


def test_only_registry_countries_are_known(db, government):
    """Codes come from the registry's national governments, not from ISO's full list."""
    content = (LONG_HEADER + "FRA,2025,ati_law,law,,\nDEU,2025,ati_law,law,,\n").encode()

    indicator_import = IndicatorImport.objects.run(content, "long", source_name="two.csv")

    assert indicator_import.errors == ["Line 3: unknown ISO code 'DEU'."]
    assert not IndicatorObservation.objects.exists()


def test_an_unknown_format_is_a_programming_error(db):
    with pytest.raises(ValueError, match="Unknown indicator file format"):
        IndicatorImport.objects.run(b"x", "xlsx", source_name="x.xlsx")
    assert not IndicatorImport.objects.exists()
