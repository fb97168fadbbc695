"""IRM researchers' assignments to action plans: the Support Unit's list and form (`irm.assign_researcher`)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import AssignmentForm
from ..models import ResearcherAssignment


def assigners_only(view: Any) -> Any:
    """Anonymous users go to the login page; signed-in users without the right get 403."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("irm.assign_researcher"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@assigners_only
def assignment_list(request: HttpRequest) -> HttpResponse:
    """Every assignment, newest first, 50 a page, with its conflict-of-interest declaration."""
    assignments = ResearcherAssignment.objects.select_related("user", "government", "plan", "assigned_by")
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    return render(request, "irm/researcherassignment_list.html", {"page_obj": page, "assignments": page.object_list})


@assigners_only
def assignment_create(request: HttpRequest) -> HttpResponse:
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        researcher, plan = form.cleaned_data["researcher"], form.cleaned_data["plan"]
        try:
            ResearcherAssignment.assign(
                researcher,
                plan.government,
                plan=plan,
                by=request.user,
                conflict_of_interest=form.cleaned_data["conflict_of_interest"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(researcher)s is assigned to “%(plan)s”.") % {"researcher": researcher.display_name, "plan": plan},
            )
            return redirect("irm:assignment-list")
    return render(request, "irm/researcherassignment_form.html", {"form": form}, status=400 if form.errors else 200)
