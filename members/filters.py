import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import EligibilityAssessment, Government, Region
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
