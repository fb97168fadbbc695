"""Server-side SVG bar charts for the statistics page: no JavaScript, no CDN.

Each chart is an image with a title and a description for screen readers, and the page follows it with
a table of the same numbers. Every bar carries its value in text, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies and at least 3:1 against white.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH, LABEL_WIDTH, VALUE_WIDTH, BAR, BAR_GAP, GROUP_GAP, LEGEND = 640, 230, 60, 16, 3, 12, 24
LABEL_CHARACTERS = 34


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per category; None draws no bar and says "no data"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart_svg(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    maximum: float | None = None,
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one group per category and one bar per series; the legend shows when there are several."""
    top = LEGEND if len(series) > 1 else 0
    group = len(series) * (BAR + BAR_GAP)
    height = top + len(categories) * (group + GROUP_GAP) + 4
    values = [value for item in series for value in item.values if value is not None]
    scale_max = maximum or max(values, default=0) or 1
    bar_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts: list[SafeString] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'class="statistics-chart" width="100%" style="max-width:{}px">',
            WIDTH,
            height,
            chart_id,
            chart_id,
            WIDTH,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, _("The table that follows gives the same numbers.")),
    ]
    if len(series) > 1:
        for index, item in enumerate(series):
            x = LABEL_WIDTH + index * 190
            colour = OKABE_ITO[index % len(OKABE_ITO)]
            parts.append(format_html('<rect x="{}" y="4" width="12" height="12" fill="{}"/>', x, colour))
            parts.append(format_html('<text x="{}" y="14" font-size="12" fill="#212529">{}</text>', x + 16, item.name))
    y = top
    for position, category in enumerate(categories):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#212529"><title>{}</title>{}</text>',
                LABEL_WIDTH - 8,
                y + group / 2 + 4,
                category,
                _short(category),
            )
        )
        for index, item in enumerate(series):
            value = item.values[position]
            bar_y = y + index * (BAR + BAR_GAP)
            text = _("no data") if value is None else f"{_number(value)}{unit}"
            length = 0 if value is None else round(bar_width * min(value / scale_max, 1), 1)
            if value:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                        LABEL_WIDTH,
                        bar_y,
                        max(length, 1),
                        BAR,
                        OKABE_ITO[index % len(OKABE_ITO)],
                        f"{category} · {item.name}: {text}",
                    )
                )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="#212529">{}</text>',
                    LABEL_WIDTH + length + 6,
                    bar_y + BAR - 3,
                    text,
                )
            )
        y += group + GROUP_GAP
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
