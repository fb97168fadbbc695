"""Forms of the Support Unit's accountability work: the Steering Committee's decisions on a procedural review,
and Response Policy cases. They validate input; the model methods act (and re-check what may have changed)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plans.models import FindingKind
from members.models import Government

from .models import ResponsePolicyCase
from .models.response_policy import CaseStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of finding"), choices=[("", _("All kinds")), *FindingKind.choices], required=False
    )


class ProceduralReviewDecisionForm(forms.Form):
    """What the Steering Committee decided; `ProceduralReview.lift` / `designate_inactive` act on it."""

    LIFT = "lift"
    INACTIVE = "inactive"

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (LIFT, _("Lift the procedural review (the member rectified the later cycle)")),
            (INACTIVE, _("Designate the member inactive")),
        ],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label=_("The Steering Committee's decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who decided, when, and why. Shown on the government's page and its membership timeline."),
        error_messages={"required": _("Record the Steering Committee's decision.")},
    )
    resolution_url = forms.URLField(
        label=_("Link to the resolution"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional: the published resolution (https://)."),
    )

    def clean_resolution_url(self) -> str:
        url = self.cleaned_data["resolution_url"]
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("The link to the resolution must start with https://."), code="not_https")
        return url


class ResponsePolicyCaseForm(forms.ModelForm):
    """A letter of concern as the Support Unit received it; `ResponsePolicyCase.objects.file` records it."""

    class Meta:
        model = ResponsePolicyCase
        fields = ["government", "filer_name", "filer_type", "concern", "filed_on"]
        widgets = {"filed_on": DATE_INPUT, "concern": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "filer_type": _(
                "A Steering Committee member, a multilateral partner, or an organisation involved in OGP in the "
                "country; not an individual acting alone."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = Government.objects.members().order_by("name")

    def clean_filed_on(self) -> datetime.date:
        filed_on = self.cleaned_data["filed_on"]
        if filed_on > timezone.localdate():
            raise ValidationError(_("A letter of concern cannot be filed in the future."), code="future")
        return filed_on


class CaseStepForm(forms.Form):
    """The next step of a case, among those the Response Policy allows from where it stands."""

    to_status = forms.ChoiceField(label=_("Next step"))
    note = forms.CharField(
        label=_("What was decided, and by whom"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what was decided, and by whom.")},
    )

    def __init__(self, *args: Any, case: ResponsePolicyCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(step.value, step.label) for step in case.allowed_steps()]
        if case.status == CaseStatus.STAGE_TWO:
            self.fields["to_status"].help_text = _("Suspension also suspends the government's membership.")
        elif case.status == CaseStatus.SUSPENDED:
            self.fields["to_status"].help_text = _("Resolving the case makes the government an active member again.")
