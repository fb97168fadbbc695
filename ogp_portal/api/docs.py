"""What the documentation page lists, read from the viewsets themselves so that it cannot drift from them.

The examples name objects of the demo data (`seed_demo`), so that each example link answers with data there;
the page itself runs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


@dataclass(frozen=True)
class Endpoint:
    basename: str
    title: Promise
    description: Promise
    example_query: str
    # None when no id can be told in advance (a comment's is its number).
    example_id: str | None


ENDPOINTS = [
    Endpoint(
        "government",
        _("Governments"),
        _("National and local governments, members or not, with their membership status."),
        "region=europe&status=member",
        "FRA",
    ),
    Endpoint(
        "eligibility-assessment",
        _("Eligibility assessments"),
        _("Each national government's yearly eligibility: points per criterion, core result, values check."),
        "year=2024&eligible=true",
        "FRA/2024",
    ),
    Endpoint(
        "plan",
        _("Action plans"),
        _("Action plans past drafting: submitted, in implementation or ended."),
        "government=FRA&status=in_implementation",
        "FRA-2025",
    ),
    Endpoint(
        "commitment",
        _("Commitments"),
        _("The commitments of those action plans, with their milestones."),
        "government=FRA&ogp_value=civic_participation",
        "FRA-2025-01",
    ),
    Endpoint(
        "irm-assessment",
        _("IRM assessments"),
        _("The Independent Reporting Mechanism's assessment of each commitment, from published reviews only."),
        "review_kind=results_report&completion=complete",
        "FRA-2023-01/results_report",
    ),
    Endpoint(
        "comment",
        _("Comments"),
        _("Public comments on those action plans (hidden ones left out), with the government's reasoned response."),
        "government=FRA",
        None,
    ),
]


def _choices(field: serializers.Field) -> list[str]:
    if not isinstance(field, serializers.ChoiceField):
        return []
    return [str(value) for value in field.choices if value != ""]


def _field_rows(serializer: serializers.Serializer) -> list[dict[str, Any]]:
    rows = []
    for name, field in serializer.fields.items():
        rows.append({"name": name, "description": field.help_text or field.label or "", "choices": _choices(field)})
    return rows


def _filter_rows(filterset_class: Any) -> list[dict[str, Any]]:
    rows = []
    for name, field in filterset_class.base_filters.items():
        choices = field.extra.get("choices") or []
        rows.append({"name": name, "description": field.label or "", "choices": [str(v) for v, _label in choices]})
    return rows


def endpoints(request: HttpRequest) -> list[dict[str, Any]]:
    from .urls import router

    viewsets = {basename: viewset for _prefix, viewset, basename in router.registry}
    rows = []
    for endpoint in ENDPOINTS:
        viewset = viewsets[endpoint.basename]
        list_path = reverse(f"api:{endpoint.basename}-list")
        rows.append(
            {
                "basename": endpoint.basename,
                "title": endpoint.title,
                "description": endpoint.description,
                "list_url": request.build_absolute_uri(list_path),
                "detail_url": (
                    request.build_absolute_uri(
                        reverse(f"api:{endpoint.basename}-detail", kwargs={"id": endpoint.example_id})
                    )
                    if endpoint.example_id
                    else None
                ),
                "example_url": request.build_absolute_uri(f"{list_path}?{endpoint.example_query}"),
                "filters": _filter_rows(viewset.filterset_class),
                "fields": _field_rows(viewset.serializer_class()),
            }
        )
    return rows
