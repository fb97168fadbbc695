"""A plan's IRM summary as server-side SVG: how its commitments spread over each scale (no JavaScript, no CDN).

The chart is an image with a title for screen readers; the page also gives the same counts as a table.
Every bar is labelled with its value and count in text, so colour carries no meaning of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import CommitmentAssessment

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each at least 3:1
# against the white background, as WCAG asks of graphical objects.
PANEL_COLOURS = ("#0072B2", "#D55E00", "#009E73")
WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW, BAR, HEADER, PANEL_GAP = 640, 210, 340, 20, 14, 22, 12


@dataclass(frozen=True)
class Distribution:
    """How many commitments got each value of one scale, in the scale's order; blanks are "not assessed"."""

    name: str
    title: str
    rows: tuple[tuple[str, str, int], ...]  # (value, label, count)

    @property
    def total(self) -> int:
        return sum(count for _value, _label, count in self.rows)


def distribution(name: str, values: Iterable[str], *, title: str | None = None) -> Distribution | None:
    """The distribution of `values` (one per commitment) over the scale of the assessment field `name`;
    None when no commitment was scored on it."""
    values = list(values)
    if not any(values):
        return None
    field = CommitmentAssessment._meta.get_field(name)
    rows = [(value, str(label), values.count(value)) for value, label in field.flatchoices if value]
    not_assessed = sum(1 for value in values if not value)
    if not_assessed:
        rows.append(("", _("Not assessed"), not_assessed))
    return Distribution(name, title or str(field.verbose_name).capitalize(), tuple(rows))


def distributions_svg(distributions: Sequence[Distribution], *, chart_id: str, title: str) -> SafeString:
    """Horizontal bars, one panel per scale; each bar's length is its share of the commitments scored."""
    height = sum(HEADER + ROW * len(d.rows) + PANEL_GAP for d in distributions) + 4
    parts: list[SafeString] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'class="irm-summary-chart" width="100%" style="max-width:{}px">',
            WIDTH,
            height,
            chart_id,
            chart_id,
            WIDTH,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html(
            '<desc id="{}-desc">{}</desc>',
            chart_id,
            _("Number of commitments at each level of each scale; the table that follows gives the same numbers."),
        ),
    ]
    y = 0
    for index, item in enumerate(distributions):
        colour = PANEL_COLOURS[index % len(PANEL_COLOURS)]
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13" font-weight="bold" fill="#212529">{}</text>', y + 15, item.title
            )
        )
        y += HEADER
        total = item.total or 1
        for _value, label, count in item.rows:
            length = round(BAR_WIDTH * count / total, 1)
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#212529">{}</text>',
                    LABEL_WIDTH - 8,
                    y + BAR - 2,
                    label,
                )
            )
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    LABEL_WIDTH,
                    y + 2,
                    max(length, 1) if count else 0,
                    BAR,
                    colour,
                    f"{item.title} · {label}: {count}",
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="#212529">{}</text>',
                    LABEL_WIDTH + length + 6,
                    y + BAR - 2,
                    count,
                )
            )
            y += ROW
        y += PANEL_GAP
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
