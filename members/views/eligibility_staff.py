"""Support Unit pages for the yearly eligibility work: imports, refresh runs, review of what changed."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import CriterionOverrideForm, IndicatorImportForm, RefreshForm, ReviewForm
from ..models import (
    CriterionOverride,
    EligibilityAssessment,
    Government,
    IndicatorImport,
    LetterOfIntent,
    LocalApplication,
    LocalApplicationStatus,
    PointOfContactRequest,
    RefreshRun,
    RequestStatus,
)


def support_unit_only(view):
    """Anonymous users go to the login page; signed-in users without the right get 403."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm("members.manage_eligibility"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@support_unit_only
def indicator_import(request: HttpRequest) -> HttpResponse:
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = IndicatorImport.objects.run(
            upload.read(),
            form.cleaned_data["format"],
            source_name=upload.name,
            by=request.user,
            year=form.cleaned_data["year"],
            vintage=form.cleaned_data["vintage"] or None,
        )
        if result.succeeded:
            messages.success(
                request,
                _("Imported %(file)s: %(read)s rows read, %(imported)s new or changed values.")
                % {"file": upload.name, "read": result.rows_read, "imported": result.rows_imported},
            )
            return redirect("members:indicator-import")
    context = {
        "form": form,
        "failed_import": result,
        "imports": IndicatorImport.objects.select_related("imported_by").order_by("-started_at")[:20],
    }
    return render(request, "members/indicatorimport_form.html", context, status=400 if result else 200)


@support_unit_only
def refresh_list(request: HttpRequest) -> HttpResponse:
    form = RefreshForm(request.POST or None, initial={"year": _default_year()})
    if request.method == "POST" and form.is_valid():
        run = RefreshRun.objects.queue(form.cleaned_data["year"], by=request.user)
        messages.success(request, _("The refresh has been started."))
        return redirect("members:refresh-detail", pk=run.pk)
    runs = RefreshRun.objects.select_related("started_by").order_by("-created_at")[:30]
    return render(request, "members/refreshrun_list.html", {"form": form, "runs": runs})


def _default_year() -> int:
    return timezone.now().year


@support_unit_only
def refresh_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(RefreshRun.objects.select_related("started_by"), pk=pk)
    changed = Government.objects.filter(iso3__in=run.changed_governments).order_by("name")
    return render(request, "members/refreshrun_detail.html", {"run": run, "changed": changed})


@support_unit_only
def refresh_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(RefreshRun, pk=pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress": run.progress,
            "sources_done": run.sources_done,
            "sources_total": run.sources_total,
            "rows_read": run.rows_read,
            "rows_imported": run.rows_imported,
            "changed": len(run.changed_governments),
            "errors": run.errors,
            "finished": run.is_finished,
        }
    )


@support_unit_only
def review_queue(request: HttpRequest, year: int) -> HttpResponse:
    assessments = (
        EligibilityAssessment.objects.filter(year=year, changed=True)
        .select_related("government", "reviewed_by")
        .order_by("reviewed_at", "government__name")
    )
    previous = {
        assessment.government_id: assessment
        for assessment in EligibilityAssessment.objects.filter(
            year=year - 1, government__in=[assessment.government_id for assessment in assessments]
        )
    }
    rows = [(assessment, previous.get(assessment.government_id)) for assessment in assessments]
    return render(request, "members/eligibility_review.html", {"rows": rows, "year": year, "form": ReviewForm()})


@require_POST
@support_unit_only
def assessment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(EligibilityAssessment, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        assessment.confirm(by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Result confirmed for %(government)s.") % {"government": assessment.government})
    return redirect("members:eligibility-review", year=assessment.year)


@support_unit_only
def criterion_override(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(EligibilityAssessment.objects.select_related("government"), pk=pk)
    form = CriterionOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            CriterionOverride.objects.record(
                government=assessment.government,
                year=assessment.year,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The override is recorded and the assessment recomputed."))
            return redirect("members:eligibility-review", year=assessment.year)
    return render(request, "members/criterionoverride_form.html", {"form": form, "assessment": assessment})


@support_unit_only
def staff_home(request: HttpRequest) -> HttpResponse:
    """The Support Unit's desk: every queue that waits for a decision."""
    from irm.models import ProceduralReview, ResponsePolicyCase, Review

    context = {
        "latest_run": RefreshRun.objects.order_by("-created_at").first(),
        "unreviewed": EligibilityAssessment.objects.filter(changed=True, reviewed_at__isnull=True).count(),
        "letters_waiting": LetterOfIntent.objects.waiting_for_review().count(),
        "requests_pending": PointOfContactRequest.objects.filter(status=RequestStatus.PENDING).count(),
        "applications_waiting": LocalApplication.objects.filter(status=LocalApplicationStatus.SUBMITTED).count(),
        "reviews_overdue": Review.objects.overdue().count(),
        "procedural_reviews_open": ProceduralReview.objects.open().count(),
        "cases_open": ResponsePolicyCase.objects.open().count(),
    }
    return render(request, "members/staff_home.html", context)
