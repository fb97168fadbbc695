"""The public comment period and the submission of the plan (the rules are the model's)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..forms_comments import CommentPeriodForm
from .access import get_plan_for_user
from .comments import CHANGE_PLAN


@login_required
def plan_comment_period(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the public comment period (or move its dates); the length rule is the model's."""
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    initial = {"opens_on": plan.comment_opens_on, "closes_on": plan.comment_closes_on}
    form = CommentPeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan.open_comment_period(
                opens_on=form.cleaned_data["opens_on"], closes_on=form.cleaned_data["closes_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The public comment period is set."))
            return redirect(reverse("action_plans:plan-detail", args=[plan.pk]) + "#comments")
    context = {
        "plan": plan,
        "government": plan.government,
        "form": form,
        "has_version": plan.versions.exists(),
        "min_days": settings.PUBLIC_COMMENT_MIN_DAYS,
    }
    return render(request, "action_plans/comment_period_form.html", context)


@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """What still stands in the way (GET), and the submission itself (POST), which changes nothing if refused."""
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    errors: list[str] = []
    if request.method == "POST":
        try:
            submitted = plan.submit(by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            if submitted:
                messages.success(request, _("The action plan has been submitted."))
            else:
                messages.info(request, _("This action plan was already submitted."))
            return redirect(plan)
    context = {
        "plan": plan,
        "government": plan.government,
        "blockers": errors or plan.submission_blockers(),
        "errors": errors,
    }
    return render(request, "action_plans/actionplan_submit.html", context, status=400 if errors else 200)
