"""Reading eligibility indicator files: three CSV layouts, checked in full before anything is kept.

Every file must be UTF-8 text (a UTF-8 byte order mark, as Excel's "CSV UTF-8" writes, is
fine) with a header row and at least one data row. Column names are matched without regard
to case or surrounding spaces. Blank lines are ignored. A file is accepted whole or not at
all: every problem is reported with its line number, and no row is imported until the file
has none. The same country, year and indicator twice is accepted when the value is the same
(the copy is dropped) and refused when it differs.

1. Portal format ("long"): one value a row, with exactly these columns:

       iso3,year,indicator,value,source,vintage
       BRA,2025,budget_proposal,publicly_available,Open Budget Survey,OBS 2023

   - iso3: ISO 3166 alpha-3 code of a country in the registry (e.g. BRA);
   - year: the year the value applies to (e.g. 2025);
   - indicator and value, one of:
       budget_proposal, audit_report: publicly_available, published_late, internal_use, not_produced
       ati_law: law, constitutional, draft, none
       asset_disclosure: law_public_access, law, none
       civil_liberties: a number from 0 to 10
       cso_entry_exit, cso_repression: a number from 0 to 4
   - source and vintage: where the value comes from and which edition (may be left empty).

2. V-Dem country-year extract ("vdem"): the V-Dem dataset, or a part of it, saved as CSV.
   Needed columns: country_text_id (the ISO alpha-3 code), year, and for each of the two
   civil society indicators the "_osp" column or its "_ord" twin:
       v2cseeorgs_osp or v2cseeorgs_ord -> cso_entry_exit
       v2csreprss_osp or v2csreprss_ord -> cso_repression
   When both twins are present the "_osp" column is used. Other columns are ignored. An
   empty cell (or "NA") means no value for that country and year. Source "V-Dem"; the
   vintage (e.g. "V-Dem v15") is chosen when importing.

3. EIU Democracy Index table ("eiu"): one country a row, with a country name column
   ("Country") and a civil liberties column ("Civil liberties", 0 to 10). A "Year" column is
   used if present; otherwise the year is chosen when importing. Other columns (rank,
   overall score, regime type...) are ignored. Country names are matched to ISO codes using
   their usual English names, including the EIU's own spellings ("United States",
   "South Korea", "Türkiye", "Cote d'Ivoire"...).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache

import pycountry
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.scoring import INDICATORS
from ogp_portal.numbers import is_plain_number

# V-Dem starts in 1789; anything outside this range is a typo, not history.
MIN_YEAR, MAX_YEAR = 1789, 2100
DEFAULT_VDEM_VINTAGE = "V-Dem v15"
VDEM_SOURCE = "V-Dem"
EIU_SOURCE = "EIU Democracy Index"
LONG_COLUMNS = ("iso3", "year", "indicator", "value", "source", "vintage")
# Indicator -> V-Dem columns, preferred first: "_osp" is V-Dem's own 0-4 scale.
VDEM_COLUMNS = {
    "cso_entry_exit": ("v2cseeorgs_osp", "v2cseeorgs_ord"),
    "cso_repression": ("v2csreprss_osp", "v2csreprss_ord"),
}
EIU_COUNTRY_COLUMNS = ("country", "country name", "countries")
EIU_CIVIL_LIBERTIES_COLUMNS = ("civil liberties", "civil liberties score")
MISSING_CELLS = ("", "na", "n/a")

NameResolver = Callable[[str], "str | None"]


class ImportFormat(models.TextChoices):
    LONG = "long", _("Portal format (one value a row)")
    VDEM = "vdem", _("V-Dem country-year extract")
    EIU = "eiu", _("EIU Democracy Index table")


class ImportFormatError(Exception):
    """A file that cannot be imported; `errors` lists every problem found, each a sentence."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class IndicatorRow:
    iso3: str
    year: int
    indicator: str
    value: str
    source: str
    vintage: str
    line: int


# --- Country names ---------------------------------------------------------------------------

