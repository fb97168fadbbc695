"""Readable differences between two published versions of a plan, per commitment and per field.

Pure functions over snapshots (`versions.snapshot_of`): no database access. Every piece of text is
escaped before it is wrapped in <ins>/<del>, and each change carries words a screen reader says
("added", "removed"), so that a change is never shown by colour alone.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models.commitments import TEXT_FIELDS, Commitment, OGPValue

# In reading order; each is compared as words, except the ones in LINE_FIELDS (compared line by line).
COMPARED_FIELDS = (
    "title",
    "short_title",
    *TEXT_FIELDS,
    "values",
    "lead_agency",
    "supporting_institutions",
    "start_date",
    "end_date",
    "policy_areas",
    "milestones",
)
# Short values (dates) read better replaced whole than word by word.
LINE_FIELDS = ("supporting_institutions", "policy_areas", "milestones", "values", "start_date", "end_date")

TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    field: str
    label: str
    before: str
    after: str
    html: SafeString


@dataclass
class CommitmentDiff:
    change: str  # "added", "removed", "changed" or "unchanged"
    id: Any
    number: Any
    title: str
    fields: list[FieldDiff] = field(default_factory=list)

    @property
    def change_label(self) -> str:
        return {
            "added": _("Added"),
            "removed": _("Removed"),
            "changed": _("Changed"),
            "unchanged": _("Unchanged"),
        }[self.change]


@dataclass
class PlanDiff:
    title: FieldDiff | None
    commitments: list[CommitmentDiff]

    def count(self, change: str) -> int:
        return sum(1 for commitment in self.commitments if commitment.change == change)

    @property
    def counts(self) -> dict[str, int]:
        return {change: self.count(change) for change in ("added", "removed", "changed", "unchanged")}

    @property
    def has_changes(self) -> bool:
        return self.title is not None or any(c.change != "unchanged" for c in self.commitments)


def _inserted(text: str) -> str:
    return (
        f'<ins><span class="visually-hidden">{escape(_("[added:"))} </span>{escape(text)}'
        f'<span class="visually-hidden"> {escape(_("end of addition]"))}</span></ins>'
    )


def _deleted(text: str) -> str:
    return (
        f'<del><span class="visually-hidden">{escape(_("[removed:"))} </span>{escape(text)}'
        f'<span class="visually-hidden"> {escape(_("end of removal]"))}</span></del>'
    )


def diff_words(before: str, after: str) -> SafeString:
    """`after` with what changed since `before` marked word by word (<del> then <ins>), escaped."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_deleted("".join(old[i1:i2])))
        if j2 > j1:
            parts.append(_inserted("".join(new[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 (every piece was escaped above)


def diff_lines(before: Sequence[str], after: Sequence[str]) -> SafeString:
    """One line per element: kept lines as they are, removed ones in <del>, added ones in <ins>."""
    lines = []
    matcher = difflib.SequenceMatcher(None, list(before), list(after), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(f'<div class="diff-line">{escape(line)}</div>' for line in before[i1:i2])
            continue
        lines.extend(f'<div class="diff-line">{_deleted(line)}</div>' for line in before[i1:i2])
        lines.extend(f'<div class="diff-line">{_inserted(line)}</div>' for line in after[j1:j2])
    return mark_safe("".join(lines))  # noqa: S308 (every piece was escaped above)


def _date(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(datetime.date.fromisoformat(value))


def field_lines(commitment: Mapping[str, Any], name: str, area_names: Mapping[str, str] | None = None) -> list[str]:
    """The field of a snapshot commitment as lines of readable text (dates formatted, values named)."""
    if name == "values":
        return [str(OGPValue(value).label) for value in commitment.get("values", [])]
    if name == "policy_areas":
        names = area_names or {}
        return [names.get(slug, slug) for slug in commitment.get("policy_areas", [])]
    if name == "milestones":
        lines = []
        for position, milestone in enumerate(commitment.get("milestones", []), start=1):
            details = [
                " – ".join(filter(None, [_date(milestone.get("start_date")), _date(milestone.get("end_date"))])),
                milestone.get("responsible_agency") or "",
            ]
            extra = " · ".join(part for part in details if part)
            lines.append(f"{position}. {milestone.get('description', '')}" + (f" ({extra})" if extra else ""))
        return lines
    if name in ("start_date", "end_date"):
        return [_date(commitment.get(name))]
    text = commitment.get(name) or ""
    return text.replace("\r\n", "\n").split("\n") if name == "supporting_institutions" else [text]


def field_label(name: str) -> str:
    if name == "values":
        return _("OGP values")
    if name == "milestones":
        return _("Milestones")
    return str(Commitment._meta.get_field(name).verbose_name).capitalize()


def diff_field(
    name: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    area_names: Mapping[str, str] | None = None,
) -> FieldDiff | None:
    """The difference in one field between two snapshot commitments (None when it is the same)."""
    old = [line for line in field_lines(before or {}, name, area_names) if line] if before is not None else []
    new = [line for line in field_lines(after or {}, name, area_names) if line] if after is not None else []
    if old == new:
        return None
    html = diff_lines(old, new) if name in LINE_FIELDS else diff_words("\n".join(old), "\n".join(new))
    return FieldDiff(name, field_label(name), "\n".join(old), "\n".join(new), html)


def compare_commitments(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, area_names: Mapping[str, str] | None = None
) -> CommitmentDiff:
    """One commitment across two versions: added (no `before`), removed (no `after`), changed or unchanged."""
    source = after if after is not None else before
    assert source is not None
    fields = [diff for name in COMPARED_FIELDS if (diff := diff_field(name, before, after, area_names))]
    if before is None:
        change = "added"
    elif after is None:
        change = "removed"
    else:
        change = "changed" if fields else "unchanged"
    return CommitmentDiff(change, source.get("id"), source.get("number"), source.get("title", ""), fields)


def compare_snapshots(
    before: Mapping[str, Any], after: Mapping[str, Any], area_names: Mapping[str, str] | None = None
) -> PlanDiff:
    """Two snapshots, commitment by commitment (matched by id, so renumbering is a change, not a swap).

    Commitments come in the newer version's order; removed ones follow, in their old order.
    """
    old = {item["id"]: item for item in before.get("commitments", [])}
    new_ids = {item["id"] for item in after.get("commitments", [])}
    commitments = [compare_commitments(old.get(item["id"]), item, area_names) for item in after.get("commitments", [])]
    commitments += [
        compare_commitments(item, None, area_names)
        for item in before.get("commitments", [])
        if item["id"] not in new_ids
    ]
    title = None
    if before.get("title", "") != after.get("title", ""):
        title = FieldDiff(
            "title",
            _("Title"),
            before.get("title", ""),
            after.get("title", ""),
            diff_words(before.get("title", ""), after.get("title", "")),
        )
    return PlanDiff(title, commitments)


def policy_area_slugs(*snapshots: Mapping[str, Any]) -> set[str]:
    """Every policy area named in these snapshots: what the view looks up once to show names."""
    return {
        slug
        for snapshot in snapshots
        for item in snapshot.get("commitments", [])
        for slug in item.get("policy_areas", [])
    }
