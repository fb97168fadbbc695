"""Action plans in the admin: for looking things up and for the managed list of policy areas.

Statuses and the dates transitions set are read-only here: a plan moves only through its model
methods (audited, notified). Published versions, comments, responses and progress reports are
records of what happened, so they are read, never edited, in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    ActionPlan,
    CivilSocietyAssessment,
    Comment,
    CommentReport,
    Commitment,
    Milestone,
    MilestoneProgress,
    OverdueReminder,
    PlanDocument,
    PlanVersion,
    PolicyArea,
    ProcessFinding,
    ReasonedResponse,
    SelfAssessment,
    ShadowCommitment,
    ShadowMilestone,
    ShadowPlan,
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


@admin.register(PolicyArea)
class PolicyAreaAdmin(admin.ModelAdmin):
    """The managed list the Support Unit tags commitments with; retire an area rather than delete it."""

    list_display = ("name", "name_fr", "name_es", "slug", "is_active")
    list_editable = ("is_active",)
    list_filter = ("is_active",)
    search_fields = ("name", "name_fr", "name_es", "slug")
    prepopulated_fields = {"slug": ("name",)}


class PlanDocumentInline(ReadOnlyInline):
    model = PlanDocument
    fields = ("title", "file", "url", "added_by", "added_at")
    readonly_fields = fields


class PlanVersionInline(ReadOnlyInline):
    model = PlanVersion
    fields = ("number", "note", "published_by", "published_at")
    readonly_fields = fields


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    """Plans start on the government page and change through their model methods; here they are read."""

    list_display = ("__str__", "government", "number", "cycle_year", "length_years", "status", "submitted_at")
    list_filter = ("status", "length_years", "cycle_year", "government__region")
    search_fields = ("title", "government__name")
    date_hierarchy = "created_at"
    list_select_related = ("government",)
    inlines = (PlanVersionInline, PlanDocumentInline)
    readonly_fields = (
        "government",
        "number",
        "title",
        "length_years",
        "cycle_year",
        "co_creation_timeline",
        "timeline_published_at",
        "start_date",
        "end_date",
        "status",
        "version",
        "comment_opens_on",
        "comment_closes_on",
        "submitted_at",
        "submitted_by",
        "implementation_started_at",
        "ended_at",
        "missed_deadline_recorded_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("number", "description", "start_date", "end_date", "responsible_agency", "status")
    readonly_fields = fields


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """The Support Unit tags every commitment with policy areas; the text is the government's draft."""

    list_display = ("__str__", "plan", "lead_agency", "start_date", "end_date")
    list_filter = ("plan__status", "policy_areas", "access_to_information", "civic_participation")
    search_fields = ("title", "short_title", "plan__title", "plan__government__name")
    list_select_related = ("plan", "plan__government")
    filter_horizontal = ("policy_areas",)
    inlines = (MilestoneInline,)
    fields = ("plan", "number", "title", "short_title", "policy_areas", "lead_agency", "start_date", "end_date")
    readonly_fields = ("plan", "number", "title", "short_title", "lead_agency", "start_date", "end_date")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    """Milestones are drafted with their commitment and progress is reported on the portal."""

    list_display = ("__str__", "commitment", "start_date", "end_date", "status")
    list_filter = ("status", "commitment__plan__status")
    search_fields = ("description", "responsible_agency", "commitment__title")
    list_select_related = ("commitment",)


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "number", "note", "published_by", "published_at")
    list_filter = ("plan__status",)
    search_fields = ("plan__title", "plan__government__name", "note")
    list_select_related = ("plan", "plan__government", "published_by")


@admin.register(PlanDocument)
class PlanDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "file", "url", "added_by", "added_at")
    search_fields = ("title", "plan__title")
    list_select_related = ("plan", "plan__government", "added_by")


@admin.register(ProcessFinding)
class ProcessFindingAdmin(ReadOnlyAdmin):
    list_display = ("government", "cycle_year", "kind", "found_at")
    list_filter = ("kind", "cycle_year")
    search_fields = ("government__name",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    """Hiding and restoring go through the moderation pages, which ask for a reason and audit it."""

    list_display = ("__str__", "plan", "author", "created_at", "is_hidden")
    list_filter = ("is_hidden", "plan__status")
    search_fields = ("body", "author__username", "plan__title")
    date_hierarchy = "created_at"
    list_select_related = ("plan", "plan__government", "author")


@admin.register(CommentReport)
class CommentReportAdmin(ReadOnlyAdmin):
    list_display = ("comment", "reporter", "created_at")
    list_select_related = ("comment", "reporter")


@admin.register(ReasonedResponse)
class ReasonedResponseAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "disposition", "responded_by", "responded_at")
    list_filter = ("disposition",)
    list_select_related = ("responded_by",)


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("plan", "comment_opens_on", "comment_closes_on", "published_at")
    list_select_related = ("plan", "plan__government")


@admin.register(MilestoneProgress)
class MilestoneProgressAdmin(ReadOnlyAdmin):
    list_display = ("milestone", "status", "reported_on", "reported_by")
    list_filter = ("status",)
    list_select_related = ("milestone", "reported_by")


@admin.register(CivilSocietyAssessment)
class CivilSocietyAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "author", "status", "assessed_on")
    list_filter = ("status",)
    list_select_related = ("commitment", "author")


@admin.register(OverdueReminder)
class OverdueReminderAdmin(ReadOnlyAdmin):
    list_display = ("milestone", "week_start", "sent_at")
    date_hierarchy = "sent_at"


class ShadowMilestoneInline(ReadOnlyInline):
    model = ShadowMilestone
    fields = ("description", "start_date", "end_date", "responsible_agency")
    readonly_fields = fields


@admin.register(ShadowPlan)
class ShadowPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "government", "organisation", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "government__name", "organisation__name")
    list_select_related = ("government", "organisation")


@admin.register(ShadowMilestone)
class ShadowMilestoneAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "commitment", "start_date", "end_date")
    list_select_related = ("commitment",)


@admin.register(ShadowCommitment)
class ShadowCommitmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "shadow_plan")
    search_fields = ("title", "shadow_plan__title")
    inlines = (ShadowMilestoneInline,)
