"""Forms of shadow action plans: the plan itself and its proposed commitments (OGP's template)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .forms import BaseMilestoneFormSet, CommitmentTemplateForm, MilestoneForm
from .models import ShadowCommitment, ShadowMilestone, ShadowPlan
from .models.commitments import MILESTONE_FIELDS


class ShadowPlanForm(forms.ModelForm):
    """Starting a shadow plan: on behalf of one of the user's organisations."""

    class Meta:
        model = ShadowPlan
        fields = ("organisation", "title", "summary")
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "organisation": _("The organisation that proposes this plan; you must be one of its members."),
            "summary": _("Why your organisation proposes this plan, and how it was prepared."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(members=user).order_by("name")


class ShadowPlanEditForm(forms.ModelForm):
    class Meta:
        model = ShadowPlan
        fields = ("title", "summary")
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}


class ShadowCommitmentForm(CommitmentTemplateForm):
    class Meta(CommitmentTemplateForm.Meta):
        model = ShadowCommitment

    def __init__(self, *args: Any, shadow_plan: ShadowPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        if not self.instance.pk:
            highest = max((c.number for c in shadow_plan.commitments.all()), default=0)
            self.fields["number"].initial = highest + 1


ShadowMilestoneFormSet = inlineformset_factory(
    ShadowCommitment,
    ShadowMilestone,
    form=MilestoneForm,
    formset=BaseMilestoneFormSet,
    fields=MILESTONE_FIELDS,
    extra=2,
    can_delete=True,
)
