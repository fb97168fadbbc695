"""Reasoned responses to public comments, and the public reasoned-response report.

Comments and their responses are public to read; the government's points of contact and the
Support Unit answer (`respond_to_comment`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..forms_comments import ResponseForm
from ..models import Comment, Disposition, ReasonedResponse
from .access import get_plan_for_user
from .comments import RESPOND, get_comment, mark_anchors, paginate_comments, shown_text


@login_required
def comment_respond(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Give or change the reasoned response to a top-level comment."""
    plan = get_plan_for_user(request, plan_pk, perm=RESPOND)
    comment = get_comment(plan, pk)
    existing = ReasonedResponse.objects.filter(comment=comment).first()
    form = ResponseForm(request.POST or None, instance=existing, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            comment.respond(
                by=request.user,
                disposition=form.cleaned_data["disposition"],
                reason=form.cleaned_data["reason"],
                commitment=form.cleaned_data.get("commitment"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reasoned response has been saved."))
            back = request.POST.get("next", "")
            if back == "responses":
                return redirect(reverse("action_plans:plan-responses", args=[plan.pk]))
            return redirect(comment)
    context = {"plan": plan, "government": plan.government, "comment": comment, "form": form, "existing": existing}
    return render(request, "action_plans/reasonedresponse_form.html", context)


def plan_responses(request: HttpRequest, pk: int) -> HttpResponse:
    """The public reasoned-response report: every top-level comment with its answer, and counts per disposition.

    `?on=self-assessment` shows the self-assessment's comments; `?disposition=` one disposition
    (or `unanswered`).
    """
    plan = get_plan_for_user(request, pk)
    on_self_assessment = request.GET.get("on") == "self-assessment"
    threads = Comment.objects.filter(plan=plan).threads()
    threads = threads.on_self_assessment() if on_self_assessment else threads.on_draft()
    totals = threads.aggregate(
        total=Count("pk"),
        hidden=Count("pk", filter=Q(is_hidden=True)),
        unanswered=Count("pk", filter=Q(is_hidden=False, response__isnull=True)),
        **{value: Count("pk", filter=Q(response__disposition=value)) for value in Disposition.values},
    )
    chosen = request.GET.get("disposition", "")
    shown = threads
    if chosen in Disposition.values:
        shown = threads.filter(response__disposition=chosen)
    elif chosen == "unanswered":
        shown = threads.unanswered()
    page, rows = paginate_comments(request, shown.for_display().order_by("created_at", "pk"))
    mark_anchors(rows, shown_text(request, plan))
    context = {
        "plan": plan,
        "government": plan.government,
        "page_obj": page,
        "comments": rows,
        "totals": totals,
        "dispositions": [(value, label, totals[value]) for value, label in Disposition.choices],
        "chosen": chosen,
        "on_self_assessment": on_self_assessment,
        "can_respond": request.user.has_perm(RESPOND, plan),
    }
    return render(request, "action_plans/reasonedresponse_list.html", context)
