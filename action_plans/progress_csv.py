"""Bulk progress updates: a CSV of milestone statuses, all valid or nothing applied.

`parse` is pure (bytes and the plan's milestones in, rows or errors by line out), so every error
case is tested without a database; `apply` records the rows through `Milestone.report_progress`,
in one transaction.

Columns (a header line first; the order is free):
- `milestone_id`: the milestone's number in the portal (shown on the upload page), or instead
  `commitment` and `milestone`: the commitment's number and the milestone's number within it;
- `status`: not_started, limited, substantial or complete (the English labels are accepted too);
- `as_of`: the date the status describes, YYYY-MM-DD, not in the future;
- `note` (optional): the dated note;
- `evidence_url` (optional): an https:// link.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import AuditEntry
from ogp_portal.numbers import is_plain_number

from .models import ActionPlan, Milestone, MilestoneStatus

if TYPE_CHECKING:
    from members.models import User

MAX_CSV_BYTES = 512 * 1024
MAX_ROWS = 1000
REQUIRED = ("status", "as_of")
OPTIONAL = ("note", "evidence_url")
ID_COLUMN = "milestone_id"
NUMBER_COLUMNS = ("commitment", "milestone")
KNOWN = {ID_COLUMN, *NUMBER_COLUMNS, *REQUIRED, *OPTIONAL}
EXAMPLE = "milestone_id,status,as_of,note,evidence_url\n"


@dataclass(frozen=True)
class LineError:
    line: int | None  # None: the whole file
    message: str


@dataclass(frozen=True)
class ProgressRow:
    line: int
    milestone_id: int
    status: str
    as_of: datetime.date
    note: str
    evidence_url: str


@dataclass(frozen=True)
class ParseResult:
    rows: list[ProgressRow]
    errors: list[LineError]

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)


def _status_of(value: str) -> str | None:
    """The status value for `value`: its code or its English label, in any case."""
    cleaned = " ".join(value.strip().lower().replace("_", " ").split())
    for status in MilestoneStatus:
        if cleaned in (status.value.replace("_", " "), str(status.label).lower()):
            return status.value
    return None


def _file_error(message: str) -> ParseResult:
    return ParseResult(rows=[], errors=[LineError(None, message)])


def _decode(data: bytes) -> tuple[str | None, str | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, _("Line %(line)s is not UTF-8 text: save the file as “CSV UTF-8”.") % {"line": line}


def parse(
    data: bytes,
    *,
    milestone_ids: set[int],
    numbers: Mapping[tuple[int, int], int] | None = None,
    today: datetime.date,
) -> ParseResult:
    """Read a progress CSV against the plan's milestones (`milestone_ids`; `numbers` maps
    (commitment number, milestone number) to an id). Every error is reported, with its line.
    """
    if len(data) > MAX_CSV_BYTES:
        return _file_error(_("The file is larger than %(size)s KB: split it into several files.") % {"size": 512})
    if not data.strip():
        return _file_error(_("The file is empty."))
    text, problem = _decode(data)
    if text is None:
        return _file_error(problem or "")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        return _file_error(_("The file cannot be read as CSV: %(error)s.") % {"error": error})
    if len(header) == 1 and any(separator in header[0] for separator in (";", "\t", "|")):
        return _file_error(
            _("Line 1: the columns are not separated by commas. Save the file as CSV with commas (,) between columns.")
        )
    header_errors = _check_header(header)
    if header_errors:
        return ParseResult(rows=[], errors=header_errors)

    rows: list[ProgressRow] = []
    errors: list[LineError] = []
    first_line_of: dict[int, int] = {}
    count = 0
    line = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            count += 1
            if count > MAX_ROWS:
                return _file_error(
                    _("The file has more than %(count)s rows: split it into several files.") % {"count": MAX_ROWS}
                )
            row, row_errors = _parse_record(start, header, record, milestone_ids, numbers or {}, today)
            if row is not None and row.milestone_id in first_line_of:
                row_errors.append(
                    _("this milestone is already on line %(line)s; give one status per milestone.")
                    % {"line": first_line_of[row.milestone_id]}
                )
            errors.extend(
                LineError(start, _("Line %(line)s: %(error)s") % {"line": start, "error": message})
                for message in row_errors
            )
            if row is not None and not row_errors:
                first_line_of[row.milestone_id] = start
                rows.append(row)
            elif row is not None:
                first_line_of.setdefault(row.milestone_id, start)
    except csv.Error as error:
        errors.append(
            LineError(line, _("Line %(line)s cannot be read as CSV: %(error)s.") % {"line": line, "error": error})
        )
    if not count and not errors:
        return _file_error(_("The file has a header line but no rows."))
    return ParseResult(rows=rows if not errors else [], errors=errors)


def _check_header(header: Sequence[str]) -> list[LineError]:
    errors = []
    names = [name for name in header if name]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        errors.append(LineError(1, _("Line 1: the column %(names)s appears twice.") % {"names": ", ".join(duplicated)}))
    unknown = [name for name in names if name not in KNOWN]
    if unknown:
        errors.append(
            LineError(
                1,
                _("Line 1: unknown column %(names)s (the columns are %(known)s).")
                % {"names": ", ".join(unknown), "known": "milestone_id, status, as_of, note, evidence_url"},
            )
        )
    has_id = ID_COLUMN in names
    has_numbers = all(name in names for name in NUMBER_COLUMNS)
    missing = [name for name in REQUIRED if name not in names]
    if not has_id and not has_numbers:
        missing.insert(0, ID_COLUMN)
    if missing:
        errors.append(LineError(1, _("Line 1: missing column %(names)s.") % {"names": ", ".join(missing)}))
    return errors


def _parse_record(
    line: int,
    header: Sequence[str],
    record: Sequence[str],
    milestone_ids: set[int],
    numbers: Mapping[tuple[int, int], int],
    today: datetime.date,
) -> tuple[ProgressRow | None, list[str]]:
    errors: list[str] = []
    if len(record) > len(header):
        return None, [_("%(count)s values for %(columns)s columns.") % {"count": len(record), "columns": len(header)}]
    values = {name: (record[index].strip() if index < len(record) else "") for index, name in enumerate(header)}

    milestone_id = _milestone_of(values, milestone_ids, numbers, errors)
    status = _status_of(values.get("status", ""))
    if status is None:
        errors.append(
            _("“%(value)s” is not a status (not_started, limited, substantial or complete).")
            % {"value": values.get("status", "")}
        )
    as_of = None
    try:
        as_of = datetime.date.fromisoformat(values.get("as_of", ""))
    except ValueError:
        errors.append(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": values.get("as_of", "")})
    if as_of is not None and as_of > today:
        errors.append(_("%(date)s is in the future.") % {"date": as_of.isoformat()})
    url = values.get("evidence_url", "")
    if url:
        try:
            URLValidator(schemes=["https"])(url)
        except ValidationError:
            errors.append(_("“%(value)s” is not an https:// link.") % {"value": url})
    if milestone_id is None or status is None or as_of is None:
        return None, errors
    return ProgressRow(line, milestone_id, status, as_of, values.get("note", ""), url), errors


def _milestone_of(
    values: Mapping[str, str], milestone_ids: set[int], numbers: Mapping[tuple[int, int], int], errors: list[str]
) -> int | None:
    raw = values.get(ID_COLUMN, "")
    if raw:
        if not is_plain_number(raw) or int(raw) not in milestone_ids:
            errors.append(_("there is no milestone %(value)s in this plan.") % {"value": raw})
            return None
        return int(raw)
    commitment, milestone = values.get("commitment", ""), values.get("milestone", "")
    if not commitment and not milestone:
        errors.append(_("give the milestone (milestone_id, or commitment and milestone numbers)."))
        return None
    key = (int(commitment), int(milestone)) if is_plain_number(commitment) and is_plain_number(milestone) else None
    if key is None or key not in numbers:
        errors.append(
            _("this plan has no milestone %(milestone)s in commitment %(commitment)s.")
            % {"milestone": milestone or "?", "commitment": commitment or "?"}
        )
        return None
    return numbers[key]


def plan_milestones(plan: ActionPlan) -> tuple[set[int], dict[tuple[int, int], int]]:
    """The plan's milestone ids, and the same by (commitment number, milestone number): one query."""
    pairs = Milestone.objects.filter(commitment__plan=plan).values_list("pk", "commitment__number", "number")
    ids, numbers = set(), {}
    for pk, commitment_number, number in pairs:
        ids.add(pk)
        numbers[(commitment_number, number)] = pk
    return ids, numbers


def apply(plan: ActionPlan, rows: Sequence[ProgressRow], *, by: User) -> dict[str, Any]:
    """Record every row through `Milestone.report_progress`, in one transaction: if one is refused
    (the plan left implementation meanwhile, a milestone was deleted), nothing is recorded. Audited.
    Returns a summary: how many reports, and how many per status.
    """
    with transaction.atomic():
        milestones = Milestone.objects.select_related("commitment").in_bulk([row.milestone_id for row in rows])
        per_status: dict[str, int] = {}
        for row in rows:
            milestone = milestones.get(row.milestone_id)
            if milestone is None or milestone.commitment.plan_id != plan.pk:
                raise ValidationError(
                    _("Line %(line)s: there is no milestone %(value)s in this plan.")
                    % {"line": row.line, "value": row.milestone_id},
                    code="unknown_milestone",
                )
            milestone.report_progress(
                status=row.status, reported_on=row.as_of, note=row.note, evidence_url=row.evidence_url, by=by
            )
            per_status[row.status] = per_status.get(row.status, 0) + 1
        AuditEntry.objects.log(
            plan, "action_plan.progress_uploaded", actor=by, reports=len(rows), per_status=per_status
        )
    return {"reports": len(rows), "per_status": per_status}
