"""Plans, commitments and milestones: drafting, versions and their comparison, documents; the plan page.

Access (rules in ogp_portal/rules.py): plans, published versions and documents are public. The
government's points of contact and the Support Unit (`action_plans.change_plan`) edit the draft
while the plan is in co-creation or public comment; until then the public reads the latest
published version, never the live draft.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.formsets import all_valid
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.views.display import irm_commitment_context, irm_plan_context
from members.models import AuditEntry, Government, Subscription

from .. import diffs, quality
from ..filters import PlanFilter
from ..forms import CommitmentForm, CompareForm, MilestoneFormSet, PlanDocumentForm, PlanForm, VersionPublishForm
from ..models import (
    TEXT_FIELDS,
    ActionPlan,
    Commitment,
    OGPValue,
    PlanDocument,
    PlanVersion,
    PolicyArea,
    split_paragraphs,
)
from ..models.commitments import COMMITMENT_FIELDS, MILESTONE_FIELDS
from ..models.plans import PLAN_FIELDS, EditConflict
from . import comments, deadlines, implementation
from .access import get_commitment_for_user, get_plan_for_user

CHANGE_PLAN = "action_plans.change_plan"


# --- What the pages show of a commitment: the live draft or a published snapshot, alike -------


@dataclass
class Section:
    field: str
    label: str
    paragraphs: list[str]


@dataclass
class MilestoneView:
    number: int
    description: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    responsible_agency: str


@dataclass
class CommitmentView:
    plan_id: int
    id: int
    number: int
    title: str
    short_title: str
    sections: list[Section]
    values: list[str]
    lead_agency: str
    supporting_institutions: list[str]
    start_date: datetime.date | None
    end_date: datetime.date | None
    policy_areas: list[str]
    milestones: list[MilestoneView]
    hints: list[quality.Hint] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("action_plans:commitment-detail", args=[self.plan_id, self.id])


def _label(name: str) -> str:
    return str(Commitment._meta.get_field(name).verbose_name)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def commitment_from_model(commitment: Commitment) -> CommitmentView:
    """A live commitment whose milestones and policy areas are prefetched."""
    return CommitmentView(
        plan_id=commitment.plan_id,
        id=commitment.pk,
        number=commitment.number,
        title=commitment.title,
        short_title=commitment.short_title,
        sections=[Section(name, _label(name), commitment.paragraphs(name)) for name in TEXT_FIELDS],
        values=[str(value.label) for value in commitment.ogp_values()],
        lead_agency=commitment.lead_agency,
        supporting_institutions=[line for line in commitment.supporting_institutions.splitlines() if line.strip()],
        start_date=commitment.start_date,
        end_date=commitment.end_date,
        policy_areas=[area.localized_name for area in commitment.policy_areas.all()],
        milestones=[
            MilestoneView(m.number, m.description, m.start_date, m.end_date, m.responsible_agency)
            for m in commitment.milestones.all()
        ],
    )


def commitment_from_snapshot(item: Mapping[str, Any], plan_id: int, area_names: Mapping[str, str]) -> CommitmentView:
    values = [OGPValue(value) for value in item.get("values", [])]
    return CommitmentView(
        plan_id=plan_id,
        id=item["id"],
        number=item["number"],
        title=item.get("title", ""),
        short_title=item.get("short_title", ""),
        sections=[Section(name, _label(name), split_paragraphs(item.get(name, ""))) for name in TEXT_FIELDS],
        values=[str(value.label) for value in values],
        lead_agency=item.get("lead_agency", ""),
        supporting_institutions=[line for line in (item.get("supporting_institutions") or "").splitlines() if line],
        start_date=_date(item.get("start_date")),
        end_date=_date(item.get("end_date")),
        policy_areas=[area_names.get(slug, slug) for slug in item.get("policy_areas", [])],
        milestones=[
            MilestoneView(
                milestone.get("number") or position,
                milestone.get("description", ""),
                _date(milestone.get("start_date")),
                _date(milestone.get("end_date")),
                milestone.get("responsible_agency", ""),
            )
            for position, milestone in enumerate(item.get("milestones", []), start=1)
        ],
    )


def area_names_for(snapshots: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Policy area names by slug for the areas these snapshots name, in one query."""
    slugs = diffs.policy_area_slugs(*snapshots)
    if not slugs:
        return {}
    return {area.slug: area.localized_name for area in PolicyArea.objects.filter(slug__in=slugs)}


