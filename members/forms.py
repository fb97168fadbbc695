from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Government, GovernmentContact, MembershipStatus, User


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
