"""The API's filters. Every value is validated: an unknown choice, government or plan is a 400, never ignored."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from action_plans.models import DRAFTING_STATUSES, ActionPlan, Comment, Commitment, OGPValue, PlanStatus, PolicyArea
from irm.models import CommitmentAssessment, Completion, EarlyResults, ReviewKind, YesNo
from members.models import Cohort, EligibilityAssessment, Government, GovernmentKind, MembershipStatus, Region

from . import identifiers as ids

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]
PUBLIC_PLAN_STATUSES = [(value, label) for value, label in PlanStatus.choices if value not in DRAFTING_STATUSES]
ASSESSING_KINDS = [(value, label) for value, label in ReviewKind.choices if value != ReviewKind.CO_CREATION_BRIEF]


class StableIdField(forms.CharField):
    """A form field that turns a stable id into the public object it names, or says it is unknown."""

    default_error_messages = {"unknown": _("No public object has the id “%(value)s”.")}

    def __init__(self, *, resolve: Any, **kwargs: Any) -> None:
        self.resolve = resolve
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return None
        found = self.resolve(value)
        if found is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": value})
        return found


class StableIdFilter(django_filters.Filter):
    field_class = StableIdField


def resolve_government(value: str) -> Government | None:
    return Government.objects.filter(ids.government_lookup(value)).first()


def resolve_plan(value: str) -> ActionPlan | None:
    lookup = ids.plan_lookup(value)
    if lookup is None:
        return None
    candidates = ids.with_plan_ids(ActionPlan.objects.past_drafting().filter(lookup).select_related("government"))
    return next((plan for plan in candidates if ids.public_plan_id(plan, plan) == value), None)


def resolve_commitment(value: str) -> Commitment | None:
    lookup = ids.commitment_lookup(value)
    if lookup is None:
        return None
    candidates = ids.with_plan_ids(
        Commitment.objects.filter(plan__in=ActionPlan.objects.past_drafting())
        .filter(lookup)
        .select_related("plan__government"),
        "plan",
    )
    return next((c for c in candidates if ids.commitment_id(c, ids.public_plan_id(c, c.plan)) == value), None)


def government_filter(field_name: str) -> StableIdFilter:
    return StableIdFilter(
        field_name=field_name, resolve=resolve_government, label=_("Government id (ISO3 code, or a local slug).")
    )


def plan_filter(field_name: str) -> StableIdFilter:
    return StableIdFilter(field_name=field_name, resolve=resolve_plan, label=_("Action plan id, e.g. FRA-2024."))


def boolean_filter(field_name: str, label: Any) -> django_filters.TypedChoiceFilter:
    return django_filters.TypedChoiceFilter(
        field_name=field_name, choices=BOOLEAN_CHOICES, coerce=lambda value: value == "true", label=label
    )


class GovernmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=GovernmentKind.choices, label=_("National or local."))
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("OGP region."))
    status = django_filters.ChoiceFilter(choices=MembershipStatus.choices, label=_("Membership status."))
    cohort = django_filters.ChoiceFilter(choices=Cohort.choices, label=_("Action plan cohort."))

    class Meta:
        model = Government
        fields: list[str] = []


class EligibilityAssessmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year assessed."))
    government = government_filter("government")
    eligible = boolean_filter("eligible", _("Eligible that year: true or false."))

    class Meta:
        model = EligibilityAssessment
        fields: list[str] = []


class PlanFilter(django_filters.FilterSet):
    government = government_filter("government")
    cycle_year = django_filters.NumberFilter(label=_("Cycle year (the year the plan was due)."))
    status = django_filters.ChoiceFilter(choices=PUBLIC_PLAN_STATUSES, label=_("Plan status."))

    class Meta:
        model = ActionPlan
        fields: list[str] = []


class CommitmentFilter(django_filters.FilterSet):
    government = government_filter("plan__government")
    plan = plan_filter("plan")
    policy_area = django_filters.ModelChoiceFilter(
        field_name="policy_areas",
        queryset=PolicyArea.objects.all(),
        to_field_name="slug",
        label=_("Policy area slug."),
    )
    ogp_value = django_filters.ChoiceFilter(
        choices=OGPValue.choices, method="filter_ogp_value", label=_("OGP value the commitment is relevant to.")
    )
    cycle_year = django_filters.NumberFilter(field_name="plan__cycle_year", label=_("Cycle year of its plan."))

    class Meta:
        model = Commitment
        fields: list[str] = []

    def filter_ogp_value(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The value is one of OGPValue's (the choice field checked it), each a boolean column.
        return queryset.filter(**{value: True})


class IRMAssessmentFilter(django_filters.FilterSet):
    government = government_filter("commitment__plan__government")
    plan = plan_filter("commitment__plan")
    commitment = StableIdFilter(
        field_name="commitment", resolve=resolve_commitment, label=_("Commitment id, e.g. FRA-2024-07.")
    )
    review_kind = django_filters.ChoiceFilter(
        field_name="review__kind", choices=ASSESSING_KINDS, label=_("Kind of review.")
    )
    completion = django_filters.ChoiceFilter(choices=Completion.choices, label=_("Completion."))
    early_results = django_filters.ChoiceFilter(
        choices=EarlyResults.choices, label=_("Early results: did it open government?")
    )
    starred = boolean_filter("starred", _("Starred commitment: true or false."))
    promising = django_filters.ChoiceFilter(choices=YesNo.choices, label=_("Promising commitment: yes or no."))

    class Meta:
        model = CommitmentAssessment
        fields: list[str] = []


class CommentFilter(django_filters.FilterSet):
    government = government_filter("plan__government")
    plan = plan_filter("plan")

    class Meta:
        model = Comment
        fields: list[str] = []
