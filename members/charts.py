"""Server-side SVG charts: no JavaScript, no CDN, readable by screen readers through a title and a table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .scoring import MAX_POINTS, Criterion

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CRITERION_COLOURS = {
    Criterion.FISCAL_TRANSPARENCY: "#0072B2",
    Criterion.ACCESS_TO_INFORMATION: "#E69F00",
    Criterion.ASSET_DISCLOSURE: "#009E73",
    Criterion.CITIZEN_ENGAGEMENT: "#CC79A7",
}
BAR, GAP, GROUP_GAP, HEIGHT, TOP, LEFT, BOTTOM = 14, 2, 22, 120, 12, 34, 26


def eligibility_history_svg(
    history: Sequence[tuple[int, Mapping[str, int | None]]], *, chart_id: str = "eligibility-chart"
) -> SafeString:
    """Points per criterion (0 to 4) for each year; a criterion not assessed shows as a grey stub."""
    criteria = list(CRITERION_COLOURS)
    group = len(criteria) * (BAR + GAP)
    width = LEFT + max(1, len(history)) * (group + GROUP_GAP) + 10
    legend_y = TOP + HEIGHT + BOTTOM + 6
    total_height = legend_y + 20 * ((len(criteria) + 1) // 2) + 4
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
            'class="eligibility-chart" width="100%" style="max-width:{}px">',
            max(width, 340),
            total_height,
            chart_id,
            max(width, 340) * 2,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, _("Eligibility points per criterion, by year")),
    ]
    for points in range(MAX_POINTS + 1):
        y = TOP + HEIGHT - points * HEIGHT / MAX_POINTS
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>', LEFT, width, y, y))
        parts.append(
            format_html('<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>', LEFT - 6, y + 3, points)
        )
    for index, (year, points_by_criterion) in enumerate(history):
        x0 = LEFT + GROUP_GAP / 2 + index * (group + GROUP_GAP)
        for position, criterion in enumerate(criteria):
            x = x0 + position * (BAR + GAP)
            points = points_by_criterion.get(criterion)
            if points is None:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="3" fill="#9e9e9e"><title>{}</title></rect>',
                        x,
                        TOP + HEIGHT - 3,
                        BAR,
                        f"{year} · {Criterion(criterion).label}: {_('not assessed')}",
                    )  # fmt: skip
                )
                continue
            bar_height = max(points * HEIGHT / MAX_POINTS, 1)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    x,
                    TOP + HEIGHT - bar_height,
                    BAR,
                    bar_height,
                    CRITERION_COLOURS[criterion],
                    f"{year} · {Criterion(criterion).label}: {points}/{MAX_POINTS}",
                )  # fmt: skip
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                x0 + group / 2,
                TOP + HEIGHT + 16,
                year,
            )  # fmt: skip
        )
    for position, criterion in enumerate(criteria):
        x = LEFT + (position % 2) * 170
        y = legend_y + 20 * (position // 2)
        parts.append(
            format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>', x, y, CRITERION_COLOURS[criterion])
        )
        parts.append(
            format_html('<text x="{}" y="{}" font-size="11">{}</text>', x + 16, y + 10, Criterion(criterion).label)
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(escape(part) if not isinstance(part, SafeString) else part for part in parts))
