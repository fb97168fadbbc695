"""Taking part: requests to represent a government, civil society organisations, forums, subscriptions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_participation import (
    ForumForm,
    ForumJoinForm,
    ForumMeetingForm,
    OrganisationFilterForm,
    OrganisationForm,
    PointOfContactRequestForm,
    RefusalForm,
)
from ..models import (
    AuditEntry,
    Forum,
    ForumMembership,
    ForumMembershipStatus,
    Government,
    Organisation,
    PointOfContactRequest,
    Subscription,
    User,
)
from .eligibility_staff import support_unit_only

ORGANISATIONS_PER_PAGE = 20


# --- The government page's participation section ---------------------------------------------


def government_participation_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """Forum, meetings, members and the visitor's own standing: four queries at most, whatever the sizes."""
    user = request.user
    signed_in = user.is_authenticated
    forum = (
        Forum.objects.filter(government=government)
        .annotate(pending_count=Count("memberships", filter=Q(memberships__status=ForumMembershipStatus.PENDING)))
        .first()
    )
    can_manage = user.has_perm("members.manage_forum", government)
    context: dict[str, Any] = {
        "forum": forum,
        "forum_meetings": [],
        "forum_members": [],
        "forum_pending_count": forum.pending_count if forum is not None and can_manage else 0,
        "my_forum_membership": None,
        "can_manage_forum": can_manage,
        "is_subscribed": signed_in and Subscription.objects.filter(user=user, government=government).exists(),
        "can_request_point_of_contact": signed_in and user.has_perm("members.request_point_of_contact", government),
    }
    if forum is not None:
        context["forum_meetings"] = list(forum.meetings.all())
        # The accepted members and the visitor's own request, whatever its status, in one query.
        wanted = Q(status=ForumMembershipStatus.ACCEPTED) | (Q(user=user) if signed_in else Q(pk__in=[]))
        memberships = list(
            forum.memberships.filter(wanted)
            .select_related("user", "organisation")
            .order_by("user__last_name", "user__first_name", "user__username")
        )
        context["forum_members"] = [item for item in memberships if item.status == ForumMembershipStatus.ACCEPTED]
        context["my_forum_membership"] = next((item for item in memberships if item.user_id == user.pk), None)
    return context


# --- Asking to represent a government, and the Support Unit's queue ---------------------------


@login_required
def poc_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government, slug=slug)
    if not request.user.has_perm("members.request_point_of_contact", government):
        raise PermissionDenied
    pending = PointOfContactRequest.objects.pending().filter(user=request.user).select_related("government").first()
    form = PointOfContactRequestForm(request.POST or None)
    if request.method == "POST":
        if pending is not None:  # a double submit, or a second tab: say so, change nothing
            messages.info(request, _("You already have a request waiting for the Support Unit's answer."))
            return redirect("members:profile")
        if form.is_valid():
            try:
                PointOfContactRequest.objects.file(user=request.user, government=government, **form.cleaned_data)
            except ValidationError as error:
                if error.code == "already_pending":
                    messages.info(request, error.messages[0])
                    return redirect("members:profile")
                form.add_error(None, error)
            else:
                messages.success(request, _("Your request has been sent. The Support Unit will answer you by email."))
                return redirect(government)
    context = {"government": government, "form": form, "pending": pending}
    return render(request, "members/pointofcontactrequest_form.html", context, status=400 if form.errors else 200)


