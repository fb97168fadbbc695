"""Filters of the public list of action plans."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Government

from .models import ActionPlan, PlanStatus


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))
    government = django_filters.ModelChoiceFilter(
        queryset=Government.objects.filter(action_plans__isnull=False).distinct().order_by("name"),
        label=_("Government"),
    )

    class Meta:
        model = ActionPlan
        fields: list[str] = []
