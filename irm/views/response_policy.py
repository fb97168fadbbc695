"""Response Policy cases: letters of concern about a member, from filing to resolution or suspension.

Access: staff (`irm.manage_response_policy`) file and advance cases and see all of them; everyone else
sees the public ones only (found eligible: under review and beyond), and a case not public yet is 404
to them. Acting on a case one may see but not manage is 403; anonymous users asked to act log in first.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..forms_accountability import CaseStepForm, ResponsePolicyCaseForm
from ..models import ResponsePolicyCase

MANAGE = "irm.manage_response_policy"
CASES_PER_PAGE = 20


def get_case_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> ResponsePolicyCase:
    """The case if the user may see it (404 otherwise); with `manage`, they must also manage cases (403)."""
    case = get_object_or_404(ResponsePolicyCase.objects.select_related("government", "created_by"), pk=pk)
    if not request.user.has_perm("irm.view_response_policy_case", case):
        raise Http404
    if manage and not request.user.has_perm(MANAGE):
        raise PermissionDenied
    return case


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE)
    cases = ResponsePolicyCase.objects.select_related("government").order_by("-filed_on", "-pk")
    if not can_manage:
        cases = cases.public()
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "cases": page.object_list, "can_manage": can_manage}
    return render(request, "irm/responsepolicycase_list.html", context)


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    """File a letter of concern the Support Unit received; what was typed is kept when refused."""
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    form = ResponsePolicyCaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = ResponsePolicyCase.objects.file(
                    data["government"],
                    filer_name=data["filer_name"],
                    filer_type=data["filer_type"],
                    concern=data["concern"],
                    filed_on=data["filed_on"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The letter of concern is filed."))
                return redirect(case)
    return render(request, "irm/responsepolicycase_form.html", {"form": form}, status=status)


def _render_detail(
    request: HttpRequest, case: ResponsePolicyCase, *, step_form: CaseStepForm | None = None, status: int = 200
) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE)
    if step_form is None and can_manage and case.allowed_steps():
        step_form = CaseStepForm(case=case)
    context = {
        "case": case,
        "government": case.government,
        "steps": list(case.steps.select_related("actor")),
        "can_manage": can_manage,
        "step_form": step_form,
    }
    return render(request, "irm/responsepolicycase_detail.html", context, status=status)


@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case, its timeline of steps and, for staff, the next steps the Response Policy allows."""
    return _render_detail(request, get_case_for_user(request, pk))


@require_POST
@login_required
def case_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the case one step on (`ResponsePolicyCase.advance`); refused steps change nothing."""
    case = get_case_for_user(request, pk, manage=True)
    form = CaseStepForm(request.POST, case=case)
    if not form.is_valid():
        return _render_detail(request, case, step_form=form, status=400)
    try:
        case.advance(form.cleaned_data["to_status"], by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        # Someone moved the case meanwhile: offer the steps allowed from where it now stands, keeping the note.
        case.refresh_from_db()
        form = CaseStepForm(request.POST, case=case)
        form.is_valid()
        form.add_error(None, error)
        return _render_detail(request, case, step_form=form, status=409)
    messages.success(request, _("The case is now “%(status)s”.") % {"status": case.get_status_display()})
    return redirect(case)
