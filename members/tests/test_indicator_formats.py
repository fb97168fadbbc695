"""Indicator file parsers: the demo files, and every kind of bad input refused whole, with line numbers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from members.indicator_formats import (
    DEFAULT_VDEM_VINTAGE,
    ImportFormatError,
    IndicatorRow,
    parse,
    parse_eiu,
    parse_long,
    parse_vdem,
    resolve_country_name,
)

DEMO = Path(__file__).resolve().parent.parent / "demo_data"
# The demo registry created by `seed_demo`.
DEMO_CODES = (
    "BRA IDN MEX NOR PHL ZAF GBR USA ARG ARM AUS AZE CAN CHL COL CRI CIV EST FIN FRA GEO DEU GHA GTM HUN IRL ITA "
    "JOR KEN KOR MNG MAR NLD NZL NGA PRY PER PRT SEN ESP LKA TUN TUR UKR URY IND JPN EGY"
)
DEMO_ISO3 = frozenset(DEMO_CODES.split())
KNOWN = frozenset({"BRA", "FRA", "KEN", "USA", "KOR", "TUR", "CIV"})
LONG_HEADER = "iso3,year,indicator,value,source,vintage\n"


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def errors_of(content: bytes, fmt: str, **kwargs) -> list[str]:
    with pytest.raises(ImportFormatError) as caught:
        parse(content, fmt, known_iso3=kwargs.pop("known_iso3", KNOWN), **kwargs)
    assert caught.value.errors, "an ImportFormatError must carry its errors"
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


# --- The demo files ------------------------------------------------------------------------------


def test_the_long_demo_file_parses():
    rows = parse((DEMO / "indicators_long_2025.csv").read_bytes(), "long", known_iso3=DEMO_ISO3)
    assert {row.year for row in rows} == {2024, 2025}
    assert {row.iso3 for row in rows} == DEMO_ISO3
    assert {row.indicator for row in rows} == {"budget_proposal", "audit_report", "ati_law", "asset_disclosure"}
    # A few rows are left out on purpose, for "not enough data" and 12-point maxima.
    per_year = Counter(row.year for row in rows)
    assert per_year[2024] == 4 * len(DEMO_ISO3)
    assert per_year[2025] < 4 * len(DEMO_ISO3)
    assert rows[0] == IndicatorRow(
        "BRA", 2025, "budget_proposal", "publicly_available", "Open Budget Survey", "OBS 2023", line=2
    )


def test_the_vdem_demo_file_parses_and_skips_empty_cells():
    rows = parse((DEMO / "vdem_extract_2025.csv").read_bytes(), "vdem", known_iso3=DEMO_ISO3, vintage="V-Dem v15")
    assert {row.iso3 for row in rows} == DEMO_ISO3
    assert {row.indicator for row in rows} == {"cso_entry_exit", "cso_repression"}
    assert {(row.source, row.vintage) for row in rows} == {("V-Dem", "V-Dem v15")}
    # Two years, two indicators, less the one empty cell (Sri Lanka 2025 repression).
    assert len(rows) == 2 * 2 * len(DEMO_ISO3) - 1
    egypt = {row.indicator: row.value for row in rows if row.iso3 == "EGY" and row.year == 2025}
    assert all(float(value) < 1 for value in egypt.values())


def test_the_eiu_demo_file_parses_with_the_year_chosen_on_import():
    rows = parse((DEMO / "eiu_democracy_index_2025.csv").read_bytes(), "eiu", known_iso3=DEMO_ISO3, year=2025)
    assert {row.iso3 for row in rows} == DEMO_ISO3
    assert {(row.year, row.indicator, row.source) for row in rows} == {(2025, "civil_liberties", "EIU Democracy Index")}
    by_iso3 = {row.iso3: row.value for row in rows}
    assert by_iso3["NOR"] == "9.71"
    assert by_iso3["CIV"] == "5"  # "5.00" normalised


# --- Long format ---------------------------------------------------------------------------------


def test_long_rows_are_normalised():
    content = csv_bytes(
        " ISO3 , Year ,Indicator,Value,Source,Vintage\n"
        "bra,2025,ati_law, Law ,RTI Rating,2025\n"
        "\n"
        "FRA,2025,civil_liberties,8.530,EIU,2024\n"
    )
    rows = parse_long(content, known_iso3=KNOWN)
    assert rows == [
        IndicatorRow("BRA", 2025, "ati_law", "law", "RTI Rating", "2025", line=2),
        IndicatorRow("FRA", 2025, "civil_liberties", "8.53", "EIU", "2024", line=4),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("XYZ,2025,ati_law,law,,", "Line 3: unknown ISO code 'XYZ'."),
        ("BRA,2025,press_freedom,high,,", "Line 3: unknown indicator 'press_freedom'."),
        ("BRA,2025,ati_law,maybe,,", "Line 3: 'maybe' is not an allowed value for ati_law"),
        ("BRA,2025,civil_liberties,10.5,,", "Line 3: 10.5 is out of range for civil_liberties (0 to 10)."),
        ("BRA,2025,cso_repression,-0.1,,", "Line 3: -0.1 is out of range for cso_repression (0 to 4)."),
        ("BRA,2025,civil_liberties,high,,", "Line 3: 'high' is not a number."),
        ("BRA,2025,civil_liberties,NaN,,", "Line 3: 'NaN' is not a number."),
        ("BRA,2025,civil_liberties,,,", "Line 3: the civil_liberties value is missing."),
        ("BRA,20x5,ati_law,law,,", "Line 3: '20x5' is not a valid year"),
        ("BRA,25,ati_law,law,,", "Line 3: '25' is not a valid year"),
        ("BRA,2025.0,ati_law,law,,", "Line 3: '2025.0' is not a valid year"),
        ("BRA,２０２５,ati_law,law,,", "Line 3: '２０２５' is not a valid year"),
        ("BRA,2025,ati_law", "Line 3: expected 6 cells, as in the header, but found 3."),
    ],
)
def test_each_bad_long_row_is_named_by_line_and_nothing_is_returned(row, expected):
    content = csv_bytes(LONG_HEADER + "FRA,2025,ati_law,law,,\n" + row + "\n")
    errors = errors_of(content, "long")
    assert len(errors) == 1
    assert errors[0].startswith(expected)


def test_all_errors_are_reported_together():
    content = csv_bytes(
        LONG_HEADER
        + "XYZ,2025,ati_law,law,,\n"
        + "BRA,2025,ati_law,law,,\n"
        + "BRA,year,ati_law,law,,\n"
        + "FRA,2025,asset_disclosure,public,,\n"
    )
    errors = errors_of(content, "long")
    assert [error.split(":")[0] for error in errors] == ["Line 2", "Line 4", "Line 5"]


def test_missing_columns_are_named():
    errors = errors_of(csv_bytes("iso3,year,value\nBRA,2025,law\n"), "long")
    assert errors == ["Missing column(s): indicator, source, vintage."]


def test_unexpected_long_columns_are_named():
    errors = errors_of(csv_bytes("iso3,year,indicator,value,source,vintage,notes\nBRA,2025,ati_law,law,,,x\n"), "long")
    assert errors == ["Unexpected column(s): notes."]


def test_an_exact_duplicate_is_collapsed():
    content = csv_bytes(LONG_HEADER + "BRA,2025,civil_liberties,7.5,EIU,2024\nBRA,2025,civil_liberties,7.50,EIU,2024\n")
    rows = parse_long(content, known_iso3=KNOWN)
    assert [(row.value, row.line) for row in rows] == [("7.5", 2)]


def test_a_duplicate_with_another_value_is_refused():
    content = csv_bytes(LONG_HEADER + "BRA,2025,ati_law,law,,\nFRA,2025,ati_law,law,,\nBRA,2025,ati_law,draft,,\n")
    errors = errors_of(content, "long")
    assert errors == ["Line 4: BRA 2025 ati_law is already given on line 2 with another value ('law', here 'draft')."]


def test_the_same_indicator_in_another_year_is_no_duplicate():
    content = csv_bytes(LONG_HEADER + "BRA,2025,ati_law,law,,\nBRA,2024,ati_law,draft,,\n")
    assert [row.value for row in parse_long(content, known_iso3=KNOWN)] == ["law", "draft"]


# --- Encoding and empty files --------------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted():
    content = b"\xef\xbb\xbf" + csv_bytes(LONG_HEADER + "BRA,2025,ati_law,law,RTI Rating,\n")
    assert [row.iso3 for row in parse_long(content, known_iso3=KNOWN)] == ["BRA"]


def test_latin1_bytes_are_refused_with_an_encoding_error_on_their_line():
    content = (LONG_HEADER + "BRA,2025,ati_law,law,Índice de Transparência,\n").encode("latin-1")
    errors = errors_of(content, "long")
    assert len(errors) == 1
    assert errors[0].startswith("Line 2: the file is not UTF-8 text")


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(content):
    assert errors_of(content, "long") == ["The file is empty."]


@pytest.mark.parametrize("fmt", ["long", "vdem", "eiu"])
def test_a_header_without_rows_is_refused(fmt):
    headers = {"long": LONG_HEADER, "vdem": "country_text_id,year,v2cseeorgs_osp,v2csreprss_osp\n", "eiu": "Country\n"}
    assert errors_of(csv_bytes(headers[fmt] + "\n"), fmt, year=2025) == ["The file has a header row but no data rows."]


def test_bytes_are_required():
    with pytest.raises(TypeError):
        parse_long("iso3,year", known_iso3=KNOWN)  # type: ignore[arg-type]


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown indicator file format"):
        parse(b"x", "xlsx", known_iso3=KNOWN)


# --- V-Dem ---------------------------------------------------------------------------------------


def test_vdem_maps_ord_columns_ignores_extras_and_skips_empty_cells():
    content = csv_bytes(
        "country_name,country_text_id,year,v2x_polyarchy,v2cseeorgs_ord,v2csreprss_ord\n"
        "Brazil,BRA,2025,0.74,3,NA\n"
        "Kenya,KEN,2025,0.51,,\n"
        "France,FRA,2025,0.85,4.000,3.5\n"
    )
    rows = parse_vdem(content, known_iso3=KNOWN)
    assert [(row.iso3, row.indicator, row.value, row.line) for row in rows] == [
        ("BRA", "cso_entry_exit", "3", 2),
        ("FRA", "cso_entry_exit", "4", 4),
        ("FRA", "cso_repression", "3.5", 4),
    ]
    assert {row.vintage for row in rows} == {DEFAULT_VDEM_VINTAGE}


def test_vdem_prefers_osp_over_ord_when_both_are_there():
    content = csv_bytes(
        "country_text_id,year,v2cseeorgs_ord,v2cseeorgs_osp,v2csreprss_osp,v2csreprss_ord\nBRA,2025,3,2.871,1.5,1\n"
    )
    rows = parse_vdem(content, known_iso3=KNOWN)
    assert {row.indicator: row.value for row in rows} == {"cso_entry_exit": "2.871", "cso_repression": "1.5"}


def test_vdem_missing_columns_are_named():
    errors = errors_of(csv_bytes("country_text_id,v2cseeorgs_osp\nBRA,2\n"), "vdem")
    assert errors == ["Missing column(s): year, v2csreprss_osp / v2csreprss_ord."]


def test_vdem_bad_rows_are_named_by_line():
    content = csv_bytes(
        "country_text_id,year,v2cseeorgs_osp,v2csreprss_osp\n"
        "BRA,2025,2.5,2.1\n"
        "XKX,2025,2.0,1.9\n"
        "FRA,2025,4.2,3.1\n"
        "KEN,2025,lots,2\n"
    )
    assert errors_of(content, "vdem") == [
        "Line 3: unknown ISO code 'XKX'.",
        "Line 4: 4.2 is out of range for cso_entry_exit (0 to 4).",
        "Line 5: 'lots' is not a number.",
    ]


# --- EIU -----------------------------------------------------------------------------------------


def test_eiu_header_variants_names_and_year_column():
    content = csv_bytes(
        "rank,COUNTRY,overall_score,civil_liberties,year\n"
        '1,"Korea, Republic of",8.09,8.24,2024\n'
        "2,Côte d’Ivoire,4.22,5.00,2024\n"
        "3,Turkey,4.33,2.94,2024\n"
        "4,United States of America,7.85,7.94,2024\n"
    )
    rows = parse_eiu(content, known_iso3=KNOWN, year=1999)
    assert [(row.iso3, row.year, row.value) for row in rows] == [
        ("KOR", 2024, "8.24"),
        ("CIV", 2024, "5"),
        ("TUR", 2024, "2.94"),
        ("USA", 2024, "7.94"),
    ]
    assert rows[0].vintage == "EIU Democracy Index 2024"


def test_eiu_unmatched_names_are_all_listed_and_nothing_is_returned():
    content = csv_bytes(
        "Country,Civil liberties\nFrance,8.53\nNarnia,5\nBrazil,7.65\nRuritania,3\nFiji,6.2\nFrance,8.53\n"
    )
    errors = errors_of(content, "eiu", year=2025)
    assert errors == [
        "Line 3: country name 'Narnia' not recognised.",
        "Line 5: country name 'Ruritania' not recognised.",
        "Line 6: 'Fiji' (FJI) is not a country in the registry.",
    ]


def test_eiu_without_a_year_column_needs_the_year():
    errors = errors_of(csv_bytes("Country,Civil liberties\nFrance,8.53\n"), "eiu")
    assert errors == ["The file has no 'Year' column: choose the year the scores apply to."]
    assert errors_of(csv_bytes("Country,Civil liberties\nFrance,8.53\n"), "eiu", year=20250) == [
        "'20250' is not a valid year."
    ]


def test_eiu_missing_columns_are_named():
    errors = errors_of(csv_bytes("Country,Overall score\nFrance,8.07\n"), "eiu", year=2025)
    assert errors == ["Missing column(s): civil liberties / civil liberties score."]
    errors = errors_of(csv_bytes("Nation,Score\nFrance,8.07\n"), "eiu", year=2025)
    assert errors == ["Missing column(s): country / country name / countries, civil liberties / civil liberties score."]


def test_eiu_uses_a_caller_resolver_and_vintage():
    content = csv_bytes("Country,Civil liberties\nLa France,8.53\n")
    rows = parse(
        content,
        "eiu",
        known_iso3=KNOWN,
        year=2025,
        vintage="EIU 2024 edition",
        resolve_name=lambda name: "FRA" if name == "La France" else None,
    )
    assert [(row.iso3, row.year, row.vintage) for row in rows] == [("FRA", 2025, "EIU 2024 edition")]


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("United States", "USA"),
        ("South Korea", "KOR"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Vietnam", "VNM"),
        ("Czech Republic", "CZE"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Democratic Republic of the Congo", "COD"),
        ("Republic of the Congo", "COG"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Tanzania", "TZA"),
        ("Syria", "SYR"),
        ("Laos", "LAO"),
        ("Moldova", "MDA"),
        ("North Macedonia", "MKD"),
        ("Taiwan", "TWN"),
        ("  the  Netherlands ", "NLD"),
        ("Bosnia and Hercegovina", "BIH"),
        ("Germany", "DEU"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_country_names_resolve_to_iso3(name, iso3):
    assert resolve_country_name(name) == iso3


def test_line_numbers_count_physical_lines_across_quoted_line_breaks():
    content = csv_bytes(LONG_HEADER + 'BRA,2025,ati_law,law,"RTI Rating,\nsee notes",\n\nXYZ,2025,ati_law,law,,\n')
    assert errors_of(content, "long") == ["Line 5: unknown ISO code 'XYZ'."]