def live_commitments(plan: ActionPlan, *, with_hints: bool) -> list[CommitmentView]:
    """The draft's commitments in three queries, however many there are; hints for editors."""
    commitments = plan.commitments.prefetch_related("milestones", "policy_areas").order_by("number")
    views = []
    for commitment in commitments:
        view = commitment_from_model(commitment)
        if with_hints:
            view.hints = quality.commitment_hints(commitment, commitment.milestones.all(), plan.end_date)
        views.append(view)
    return views


# --- The government page's section -----------------------------------------------------------


def government_plans_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """What the government page's plans section (`includes/_government_plans.html`) needs: one query."""
    return {
        "government_action_plans": government.action_plans.order_by("-number"),
        "can_start_action_plan": request.user.has_perm("action_plans.add_plan", government),
    }


# --- Plans -----------------------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    """Every action plan, filtered by status and government, 50 a page."""
    plans = ActionPlan.objects.select_related("government").order_by("government__name", "-number")
    plan_filter = PlanFilter(request.GET or None, queryset=plans)
    page = Paginator(plan_filter.qs, 50).get_page(request.GET.get("page"))
    context = {"filter": plan_filter, "page_obj": page, "plans": page.object_list}
    return render(request, "action_plans/actionplan_list.html", context)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    can_change = request.user.has_perm(CHANGE_PLAN, plan)
    can_edit = can_change and plan.is_drafting
    versions = list(plan.versions.defer("snapshot").select_related("published_by").order_by("-number")[:5])
    shown_version = None
    if plan.is_drafting and not can_edit:
        # During co-creation and public comment the public reads what was published, not the draft.
        shown_version = PlanVersion.objects.get(pk=versions[0].pk) if versions else None
        snapshot = shown_version.snapshot if shown_version else {"commitments": []}
        names = area_names_for([snapshot])
        commitments = [commitment_from_snapshot(item, plan.pk, names) for item in snapshot["commitments"]]
    else:
        commitments = live_commitments(plan, with_hints=can_edit)
    context = {
        **deadlines.plan_deadlines_context(request, plan),
        **comments.plan_comments_context(request, plan),
        **implementation.plan_implementation_context(request, plan),
        **irm_plan_context(request, plan),
        "is_following": Subscription.objects.is_following(request.user, plan),
        "plan": plan,
        "government": plan.government,
        "can_change": can_change,
        "can_edit": can_edit,
        "commitments": commitments,
        "shown_version": shown_version,
        "versions": versions,
        "documents": plan.documents.all(),
        "hint_count": sum(1 for commitment in commitments if commitment.hints),
        "publish_form": VersionPublishForm() if can_edit else None,
    }
    return render(request, "action_plans/actionplan_detail.html", context)


