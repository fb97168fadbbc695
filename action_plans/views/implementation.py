"""Implementation: milestone progress, civil society assessments, bulk CSV updates, overdue flags.

Access (rules in ogp_portal/rules.py): progress is public to read. The government's points of
contact and the Support Unit (`action_plans.report_progress`) report progress, one milestone at a
time or by CSV; signed-in civil society (`action_plans.assess_progress`) adds its own assessments.
Both only once the plan is in implementation (or ended): the model methods refuse otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import progress_csv
from ..forms_implementation import AssessmentForm, ProgressReportForm, ProgressUploadForm
from ..models import (
    IMPLEMENTATION_STATUSES,
    ActionPlan,
    CivilSocietyAssessment,
    Commitment,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
)
from ..models.implementation import NEWEST_FIRST
from .access import get_commitment_for_user, get_plan_for_user

REPORT_PROGRESS = "action_plans.report_progress"
ASSESS_PROGRESS = "action_plans.assess_progress"

# What the plan and commitment pages show before linking to the full, paginated pages.
OVERDUE_SHOWN = 10
HISTORY_SHOWN = 10
TIMELINE_PER_PAGE = 25
MILESTONES_PER_PAGE = 50
# The upload page lists the plan's milestones with the ids the CSV names (plans have far fewer).
MILESTONES_LISTED = 500


def _is_implemented(plan: ActionPlan) -> bool:
    return plan.status in IMPLEMENTATION_STATUSES


def get_milestone_for_user(request: HttpRequest, plan_pk: int, pk: int, *, perm: str | None = None) -> Milestone:
    """A milestone of that plan (404 for one of another plan, before any 403); `perm` is checked on its plan."""
    milestone = get_object_or_404(
        Milestone.objects.select_related("commitment", "commitment__plan", "commitment__plan__government"),
        commitment__plan_id=plan_pk,
        pk=pk,
    )
    if perm is not None and not request.user.has_perm(perm, milestone.commitment.plan):
        raise PermissionDenied
    return milestone


# --- What the plan page and the commitment page show ----------------------------------------


def plan_implementation_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """What the plan page's implementation section (`includes/_plan_implementation.html`) needs.

    Nothing before implementation; then two queries, however many milestones: the counts per
    status (and overdue) in one aggregate, and the first overdue milestones.
    """
    if not _is_implemented(plan):
        return {"implementation": None}
    today = timezone.localdate()
    overdue_q = Q(end_date__lt=today) & ~Q(status=MilestoneStatus.COMPLETE)
    milestones = Milestone.objects.filter(commitment__plan=plan)
    counts = milestones.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_q),
        **{status.value: Count("pk", filter=Q(status=status)) for status in MilestoneStatus},
    )
    overdue = list(
        milestones.overdue(today)
        .select_related("commitment")
        .order_by("end_date", "commitment__number", "number")[:OVERDUE_SHOWN]
    )
    return {
        "implementation": {
            "total": counts["total"],
            "overdue_count": counts["overdue"],
            "overdue": overdue,
            "per_status": [(status.label, status.value, counts[status.value]) for status in MilestoneStatus],
            "can_report": request.user.has_perm(REPORT_PROGRESS, plan),
        }
    }


@dataclass
class TimelineEntry:
    """One dated view of progress, the government's or civil society's, for the merged timeline."""

    day: datetime.date
    created_at: datetime.datetime
    source: str  # "government" or "civil_society"
    status: str
    status_label: str
    note: str
    evidence_url: str
    evidence_download: str
    by: str
    subject: str  # the milestone (government) or the organisation (civil society)


def _entry_from_report(report: MilestoneProgress, plan_id: int) -> TimelineEntry:
    download = reverse("action_plans:progress-evidence", args=[plan_id, report.pk]) if report.evidence_file else ""
    return TimelineEntry(
        day=report.reported_on,
        created_at=report.created_at,
        source="government",
        status=report.status,
        status_label=report.get_status_display(),
        note=report.note,
        evidence_url=report.evidence_url,
        evidence_download=download,
        by=report.reported_by.display_name if report.reported_by else "",
        subject=_("Milestone %(number)s") % {"number": report.milestone.number},
    )


def _entry_from_assessment(assessment: CivilSocietyAssessment) -> TimelineEntry:
    return TimelineEntry(
        day=assessment.assessed_on,
        created_at=assessment.created_at,
        source="civil_society",
        status=assessment.status,
        status_label=assessment.get_status_display(),
        note=assessment.note,
        evidence_url=assessment.evidence_url,
        evidence_download="",
        by=assessment.author.display_name,
        subject=assessment.organisation.name if assessment.organisation else _("individual"),
    )


def _sort_key(entry: TimelineEntry) -> tuple[datetime.date, datetime.datetime]:
    return entry.day, entry.created_at


def _reports(commitment: Commitment) -> Any:
    return MilestoneProgress.objects.for_commitment(commitment).select_related("milestone", "reported_by")


def _assessments(commitment: Commitment) -> Any:
    return commitment.civil_society_assessments.select_related("author", "organisation")


def _milestones_with_latest(commitment: Commitment) -> list[Milestone]:
    """The commitment's milestones, each with `latest` (its newest report or None): two queries."""
    newest = MilestoneProgress.objects.filter(milestone=OuterRef("pk")).order_by(*NEWEST_FIRST).values("pk")[:1]
    milestones = list(commitment.milestones.annotate(latest_id=Subquery(newest)).order_by("number", "pk"))
    latest_ids = [milestone.latest_id for milestone in milestones if milestone.latest_id]
    reports = MilestoneProgress.objects.in_bulk(latest_ids) if latest_ids else {}
    today = timezone.localdate()
    for milestone in milestones:
        milestone.latest = reports.get(milestone.latest_id)
        milestone.overdue = milestone.is_overdue(today)
    return milestones


