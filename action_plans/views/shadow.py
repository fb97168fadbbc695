"""Shadow action plans: civil society's own proposals for a government.

Access (rules in ogp_portal/rules.py): a published shadow plan is public; a draft is seen only by
the members of its organisation and the Support Unit (everyone else gets 404). Civil society
users (`action_plans.add_shadow_plan`) start one for an organisation they belong to; its members
(`action_plans.change_shadow_plan`) edit and publish it while it is a draft.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms.formsets import all_valid
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Government

from ..forms_shadow import ShadowCommitmentForm, ShadowMilestoneFormSet, ShadowPlanEditForm, ShadowPlanForm
from ..models import ShadowCommitment, ShadowPlan

VIEW = "action_plans.view_shadow_plan"
CHANGE = "action_plans.change_shadow_plan"
ADD = "action_plans.add_shadow_plan"


def get_shadow_plan_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> ShadowPlan:
    """A shadow plan the user may see (404 otherwise); with `write`, one they may change (403 otherwise)."""
    shadow_plan = get_object_or_404(ShadowPlan.objects.select_related("government", "organisation"), pk=pk)
    if not request.user.has_perm(VIEW, shadow_plan):
        raise Http404
    if write and not request.user.has_perm(CHANGE, shadow_plan):
        raise PermissionDenied
    return shadow_plan


def government_shadow_plans_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """What the government page's shadow plans section (`includes/_government_shadow_plans.html`) needs.

    Two queries: the published shadow plans (with their number of commitments) and the visitor's
    organisations' drafts (none for anonymous visitors).
    """
    published = (
        ShadowPlan.objects.published()
        .filter(government=government)
        .select_related("organisation")
        .annotate(commitment_count=Count("commitments"))
        .order_by("-published_at", "-pk")
    )
    drafts = ShadowPlan.objects.drafts_of(request.user).filter(government=government).select_related("organisation")
    return {
        "shadow_plans": list(published),
        "shadow_drafts": list(drafts.order_by("-created_at")) if request.user.is_authenticated else [],
        "can_add_shadow_plan": request.user.has_perm(ADD, government),
    }


@login_required
def shadow_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a shadow plan for a government, on behalf of one of the user's organisations."""
    government = get_object_or_404(Government, slug=slug)
    if not request.user.has_perm(ADD, government):
        raise PermissionDenied
    form = ShadowPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shadow_plan = ShadowPlan.objects.start(government, data["organisation"], data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft shadow plan has been started. Add its proposed commitments next."))
            return redirect(shadow_plan)
    context = {
        "form": form,
        "government": government,
        "has_organisation": form.fields["organisation"].queryset.exists(),
    }
    return render(request, "action_plans/shadowplan_form.html", context)


def shadow_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shadow_plan = get_shadow_plan_for_user(request, pk)
    commitments = shadow_plan.commitments.prefetch_related("milestones", "policy_areas").order_by("number", "pk")
    context = {
        "shadow_plan": shadow_plan,
        "government": shadow_plan.government,
        "commitments": commitments,
        "can_edit": shadow_plan.is_editable_by(request.user),
    }
    return render(request, "action_plans/shadowplan_detail.html", context)


def _refuse_if_published(request: HttpRequest, shadow_plan: ShadowPlan) -> HttpResponse | None:
    """A published shadow plan can no longer change: a GET of its edit pages goes back to it, saying so.

    A POST still goes through, so that the model method refuses it and the form keeps what was typed.
    """
    if not shadow_plan.is_draft and request.method != "POST":
        messages.warning(request, _("This shadow plan is published: it can no longer be changed."))
        return redirect(shadow_plan)
    return None


@login_required
def shadow_update(request: HttpRequest, pk: int) -> HttpResponse:
    shadow_plan = get_shadow_plan_for_user(request, pk, write=True)
    if (refused := _refuse_if_published(request, shadow_plan)) is not None:
        return refused
    form = ShadowPlanEditForm(request.POST or None, instance=shadow_plan)
    if request.method == "POST" and form.is_valid():
        try:
            # The instance is the form's, so it may already hold the new values: save them through the model method.
            ShadowPlan.objects.get(pk=shadow_plan.pk).save_fields(form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The shadow plan has been saved."))
            return redirect(shadow_plan)
    context = {"form": form, "government": shadow_plan.government, "shadow_plan": shadow_plan}
    return render(request, "action_plans/shadowplan_form.html", context)


def _render_commitment_form(
    request: HttpRequest, shadow_plan: ShadowPlan, form: Any, formset: Any, commitment: ShadowCommitment | None
) -> HttpResponse:
    context = {
        "shadow_plan": shadow_plan,
        "government": shadow_plan.government,
        "form": form,
        "formset": formset,
        "commitment": commitment,
    }
    return render(request, "action_plans/shadowcommitment_form.html", context)


@login_required
def shadow_commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    shadow_plan = get_shadow_plan_for_user(request, pk, write=True)
    if (refused := _refuse_if_published(request, shadow_plan)) is not None:
        return refused
    draft = ShadowCommitment(shadow_plan=shadow_plan)
    data = request.POST if request.method == "POST" else None
    form = ShadowCommitmentForm(data, instance=draft, shadow_plan=shadow_plan)
    formset = ShadowMilestoneFormSet(data, instance=draft, prefix="milestones")
    if request.method == "POST" and all_valid([form, formset]):
        try:
            shadow_plan.add_commitment(form.cleaned_data, formset.milestones(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposed commitment has been added."))
            return redirect(shadow_plan)
    return _render_commitment_form(request, shadow_plan, form, formset, None)


def _get_commitment(request: HttpRequest, pk: int, commitment_pk: int) -> tuple[ShadowPlan, ShadowCommitment]:
    shadow_plan = get_shadow_plan_for_user(request, pk, write=True)
    commitment = get_object_or_404(ShadowCommitment, shadow_plan=shadow_plan, pk=commitment_pk)
    return shadow_plan, commitment


@login_required
def shadow_commitment_update(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    shadow_plan, commitment = _get_commitment(request, pk, commitment_pk)
    if (refused := _refuse_if_published(request, shadow_plan)) is not None:
        return refused
    data = request.POST if request.method == "POST" else None
    form = ShadowCommitmentForm(data, instance=commitment, shadow_plan=shadow_plan)
    formset = ShadowMilestoneFormSet(data, instance=commitment, prefix="milestones")
    if request.method == "POST" and all_valid([form, formset]):
        try:
            ShadowCommitment.objects.get(pk=commitment.pk).save_content(
                form.cleaned_data, formset.milestones(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposed commitment has been saved."))
            return redirect(shadow_plan)
    return _render_commitment_form(request, shadow_plan, form, formset, commitment)


@require_POST
@login_required
def shadow_commitment_delete(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    shadow_plan, commitment = _get_commitment(request, pk, commitment_pk)
    try:
        commitment.remove(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposed commitment has been deleted."))
    return redirect(shadow_plan)


@require_POST
@login_required
def shadow_publish(request: HttpRequest, pk: int) -> HttpResponse:
    shadow_plan = get_shadow_plan_for_user(request, pk, write=True)
    try:
        shadow_plan.publish(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The shadow plan is published: it is shown on %(government)s's page.")
            % {"government": shadow_plan.government.localized_name},
        )
    return redirect(shadow_plan)
