"""Forms of public comment: the comment period, comments and replies, moderation, reasoned responses,
the self-assessment. They validate input; the model methods act (and re-check what may have changed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .forms import MAX_DOCUMENT_BYTES, checked_upload
from .models import ActionPlan, Commitment, Disposition, ReasonedResponse, SelfAssessment
from .models.comments import COMMENT_MAX_LENGTH

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BODY_HELP = _(
    "Plain text, or simple Markdown: **bold**, *italics*, lists, > quotes and [links](https://example.org). "
    "HTML and images are shown as typed."
)
TOO_LONG = _("A comment is at most %(limit_value)d characters long; this one has %(show_value)d.")


class CommentPeriodForm(forms.Form):
    """The dates only: the length rule is the model's (`ActionPlan.open_comment_period`), shown as its errors."""

    opens_on = forms.DateField(label=_("Opens on"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Closes on (last day for comments)"), widget=DATE_INPUT)


class _BodyForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
        error_messages={"max_length": TOO_LONG},
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False, empty_label=_("Myself")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = user.organisations.order_by("name") if user.is_authenticated else Organisation.objects.none()
        self.fields["organisation"].queryset = organisations
        if user.is_authenticated and not user.is_civil_society:
            # A government or staff reply speaks for the government, not for an organisation.
            del self.fields["organisation"]


class CommentForm(_BodyForm):
    """A top-level comment: on the plan, on a commitment, or on one paragraph of a commitment's text."""

    commitment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field = forms.CharField(required=False, widget=forms.HiddenInput)
    paragraph_index = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    paragraph_text = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_commitment(self) -> Commitment | None:
        pk = self.cleaned_data.get("commitment")
        if pk is None:
            return None
        commitment = Commitment.objects.filter(plan=self.plan, pk=pk).first()
        if commitment is None:
            raise ValidationError(_("Choose a commitment of this plan."), code="wrong_commitment")
        return commitment


class ReplyForm(_BodyForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=BODY_HELP,
        error_messages={"max_length": TOO_LONG},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at this comment? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public: shown in place of a hidden comment, and kept in the audit trail."),
    )


class ResponseForm(forms.ModelForm):
    class Meta:
        model = ReasonedResponse
        fields = ["disposition", "reason", "commitment"]
        widgets = {"disposition": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposition"].choices = Disposition.choices
        self.fields["commitment"].queryset = plan.commitments.order_by("number")
        self.fields["commitment"].required = False
        self.fields["commitment"].label_from_instance = lambda c: f"{c.number}. {c.title}"
        self.fields["commitment"].help_text = _("The commitment that took the comment up, if one did.")


class SelfAssessmentForm(forms.ModelForm):
    """The period's length rule is the model's (`SelfAssessment.publish`), shown as its errors."""

    class Meta:
        model = SelfAssessment
        fields = ["text", "file", "comment_opens_on", "comment_closes_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "comment_opens_on": DATE_INPUT,
            "comment_closes_on": DATE_INPUT,
        }

    def clean_file(self) -> Any:
        # The same limit as the plan's documents repository, where the report would otherwise go.
        return checked_upload(self.cleaned_data.get("file"), MAX_DOCUMENT_BYTES) or self.cleaned_data.get("file")