# EIU and other common spellings that pycountry's names don't cover.
COUNTRY_ALIASES = {
    "united states of america": "USA",
    "usa": "USA",
    "us": "USA",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "south korea": "KOR",
    "korea": "KOR",
    "republic of korea": "KOR",
    "north korea": "PRK",
    "russia": "RUS",
    "iran": "IRN",
    "vietnam": "VNM",
    "czech republic": "CZE",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "democratic republic of the congo": "COD",
    "democratic republic of congo": "COD",
    "dr congo": "COD",
    "congo (kinshasa)": "COD",
    "republic of the congo": "COG",
    "republic of congo": "COG",
    "congo (brazzaville)": "COG",
    "congo brazzaville": "COG",
    "turkey": "TUR",
    "turkiye": "TUR",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "syria": "SYR",
    "laos": "LAO",
    "moldova": "MDA",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "taiwan": "TWN",
    "palestine": "PSE",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "eswatini": "SWZ",
    "east timor": "TLS",
    "bosnia and hercegovina": "BIH",
    "the gambia": "GMB",
    "brunei": "BRN",
    "burma": "MMR",
    "uae": "ARE",
    "slovak republic": "SVK",
    "kyrgyz republic": "KGZ",
    "the netherlands": "NLD",
    "hong kong": "HKG",
}


def _name_key(name: str) -> str:
    """Compare names without accents, case, curly apostrophes, a leading "the" or extra spaces."""
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u2018", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = " ".join(text.casefold().split())
    return text.removeprefix("the ")


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attribute, None)
            if value:
                index.setdefault(_name_key(value), country.alpha_3)
    index.update({_name_key(alias): iso3 for alias, iso3 in COUNTRY_ALIASES.items()})
    return index


def resolve_country_name(name: str) -> str | None:
    """The ISO alpha-3 code of a country's English name (e.g. "South Korea" -> "KOR"), or None."""
    return _country_index().get(_name_key(name)) if name.strip() else None


# --- Reading ---------------------------------------------------------------------------------


