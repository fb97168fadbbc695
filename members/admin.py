from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEntry,
    CriterionOverride,
    DigestItem,
    EligibilityAssessment,
    Forum,
    ForumMeeting,
    ForumMembership,
    Government,
    IndicatorImport,
    IndicatorObservation,
    LetterOfIntent,
    LocalApplication,
    Organisation,
    OrganisationMembership,
    PointOfContact,
    PointOfContactRequest,
    RefreshRun,
    Subscription,
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
    # Verification goes through the audited model methods, never a plain tick box.
    readonly_fields = ("is_verified",)
    actions = ["verify", "unverify"]

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        for organisation in queryset:
            organisation.verify(by=request.user)

    @admin.action(description=_("Remove the verification of the selected organisations"))
    def unverify(self, request, queryset):
        for organisation in queryset:
            organisation.unverify(by=request.user)


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


# --- OGP Local applications -------------------------------------------------------------------
# Applications arrive through the portal's form and are decided through their model methods
# (audited, the applicant emailed), never by editing the status.


@admin.register(LocalApplication)
class LocalApplicationAdmin(ReadOnlyAdmin):
    list_display = ("jurisdiction", "country", "status", "applicant", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("jurisdiction", "country__name", "applicant__username")
    list_select_related = ("country", "applicant", "decided_by")
    date_hierarchy = "created_at"
    actions = ["accept_applications", "decline_applications"]

    def has_decide_permission(self, request):
        return request.user.has_perm("members.decide_local_application")

    @admin.action(description=_("Accept the selected OGP Local applications"), permissions=["decide"])
    def accept_applications(self, request, queryset):
        self._decide(request, queryset, lambda application: application.accept(by=request.user))

    @admin.action(
        description=_("Decline the selected OGP Local applications (asks for the reasons)"), permissions=["decide"]
    )
    def decline_applications(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if "decline_confirmed" not in request.POST or not reason:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Decline OGP Local applications"),
                "applications": queryset,
                "action": "decline_applications",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "reason_missing": "decline_confirmed" in request.POST,
            }
            return TemplateResponse(request, "members/localapplication_admin_decline.html", context)
        self._decide(request, queryset, lambda application: application.decline(by=request.user, reason=reason))
        return None

    def _decide(self, request, queryset, decide) -> None:
        done = 0
        for application in queryset:
            try:
                decide(application)
            except ValidationError as error:
                self.message_user(request, f"{application}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)s applications decided.") % {"count": done})


# --- Letters of intent ---------------------------------------------------------------------
# Read here; every move goes through the model's transition methods (audited, emails after commit).
# Returning a letter needs written reasons: that is done on the letter's page in the portal.


@admin.register(LetterOfIntent)
class LetterOfIntentAdmin(admin.ModelAdmin):
    list_display = ("government", "status", "signatory_name", "submitted_at", "decided_at", "published_at")
    list_filter = ("status",)
    search_fields = ("government__name", "government__iso3", "signatory_name")
    list_select_related = ("government",)
    exclude = ("signed_letter",)  # private file: served only by the permission-checked portal view
    actions = ["start_review", "accept_with_me_as_contact", "publish"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.is_support_unit

    def _apply(self, request, queryset, method: str, done: str, **kwargs) -> None:
        count = 0
        for letter in queryset.select_related("government"):
            try:
                getattr(letter, method)(by=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(request, f"{letter}: {' '.join(error.messages)}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count})

    @admin.action(description=_("Start the review of the selected letters"), permissions=["review"])
    def start_review(self, request, queryset):
        self._apply(request, queryset, "start_review", _("%(count)s letters now under review."))

    @admin.action(
        description=_("Accept the selected letters (you are the country-support contact)"), permissions=["review"]
    )
    def accept_with_me_as_contact(self, request, queryset):
        self._apply(request, queryset, "accept", _("%(count)s letters accepted."), support_contact=request.user)

    @admin.action(description=_("Publish the selected letters"), permissions=["review"])
    def publish(self, request, queryset):
        self._apply(request, queryset, "publish", _("%(count)s letters published."))


# --- Participation: point-of-contact requests, forums, subscriptions --------------------------
# Requests, forum memberships, meetings and subscriptions change through their model methods
# (audited, emails after commit): read here, decided with actions. Refusing a request needs a
# written reason: that is done in the portal's queue.


def _apply_transition(model_admin, request, queryset, method: str, done: str) -> None:
    count = 0
    for obj in queryset:
        try:
            getattr(obj, method)(by=request.user)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"count": count})


@admin.register(PointOfContactRequest)
class PointOfContactRequestAdmin(ReadOnlyAdmin):
    list_display = ("user", "government", "agency", "title", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("user__username", "user__email", "government__name", "agency", "official_email")
    list_select_related = ("user", "government", "decided_by")
    date_hierarchy = "created_at"
    actions = ["approve_requests"]

    def has_decide_permission(self, request):
        return request.user.has_perm("members.decide_point_of_contact_request")

    @admin.action(description=_("Approve the selected requests"), permissions=["decide"])
    def approve_requests(self, request, queryset):
        _apply_transition(self, request, queryset, "approve", _("%(count)s requests approved."))


class ForumMeetingInline(admin.TabularInline):
    model = ForumMeeting
    fields = ("date", "summary", "minutes_url", "recorded_by", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ("name", "government")
    search_fields = ("name", "government__name")
    list_select_related = ("government",)
    autocomplete_fields = ("government",)
    inlines = [ForumMeetingInline]

    def get_readonly_fields(self, request, obj=None):
        return ("government",) if obj else ()


@admin.register(ForumMembership)
class ForumMembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "forum", "organisation", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("user__username", "forum__name", "organisation__name")
    list_select_related = ("user", "forum", "organisation", "decided_by")
    actions = ["accept_memberships", "decline_memberships"]

    def has_decide_permission(self, request):
        return request.user.is_support_unit

    @admin.action(description=_("Accept the selected requests to join"), permissions=["decide"])
    def accept_memberships(self, request, queryset):
        _apply_transition(self, request, queryset, "accept", _("%(count)s requests accepted."))

    @admin.action(description=_("Decline the selected requests to join"), permissions=["decide"])
    def decline_memberships(self, request, queryset):
        _apply_transition(self, request, queryset, "decline", _("%(count)s requests declined."))


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("user", "government", "plan", "commitment", "frequency", "created_at")
    list_filter = ("frequency",)
    search_fields = ("user__username", "user__email", "government__name", "plan__title")
    list_select_related = ("user", "government", "plan", "commitment", "commitment__plan")


@admin.register(DigestItem)
class DigestItemAdmin(ReadOnlyAdmin):
    list_display = ("subject", "subscription", "created_at", "sent_at")
    list_select_related = ("subscription", "subscription__user")
