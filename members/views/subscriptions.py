"""What a user follows (governments, plans, commitments), how often they hear, and leaving from any email."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import EmailOptOut, Subscription, User
from ..models.email_preferences import email_kind_name
from ..models.participation import SubscriptionFrequency
from ..notifications import DIGEST_UNSUBSCRIBE_SALT, OPT_OUT_SALT, UNSUBSCRIBE_SALT

# --- Leaving from an email, without logging in ------------------------------------------------


# The signed token in the URL is the credential (no session is involved), so a cross-site POST forges
# nothing; mail clients' one-click unsubscribe (RFC 8058) POSTs without any CSRF token.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST acts: mail scanners that open links must not unsubscribe anyone."""
    try:
        subscription_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    subscription = Subscription.objects.with_targets().select_related("user").filter(pk=subscription_id).first()
    if subscription is None:
        return render(request, "members/unsubscribe.html", {"done": True, "target_name": None})
    context = {"target_name": subscription.target_name, "government": subscription.government}
    if request.method == "POST":
        subscription.end(by=subscription.user, via="email link")
        return render(request, "members/unsubscribe.html", {**context, "done": True})
    return render(request, "members/unsubscribe.html", {**context, "done": False})


@csrf_exempt
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The weekly digest's own link: GET asks, POST ends every weekly subscription of its reader."""
    try:
        user_id = signing.loads(token, salt=DIGEST_UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    weekly = list(
        Subscription.objects.with_targets()
        .select_related("user")
        .filter(user_id=user_id, frequency=SubscriptionFrequency.WEEKLY)
        .order_by("pk")
    )
    if request.method == "POST":
        with transaction.atomic():
            for subscription in weekly:
                subscription.end(by=subscription.user, via="digest email link")
        return render(request, "members/unsubscribe.html", {"done": True, "digest": True, "weekly": weekly})
    return render(request, "members/unsubscribe.html", {"done": not weekly, "digest": True, "weekly": weekly})


# Emails that are not subscriptions carry a link that stops their kind (the template prefix) for their reader.
def _opt_out_target(token: str) -> tuple[User, str]:
    try:
        payload = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    if not isinstance(payload, dict) or not isinstance(payload.get("kind"), str):
        raise Http404
    return get_object_or_404(User, pk=payload.get("user")), payload["kind"]


# Same reasoning as `unsubscribe`: the signed token is the credential, and RFC 8058 clients POST without CSRF.
@csrf_exempt
def email_opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST stops this kind of email for the token's user (once, audited)."""
    user, kind = _opt_out_target(token)
    context = {"kind_name": email_kind_name(kind)}
    if request.method == "POST":
        EmailOptOut.objects.stop(user, kind, via="email link")
        return render(request, "members/email_opt_out.html", {**context, "done": True})
    return render(request, "members/email_opt_out.html", {**context, "done": False})


# --- The list of everything a user follows ----------------------------------------------------


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=gettext_lazy("How often"), choices=SubscriptionFrequency.choices)


KIND_TITLES = {
    "government": gettext_lazy("Governments"),
    "plan": gettext_lazy("Action plans"),
    "commitment": gettext_lazy("Commitments"),
}


def _own_subscription(request: HttpRequest, pk: int) -> Subscription:
    """Only the user's own subscriptions exist for them: anyone else's is a 404."""
    return get_object_or_404(Subscription.objects.with_targets(), pk=pk, user=request.user)


def _list_context(user: User, *, errors: dict[int, Any] | None = None) -> dict[str, Any]:
    """Everything the user follows, grouped by kind, and the emails they stopped: one query each."""
    subscriptions = list(Subscription.objects.with_targets().filter(user=user).order_by("created_at", "pk"))
    groups = [
        {"kind": kind, "title": title, "rows": [item for item in subscriptions if item.kind == kind]}
        for kind, title in KIND_TITLES.items()
    ]
    return {
        "groups": [group for group in groups if group["rows"]],
        "frequencies": SubscriptionFrequency.choices,
        "errors": errors or {},
        "opt_outs": list(user.email_opt_outs.order_by("-created_at", "-pk")),
    }


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    """What the user follows, and how they get its emails: a form per row to change or end it."""
    return render(request, "members/subscription_list.html", _list_context(request.user))


@require_POST
@login_required
def subscription_update(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _own_subscription(request, pk)
    form = FrequencyForm(request.POST)
    if not form.is_valid():
        context = _list_context(request.user, errors={subscription.pk: form.errors["frequency"]})
        return render(request, "members/subscription_list.html", context, status=400)
    if subscription.change_frequency(form.cleaned_data["frequency"], by=request.user):
        messages.success(
            request,
            _("You will now receive updates about %(target)s: %(frequency)s.")
            % {"target": subscription.target_name, "frequency": subscription.get_frequency_display().lower()},
        )
    return redirect("members:subscription-list")


@require_POST
@login_required
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _own_subscription(request, pk)
    name = subscription.target_name
    subscription.end(by=request.user, via="subscription list")
    messages.success(request, _("You no longer follow %(target)s.") % {"target": name})
    return redirect("members:subscription-list")


@require_POST
@login_required
def email_opt_in(request: HttpRequest) -> HttpResponse:
    """Receive again a kind of email the user stopped. Only the user's own opt-outs are read, so a second
    click, or a kind they never stopped, changes nothing and says so."""
    kind = request.POST.get("kind", "")
    if EmailOptOut.objects.resume(request.user, kind, via="subscription list"):
        messages.success(
            request, _("You will receive these emails again: “%(name)s”.") % {"name": email_kind_name(kind)}
        )
    else:
        messages.info(request, _("You already receive these emails."))
    return redirect("members:subscription-list")


# --- Following plans and commitments from their pages -----------------------------------------


def _visible_plan(request: HttpRequest, pk: int) -> Any:
    from action_plans.models import ActionPlan

    return get_object_or_404(ActionPlan.objects.select_related("government"), pk=pk)


def _visible_commitment(request: HttpRequest, plan_pk: int, pk: int) -> Any:
    """A commitment the user can read: during drafting, one the plan already published (or the user drafts)."""
    from action_plans.models import Commitment

    commitment = get_object_or_404(Commitment.objects.select_related("plan"), plan_id=plan_pk, pk=pk)
    plan = commitment.plan
    if plan.is_drafting and not plan.is_editable_by(request.user):
        version = plan.versions.order_by("-number").first()
        published = {item["id"] for item in version.snapshot["commitments"]} if version else set()
        if commitment.pk not in published:
            raise Http404
    return commitment


def _follow(request: HttpRequest, target: Any) -> HttpResponse:
    if Subscription.objects.follow(request.user, target):
        messages.success(request, _("You follow this now; choose how often in your subscriptions."))
    else:
        messages.info(request, _("You already follow this."))
    return redirect(target)


def _unfollow(request: HttpRequest, target: Any) -> HttpResponse:
    if Subscription.objects.unfollow(request.user, target, via="page"):
        messages.success(request, _("You no longer follow this."))
    return redirect(target)


@require_POST
@login_required
def plan_follow(request: HttpRequest, pk: int) -> HttpResponse:
    return _follow(request, _visible_plan(request, pk))


@require_POST
@login_required
def plan_unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    return _unfollow(request, _visible_plan(request, pk))


@require_POST
@login_required
def commitment_follow(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    return _follow(request, _visible_commitment(request, plan_pk, pk))


@require_POST
@login_required
def commitment_unfollow(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    return _unfollow(request, _visible_commitment(request, plan_pk, pk))
