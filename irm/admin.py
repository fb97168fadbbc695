"""The IRM in the admin: for looking things up, assigning researchers and filing Response Policy cases.

Reviews, assessments, comments and procedural reviews are read here, never edited: they change only
through their model methods (audited, notified), which the portal's pages call. The two things staff
create here go through the model's own method too (`ResearcherAssignment.assign`,
`ResponsePolicyCase.objects.file`), and whatever that method refuses is shown as a form error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import AuditEntry

from .models import (
    CaseStep,
    CommitmentAssessment,
    ProceduralReview,
    ResearcherAssignment,
    ResponsePolicyCase,
    Review,
    ReviewComment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CreatedByModelMethodForm(forms.ModelForm):
    """A form whose row the model's own method creates: the method is asked in `clean` and undone, so that
    what it refuses is a form error rather than a server error once the admin saves."""

    # The signed-in user the method acts for (set by `MethodCreatesAdmin.get_form`).
    by: Any = None

    def create(self, by: Any) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            with transaction.atomic():
                self.create(by=self.by)
                transaction.set_rollback(True)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class MethodCreatesAdmin(admin.ModelAdmin):
    """New rows come from the form's `create` (the model's method), acting for the signed-in user."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"by": request.user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        copy_row(form.create(by=request.user), obj)


def copy_row(source: Any, target: Any) -> None:
    """Make the admin's unsaved instance the row the model method saved (the admin logs and redirects to it)."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False


# --- Researchers' assignments -------------------------------------------------------------------


class ResearcherAssignmentForm(CreatedByModelMethodForm):
    class Meta:
        model = ResearcherAssignment
        fields = ("user", "plan", "government", "conflict_of_interest")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A plan says whose it is: the government is asked only for an assignment to all its plans.
        if "government" in self.fields:  # not on the read-only page of an existing assignment
            self.fields["government"].required = False
            self.fields["government"].help_text = _("Filled from the plan when a plan is chosen.")

    def clean(self) -> dict[str, Any]:
        plan, government = self.cleaned_data.get("plan"), self.cleaned_data.get("government")
        if plan is not None and government is None:
            self.cleaned_data["government"] = self.instance.government = plan.government
        elif plan is None and government is None and "plan" not in self.errors:
            self.add_error("government", _("Choose a plan, or a government for all its plans."))
        return super().clean()

    def create(self, by: Any) -> ResearcherAssignment:
        data = self.cleaned_data
        return ResearcherAssignment.assign(
            data["user"],
            data["government"],
            by=by,
            plan=data.get("plan"),
            conflict_of_interest=(data.get("conflict_of_interest") or "").strip(),
        )


@admin.register(ResearcherAssignment)
class ResearcherAssignmentAdmin(MethodCreatesAdmin):
    """Assigning goes through `ResearcherAssignment.assign` (audited, refuses a government's own contact).

    An assignment is the record of a declaration made when assigned: it is not edited afterwards. Removing
    one is audited on the plan (or government) it covered.
    """

    form = ResearcherAssignmentForm
    list_display = ("user", "government", "plan", "assigned_by", "assigned_at")
    list_filter = ("government__region",)
    search_fields = ("user__username", "user__email", "government__name", "plan__title")
    list_select_related = ("user", "government", "plan", "plan__government", "assigned_by")
    # The plan search is ActionPlanAdmin's: by title or government name, e.g. "France".
    autocomplete_fields = ("user", "plan", "government")
    readonly_fields = ("assigned_by", "assigned_at")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("user", "plan", "government", "conflict_of_interest")
        return ("user", "government", "plan", "conflict_of_interest", "assigned_by", "assigned_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ResearcherAssignment) -> None:
        self._log_removal(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset.select_related("user", "government", "plan"):
            self._log_removal(request, assignment)
        super().delete_queryset(request, queryset)

    def _log_removal(self, request: HttpRequest, assignment: ResearcherAssignment) -> None:
        AuditEntry.objects.log(
            assignment.plan or assignment.government,
            "irm_researcher.unassigned",
            actor=request.user,
            user=assignment.user.username,
            plan=assignment.plan_id,
        )


# --- Reviews and what is in them ----------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        overdue = Review.objects.overdue(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class AssessmentInline(ReadOnlyInline):
    model = CommitmentAssessment
    fields = (
        "commitment",
        "verifiable",
        "potential_for_results",
        "promising",
        "completion",
        "early_results",
        "specificity",
        "potential_impact",
        "starred",
    )
    readonly_fields = fields


class ReviewCommentInline(ReadOnlyInline):
    model = ReviewComment
    fields = ("author", "organisation", "stage", "is_confidential", "commitment", "body", "answer", "answered_at")
    readonly_fields = fields


REVIEW_FIELDS = (
    "plan",
    "kind",
    "status",
    "researcher",
    "uses_older_method",
    "summary",
    "forum_meets_regularly",
    "forum_rules_public",
    "repository_public",
    "minimum_requirements_note",
    "due_on",
    "overdue_flagged_on",
    "shared_at",
    "comment_opens_on",
    "comment_closes_on",
    "finalised_at",
    "published_at",
    "changes_note",
    "draft_snapshot",
    "version",
    "created_at",
    "updated_at",
)


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """Reviews start, change and move on in the portal (the researcher's workspace); here they are read."""

    list_display = ("plan", "kind", "status", "due_on", "overdue", "researcher", "published_at")
    list_filter = ("kind", "status", OverdueFilter, "uses_older_method", "plan__government__region")
    search_fields = ("plan__title", "plan__government__name", "researcher__username", "summary")
    list_select_related = ("plan", "plan__government", "researcher")
    date_hierarchy = "created_at"
    inlines = (AssessmentInline, ReviewCommentInline)
    fields = REVIEW_FIELDS
    readonly_fields = REVIEW_FIELDS

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, review: Review) -> bool:
        return review.is_overdue()


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "review", "verifiable", "potential_for_results", "completion", "starred")
    list_filter = ("review__kind", "review__status", "starred", "completion", "potential_for_results")
    search_fields = ("commitment__title", "review__plan__title", "review__plan__government__name")
    list_select_related = ("commitment", "review", "review__plan", "review__plan__government")


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ("review", "author", "stage", "is_confidential", "created_at", "answered")
    list_filter = ("stage", "is_confidential", ("answered_at", admin.EmptyFieldListFilter))
    search_fields = ("body", "answer", "author__username", "review__plan__government__name")
    list_select_related = ("review", "review__plan", "review__plan__government", "author")

    @admin.display(boolean=True, description=_("answered"))
    def answered(self, comment: ReviewComment) -> bool:
        return comment.answered_at is not None


