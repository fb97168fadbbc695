"""The end-of-term self-assessment: publishing it, its page and file, and its public comments.

Access: the self-assessment is public; the plan's editors publish it (`change_plan`); civil society
comments on it (`comment_on_plan`) while its own comment period is open.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms_comments import CommentForm, SelfAssessmentForm
from ..models import Comment, SelfAssessment
from .access import get_plan_for_user
from .comments import CHANGE_PLAN, COMMENT, comment_abilities, comment_form_page, paginate_comments


@login_required
def self_assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk, perm=CHANGE_PLAN)
    existing = SelfAssessment.objects.filter(plan=plan).first()
    if existing is not None and request.method != "POST":
        messages.info(request, _("The self-assessment of this plan has already been published."))
        return redirect(existing)
    form = SelfAssessmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = SelfAssessment.publish(
                plan,
                text=data["text"],
                file=data.get("file"),
                opens_on=data["comment_opens_on"],
                closes_on=data["comment_closes_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The self-assessment is published and open for comment on its dates."))
            return redirect(assessment)
    context = {
        "plan": plan,
        "government": plan.government,
        "form": form,
        "min_days": settings.PUBLIC_COMMENT_MIN_DAYS,
    }
    return render(request, "action_plans/selfassessment_form.html", context)


def self_assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment, its file, and its public comments with their reasoned responses."""
    plan = get_plan_for_user(request, pk)
    assessment = get_object_or_404(SelfAssessment.objects.select_related("published_by"), plan=plan)
    comments = Comment.objects.filter(self_assessment=assessment)
    page, rows = paginate_comments(request, comments.threads().for_display().order_by("-created_at", "-pk"))
    abilities = comment_abilities(request, plan, is_open=assessment.is_open_for_comment)
    context = {
        **abilities,
        "plan": plan,
        "government": plan.government,
        "assessment": assessment,
        "page_obj": page,
        "comments": rows,
        "unanswered_count": comments.unanswered().count(),
        "comment_form": CommentForm(user=request.user, plan=plan) if abilities["can_comment"] else None,
    }
    return render(request, "action_plans/selfassessment_detail.html", context)


@login_required
def self_assessment_comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk, perm=COMMENT)
    assessment = get_object_or_404(SelfAssessment, plan=plan)
    return comment_form_page(request, plan, assessment)


def self_assessment_file(request: HttpRequest, pk: int) -> FileResponse:
    """The self-assessment's file, always as a download (an uploaded page must never run on the portal)."""
    plan = get_plan_for_user(request, pk)
    assessment = get_object_or_404(SelfAssessment, plan=plan)
    if not assessment.file:
        raise Http404
    try:
        handle = assessment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=assessment.file.name.rsplit("/", 1)[-1])
