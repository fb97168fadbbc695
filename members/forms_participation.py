"""Forms of participation: requests to represent a government, organisations, forums."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Forum, ForumMeeting, Government, Organisation, PointOfContactRequest


class PointOfContactRequestForm(forms.ModelForm):
    class Meta:
        model = PointOfContactRequest
        fields = ["agency", "title", "official_email", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 4})}

    def clean_justification(self) -> str:
        justification = self.cleaned_data["justification"].strip()
        if len(justification) < 20:
            raise ValidationError(
                _("Say in a sentence or two why you should represent this government."), code="too_short"
            )
        return justification


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the person who asked."),
        error_messages={"required": _("Give the reason for refusing this request.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for refusing this request."), code="reason_required")
        return reason


def _national_governments() -> Any:
    return Government.objects.national().order_by("name")


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "country", "website", "focus_areas"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _national_governments()
        self.fields["focus_areas"].help_text = _("For example: open contracting, access to information.")

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Government.objects.none(), required=False, to_field_name="slug"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _national_governments()


class ForumForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = ["name", "rules", "rules_url"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 6})}


class ForumJoinForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself, as an individual"),
    )
    motivation = forms.CharField(
        label=_("Why you want to join"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only organisations the user belongs to: nobody speaks for an organisation they are not part of.
        self.fields["organisation"].queryset = user.organisations.order_by("name")


class ForumMeetingForm(forms.ModelForm):
    class Meta:
        model = ForumMeeting
        fields = ["date", "summary", "minutes_url"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("A meeting can only be recorded once it has taken place."), code="future_date")
        return date
