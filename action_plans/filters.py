"""Filters of the public lists: action plans, and the commitment explorer."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from irm.models import CommitmentAssessment, Completion, EarlyResults, YesNo
from members.models import Government, Region
from ogp_portal.widgets import QuickSelect

from .models import ActionPlan, Commitment, OGPValue, PlanStatus, PolicyArea
from .search import commitment_search

# What an unset choice reads as in every list's filters (the member directory says the same).
ANY = _("Any")


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, empty_label=ANY, label=_("Status"))
    government = django_filters.ModelChoiceFilter(
        queryset=Government.objects.filter(action_plans__isnull=False).distinct().order_by("name"),
        empty_label=ANY,
        label=_("Government"),
        widget=QuickSelect,
    )

    class Meta:
        model = ActionPlan
        fields: list[str] = []


# --- The public commitment explorer ---

# Plans past drafting: their commitments' live text is final and public. A draft's public text lives
# in its published versions, which the explorer leaves out.
PUBLIC_PLAN_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.IN_IMPLEMENTATION, PlanStatus.ENDED)
# Which published assessment holds an indicator: the latest one that scored it. Completion and early
# results come from results reports, promising from action plan reviews, starred from older-method reviews.
SCORED = {
    "completion": ~Q(completion=""),
    "early_results": ~Q(early_results=""),
    "promising": ~Q(promising=""),
    "starred": Q(review__uses_older_method=True),
}


def public_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.filter(plan__status__in=PUBLIC_PLAN_STATUSES)


def latest_published_score(name: str) -> Subquery:
    """The commitment's value of one IRM indicator in the latest published review that scored it (or NULL)."""
    scores = (
        CommitmentAssessment.objects.published()
        .filter(SCORED[name], commitment=OuterRef("pk"))
        .order_by(F("review__published_at").desc(nulls_last=True), "-review_id")
        .values(name)[:1]
    )
    return Subquery(scores)


def cycle_year_choices() -> list[tuple[int, int]]:
    years = (
        ActionPlan.objects.filter(status__in=PUBLIC_PLAN_STATUSES)
        .order_by("-cycle_year")
        .values_list("cycle_year", flat=True)
        .distinct()
    )
    return [(year, year) for year in years]


class CommitmentFilter(django_filters.FilterSet):
    """The explorer's search and filters; a malformed value is a form error and is ignored."""

    q = django_filters.CharFilter(method="filter_search", max_length=200, label=_("Search"))
    government = django_filters.ModelChoiceFilter(
        field_name="plan__government",
        to_field_name="slug",
        queryset=Government.objects.filter(action_plans__status__in=PUBLIC_PLAN_STATUSES).distinct().order_by("name"),
        label=_("Government"),
    )
    region = django_filters.ChoiceFilter(
        field_name="plan__government__region", choices=Region.choices, label=_("Region")
    )
    policy_area = django_filters.ModelChoiceFilter(
        field_name="policy_areas", to_field_name="slug", queryset=PolicyArea.objects.all(), label=_("Policy area")
    )
    value = django_filters.ChoiceFilter(method="filter_value", choices=OGPValue.choices, label=_("OGP value"))
    cycle = django_filters.ChoiceFilter(field_name="plan__cycle_year", label=_("Plan cycle"))
    completion = django_filters.ChoiceFilter(method="filter_score", choices=Completion.choices, label=_("Completion"))
    early_results = django_filters.ChoiceFilter(
        method="filter_score", choices=EarlyResults.choices, label=_("Early results")
    )
    starred = django_filters.ChoiceFilter(method="filter_score", choices=YesNo.choices, label=_("Starred"))
    promising = django_filters.ChoiceFilter(method="filter_score", choices=YesNo.choices, label=_("Promising"))

    class Meta:
        model = Commitment
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A list, not a callable: validating and rendering would each run the query again.
        self.filters["cycle"].extra["choices"] = cycle_year_choices()
        for name, choice_filter in self.filters.items():
            if name != "q":
                # QuickSelect: every government with a public plan is an option.
                choice_filter.extra.update(empty_label=ANY, widget=QuickSelect)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return commitment_search(value).results(queryset)

    def filter_value(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{value: True})

    def filter_score(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        alias = f"latest_{name}"
        wanted: object = value == YesNo.YES if name == "starred" else value
        return queryset.alias(**{alias: latest_published_score(name)}).filter(**{alias: wanted})