@login_required
def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a government's action plan (its points of contact and the Support Unit)."""
    government = get_object_or_404(Government, slug=slug)
    if not request.user.has_perm("action_plans.add_plan", government):
        raise PermissionDenied
    form = PlanForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            plan = ActionPlan.objects.start(government, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action plan has been started. Add its commitments next."))
            return redirect(plan)
    return render(request, "action_plans/actionplan_form.html", {"form": form, "government": government})


@login_required
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    if (refused := _refuse_unless_drafting(request, plan, plan)) is not None:
        return refused
    context: dict[str, Any] = {"plan": plan, "government": plan.government}
    if request.method != "POST":
        context["form"] = PlanForm(instance=plan, government=plan.government)
        return render(request, "action_plans/actionplan_form.html", context)
    form = PlanForm(request.POST, instance=plan, government=plan.government)
    if form.is_valid():
        try:
            plan.save_fields(form.cleaned_data, expected_version=form.cleaned_data["version"], by=request.user)
        except EditConflict as conflict:
            return _render_plan_conflict(request, form, conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect(plan)
    context["form"] = form
    return render(request, "action_plans/actionplan_form.html", context)


def _refuse_unless_drafting(request: HttpRequest, plan: ActionPlan, back: Any) -> HttpResponse | None:
    """Only a plan in drafting is edited: a GET of its edit pages goes back to `back`, saying so.

    A POST still goes through: if the plan was submitted meanwhile, the save is refused and the
    form keeps what was typed.
    """
    if not plan.is_drafting and request.method != "POST":
        status = {"status": plan.get_status_display()}
        messages.warning(request, _("A plan that is “%(status)s” can no longer be edited.") % status)
        return redirect(back)
    return None


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value or "—")


def _changes(form: Any, current: Any, names: Iterable[str]) -> list[dict[str, str]]:
    return [
        {
            "label": str(form.fields[name].label),
            "saved": _display(getattr(current, name)),
            "yours": _display(form.cleaned_data.get(name)),
        }
        for name in names
        if getattr(current, name) != form.cleaned_data.get(name)
    ]


def _last_edit(obj: Any, action: str) -> AuditEntry | None:
    return AuditEntry.objects.for_object(obj).filter(action=action).select_related("actor").first()


def _render_plan_conflict(request: HttpRequest, form: PlanForm, current: ActionPlan) -> HttpResponse:
    """Refused save: the user's own text stays in the form, beside what the other person saved.

    The form now carries the current version, so saving again (after merging) is a deliberate
    choice made with both texts in view.
    """
    data = request.POST.copy()
    data["version"] = str(current.version)
    last_edit = _last_edit(current, "action_plan.edited")
    context = {
        "plan": current,
        "government": current.government,
        "form": PlanForm(data, instance=current, government=current.government),
        "conflict": {
            "changes": _changes(form, current, PLAN_FIELDS),
            "by": last_edit.actor if last_edit else None,
            "at": last_edit.created_at if last_edit else current.updated_at,
        },
    }
    return render(request, "action_plans/actionplan_form.html", context, status=409)


# --- Commitments and milestones --------------------------------------------------------------


def commitment_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request, plan_pk, pk)
    plan = commitment.plan
    can_edit = plan.is_editable_by(request.user)
    shown_version = None
    if plan.is_drafting and not can_edit:
        # The public reads (and comments on) the commitment as last published; a commitment that
        # was never published is still part of the private draft.
        shown_version = plan.versions.order_by("-number").first()
        snapshot = shown_version.snapshot if shown_version else {"commitments": []}
        item = next((item for item in snapshot["commitments"] if item["id"] == commitment.pk), None)
        if item is None:
            raise Http404
        shown = commitment_from_snapshot(item, plan.pk, area_names_for([{"commitments": [item]}]))
    else:
        live = Commitment.objects.prefetch_related("milestones", "policy_areas").get(pk=commitment.pk)
        shown = commitment_from_model(live)
        if can_edit:
            shown.hints = quality.commitment_hints(live, live.milestones.all(), plan.end_date)
    context = {
        **comments.commitment_comments_context(request, commitment),
        **implementation.commitment_implementation_context(request, commitment),
        **irm_commitment_context(request, commitment),
        "is_following": Subscription.objects.is_following(request.user, commitment),
        "plan": plan,
        "government": plan.government,
        "commitment": commitment,
        "shown": shown,
        "shown_version": shown_version,
        "can_edit": can_edit,
    }
    return render(request, "action_plans/commitment_detail.html", context)


def _render_commitment_form(
    request: HttpRequest, plan: ActionPlan, form: CommitmentForm, formset: Any, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"plan": plan, "government": plan.government, "form": form, "formset": formset, **extra}
    return render(request, "action_plans/commitment_form.html", context, status=status)


