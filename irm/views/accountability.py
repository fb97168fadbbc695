"""Accountability: the Support Unit's dashboard, the Steering Committee's decisions on procedural reviews,
and the government page's procedural review and Response Policy section.

Access: the dashboard and decisions are the Support Unit's (`irm.view_accountability`,
`irm.decide_procedural_review`): anonymous users go to the login page, others get 403 (as every Support
Unit page). Procedural reviews and public Response Policy cases are public on the government page.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from action_plans.models import ProcessFinding
from members.models import Government

from ..accountability import governments_at_risk
from ..forms_accountability import FindingFilterForm, ProceduralReviewDecisionForm
from ..models import ProceduralReview, ResponsePolicyCase, Review

FINDINGS_PER_PAGE = 20
# The dashboard's other lists show the most urgent rows and say how many there are in all.
LIST_LIMIT = 50


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Recent findings (filtered by kind), members one strike short of procedural review, open procedural
    reviews, overdue IRM reviews and open Response Policy cases."""
    if not request.user.has_perm("irm.view_accountability"):
        raise PermissionDenied
    filters = FindingFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    findings = ProcessFinding.objects.select_related("government", "plan").order_by("-found_at", "-pk")
    if kind:
        findings = findings.filter(kind=kind)
    page = Paginator(findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    overdue = Review.objects.overdue(today).select_related("plan", "plan__government").order_by("due_on", "pk")
    open_cases = ResponsePolicyCase.objects.open().select_related("government").order_by("filed_on", "pk")
    context = {
        "filters": filters if filters.is_bound else FindingFilterForm(),
        "kind": kind,
        "page_obj": page,
        "findings": page.object_list,
        "at_risk": governments_at_risk(),
        "consecutive_cycles": settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES,
        "open_reviews": list(ProceduralReview.objects.open().select_related("government").order_by("opened_at", "pk")),
        "overdue_reviews": list(overdue[:LIST_LIMIT]),
        "overdue_count": overdue.count(),
        "open_cases": list(open_cases[:LIST_LIMIT]),
        "open_case_count": open_cases.count(),
        "list_limit": LIST_LIMIT,
        "today": today,
    }
    return render(request, "irm/accountability_dashboard.html", context)


@login_required
def procedural_review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The Steering Committee's decision (GET: the form; POST: record it). A refused decision changes nothing
    and keeps what was typed: 400 for an invalid form, 409 when the review was decided meanwhile."""
    review = get_object_or_404(ProceduralReview.objects.select_related("government", "decided_by"), pk=pk)
    if not request.user.has_perm("irm.decide_procedural_review", review):
        raise PermissionDenied
    form = ProceduralReviewDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            decide = review.lift if data["outcome"] == ProceduralReviewDecisionForm.LIFT else review.designate_inactive
            try:
                decide(by=request.user, decision=data["decision"], resolution_url=data["resolution_url"])
            except ValidationError as error:
                form.add_error(None, error)
                if any(item.code == "already_decided" for item in error.error_list):
                    status = 409
                    review.refresh_from_db()
            else:
                if review.status == ProceduralReview.Status.LIFTED:
                    messages.success(request, _("The procedural review is lifted."))
                else:
                    messages.success(request, _("The member is designated inactive."))
                return redirect("irm:accountability")
    findings = ProcessFinding.objects.filter(
        government=review.government,
        cycle_year__gte=review.first_cycle_year,
        cycle_year__lte=review.second_cycle_year,
    ).select_related("plan")
    context = {
        "review": review,
        "government": review.government,
        "form": form,
        "findings": list(findings.order_by("cycle_year", "found_at", "pk")),
    }
    return render(request, "irm/proceduralreview_decide.html", context, status=status)


def government_accountability_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """The government page's procedural review and Response Policy section; two queries.

    Everyone sees the procedural reviews (the status change is public anyway) and the public cases;
    Support Unit staff also see cases not public yet, marked as such.
    """
    reviews = list(government.procedural_reviews.select_related(None).order_by("-opened_at", "-pk"))
    cases = government.response_policy_cases.order_by("-filed_on", "-pk")
    # Asked of the rules directly: `user.has_perm` would also load the user's model permissions (two queries)
    # for everyone who is not staff.
    if not rules.has_perm("irm.manage_response_policy", request.user):
        cases = cases.public()
    return {
        "open_procedural_review": next((review for review in reviews if review.is_open), None),
        "decided_procedural_reviews": [review for review in reviews if not review.is_open],
        "response_policy_cases": list(cases),
        "can_decide_procedural_review": rules.has_perm("irm.decide_procedural_review", request.user),
    }
