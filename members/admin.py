from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEntry,
    CriterionOverride,
    EligibilityAssessment,
    Government,
    IndicatorImport,
    IndicatorObservation,
    Organisation,
    OrganisationMembership,
    PointOfContact,
    RefreshRun,
    User,
)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("is_civil_society",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_civil_society", "is_staff")
    list_filter = ("is_civil_society", *UserAdmin.list_filter)


@admin.register(Government)
class GovernmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "iso3", "region", "status", "member_since", "is_founding_member")
    list_filter = ("kind", "region", "status", "is_founding_member")
    search_fields = ("name", "iso3")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


@admin.register(PointOfContact)
class PointOfContactAdmin(admin.ModelAdmin):
    """Granting and revoking go through the model methods, so both are audited and the user is told."""

    list_display = ("user", "government", "title", "granted_by", "granted_at")
    search_fields = ("user__username", "user__email", "government__name")
    autocomplete_fields = ("user", "government")
    fields = ("user", "government", "title")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "government") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        contact = obj.government.grant_point_of_contact(obj.user, by=request.user, title=obj.title)
        obj.pk = contact.pk

    def delete_model(self, request, obj):
        obj.revoke(by=request.user)

    def delete_queryset(self, request, queryset):
        for contact in queryset:
            contact.revoke(by=request.user)


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "is_verified")
    list_filter = ("is_verified",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    inlines = [OrganisationMembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "content_type", "object_id")
    list_filter = ("action", "content_type")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Yearly eligibility ---------------------------------------------------------------------
# Imports, observations, assessments and refreshes are records of what the data and the rules
# gave: they are read here, never edited. Changes go through their model methods.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorImport)
class IndicatorImportAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "source_name", "format", "status", "rows_read", "rows_imported", "imported_by")
    list_filter = ("status", "format")
    date_hierarchy = "started_at"


@admin.register(IndicatorObservation)
class IndicatorObservationAdmin(ReadOnlyAdmin):
    list_display = ("government", "year", "indicator", "value", "source", "vintage", "imported_at")
    list_filter = ("indicator", "year")
    search_fields = ("government__name", "government__iso3")
    list_select_related = ("government",)


@admin.register(EligibilityAssessment)
class EligibilityAssessmentAdmin(ReadOnlyAdmin):
    list_display = (
        "government",
        "year",
        "total",
        "maximum",
        "core_result",
        "values_check",
        "eligible",
        "changed",
        "reviewed_at",
    )
    list_filter = ("year", "eligible", "core_result", "values_check", "changed")
    search_fields = ("government__name", "government__iso3")
    list_select_related = ("government",)
    actions = ["confirm_assessments"]

    @admin.action(description=_("Confirm the selected assessments as reviewed"), permissions=["confirm"])
    def confirm_assessments(self, request, queryset):
        for assessment in queryset:
            assessment.confirm(by=request.user)
        self.message_user(request, _("%(count)s assessments confirmed.") % {"count": len(queryset)})

    def has_confirm_permission(self, request):
        return request.user.is_support_unit


@admin.register(RefreshRun)
class RefreshRunAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "year", "status", "progress", "sources_done", "rows_imported", "started_by")
    list_filter = ("status", "year")


@admin.register(CriterionOverride)
class CriterionOverrideAdmin(admin.ModelAdmin):
    """Setting and withdrawing go through the model methods: audited, and the assessment is recomputed."""

    list_display = ("government", "year", "criterion", "points", "created_by", "created_at")
    list_filter = ("year", "criterion")
    search_fields = ("government__name", "government__iso3")
    autocomplete_fields = ("government",)
    fields = ("government", "year", "criterion", "points", "justification", "evidence_url")

    def get_readonly_fields(self, request, obj=None):
        return ("government", "year", "criterion") if obj else ()

    def save_model(self, request, obj, form, change):
        override = CriterionOverride.objects.record(
            obj.government,
            obj.year,
            obj.criterion,
            obj.points,
            justification=obj.justification,
            evidence_url=obj.evidence_url,
            by=request.user,
        )
        obj.pk = override.pk

    def delete_model(self, request, obj):
        obj.withdraw(by=request.user)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            override.withdraw(by=request.user)
