"""Forms of the IRM review pages: they validate; the model methods (`Review.objects.start`, `save_fields`,
`CommitmentAssessment.objects.record`, the transitions, `ResearcherAssignment.assign`) act."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from action_plans.forms import DateInput, VersionedForm
from action_plans.models import ActionPlan

from .evidence import Evidence
from .models import CommitmentAssessment, Review, ReviewKind, fields_for
from .models.assessments import ASSESSMENT_FIELDS, RELEVANCE_FIELDS
from .models.reviews import MINIMUM_REQUIREMENTS, REVIEW_FIELDS


def _with_blank(field: forms.ChoiceField, blank_label: Any) -> None:
    """Radio buttons with a readable empty choice instead of Django's dashes."""
    field.choices = [("", blank_label), *[(value, label) for value, label in field.choices if value != ""]]


class AssignmentForm(forms.Form):
    researcher = forms.CharField(
        label=_("Researcher"),
        max_length=254,
        help_text=_("The username or email address of the researcher's portal account."),
    )
    plan = forms.ModelChoiceField(
        label=_("Action plan"),
        queryset=ActionPlan.objects.select_related("government").order_by("government__name", "-number"),
    )
    conflict_of_interest = forms.CharField(
        label=_("Conflict of interest declaration"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Any tie the researcher declared to the government or to organisations involved in its OGP process; "
            "leave empty if they declared none."
        ),
    )

    def clean_researcher(self) -> Any:
        identifier = self.cleaned_data["researcher"].strip()
        users = list(
            get_user_model().objects.filter(
                Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
            )[:2]
        )
        if not users:
            raise forms.ValidationError(_("No active account has this username or email address."), code="unknown_user")
        if len(users) > 1:
            exact = [user for user in users if user.username.lower() == identifier.lower()]
            if len(exact) != 1:
                raise forms.ValidationError(
                    _("Several accounts share this email address: give the username instead."), code="ambiguous_user"
                )
            return exact[0]
        return users[0]


class ReviewStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report type"), choices=ReviewKind.choices, widget=forms.RadioSelect)
    uses_older_method = forms.BooleanField(
        label=_("Assess under the older method"),
        required=False,
        help_text=_("For plans assessed before 2021: specificity and potential impact, and the starred flag."),
    )


class ReviewForm(VersionedForm):
    """The review's own text: summary, method, the co-creation minimum requirements and what changed.

    `evidence` (from `irm.evidence`) is shown under each minimum requirement, and suggests the answer
    while it is blank: the researcher confirms it by saving.
    """

    class Meta:
        model = Review
        fields = REVIEW_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 10}),
            **{name: forms.RadioSelect for name in MINIMUM_REQUIREMENTS},
            "minimum_requirements_note": forms.Textarea(attrs={"rows": 4}),
            "changes_note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, evidence: Mapping[str, Evidence] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_assessing:
            # Only reports that assess the plan check the co-creation minimum requirements.
            for name in (*MINIMUM_REQUIREMENTS, "minimum_requirements_note"):
                del self.fields[name]
            return
        for name in MINIMUM_REQUIREMENTS:
            field = self.fields[name]
            _with_blank(field, _("Not confirmed yet"))
            found = (evidence or {}).get(name)
            if found is None:
                continue
            field.help_text = _("What the portal knows (suggests “%(answer)s”): %(evidence)s") % {
                "answer": found.suggestion_label,
                "evidence": found.text,
            }
            if not self.is_bound and not getattr(self.instance, name):
                self.initial[name] = found.suggestion


class AssessmentForm(forms.ModelForm):
    """One commitment's scores: exactly the indicators this review assesses (`fields_for`); starred is derived."""

    class Meta:
        model = CommitmentAssessment
        fields = ASSESSMENT_FIELDS
        widgets = {
            **{
                name: forms.RadioSelect
                for name in ASSESSMENT_FIELDS
                if name not in RELEVANCE_FIELDS and name != "explanation"
            },
            "explanation": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = fields_for(review)
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        self.order_fields(allowed)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                _with_blank(field, _("Not assessed"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        relevance = [name for name in RELEVANCE_FIELDS if name in self.fields]
        layout: list[Any] = []
        for name in self.fields:
            if name in RELEVANCE_FIELDS:
                if name == relevance[0]:
                    layout.append(Fieldset(_("Relevance to OGP values"), *relevance))
                continue
            layout.append(name)
        self.helper.layout = Layout(*layout)


class ReviewCommentPeriodForm(forms.Form):
    """The dates only: the length and "not in the past" rules are the model's, shown as its errors."""

    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on (last day for comments)"), widget=DateInput())
