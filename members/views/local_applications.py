"""OGP Local: the public explanation, the joint application, and the Support Unit's decisions.

Routes: see members/urls.py. An application is private: its applicant and the Support Unit see it;
any other signed-in user gets 404, and an anonymous visitor is sent to the login page (the link in
the decision email must work for an applicant who is signed out).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_local import LocalApplicationForm, LocalDecisionForm
from ..models import LocalApplication, LocalApplicationStatus
from ..models.local import MIN_TERM_MONTHS, REFORM_YEARS_BACK
from .eligibility_staff import support_unit_only


def get_application_for_user(request: HttpRequest, pk: int, *, decide: bool = False) -> LocalApplication:
    """404 for anyone who may not see the application; 403 for the applicant asking to decide."""
    application = get_object_or_404(
        LocalApplication.objects.select_related("country", "applicant", "decided_by", "government"), pk=pk
    )
    if not application.is_viewable_by(request.user):
        raise Http404
    if decide and not application.can_be_decided_by(request.user):
        raise PermissionDenied
    return application


def local_about(request: HttpRequest) -> HttpResponse:
    context = {"min_term_months": MIN_TERM_MONTHS, "reform_years_back": REFORM_YEARS_BACK}
    return render(request, "members/localapplication_about.html", context)


def _organisation_create_url() -> str | None:
    """The participation area's page for a new organisation, once it exists."""
    try:
        return reverse("members:organisation-create")
    except NoReverseMatch:
        return None


@login_required
def local_application_create(request: HttpRequest) -> HttpResponse:
    form = LocalApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        try:
            application = LocalApplication.objects.submit(applicant=request.user, partners=partners, **data)
        except ValidationError as error:
            # Another application for the same jurisdiction arrived meanwhile; keep what was typed.
            form.add_error("jurisdiction", error)
        else:
            messages.success(request, _("Your application has been sent to the OGP Support Unit."))
            return redirect(application)
    context = {
        "form": form,
        "organisation_create_url": _organisation_create_url(),
        # Browsers never fill a file input again: say so when a valid letter must be chosen again.
        "choose_letter_again": form.is_bound and not form.is_valid() and "letter_of_support" not in form.errors,
    }
    return render(request, "members/localapplication_form.html", context, status=400 if form.is_bound else 200)


def _render_detail(
    request: HttpRequest,
    application: LocalApplication,
    *,
    accept_form: LocalDecisionForm | None = None,
    decline_form: LocalDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_decide = application.is_submitted and application.can_be_decided_by(request.user)
    context = {
        "application": application,
        "partners": application.partners.order_by("name"),
        "can_decide": can_decide,
        "accept_form": (accept_form or LocalDecisionForm(prefix="accept")) if can_decide else None,
        "decline_form": (decline_form or LocalDecisionForm(prefix="decline", reason_required=True))
        if can_decide
        else None,
    }
    return render(request, "members/localapplication_detail.html", context, status=status)


@login_required
def local_application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_application_for_user(request, pk))


@login_required
def local_application_letter(request: HttpRequest, pk: int) -> FileResponse:
    application = get_application_for_user(request, pk)
    if not application.letter_of_support:
        raise Http404
    return FileResponse(
        application.letter_of_support.open("rb"),
        as_attachment=True,
        filename=f"letter-of-support-{application.pk}.pdf",
        content_type="application/pdf",
    )


@support_unit_only
def local_application_queue(request: HttpRequest) -> HttpResponse:
    base = LocalApplication.objects.select_related("country", "applicant").annotate(partner_count=Count("partners"))
    context = {
        "waiting": base.submitted().order_by("created_at"),
        "decided": base.exclude(status=LocalApplicationStatus.SUBMITTED)
        .select_related("decided_by", "government")
        .order_by("-decided_at")[:20],
    }
    return render(request, "members/localapplication_list.html", context)


@require_POST
@login_required
def local_application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk, decide=True)
    form = LocalDecisionForm(request.POST, prefix="accept")
    if form.is_valid():
        try:
            government = application.accept(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            return _refused(request, application, error)
        messages.success(
            request,
            _("The application is accepted: %(government)s is now an OGP Local member.") % {"government": government},
        )
        if not application.applicant_is_point_of_contact and application.applicant is not None:
            messages.warning(
                request,
                _(
                    "%(user)s already acts for another government, so was not made the point of contact of "
                    "%(government)s. Grant the role to someone else."
                )
                % {"user": application.applicant.display_name, "government": government},
            )
        return redirect(application)
    return _render_detail(request, application, accept_form=form, status=400)


@require_POST
@login_required
def local_application_decline(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk, decide=True)
    form = LocalDecisionForm(request.POST, prefix="decline", reason_required=True)
    if form.is_valid():
        try:
            application.decline(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            return _refused(request, application, error)
        messages.success(request, _("The application is declined; the applicant has been told why."))
        return redirect(application)
    return _render_detail(request, application, decline_form=form, status=400)


def _refused(request: HttpRequest, application: LocalApplication, error: ValidationError) -> HttpResponse:
    """A refused decision (already decided, country no longer in good standing) changes nothing."""
    for message in error.messages:
        messages.error(request, message)
    return redirect(application)
