from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEntry, Government, Organisation, OrganisationMembership, PointOfContact, User


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