# --- Accountability -----------------------------------------------------------------------------


@admin.register(ProceduralReview)
class ProceduralReviewAdmin(ReadOnlyAdmin):
    """Opened by the daily computation; the Steering Committee's decision is recorded on the accountability page."""

    list_display = ("government", "first_cycle_year", "second_cycle_year", "status", "opened_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("government__name", "government__iso3", "decision")
    list_select_related = ("government",)


class CaseStepInline(ReadOnlyInline):
    model = CaseStep
    fields = ("from_status", "to_status", "note", "actor", "created_at")
    readonly_fields = fields
    show_change_link = False


class ResponsePolicyCaseForm(CreatedByModelMethodForm):
    class Meta:
        model = ResponsePolicyCase
        fields = ("government", "filer_name", "filer_type", "concern", "filed_on")

    def create(self, by: Any) -> ResponsePolicyCase:
        data = self.cleaned_data
        return ResponsePolicyCase.objects.file(
            data["government"],
            filer_name=data["filer_name"],
            filer_type=data["filer_type"],
            concern=data["concern"],
            filed_on=data["filed_on"],
            by=by,
        )


@admin.register(ResponsePolicyCase)
class ResponsePolicyCaseAdmin(MethodCreatesAdmin):
    """A letter of concern is filed here or in the portal; its steps are taken on the portal's case page."""

    form = ResponsePolicyCaseForm
    list_display = ("government", "filer_name", "filer_type", "filed_on", "status")
    list_filter = ("status", "filer_type")
    search_fields = ("government__name", "government__iso3", "filer_name", "concern")
    list_select_related = ("government",)
    autocomplete_fields = ("government",)
    inlines = (CaseStepInline,)

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> tuple[Any, ...]:
        return self.inlines if obj is not None else ()  # a case being filed has no steps yet

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = ("government", "filer_name", "filer_type", "concern", "filed_on")
        return fields if obj is None else (*fields, "status", "created_by", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CaseStep)
class CaseStepAdmin(ReadOnlyAdmin):
    list_display = ("case", "from_status", "to_status", "actor", "created_at")
    list_filter = ("to_status",)
    search_fields = ("case__government__name", "note")
    list_select_related = ("case", "case__government", "actor")
