"""Forms of the drafting pages (plans, commitments and milestones, versions, documents): they validate;
the model methods act. Other topics keep their forms in their own modules.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from members.models import Government

from .models import ActionPlan, Commitment, Milestone, PlanDocument, PolicyArea
from .models.commitments import COMMITMENT_FIELDS, MILESTONE_FIELDS
from .models.plans import PLAN_FIELDS

# Documents of the repository: plans, minutes, reports; large scans are better linked than uploaded.
MAX_DOCUMENT_BYTES = getattr(settings, "ACTION_PLAN_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def https_only(url: str) -> str:
    """The link, if it is an https:// one."""
    if url and not url.lower().startswith("https://"):
        raise forms.ValidationError(_("The link must start with https://."), code="not_https")
    return url


def checked_upload(upload: Any, max_bytes: int) -> UploadedFile | None:
    """A new, non-empty upload of at most `max_bytes` (None when nothing was uploaded)."""
    if not isinstance(upload, UploadedFile):
        return None
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is larger than %(size)s: link to it instead, or upload a smaller file."),
            code="too_large",
            params={"size": filesizeformat(max_bytes)},
        )
    return upload


class EndAfterStartMixin(forms.BaseForm):
    """A form with `start_date` and `end_date`: an end before the start is an error on `end_date`."""

    end_before_start: str

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(self.end_before_start, code="end_before_start"))
        return data


class CommitmentTemplateForm(EndAfterStartMixin, forms.ModelForm):
    """OGP's commitment template: a government's commitments and shadow plans' proposed ones alike."""

    end_before_start = _("The commitment cannot end before it starts.")

    policy_areas = forms.ModelMultipleChoiceField(
        label=_("Policy areas"),
        queryset=PolicyArea.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        fields = (*COMMITMENT_FIELDS, "policy_areas")
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "supporting_institutions": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 5}) for name in ("problem", "description", "theory_of_change")},
            "values_relevance": forms.Textarea(attrs={"rows": 4}),
            "additional_information": forms.Textarea(attrs={"rows": 4}),
        }


class VersionedForm(forms.ModelForm):
    """A draft's edit form: carries the version the user loaded, so a save based on an older one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            # A hidden field's error would not show: say it above the form.
            self.add_error(
                None, forms.ValidationError(_("The form is missing its version; reload the page."), code="no_version")
            )
        return version


class PlanForm(VersionedForm):
    class Meta:
        model = ActionPlan
        fields = PLAN_FIELDS
        widgets = {
            "co_creation_timeline": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        help_texts = {
            "co_creation_timeline": _(
                "The steps of co-creation, their dates and how people can take part. Publish it before "
                "co-creation starts; it is shown on the plan's page."
            ),
            "length_years": _("Two-year plans are the default; four-year plans have a midterm review."),
        }

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        if not self.instance.pk:
            self.fields["number"].initial = ActionPlan.objects.next_number(government)

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        taken = ActionPlan.objects.filter(government=self.government, number=number).exclude(pk=self.instance.pk)
        if number < 1:
            raise forms.ValidationError(_("The number starts at 1."), code="min_value")
        if taken.exists():
            raise forms.ValidationError(
                _("%(government)s already has an action plan number %(number)s."),
                code="number_taken",
                params={"government": self.government, "number": number},
            )
        return number


class CommitmentForm(VersionedForm, CommitmentTemplateForm):
    class Meta(CommitmentTemplateForm.Meta):
        model = Commitment
        help_texts = {
            "description": _("Expected results and the overall objective. Separate paragraphs with a blank line."),
            "problem": _("Baseline data is welcome. Separate paragraphs with a blank line."),
        }

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        # Retired areas stay on the commitments that have them, and cannot be newly chosen.
        current = Q(pk__in=self.instance.policy_areas.all()) if self.instance.pk else Q(pk__in=[])
        self.fields["policy_areas"].queryset = PolicyArea.objects.filter(Q(is_active=True) | current)
        if not self.instance.pk:
            self.fields["number"].initial = Commitment.objects.next_number(plan)

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if number < 1:
            raise forms.ValidationError(_("The number starts at 1."), code="min_value")
        if Commitment.objects.filter(plan=self.plan, number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This plan already has a commitment number %(number)s."),
                code="number_taken",
                params={"number": number},
            )
        return number


class MilestoneForm(EndAfterStartMixin, forms.ModelForm):
    end_before_start = _("The milestone cannot end before it starts.")

    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }


class BaseMilestoneFormSet(BaseInlineFormSet):
    def milestones(self) -> list[dict[str, Any]]:
        """The milestones to keep, in order: what `Commitment.save_content` and `add_to` take."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kept.append({**{name: form.cleaned_data.get(name) for name in MILESTONE_FIELDS}, "id": form.instance.pk})
        return kept


MilestoneFormSet = inlineformset_factory(
    Commitment,
    Milestone,
    form=MilestoneForm,
    formset=BaseMilestoneFormSet,
    fields=MILESTONE_FIELDS,
    extra=2,
    can_delete=True,
)


class VersionPublishForm(forms.Form):
    note = forms.CharField(
        label=_("What changed in this version"),
        max_length=300,
        required=False,
        help_text=_("Shown beside the version, for example “After the second co-creation workshop”."),
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    b = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, _("Version %(number)s") % {"number": number}) for number in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Choose two different versions."), code="same_version")
        return data


class PlanDocumentForm(forms.ModelForm):
    class Meta:
        model = PlanDocument
        fields = ("title", "file", "url")
        widgets = {"file": forms.FileInput}
        help_texts = {"url": _("An https:// link, for a document published elsewhere.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A file of at most %(size)s. Give a file or a link, not both.") % {
            "size": filesizeformat(MAX_DOCUMENT_BYTES)
        }

    def clean_file(self) -> UploadedFile | None:
        return checked_upload(self.cleaned_data.get("file"), MAX_DOCUMENT_BYTES)

    def clean_url(self) -> str:
        return https_only(self.cleaned_data.get("url") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if "file" in self.errors or "url" in self.errors:
            return data
        if has_file and has_url:
            raise forms.ValidationError(_("Give either a file or a link, not both."), code="file_and_link")
        if not has_file and not has_url:
            raise forms.ValidationError(_("Give a file or a link."), code="file_or_link")
        return data

    def _post_clean(self) -> None:
        # The model's check constraint is enforced by `clean` above and by the database; the
        # instance is never saved by the form (`ActionPlan.add_document` does).
        pass
