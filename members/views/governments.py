from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..filters import GovernmentFilter
from ..forms import GovernmentContactFormSet, GovernmentForm, StatusChangeForm
from ..models import AuditEntry, Government
from .participation import government_participation_context

DIRECTORY_PAGE_SIZE = 50


def get_government_for_user(request: HttpRequest, slug: str, *, write: bool = False) -> Government:
    """Governments are public; changing one takes the `members.change_government` right (403 otherwise)."""
    government = get_object_or_404(Government, slug=slug)
    if write and not request.user.has_perm("members.change_government", government):
        raise PermissionDenied
    return government


def localized_name_order() -> F | Coalesce:
    """The names as the page shows them (`Government.localized_name`): in French, "Afrique du Sud" comes
    first, not among the S of "South Africa"."""
    translated = f"name_{get_language()}"
    if translated not in {field.attname for field in Government._meta.fields}:
        return F("name")
    return Coalesce(NullIf(F(translated), Value("")), F("name"))


def government_list(request: HttpRequest) -> HttpResponse:
    """The member directory, national and local together, filtered and paginated."""
    governments = Government.objects.select_related("parent").order_by(localized_name_order(), "pk")
    directory = GovernmentFilter(request.GET, queryset=governments)
    page = Paginator(directory.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/government_list.html", {"filter": directory, "page_obj": page})


def action_plans_government_context(request: HttpRequest, government: Government) -> dict:
    from action_plans.views.deadlines import government_findings_context
    from action_plans.views.drafting import government_plans_context
    from action_plans.views.shadow import government_shadow_plans_context
    from irm.views.accountability import government_accountability_context
    from irm.views.display import irm_government_context

    return {
        **government_plans_context(request, government),
        **government_shadow_plans_context(request, government),
        **government_findings_context(request, government),
        **irm_government_context(request, government),
        **government_accountability_context(request, government),
    }


def government_detail(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government.objects.select_related("parent"), slug=slug)
    return render_government_page(request, government)


def render_government_page(
    request: HttpRequest, government: Government, *, status_form: StatusChangeForm | None = None, status: int = 200
) -> HttpResponse:
    if status_form is None and request.user.has_perm("members.change_government_status", government):
        status_form = StatusChangeForm(government=government)
    context = {
        "government": government,
        "local_governments": government.local_governments.order_by("name"),
        "points_of_contact": government.points_of_contact.select_related("user").order_by("granted_at"),
        "contacts": government.contacts.all(),
        "status_changes": government.status_changes.select_related("actor"),
        "assessments": list(government.eligibility_assessments.order_by("-year")),
        "can_edit": government.is_editable_by(request.user),
        "status_form": status_form,
        # Participation: forum, meetings, members, the visitor's membership and subscription.
        **government_participation_context(request, government),
        # Letters of intent: published ones for everyone, all of them for the government's people and staff.
        "letters": government.letters_of_intent.visible_to(request.user).order_by("-created_at"),
        # Action plans, civil society's shadow plans, contrary-to-process findings (action_plans app).
        **action_plans_government_context(request, government),
    }
    return render(request, "members/government_detail.html", context, status=status)


@login_required
def government_update(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_government_for_user(request, slug, write=True)
    data = request.POST if request.method == "POST" else None
    form = GovernmentForm(data, instance=government)
    contacts = GovernmentContactFormSet(data, instance=government, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        with transaction.atomic():
            form.save()
            contacts.save()
            changes = {field: form.cleaned_data[field] for field in form.changed_data}
            if contacts.has_changed():
                changes["contacts"] = [contact.name for contact in government.contacts.all()]
            if changes:
                AuditEntry.objects.log(government, "government.updated", actor=request.user, **changes)
        messages.success(request, _("The government's details have been saved."))
        return redirect(government)
    context = {"form": form, "contacts": contacts, "government": government}
    return render(request, "members/government_form.html", context)


@require_POST
@login_required
def government_status_change(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government, slug=slug)
    if not request.user.has_perm("members.change_government_status", government):
        raise PermissionDenied
    form = StatusChangeForm(request.POST, government=government)
    if form.is_valid():
        try:
            government.change_status(form.cleaned_data["status"], reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            # Another tab may have changed the status meanwhile; keep what was typed.
            form.add_error(None, error)
        else:
            messages.success(request, _("The membership status has been changed."))
            return redirect(government)
    return render_government_page(request, government, status_form=form, status=400)
