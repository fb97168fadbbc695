from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .indicator_formats import ImportFormat
from .models import Government, GovernmentContact, MembershipStatus, User
from .scoring import Criterion


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Used to reset your password and to send the notifications you ask for."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "first_name", "last_name", "is_civil_society", "language")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."), code="duplicate_email")
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "language", "is_civil_society")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this email address already exists."), code="duplicate_email")
        return email


class GovernmentForm(forms.ModelForm):
    class Meta:
        model = Government
        fields = ("lead_agency", "website")


GovernmentContactFormSet = forms.inlineformset_factory(
    Government,
    GovernmentContact,
    fields=("name", "title", "agency", "email"),
    extra=1,
    can_delete=True,
)


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the government's public timeline, e.g. the Steering Committee's decision."),
    )

    def __init__(self, *args, government: Government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status.value, status.label) for status in government.allowed_status_changes()]

    def clean_status(self) -> MembershipStatus:
        return MembershipStatus(self.cleaned_data["status"])


MAX_IMPORT_BYTES = 10 * 1024 * 1024


class IndicatorImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, UTF-8)"))
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("EIU tables only, when the file has no year column."),
    )
    vintage = forms.CharField(
        label=_("Source vintage"),
        required=False,
        max_length=100,
        help_text=_("e.g. “V-Dem v15” or “EIU Democracy Index 2024”, recorded with every value."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload


class RefreshForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class CriterionOverrideForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=4)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the data is wrong or out of date; shown in the public trace."),
    )
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False, assume_scheme="https")
