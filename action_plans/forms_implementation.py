"""Forms of implementation tracking: progress reports, civil society assessments, the CSV upload.

They validate; the model methods (`Milestone.report_progress`, `CivilSocietyAssessment.objects.add`)
and `progress_csv` act.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .forms import DateInput, checked_upload, https_only
from .models import CivilSocietyAssessment, MilestoneProgress
from .progress_csv import MAX_CSV_BYTES

# Evidence files are reports, photos, minutes; anything bigger is better linked than uploaded.
MAX_EVIDENCE_BYTES: int = getattr(settings, "ACTION_PLAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def _not_in_future(day: datetime.date | None) -> datetime.date | None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(
            _("The “as of” date cannot be in the future (%(date)s)."),
            code="future_date",
            params={"date": formats.date_format(day)},
        )
    return day


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = MilestoneProgress
        fields = ("status", "reported_on", "note", "evidence_url", "evidence_file")
        widgets = {
            "status": forms.RadioSelect,
            "reported_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 4}),
            "evidence_file": forms.FileInput,
        }
        help_texts = {
            "reported_on": _("The day this report describes; not in the future."),
            "note": _("What was done, what is left, what is in the way."),
            "evidence_url": _("An https:// link to a published document, dataset or page."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()
        self.fields["evidence_file"].help_text = _("A file of at most %(size)s, instead of or beside a link.") % {
            "size": filesizeformat(MAX_EVIDENCE_BYTES)
        }

    def clean_reported_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("reported_on"))

    def clean_evidence_url(self) -> str:
        return https_only(self.cleaned_data.get("evidence_url") or "")

    def clean_evidence_file(self) -> UploadedFile | None:
        return checked_upload(self.cleaned_data.get("evidence_file"), MAX_EVIDENCE_BYTES)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = CivilSocietyAssessment
        fields = ("organisation", "status", "assessed_on", "note", "evidence_url")
        widgets = {
            "status": forms.RadioSelect,
            "assessed_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "status": _("How far the commitment has come, in your own assessment."),
            "note": _("What you found, and how: sources, interviews, requests for information."),
            "evidence_url": _("An https:// link to your evidence."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the user's own organisations can be chosen: the model method checks membership again.
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(members=user).order_by("name")
        field.empty_label = _("Myself, as an individual")
        field.required = False
        self.fields["assessed_on"].initial = timezone.localdate()

    def clean_assessed_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("assessed_on"))

    def clean_evidence_url(self) -> str:
        return https_only(self.cleaned_data.get("evidence_url") or "")


class ProgressUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("UTF-8, comma-separated, at most %(size)s.") % {
            "size": filesizeformat(MAX_CSV_BYTES)
        }

    def clean_file(self) -> bytes:
        """The file's bytes: the parser reports what is wrong with them, line by line."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s: split it into several files."),
                code="too_large",
                params={"size": filesizeformat(MAX_CSV_BYTES)},
            )
        return upload.read()
