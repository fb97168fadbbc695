"""Forms of OGP Local: the joint application and the Support Unit's decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Government, LocalApplication, Organisation
from .models.local import (
    MIN_TERM_MONTHS,
    REFORM_YEARS_BACK,
    check_country_in_good_standing,
    check_no_open_application,
    check_not_already_local_member,
)
from .validators import validate_pdf_upload


class LocalApplicationForm(forms.ModelForm):
    """Each OGP Local criterion is checked on its own, with a message that names the rule not met."""

    class Meta:
        model = LocalApplication
        fields = [
            "country",
            "jurisdiction",
            "applicant_title",
            "partners",
            "letter_of_support",
            "reform_example",
            "reform_year",
            "term_months_remaining",
            "staff_and_resources",
        ]
        widgets = {
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "letter_of_support": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            "reform_example": forms.Textarea(attrs={"rows": 5}),
            "staff_and_resources": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "country": _("The OGP member country your local government belongs to. It must be in good standing."),
            "jurisdiction": _("The name of the city, region, province or other local jurisdiction."),
            "partners": _("Hold Ctrl (or Cmd) to choose several."),
        }
        error_messages = {
            "country": {"required": _("Choose the OGP member country of your local government.")},
            "jurisdiction": {"required": _("Give the name of your local government.")},
            "applicant_title": {"required": _("Give your title in the local government.")},
            "partners": {
                "required": _("The application is joint: choose at least one non-governmental partner organisation.")
            },
            "letter_of_support": {
                "required": _("Upload the letter of support signed by the head of the local government (PDF)."),
            },
            "reform_example": {
                "required": _("Describe an open government reform or co-creation example from the past three years.")
            },
            "reform_year": {"required": _("Give the year of that reform or co-creation example.")},
            "term_months_remaining": {
                "required": _("Give the number of months left in the current administration's term.")
            },
            "staff_and_resources": {
                "required": _(
                    "Describe the staff and resources, in government and in civil society, who will lead the work."
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every national government is listed, so that choosing one not in good standing gets a
        # message that says why, rather than a bare "not one of the available choices".
        self.fields["country"].queryset = Government.objects.national().order_by("name")
        self.fields["partners"].queryset = Organisation.objects.order_by("name")

    def clean_country(self) -> Government:
        country = self.cleaned_data["country"]
        check_country_in_good_standing(country)
        return country

    def clean_letter_of_support(self) -> Any:
        letter = self.cleaned_data["letter_of_support"]
        validate_pdf_upload(letter)
        return letter

    def clean_reform_year(self) -> int:
        year = self.cleaned_data["reform_year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise ValidationError(
                _("The reform year %(year)s is in the future: give a reform already carried out."),
                code="reform_in_future",
                params={"year": year},
            )
        if year < this_year - REFORM_YEARS_BACK:
            raise ValidationError(
                _("The reform must be from the past three years (%(first)s to %(last)s); %(year)s is too old."),
                code="reform_too_old",
                params={"year": year, "first": this_year - REFORM_YEARS_BACK, "last": this_year},
            )
        return year

    def clean_term_months_remaining(self) -> int:
        months = self.cleaned_data["term_months_remaining"]
        if months < MIN_TERM_MONTHS:
            raise ValidationError(
                _(
                    "At least %(minimum)s months must be left in the administration's term to co-create and "
                    "carry out an action plan; %(months)s is not enough."
                ),
                code="term_too_short",
                params={"minimum": MIN_TERM_MONTHS, "months": months},
            )
        return months

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        country, jurisdiction = cleaned.get("country"), cleaned.get("jurisdiction")
        if country is not None and jurisdiction:
            for check in (check_no_open_application, check_not_already_local_member):
                try:
                    check(country, jurisdiction)
                except ValidationError as error:
                    self.add_error("jurisdiction", error)
        return cleaned


class LocalDecisionForm(forms.Form):
    """The Support Unit's reasons: optional when accepting, required when declining."""

    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if reason_required:
            field.required = True
            field.error_messages["required"] = _("Give the reasons for declining the application.")
            field.help_text = _("Sent to the applicant.")
        else:
            field.label = _("Note (optional)")
            field.help_text = _("Sent to the applicant with the acceptance.")