@login_required
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    if (refused := _refuse_unless_drafting(request, plan, plan)) is not None:
        return refused
    draft = Commitment(plan=plan)
    data = request.POST if request.method == "POST" else None
    form = CommitmentForm(data, instance=draft, plan=plan)
    formset = MilestoneFormSet(data, instance=draft, prefix="milestones")
    if request.method == "POST" and all_valid([form, formset]):
        try:
            commitment = Commitment.objects.add_to(plan, form.cleaned_data, formset.milestones(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment has been added to the draft."))
            return redirect(commitment)
    return _render_commitment_form(request, plan, form, formset)


@login_required
def commitment_update(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request, plan_pk, pk, perm=CHANGE_PLAN)
    plan = commitment.plan
    if (refused := _refuse_unless_drafting(request, plan, commitment)) is not None:
        return refused
    data = request.POST if request.method == "POST" else None
    form = CommitmentForm(data, instance=commitment, plan=plan)
    formset = MilestoneFormSet(data, instance=commitment, prefix="milestones")
    if request.method == "POST" and all_valid([form, formset]):
        try:
            commitment.save_content(
                form.cleaned_data,
                formset.milestones(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except EditConflict as conflict:
            return _render_commitment_conflict(request, form, formset, conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment has been saved."))
            return redirect(commitment)
    return _render_commitment_form(request, plan, form, formset, commitment=commitment)


def _milestone_lines(milestones: Iterable[Mapping[str, Any]]) -> str:
    return "\n".join(
        f"{position}. {item.get('description', '')} ({_display(item.get('start_date'))} – "
        f"{_display(item.get('end_date'))}; {item.get('responsible_agency') or '—'})"
        for position, item in enumerate(milestones, start=1)
    )


def _render_commitment_conflict(
    request: HttpRequest, form: CommitmentForm, formset: Any, current: Commitment
) -> HttpResponse:
    """Refused save: the user's commitment and milestones stay in the form, beside the saved ones."""
    changes = _changes(form, current, COMMITMENT_FIELDS)
    saved_areas = sorted(area.localized_name for area in current.policy_areas.all())
    your_areas = sorted(area.localized_name for area in form.cleaned_data.get("policy_areas", []))
    if saved_areas != your_areas:
        changes.append(
            {
                "label": _("Policy areas"),
                "saved": ", ".join(saved_areas) or "—",
                "yours": ", ".join(your_areas) or "—",
            }
        )
    saved_milestones = _milestone_lines(current.milestones.values(*MILESTONE_FIELDS))
    your_milestones = _milestone_lines(formset.milestones())
    if saved_milestones != your_milestones:
        changes.append({"label": _("Milestones"), "saved": saved_milestones or "—", "yours": your_milestones or "—"})
    data = request.POST.copy()
    data["version"] = str(current.version)
    last_edit = _last_edit(current, "commitment.edited")
    conflict = {
        "changes": changes,
        "by": last_edit.actor if last_edit else None,
        "at": last_edit.created_at if last_edit else current.updated_at,
    }
    plan = current.plan
    return _render_commitment_form(
        request,
        plan,
        CommitmentForm(data, instance=current, plan=plan),
        MilestoneFormSet(data, instance=current, prefix="milestones"),
        status=409,
        commitment=current,
        conflict=conflict,
    )


@require_POST
@login_required
def commitment_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request, plan_pk, pk, perm=CHANGE_PLAN)
    try:
        commitment.remove(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(commitment)
    messages.success(
        request, _("Commitment %(number)s has been deleted from the draft.") % {"number": commitment.number}
    )
    return redirect(commitment.plan)


# --- Versions --------------------------------------------------------------------------------


@require_POST
@login_required
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    form = VersionPublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(plan)
    try:
        version = plan.publish_version(by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(
        request, _("Version %(number)s is published: everyone can now read it.") % {"number": version.number}
    )
    return redirect(version)


def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    versions = plan.versions.defer("snapshot").select_related("published_by").order_by("-number")
    context = {"plan": plan, "government": plan.government, "versions": versions}
    return render(request, "action_plans/planversion_list.html", context)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    version = get_object_or_404(PlanVersion.objects.select_related("published_by"), plan=plan, number=number)
    names = area_names_for([version.snapshot])
    commitments = [commitment_from_snapshot(item, plan.pk, names) for item in version.snapshot.get("commitments", [])]
    context = {
        "plan": plan,
        "government": plan.government,
        "version": version,
        "commitments": commitments,
        "previous_number": plan.versions.filter(number__lt=number)
        .order_by("-number")
        .values_list("number", flat=True)
        .first(),
    }
    return render(request, "action_plans/planversion_detail.html", context)


def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two published versions side by side: what was added, removed and changed, per commitment and field."""
    plan = get_plan_for_user(request, pk)
    numbers = list(plan.versions.order_by("-number").values_list("number", flat=True))
    data: Any = request.GET
    if "a" not in data and "b" not in data and len(numbers) >= 2:
        data = {"a": numbers[1], "b": numbers[0]}
    form = CompareForm(data if ("a" in data or "b" in data) else None, numbers=numbers)
    context: dict[str, Any] = {"plan": plan, "government": plan.government, "form": form, "numbers": numbers}
    if form.is_bound and form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        versions = {version.number: version for version in plan.versions.filter(number__in=[a, b])}
        before, after = versions[a], versions[b]
        names = area_names_for([before.snapshot, after.snapshot])
        context.update(before=before, after=after, diff=diffs.compare_snapshots(before.snapshot, after.snapshot, names))
    return render(request, "action_plans/planversion_compare.html", context)


# --- Documents -------------------------------------------------------------------------------


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    form = PlanDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan.add_document(
                title=form.cleaned_data["title"],
                file=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url") or "",
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document has been added to the repository."))
            return redirect(reverse("action_plans:plan-detail", args=[plan.pk]) + "#documents")
    context = {"plan": plan, "government": plan.government, "form": form}
    return render(request, "action_plans/plandocument_form.html", context)


@require_POST
@login_required
def document_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_pk, perm=CHANGE_PLAN)
    document = get_object_or_404(PlanDocument, plan=plan, pk=pk)
    document.remove(by=request.user)
    messages.success(request, _("“%(title)s” has been removed from the repository.") % {"title": document.title})
    return redirect(reverse("action_plans:plan-detail", args=[plan.pk]) + "#documents")


def document_file(request: HttpRequest, plan_pk: int, pk: int) -> FileResponse:
    """A repository file, always as a download: an uploaded page must never run on the portal's domain."""
    plan = get_plan_for_user(request, plan_pk)
    document = get_object_or_404(PlanDocument, plan=plan, pk=pk)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
