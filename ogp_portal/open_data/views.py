"""The open data page (the schema of every dataset) and the streaming downloads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .datasets import DATASETS
from .streaming import csv_lines, json_array

SCHEMA_DESCRIPTION = _(
    "Open data of the Open Government Partnership: governments, eligibility, action plans, commitments, "
    "IRM assessments and public comments, as CSV and JSON."
)
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def schema(request: HttpRequest) -> HttpResponse:
    context = {"datasets": DATASETS.values(), "og_description": SCHEMA_DESCRIPTION}
    return render(request, "open_data/schema.html", context)


def _in_language(language: str, chunks: Iterable[str]) -> Iterator[str]:
    """The rows are written after the view returns: links keep the language prefix of the request."""
    with translation.override(language):
        yield from chunks


def download(request: HttpRequest, dataset: str, fmt: str) -> StreamingHttpResponse:
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    chosen = DATASETS[dataset]
    rows = chosen.rows()
    chunks = csv_lines(chosen.column_names, rows) if fmt == "csv" else json_array(rows)
    response = StreamingHttpResponse(_in_language(translation.get_language(), chunks), content_type=FORMATS[fmt])
    filename = f"ogp-{chosen.slug}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
