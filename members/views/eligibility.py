"""Public eligibility pages: the yearly table and its CSV download."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from ..filters import EligibilityFilter
from ..models import EligibilityAssessment

CSV_COLUMNS = [
    "iso3",
    "name",
    "year",
    "fiscal_transparency",
    "access_to_information",
    "asset_disclosure",
    "citizen_engagement",
    "total",
    "maximum",
    "percent",
    "core_result",
    "values_check",
    "eligible",
]


def eligibility_latest(request: HttpRequest) -> HttpResponse:
    year = EligibilityAssessment.objects.aggregate(latest=Max("year"))["latest"]
    if year is None:
        return render(request, "members/eligibility_table.html", {"year": None, "years": []})
    return redirect("members:eligibility-table", year=year)


def eligibility_table(request: HttpRequest, year: int) -> HttpResponse:
    assessments = EligibilityAssessment.objects.filter(year=year).select_related("government")
    years = list(EligibilityAssessment.objects.values_list("year", flat=True).distinct().order_by("-year"))
    if year not in years:
        raise Http404
    filtered = EligibilityFilter(request.GET, queryset=assessments.order_by("government__name"))
    context = {"filter": filtered, "assessments": filtered.qs, "year": year, "years": years}
    return render(request, "members/eligibility_table.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(assessments) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for assessment in assessments.iterator(chunk_size=500):
        yield writer.writerow(
            [
                assessment.government.iso3,
                assessment.government.name,
                assessment.year,
                *("" if getattr(assessment, c) is None else getattr(assessment, c) for c in CSV_COLUMNS[3:7]),
                assessment.total,
                assessment.maximum,
                "" if assessment.percent is None else assessment.percent,
                assessment.core_result,
                assessment.values_check,
                "yes" if assessment.eligible else "no",
            ]
        )


def eligibility_csv(request: HttpRequest, year: int) -> StreamingHttpResponse:
    assessments = (
        EligibilityAssessment.objects.filter(year=year).select_related("government").order_by("government__iso3")
    )
    if not assessments.exists():
        raise Http404
    response = StreamingHttpResponse(_csv_rows(assessments), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ogp-eligibility-{year}.csv"'
    return response
