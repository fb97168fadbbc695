from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import charts, sitemaps
from . import statistics as stats


def cached_figures(name: str, compute: Callable[[], Any]) -> Any:
    """Figures over whole tables, computed from the data at most every PUBLIC_FIGURES_CACHE_SECONDS seconds
    (per language: names in them are translated), so that a busy home page does not rescan every commitment."""
    key = f"public-figures:{name}:{get_language()}"
    return cache.get_or_set(key, compute, settings.PUBLIC_FIGURES_CACHE_SECONDS)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", cached_figures("home", stats.home_statistics))


def statistics(request: HttpRequest) -> HttpResponse:
    """Charts drawn from the public data, each followed by a table of the same numbers."""
    areas, cycles, (eligibility_year, regions) = cached_figures(
        "statistics",
        lambda: (stats.commitments_by_policy_area(), stats.results_by_cycle(), stats.eligibility_by_region()),
    )
    context = {
        "areas": areas,
        "areas_chart": charts.bar_chart_svg(
            [name for name, _count in areas],
            [charts.Series(_("Commitments"), [count for _name, count in areas])],
            chart_id="areas-chart",
            title=_("Commitments by policy area"),
        ),
        "cycles": cycles,
        "cycles_chart": charts.bar_chart_svg(
            [str(cycle.cycle_year) for cycle in cycles],
            [
                charts.Series(_("Substantial or complete"), [cycle.high_completion_percent for cycle in cycles]),
                charts.Series(
                    _("Major or outstanding early results"), [cycle.strong_early_results_percent for cycle in cycles]
                ),
            ],
            chart_id="cycles-chart",
            title=_("Completion and early results by plan cycle, in percent of the commitments assessed"),
            maximum=100,
            percent=True,
        ),
        "eligibility_year": eligibility_year,
        "regions": regions,
        "regions_chart": charts.bar_chart_svg(
            [region.label for region in regions],
            [charts.Series(_("Average score"), [region.average_percent for region in regions])],
            chart_id="regions-chart",
            title=_("Average eligibility score by region, in percent of the points available"),
            maximum=100,
            percent=True,
        ),
    }
    return render(request, "statistics.html", context)


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The sitemap index, or with `?section=<name>&p=<n>` one page of a section (see `ogp_portal.sitemaps`)."""
    name = request.GET.get("section")
    if name is None:
        context = {"locations": sitemaps.index_locations()}
        return render(request, "open_data/sitemap_index.xml", context, content_type="application/xml")
    page = request.GET.get("p", "1")
    if name not in sitemaps.SECTIONS or not page.isdigit() or int(page) < 1:
        raise Http404
    section = sitemaps.SECTIONS[name]
    if int(page) > section.page_count():
        raise Http404
    context = {"entries": sitemaps.entries(section, int(page))}
    return render(request, "open_data/sitemap.xml", context, content_type="application/xml")
