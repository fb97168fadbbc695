from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Cohort, EligibilityAssessment, Government, Region
from .scoring import CoreResult, ValuesCheck

RESULT_CHOICES = [
    ("eligible", _("Eligible")),
    ("not_eligible", _("Not eligible")),
    ("not_enough_data", _("Not enough data")),
]
MEMBERSHIP_CHOICES = [("members", _("Members")), ("non_members", _("Not members"))]


class EligibilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Government"))
    region = django_filters.ChoiceFilter(field_name="government__region", choices=Region.choices, label=_("Region"))
    result = django_filters.ChoiceFilter(method="filter_result", choices=RESULT_CHOICES, label=_("Result"))
    values_check = django_filters.ChoiceFilter(choices=ValuesCheck.choices, label=_("Values check"))
    membership = django_filters.ChoiceFilter(
        method="filter_membership", choices=MEMBERSHIP_CHOICES, label=_("Membership")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("government__name", "name"), ("total", "total"), ("percent", "percent")),
        field_labels={"government__name": _("Name"), "total": _("Total points"), "percent": _("Percentage")},
        label=_("Sort by"),
    )

    class Meta:
        model = EligibilityAssessment
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(government__name__icontains=value)
            | Q(government__name_fr__icontains=value)
            | Q(government__name_es__icontains=value)
            | Q(government__iso3__iexact=value)
        )

    def filter_result(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "eligible":
            return queryset.filter(eligible=True)
        if value == "not_enough_data":
            return queryset.filter(core_result=CoreResult.NOT_ENOUGH_DATA)
        return queryset.filter(eligible=False).exclude(core_result=CoreResult.NOT_ENOUGH_DATA)

    def filter_membership(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        members = Q(government__status__in=Government.MEMBER_STATUSES)
        return queryset.filter(members) if value == "members" else queryset.exclude(members)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


MEMBERS = "members"
ALL = "all"
STATUS_CHOICES = [
    (MEMBERS, _("Members (default)")),
    (ALL, _("All governments")),
    *Government.Status.choices,
]


class GovernmentFilter(django_filters.FilterSet):
    """The member directory: members by default; "all governments" in the status filter shows the others too."""

    q = django_filters.CharFilter(method="filter_name", label=_("Name"))
    kind = django_filters.ChoiceFilter(
        choices=Government.Kind.choices, empty_label=_("Any"), label=_("National or local")
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label=_("Any"), label=_("Region"))
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=STATUS_CHOICES, empty_label=None, label=_("Membership status")
    )
    cohort = django_filters.ChoiceFilter(choices=Cohort.choices, empty_label=_("Any"), label=_("Action plan cohort"))
    member_since = YearFilter(label=_("Member since (year)"), min_value=1900, max_value=2999)

    class Meta:
        model = Government
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = MEMBERS
        super().__init__(data, *args, **kwargs)

    @property
    def members_only(self) -> bool:
        """Whether the directory shows members only: the default, and what a malformed status falls back to."""
        return "status" in self.form.errors or self.form.cleaned_data.get("status") == MEMBERS

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        # A malformed status falls back to the default rather than to everyone.
        if "status" in self.form.errors:
            queryset = queryset.members()
        return queryset

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(name_fr__icontains=value) | Q(name_es__icontains=value) | Q(iso3__iexact=value)
        )

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == MEMBERS:
            return queryset.members()
        if value == ALL:
            return queryset
        return queryset.filter(status=value)
