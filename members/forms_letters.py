"""Forms of the letter-of-intent pages: they validate; the model methods act."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .models import LetterOfIntent, User
from .models.letters import CONTENT_FIELDS
from .validators import validate_pdf_upload


class LetterOfIntentForm(forms.ModelForm):
    """The letter's content. A draft may be incomplete; what submission needs is checked on submission."""

    # The version the user loaded: a save based on an older one is refused (see `save_draft`).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = LetterOfIntent
        fields = CONTENT_FIELDS
        widgets = {
            "past_reforms": forms.Textarea(attrs={"rows": 6}),
            # Not Django's ClearableFileInput: it links to the file's URL, and private files have none.
            "signed_letter": forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        help_texts = {
            "addressed_to": _("Letters of intent are addressed to the co-chairs of the Open Government Partnership."),
            "signatory_name": _(
                "The letter is signed by a minister-level official of any government body, provided that body "
                "has the authorisation of the head of state or government to join OGP."
            ),
            "signatory_title": _("For example: Minister of Public Administration."),
            "has_head_of_government_authorisation": _(
                "The body that signs has the authorisation of the head of state or government to join OGP."
            ),
            "endorses_declaration": _(
                "The letter explicitly endorses the Open Government Declaration, which every member endorses."
            ),
            "past_reforms": _(
                "Describe the government's past open government reforms: transparency, citizen participation, "
                "accountability."
            ),
            "lead_agency": _(
                "The ministry or agency that coordinates the OGP process and is OGP's official contact point; "
                "ideally one that coordinates across the whole of government."
            ),
            "responsible_person_name": _(
                "The person who will be responsible for OGP within the government. The Support Unit "
                "recommends a senior official whose role usually coordinates across the whole of government."
            ),
            "signed_letter": _(
                "The signed letter as a PDF file of at most 10 MB. Every letter of intent is published once accepted."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.signed_letter:
                self.fields["signed_letter"].help_text = _(
                    "A signed PDF is already attached; choose a file only to replace it. The file must be a "
                    "PDF of at most 10 MB."
                )

    def clean_signed_letter(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("signed_letter")
        # Without a new file the field gives back the stored one (or nothing): keep it as it is.
        if not isinstance(upload, UploadedFile):
            return None
        validate_pdf_upload(upload)
        return upload

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(_("The form is missing its version; reload the page."), code="no_version")
        return version


class AcceptLetterForm(forms.Form):
    support_contact = forms.ModelChoiceField(
        label=_("Country-support contact"),
        queryset=User.objects.none(),
        help_text=_(
            "The Support Unit member who will contact the government's representative, answer their "
            "questions and give them an orientation to OGP. The points of contact receive their name and email."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_contact"].queryset = User.objects.filter(
            groups__name=settings.SUPPORT_UNIT_GROUP, is_active=True
        ).order_by("first_name", "last_name", "username")
        self.fields["support_contact"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.email})" if user.email else user.display_name
        )


class ReturnLetterForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for returning the letter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The points of contact receive these reasons by email and see them on the letter."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reasons for returning the letter."), code="required")
        return reason
