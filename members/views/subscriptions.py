"""Leaving a government's mailing list from the link in any of its emails, without logging in."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import AuditEntry, Subscription
from ..notifications import UNSUBSCRIBE_SALT


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST acts: mail scanners that open links must not unsubscribe anyone."""
    try:
        subscription_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    subscription = Subscription.objects.select_related("government", "user").filter(pk=subscription_id).first()
    if subscription is None:
        return render(request, "members/unsubscribe.html", {"done": True, "government": None})
    if request.method == "POST":
        government = subscription.government
        AuditEntry.objects.log(government, "subscription.ended", actor=subscription.user, via="email link")
        subscription.delete()
        return render(request, "members/unsubscribe.html", {"done": True, "government": government})
    return render(request, "members/unsubscribe.html", {"done": False, "government": subscription.government})