def _line_error(line: int, problem: str) -> str:
    return gettext("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}


def _decode(content: bytes) -> str:
    try:
        # utf-8-sig drops the byte order mark Excel puts at the start of "CSV UTF-8" files.
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        problem = gettext(
            "the file is not UTF-8 text (for example, it was saved as Latin-1 or Windows-1252). "
            'Save it as "CSV UTF-8" and import it again.'
        )
        raise ImportFormatError([_line_error(line, problem)]) from None


def _header_key(name: str) -> str:
    return " ".join(name.strip().casefold().replace("_", " ").split())


@dataclass
class _Table:
    columns: dict[str, int]  # header key -> position
    rows: list[tuple[int, list[str]]]  # (line number, cells)

    def find(self, *names: str) -> str | None:
        """The first of `names` that is a column of the table, as a header key."""
        return next((_header_key(name) for name in names if _header_key(name) in self.columns), None)


def _read_table(content: bytes) -> tuple[_Table, list[str]]:
    """The header and the non-blank rows, with the problems of the CSV structure itself."""
    if not isinstance(content, bytes | bytearray):
        raise TypeError("content must be bytes, as read from the uploaded file")
    text = _decode(bytes(content))
    if not text.strip():
        raise ImportFormatError([gettext("The file is empty.")])
    errors: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            # A quoted cell may span lines: a record starts on the line after the previous one ended.
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = gettext("the CSV is malformed (%(error)s).") % {"error": error}
        raise ImportFormatError([_line_error(line, problem)]) from None
    records = [(number, cells) for number, cells in records if any(cell.strip() for cell in cells)]
    header_line, header = records[0]
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        key = _header_key(name)
        if key and key in columns:
            errors.append(
                _line_error(header_line, gettext("the column '%(column)s' appears twice.") % {"column": name})
            )
        columns.setdefault(key, position)
    rows = records[1:]
    if not rows:
        raise ImportFormatError([gettext("The file has a header row but no data rows.")])
    for number, cells in rows:
        if len(cells) != len(header):
            problem = gettext("expected %(expected)s cells, as in the header, but found %(found)s.")
            errors.append(_line_error(number, problem % {"expected": len(header), "found": len(cells)}))
    # A row with cells missing or extra is misaligned: checking its cells would only add noise.
    return _Table(columns, [(number, cells) for number, cells in rows if len(cells) == len(header)]), errors


def _require(table: _Table, *groups: Sequence[str]) -> list[str]:
    """An error naming each missing column; a group of several names is satisfied by any of them."""
    missing = [" / ".join(group) for group in groups if table.find(*group) is None]
    if not missing:
        return []
    return [gettext("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}]


def _cell(table: _Table, cells: list[str], column: str | None) -> str:
    if column is None:
        return ""
    position = table.columns[column]
    return cells[position].strip() if position < len(cells) else ""


class _Collector:
    """Checks cells into rows, gathering every problem and dropping exact duplicates."""

    def __init__(self, known_iso3: Collection[str]) -> None:
        self.known_iso3 = {code.upper() for code in known_iso3}
        self.errors: list[str] = []
        self.rows: dict[tuple[str, int, str], IndicatorRow] = {}

    def error(self, line: int, problem: str) -> None:
        self.errors.append(_line_error(line, problem))

    def iso3(self, line: int, raw: str) -> str | None:
        code = raw.strip().upper()
        if code not in self.known_iso3:
            self.error(line, gettext("unknown ISO code '%(code)s'.") % {"code": raw.strip()})
            return None
        return code

    def year(self, line: int, raw: str) -> int | None:
        text = raw.strip()
        if is_plain_number(text) and MIN_YEAR <= int(text) <= MAX_YEAR:
            return int(text)
        problem = gettext("'%(year)s' is not a valid year (a whole number from %(minimum)s to %(maximum)s).")
        self.error(line, problem % {"year": text, "minimum": MIN_YEAR, "maximum": MAX_YEAR})
        return None

    def add(
        self, line: int, iso3: str | None, year: int | None, indicator: str, raw: str, source: str, vintage: str
    ) -> None:
        spec = INDICATORS.get(indicator)
        if spec is None:
            self.error(line, gettext("unknown indicator '%(indicator)s'.") % {"indicator": indicator})
            return
        try:
            value = spec.clean(raw)
        except ValueError as error:
            self.error(line, str(error))
            return
        if iso3 is None or year is None:
            return
        row = IndicatorRow(iso3, year, indicator, value, source, vintage, line)
        earlier = self.rows.setdefault((iso3, year, indicator), row)
        if earlier.value != value:
            problem = gettext(
                "%(iso3)s %(year)s %(indicator)s is already given on line %(earlier)s with another value "
                "('%(earlier_value)s', here '%(value)s')."
            )
            params = {"iso3": iso3, "year": year, "indicator": indicator, "earlier": earlier.line}
            self.error(line, problem % {**params, "earlier_value": earlier.value, "value": value})

    def result(self, errors: list[str]) -> list[IndicatorRow]:
        errors = errors + self.errors
        if errors:
            raise ImportFormatError(errors)
        return list(self.rows.values())


# --- Formats ---------------------------------------------------------------------------------


def parse_long(content: bytes, *, known_iso3: Collection[str]) -> list[IndicatorRow]:
    table, errors = _read_table(content)
    missing = _require(table, *((column,) for column in LONG_COLUMNS))
    unexpected = [name for name in table.columns if name and name not in LONG_COLUMNS]
    if unexpected:
        missing.append(gettext("Unexpected column(s): %(columns)s.") % {"columns": ", ".join(unexpected)})
    if missing:
        raise ImportFormatError(missing + errors)
    collector = _Collector(known_iso3)
    for line, cells in table.rows:
        iso3 = collector.iso3(line, _cell(table, cells, "iso3"))
        year = collector.year(line, _cell(table, cells, "year"))
        indicator = _cell(table, cells, "indicator")
        source, vintage = _cell(table, cells, "source"), _cell(table, cells, "vintage")
        collector.add(line, iso3, year, indicator, _cell(table, cells, "value"), source, vintage)
    return collector.result(errors)


def parse_vdem(content: bytes, *, known_iso3: Collection[str], vintage: str | None = None) -> list[IndicatorRow]:
    table, errors = _read_table(content)
    missing = _require(table, ("country_text_id",), ("year",), *VDEM_COLUMNS.values())
    if missing:
        raise ImportFormatError(missing + errors)
    columns = {indicator: table.find(*names) for indicator, names in VDEM_COLUMNS.items()}
    collector = _Collector(known_iso3)
    for line, cells in table.rows:
        values = {indicator: _cell(table, cells, column) for indicator, column in columns.items()}
        values = {indicator: raw for indicator, raw in values.items() if raw.casefold() not in MISSING_CELLS}
        iso3 = collector.iso3(line, _cell(table, cells, table.find("country_text_id")))
        year = collector.year(line, _cell(table, cells, "year"))
        for indicator, raw in values.items():
            collector.add(line, iso3, year, indicator, raw, VDEM_SOURCE, vintage or DEFAULT_VDEM_VINTAGE)
    return collector.result(errors)


def parse_eiu(
    content: bytes,
    *,
    known_iso3: Collection[str],
    year: int | None = None,
    vintage: str | None = None,
    resolve_name: NameResolver | None = None,
) -> list[IndicatorRow]:
    if year is not None and not (isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR):
        raise ImportFormatError([gettext("'%(year)s' is not a valid year.") % {"year": year}])
    table, errors = _read_table(content)
    missing = _require(table, EIU_COUNTRY_COLUMNS, EIU_CIVIL_LIBERTIES_COLUMNS)
    year_column = table.find("year")
    if year_column is None and year is None:
        missing.append(gettext("The file has no 'Year' column: choose the year the scores apply to."))
    if missing:
        raise ImportFormatError(missing + errors)
    resolve = resolve_name or resolve_country_name
    country_column, liberties_column = table.find(*EIU_COUNTRY_COLUMNS), table.find(*EIU_CIVIL_LIBERTIES_COLUMNS)
    collector = _Collector(known_iso3)
    for line, cells in table.rows:
        name = _cell(table, cells, country_column)
        iso3 = resolve(name)
        if iso3 is None:
            collector.error(line, gettext("country name '%(name)s' not recognised.") % {"name": name})
        elif iso3.upper() not in collector.known_iso3:
            problem = gettext("'%(name)s' (%(code)s) is not a country in the registry.")
            collector.error(line, problem % {"name": name, "code": iso3})
            iso3 = None
        else:
            iso3 = iso3.upper()
        row_year = collector.year(line, _cell(table, cells, year_column)) if year_column else year
        row_vintage = vintage or f"{EIU_SOURCE} {row_year}"
        raw = _cell(table, cells, liberties_column)
        collector.add(line, iso3, row_year, "civil_liberties", raw, EIU_SOURCE, row_vintage)
    return collector.result(errors)


def parse(
    content: bytes,
    fmt: str,
    *,
    known_iso3: Collection[str],
    year: int | None = None,
    vintage: str | None = None,
    resolve_name: NameResolver | None = None,
) -> list[IndicatorRow]:
    """The validated rows of `content` in format `fmt` ('long', 'vdem' or 'eiu'), or ImportFormatError."""
    if fmt == ImportFormat.LONG:
        return parse_long(content, known_iso3=known_iso3)
    if fmt == ImportFormat.VDEM:
        return parse_vdem(content, known_iso3=known_iso3, vintage=vintage)
    if fmt == ImportFormat.EIU:
        return parse_eiu(content, known_iso3=known_iso3, year=year, vintage=vintage, resolve_name=resolve_name)
    raise ValueError(f"Unknown indicator file format {fmt!r}")
