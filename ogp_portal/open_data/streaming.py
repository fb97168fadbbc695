"""CSV and JSON writers that yield one row at a time, so an export holds one chunk of rows in memory at most."""

from __future__ import annotations

import csv
import datetime
import decimal
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any


class Echo:
    """A file-like object whose write() returns what it is given: csv.writer then yields lines instead of
    storing them (Django's "Streaming large CSV files")."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> Any:
    """Lists of plain values become `a; b`; nested objects (milestones) become JSON text; booleans `true`/`false`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            return json.dumps(value, ensure_ascii=False, default=json_default)
        return "; ".join(str(item) for item in value)
    return value


def csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_cell(row[name]) for name in columns])


def json_default(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_array(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON array, written as `[`, the rows one a line separated by commas, then `]`: a plain JSON
    document that no reader needs to hold whole in order to write it."""
    yield "[\n"
    separator = ""
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False, default=json_default)
        separator = ",\n"
    yield "\n]\n"
