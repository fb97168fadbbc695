from django.contrib import admin

from .models import ResearcherAssignment


@admin.register(ResearcherAssignment)
class ResearcherAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "government", "assigned_by", "assigned_at")
    search_fields = ("user__username", "government__name")
    autocomplete_fields = ("user", "government")
    fields = ("user", "government", "conflict_of_interest")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        assignment = ResearcherAssignment.assign(
            obj.user, obj.government, by=request.user, conflict_of_interest=obj.conflict_of_interest
        )
        obj.pk = assignment.pk