def commitment_implementation_context(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    """What the commitment page's progress section (`includes/_commitment_implementation.html`) needs.

    Nothing before implementation; then four queries, however long the histories are: the
    milestones with their newest reports (two), the newest government reports and the newest
    civil society assessments (capped, one more row to know whether there are more). The
    timeline merges the two capped lists, which is exact: the newest N of the merge are among
    the newest N of each.
    """
    plan = commitment.plan
    if not _is_implemented(plan):
        return {"progress": None}
    milestones = _milestones_with_latest(commitment)
    reports = list(_reports(commitment).newest_first()[: HISTORY_SHOWN + 1])
    assessments = list(_assessments(commitment).newest_first()[: HISTORY_SHOWN + 1])
    timeline = sorted(
        [_entry_from_report(report, plan.pk) for report in reports[:HISTORY_SHOWN]]
        + [_entry_from_assessment(assessment) for assessment in assessments[:HISTORY_SHOWN]],
        key=_sort_key,
        reverse=True,
    )[:HISTORY_SHOWN]
    return {
        "progress": {
            "milestones": milestones,
            "overdue_count": sum(1 for milestone in milestones if milestone.overdue),
            "assessments": assessments[:HISTORY_SHOWN],
            "more_assessments": len(assessments) > HISTORY_SHOWN,
            "timeline": timeline,
            "more_history": len(reports) > HISTORY_SHOWN or len(assessments) > HISTORY_SHOWN,
            "can_report": request.user.has_perm(REPORT_PROGRESS, plan),
            "can_assess": request.user.has_perm(ASSESS_PROGRESS, plan),
        }
    }


# --- Pages -----------------------------------------------------------------------------------


def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Every milestone of the plan with its progress, 50 a page; `?overdue=1` for the overdue ones."""
    plan = get_plan_for_user(request, pk)
    if not _is_implemented(plan):
        raise Http404
    today = timezone.localdate()
    milestones = Milestone.objects.filter(commitment__plan=plan).select_related("commitment")
    only_overdue = request.GET.get("overdue") == "1"
    if only_overdue:
        milestones = milestones.overdue(today)
    milestones = milestones.order_by("commitment__number", "number", "pk")
    page = Paginator(milestones, MILESTONES_PER_PAGE).get_page(request.GET.get("page"))
    for milestone in page.object_list:
        milestone.overdue = milestone.is_overdue(today)
    context = {
        "plan": plan,
        "government": plan.government,
        "page_obj": page,
        "milestones": page.object_list,
        "only_overdue": only_overdue,
        "can_report": request.user.has_perm(REPORT_PROGRESS, plan),
    }
    return render(request, "action_plans/actionplan_progress.html", context)


def commitment_progress(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """The commitment's whole progress history, government and civil society merged by date, paginated."""
    commitment = get_commitment_for_user(request, plan_pk, pk)
    plan = commitment.plan
    if not _is_implemented(plan):
        raise Http404
    # One paginated union of (kind, pk, date) pairs, then the page's rows by kind: four queries a page.
    government = (
        MilestoneProgress.objects.for_commitment(commitment)
        .annotate(kind=Value("government", output_field=CharField()))
        .values_list("kind", "pk", "reported_on", "created_at")
        .order_by()
    )
    civil = (
        commitment.civil_society_assessments.annotate(kind=Value("civil_society", output_field=CharField()))
        .values_list("kind", "pk", "assessed_on", "created_at")
        .order_by()
    )
    merged = government.union(civil, all=True).order_by("-reported_on", "-created_at", "-pk")
    page = Paginator(merged, TIMELINE_PER_PAGE).get_page(request.GET.get("page"))
    keys = list(page.object_list)
    reports = _reports(commitment).in_bulk([key[1] for key in keys if key[0] == "government"])
    assessments = _assessments(commitment).in_bulk([key[1] for key in keys if key[0] == "civil_society"])
    timeline = [
        _entry_from_report(reports[key[1]], plan.pk)
        if key[0] == "government"
        else _entry_from_assessment(assessments[key[1]])
        for key in keys
    ]
    context = {
        "plan": plan,
        "government": plan.government,
        "commitment": commitment,
        "page_obj": page,
        "timeline": timeline,
    }
    return render(request, "action_plans/commitment_progress.html", context)


@login_required
def progress_report(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """The point of contact reports progress on one milestone."""
    milestone = get_milestone_for_user(request, plan_pk, pk, perm=REPORT_PROGRESS)
    commitment, plan = milestone.commitment, milestone.commitment.plan
    if not _is_implemented(plan) and request.method != "POST":
        messages.warning(request, _("Progress is reported once the plan is in implementation."))
        return redirect(commitment)
    form = ProgressReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone.report_progress(
                status=data["status"],
                reported_on=data["reported_on"],
                note=data["note"],
                evidence_url=data["evidence_url"],
                evidence_file=data.get("evidence_file"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress report has been recorded."))
            return redirect(reverse("action_plans:commitment-detail", args=[plan.pk, commitment.pk]) + "#progress")
    history = list(milestone.progress_reports.select_related("reported_by").order_by(*NEWEST_FIRST)[:HISTORY_SHOWN])
    context = {
        "plan": plan,
        "government": plan.government,
        "commitment": commitment,
        "milestone": milestone,
        "form": form,
        "history": history,
    }
    return render(request, "action_plans/milestoneprogress_form.html", context)


@login_required
def assessment_create(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """A civil society user adds their own assessment of the commitment's progress."""
    commitment = get_commitment_for_user(request, plan_pk, pk, perm=ASSESS_PROGRESS)
    plan = commitment.plan
    if not _is_implemented(plan) and request.method != "POST":
        messages.warning(request, _("Progress is assessed once the plan is in implementation."))
        return redirect(commitment)
    form = AssessmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            CivilSocietyAssessment.objects.add(
                commitment,
                author=request.user,
                organisation=data.get("organisation"),
                status=data["status"],
                note=data["note"],
                evidence_url=data["evidence_url"],
                assessed_on=data["assessed_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your assessment has been published beside the government's report."))
            return redirect(reverse("action_plans:commitment-detail", args=[plan.pk, commitment.pk]) + "#progress")
    context = {"plan": plan, "government": plan.government, "commitment": commitment, "form": form}
    return render(request, "action_plans/civilsocietyassessment_form.html", context)


@login_required
def progress_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The point of contact uploads a CSV of milestone statuses: all of it is applied, or none of it."""
    plan = get_plan_for_user(request, pk, perm=REPORT_PROGRESS)
    if not _is_implemented(plan) and request.method != "POST":
        messages.warning(request, _("Progress is reported once the plan is in implementation."))
        return redirect(plan)
    form = ProgressUploadForm(request.POST or None, request.FILES or None)
    errors: list[progress_csv.LineError] = []
    if request.method == "POST" and form.is_valid():
        milestone_ids, numbers = progress_csv.plan_milestones(plan)
        result = progress_csv.parse(
            form.cleaned_data["file"], milestone_ids=milestone_ids, numbers=numbers, today=timezone.localdate()
        )
        errors = result.errors
        if result.is_valid:
            try:
                summary = progress_csv.apply(plan, result.rows, by=request.user)
            except ValidationError as error:
                errors = [progress_csv.LineError(None, message) for message in error.messages]
            else:
                labels = dict(MilestoneStatus.choices)
                details = ", ".join(
                    f"{labels[status]}: {count}" for status, count in sorted(summary["per_status"].items())
                )
                messages.success(
                    request,
                    _("%(count)s progress reports recorded (%(details)s).")
                    % {"count": summary["reports"], "details": details},
                )
                return redirect("action_plans:plan-progress", pk=plan.pk)
    milestones = Milestone.objects.filter(commitment__plan=plan).select_related("commitment")
    context = {
        "plan": plan,
        "government": plan.government,
        "form": form,
        "errors": errors,
        "example": progress_csv.EXAMPLE,
        "milestones": milestones.order_by("commitment__number", "number", "pk")[:MILESTONES_LISTED],
        "max_rows": progress_csv.MAX_ROWS,
    }
    return render(request, "action_plans/milestoneprogress_upload.html", context)


def progress_evidence(request: HttpRequest, plan_pk: int, pk: int) -> FileResponse:
    """An evidence file, always as a download: an uploaded page must never run on the portal's domain."""
    report = get_object_or_404(MilestoneProgress, milestone__commitment__plan_id=plan_pk, pk=pk)
    if not report.evidence_file:
        raise Http404
    try:
        handle = report.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=report.evidence_file.name.rsplit("/", 1)[-1])
