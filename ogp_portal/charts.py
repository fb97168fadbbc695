"""Server-side SVG bar charts for the statistics page: no JavaScript, no CDN.

Each chart is an image with a title and a description for screen readers, and the page follows it with
a table of the same numbers. Every bar carries its value in text, so colour is never the only cue.

Each category's label sits on its own line above its bars, so the drawing can stay narrow: at 400 units
wide it is shown nearly full size on a 375 px phone, where a label column beside the bars would shrink
its text to half size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .numbers import format_number, format_percent

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies and at least 3:1 against white.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH, MAX_WIDTH, VALUE_WIDTH, FONT = 400, 480, 64, 13
LABEL, BAR, BAR_GAP, GROUP_GAP, LEGEND_LINE = 18, 16, 3, 12, 20
LABEL_CHARACTERS = 56


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per category; None draws no bar and says "no data"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart_svg(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    maximum: float | None = None,
    percent: bool = False,
) -> SafeString:
    """Horizontal bars, one group per category and one bar per series; the legend shows when there are several."""
    top = len(series) * LEGEND_LINE + 4 if len(series) > 1 else 0
    group = LABEL + len(series) * (BAR + BAR_GAP)
    height = top + len(categories) * (group + GROUP_GAP)
    values = [value for item in series for value in item.values if value is not None]
    scale_max = maximum or max(values, default=0) or 1
    bar_width = WIDTH - VALUE_WIDTH
    parts: list[SafeString] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'class="statistics-chart" width="100%" style="max-width:{}px" font-size="{}">',
            WIDTH,
            height,
            chart_id,
            chart_id,
            MAX_WIDTH,
            FONT,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, _("The table that follows gives the same numbers.")),
    ]
    if len(series) > 1:
        # One line per series: two long names side by side would run past the right edge.
        for index, item in enumerate(series):
            y = index * LEGEND_LINE
            colour = OKABE_ITO[index % len(OKABE_ITO)]
            parts.append(format_html('<rect x="0" y="{}" width="12" height="12" fill="{}"/>', y + 3, colour))
            parts.append(format_html('<text x="18" y="{}" fill="#212529">{}</text>', y + 14, item.name))
    y = top
    for position, category in enumerate(categories):
        parts.append(
            format_html(
                '<text x="0" y="{}" fill="#212529"><title>{}</title>{}</text>', y + 13, category, _short(category)
            )
        )
        for index, item in enumerate(series):
            value = item.values[position]
            bar_y = y + LABEL + index * (BAR + BAR_GAP)
            text = _("no data") if value is None else format_percent(value) if percent else format_number(value)
            length = 0 if value is None else round(bar_width * min(value / scale_max, 1), 1)
            if value:
                parts.append(
                    format_html(
                        '<rect x="0" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                        bar_y,
                        max(length, 1),
                        BAR,
                        OKABE_ITO[index % len(OKABE_ITO)],
                        f"{category} · {item.name}: {text}",
                    )
                )
            parts.append(format_html('<text x="{}" y="{}" fill="#212529">{}</text>', length + 6, bar_y + BAR - 3, text))
        y += group + GROUP_GAP
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