def _render_request_queue(
    request: HttpRequest, *, bound: tuple[int, RefusalForm] | None = None, status: int = 200
) -> HttpResponse:
    pending = PointOfContactRequest.objects.pending().select_related("user", "government").order_by("created_at")
    rows = [
        (item, bound[1] if bound and bound[0] == item.pk else RefusalForm(prefix=f"request-{item.pk}"))
        for item in pending
    ]
    decided = (
        PointOfContactRequest.objects.exclude(status=PointOfContactRequest.Status.PENDING)
        .select_related("user", "government", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(request, "members/pointofcontactrequest_list.html", {"rows": rows, "decided": decided}, status=status)


@support_unit_only
def poc_request_list(request: HttpRequest) -> HttpResponse:
    return _render_request_queue(request)


@require_POST
@support_unit_only
def poc_request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PointOfContactRequest.objects.select_related("user", "government"), pk=pk)
    try:
        item.approve(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s is now a point of contact of %(government)s.")
            % {"user": item.user.display_name, "government": item.government.localized_name},
        )
    return redirect("members:poc-request-list")


@require_POST
@support_unit_only
def poc_request_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PointOfContactRequest.objects.select_related("user", "government"), pk=pk)
    form = RefusalForm(request.POST, prefix=f"request-{item.pk}")
    if not form.is_valid():
        return _render_request_queue(request, bound=(item.pk, form), status=400)
    try:
        item.refuse(by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request has been refused; %(user)s is told why.") % {"user": item.user})
    return redirect("members:poc-request-list")


# --- Civil society organisations ------------------------------------------------------------


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = (
        Organisation.objects.select_related("country").annotate(member_count=Count("members")).order_by("name")
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            organisations = organisations.filter(name__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["country"]:
            organisations = organisations.filter(country=form.cleaned_data["country"])
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "members/organisation_list.html", {"form": form, "page_obj": page})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
    members = list(organisation.members.order_by("last_name", "first_name", "username"))
    user = request.user
    context = {
        "organisation": organisation,
        "members": members,
        "forum_memberships": organisation.forum_memberships.filter(status=ForumMembershipStatus.ACCEPTED)
        .select_related("forum__government", "user")
        .order_by("forum__name"),
        "is_member": user.is_authenticated and any(member.pk == user.pk for member in members),
        "can_edit": user.has_perm("members.change_organisation", organisation),
        "can_verify": user.has_perm("members.verify_organisation", organisation),
    }
    return render(request, "members/organisation_detail.html", context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = Organisation.found(by=request.user, **form.cleaned_data)
        messages.success(request, _("The organisation has been created; you are its first member."))
        return redirect(organisation)
    return render(request, "members/organisation_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def organisation_update(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("members.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            changes = {field: str(form.cleaned_data[field] or "") for field in form.changed_data}
            if changes:
                AuditEntry.objects.log(organisation, "organisation.updated", actor=request.user, **changes)
        messages.success(request, _("The organisation's profile has been saved."))
        return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "members/organisation_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def organisation_join(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if organisation.join(request.user):
        messages.success(request, _("You are now a member of %(name)s.") % {"name": organisation.name})
    else:
        messages.info(request, _("You already are a member of %(name)s.") % {"name": organisation.name})
    return redirect(organisation)


@require_POST
@login_required
def organisation_leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if organisation.leave(request.user):
        messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
    else:
        messages.info(request, _("You were not a member of %(name)s.") % {"name": organisation.name})
    return redirect(organisation)


def _set_verified(request: HttpRequest, slug: str, *, verified: bool) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        if verified:
            organisation.verify(by=request.user)
        else:
            organisation.unverify(by=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The organisation is now verified.") if verified else _("The organisation is no longer verified."),
        )
    return redirect(organisation)


@require_POST
@support_unit_only
def organisation_verify(request: HttpRequest, slug: str) -> HttpResponse:
    return _set_verified(request, slug, verified=True)


@require_POST
@support_unit_only
def organisation_unverify(request: HttpRequest, slug: str) -> HttpResponse:
    return _set_verified(request, slug, verified=False)


# --- Multi-stakeholder forums ---------------------------------------------------------------


def get_government_for_forum_manager(request: HttpRequest, slug: str) -> Government:
    """The government exists (404 otherwise) and the user runs its forum (403 otherwise: another
    government's point of contact included)."""
    government = get_object_or_404(Government, slug=slug)
    if not request.user.has_perm("members.manage_forum", government):
        raise PermissionDenied
    return government


@login_required
def forum_edit(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_government_for_forum_manager(request, slug)
    forum = Forum.objects.filter(government=government).first()
    form = ForumForm(request.POST or None, instance=forum)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            created = forum is None
            forum = form.save(commit=False)
            forum.government = government
            forum.save()
            changes = {field: form.cleaned_data[field] for field in form.changed_data}
            AuditEntry.objects.log(
                forum, "forum.created" if created else "forum.updated", actor=request.user, **changes
            )
        messages.success(request, _("The forum has been saved."))
        return redirect(government)
    memberships = []
    if forum is not None:
        memberships = list(
            forum.memberships.exclude(status=ForumMembershipStatus.DECLINED)
            .select_related("user", "organisation")
            .order_by("status", "created_at")
        )
    context = {
        "government": government,
        "forum": forum,
        "form": form,
        "pending": [membership for membership in memberships if membership.is_pending],
        "accepted": [membership for membership in memberships if not membership.is_pending],
    }
    return render(request, "members/forum_form.html", context, status=400 if form.errors else 200)


def _decide_membership(request: HttpRequest, slug: str, pk: int, *, accept: bool) -> HttpResponse:
    government = get_government_for_forum_manager(request, slug)
    membership = get_object_or_404(ForumMembership.objects.select_related("user"), pk=pk, forum__government=government)
    try:
        if accept:
            membership.accept(by=request.user)
        else:
            membership.decline(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = membership.user.display_name
        messages.success(
            request,
            _("%(name)s is now a member of the forum.") % {"name": name}
            if accept
            else _("The request of %(name)s has been declined.") % {"name": name},
        )
    return redirect("members:forum-edit", slug=government.slug)


@require_POST
@login_required
def forum_membership_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decide_membership(request, slug, pk, accept=True)


@require_POST
@login_required
def forum_membership_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decide_membership(request, slug, pk, accept=False)


@login_required
def forum_meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_government_for_forum_manager(request, slug)
    forum = Forum.objects.filter(government=government).first()
    if forum is None:
        messages.info(request, _("Set up the forum before recording its meetings."))
        return redirect("members:forum-edit", slug=government.slug)
    form = ForumMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forum.record_meeting(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been recorded; subscribers are told."))
            return redirect(government)
    context = {"government": government, "forum": forum, "form": form}
    return render(request, "members/forum_meeting_form.html", context, status=400 if form.errors else 200)


@login_required
def forum_join(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government, slug=slug)
    forum = Forum.objects.filter(government=government).first()
    if forum is None:
        raise Http404
    if not request.user.has_perm("members.join_forum", forum):
        raise PermissionDenied
    membership = forum.memberships.filter(user=request.user).first()
    already = membership is not None and membership.status != ForumMembershipStatus.DECLINED
    form = ForumJoinForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if already:
            messages.info(request, _("You have already asked to join this forum."))
            return redirect(government)
        if form.is_valid():
            if forum.ask_to_join(request.user, **form.cleaned_data):
                messages.success(request, _("Your request to join has been sent to the forum's organisers."))
            else:
                messages.info(request, _("You have already asked to join this forum."))
            return redirect(government)
    context = {"government": government, "forum": forum, "form": form, "membership": membership, "already": already}
    return render(request, "members/forum_join_form.html", context, status=400 if form.errors else 200)


# --- Subscriptions ---------------------------------------------------------------------------


@require_POST
@login_required
def government_subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government, slug=slug)
    Subscription.objects.subscribe(request.user, government)
    messages.success(request, _("You will receive updates about %(government)s by email.") % {"government": government})
    return redirect(government)


@require_POST
@login_required
def government_unsubscribe(request: HttpRequest, slug: str) -> HttpResponse:
    government = get_object_or_404(Government, slug=slug)
    Subscription.objects.unsubscribe(request.user, government)
    messages.success(
        request, _("You will no longer receive updates about %(government)s.") % {"government": government}
    )
    return redirect(government)


def profile_participation_context(user: User) -> dict[str, Any]:
    """The profile page's list of subscriptions and the pending request to represent a government."""
    return {
        # Plans and commitments followed are listed on the subscriptions page (linked from the profile).
        "subscriptions": user.subscriptions.filter(government__isnull=False)
        .select_related("government")
        .order_by("government__name"),
        "pending_poc_request": PointOfContactRequest.objects.pending()
        .filter(user=user)
        .select_related("government")
        .first(),
    }
