"""Email rendering shared by every app: a subject and a body template per message."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def render_email(template_prefix: str, user: Any, context: dict[str, Any]) -> tuple[str, str]:
    """The subject (one line) and body of `<prefix>_subject.txt` / `<prefix>_body.txt`, in the user's language."""
    with translation.override(user.language):
        full_context = {"site_url": settings.SITE_URL, "recipient": user, **context}
        subject = _one_line(render_to_string(f"{template_prefix}_subject.txt", full_context))
        body = render_to_string(f"{template_prefix}_body.txt", full_context)
    return subject, body


# Only the template's own line breaks and indentation: a translation's no-break spaces (French "France : …")
# are typography and stay.
_LAYOUT_WHITESPACE = re.compile(r"[ \t\r\n]+")


def _one_line(text: str) -> str:
    return _LAYOUT_WHITESPACE.sub(" ", text).strip(" ")


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058: mail clients show an "unsubscribe" button that POSTs to `url` in one click."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_templated_email(
    template_prefix: str,
    *,
    recipients: Iterable[Any],
    context: dict[str, Any],
    unsubscribe_url: str | None = None,
) -> None:
    """Send `<prefix>_subject.txt` and `<prefix>_body.txt` to each user, in that user's language.

    With `unsubscribe_url` (a subscription email: one recipient's own link), the email carries the one-click
    unsubscribe headers for it. Any other email gets a link that stops this kind of email (`template_prefix`) for
    its recipient, in a footer and in the same headers; recipients who already used it are not emailed.
    """
    recipients = [user for user in recipients if user.email]
    if unsubscribe_url:
        headers = unsubscribe_headers(unsubscribe_url)
        for user in recipients:
            subject, body = render_email(template_prefix, user, context)
            EmailMessage(subject, body, None, [user.email], headers=headers).send()
        return
    opted_out = _opted_out(template_prefix, recipients)
    for user in recipients:
        if user.pk in opted_out:
            continue
        subject, body = render_email(template_prefix, user, context)
        link = opt_out_url(user, template_prefix)
        with translation.override(user.language):
            footer = render_to_string("members/email/_opt_out_footer.txt", {"opt_out_url": link}).strip()
        body = f"{body.rstrip()}\n\n{footer}\n"
        EmailMessage(subject, body, None, [user.email], headers=unsubscribe_headers(link)).send()


def _opted_out(kind: str, recipients: list[Any]) -> set[int]:
    from .models.email_preferences import EmailOptOut

    user_ids = [user.pk for user in recipients if user.pk is not None]
    if not user_ids:
        return set()
    return set(EmailOptOut.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", flat=True))


OPT_OUT_SALT = "members.email.opt-out"


def opt_out_url(user: Any, kind: str) -> str:
    """A link that stops one kind of email for one user without logging in; signed, so it cannot be forged."""
    token = signing.dumps({"user": user.pk, "kind": kind}, salt=OPT_OUT_SALT)
    with translation.override(user.language):
        return settings.SITE_URL + reverse("members:email-opt-out", args=[token])


UNSUBSCRIBE_SALT = "members.subscription.unsubscribe"
DIGEST_UNSUBSCRIBE_SALT = "members.subscription.digest-unsubscribe"


def unsubscribe_url(subscription: Any) -> str:
    """A link that ends one subscription without logging in; signed, so it cannot be forged."""
    token = signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)
    with translation.override(subscription.user.language):
        return settings.SITE_URL + reverse("members:unsubscribe", args=[token])


def digest_unsubscribe_url(user: Any) -> str:
    """A link that ends all of a user's weekly-digest subscriptions without logging in; signed."""
    token = signing.dumps(user.pk, salt=DIGEST_UNSUBSCRIBE_SALT)
    with translation.override(user.language):
        return settings.SITE_URL + reverse("members:digest-unsubscribe", args=[token])


# Which object of an event's context its digest line links to: the most specific one that has a page.
_LINK_KEYS = ("review", "letter", "commitment", "plan", "government")


def _event_link(user: Any, context: dict[str, Any]) -> str:
    for key in _LINK_KEYS:
        target = context.get(key)
        if target is not None and hasattr(target, "get_absolute_url"):
            with translation.override(user.language):
                return settings.SITE_URL + target.get_absolute_url()
    return ""


# A user who follows several of the event's targets hears through one subscription: an immediate one wins
# (they asked for it now), then the broadest (its footer reads "stop following this government").
def _preference(subscription: Any) -> tuple[int, int]:
    kinds = ("government", "plan", "commitment")
    return (0 if not subscription.is_weekly else 1, kinds.index(subscription.kind))


def send_to_subscribers(
    government: Any, template_prefix: str, *, context: dict[str, Any], plan: Any = None, commitment: Any = None
) -> None:
    """Tell everyone who follows `government` (and `plan` / `commitment`, when the event is about one; a
    commitment's event reaches its plan's followers too), each person once.

    Immediate subscribers are emailed now, each with their own unsubscribe link and List-Unsubscribe headers;
    weekly ones get a line in their next digest (`members.tasks.send_weekly_digests`).
    """
    from .models.participation import DigestItem, Subscription

    if commitment is not None and plan is None:
        plan = commitment.plan
    subscriptions = (
        Subscription.objects.covering(government, plan=plan, commitment=commitment)
        .select_related("user")
        .order_by("user_id", "pk")
    )
    chosen: dict[int, Any] = {}
    for subscription in subscriptions:
        current = chosen.get(subscription.user_id)
        if current is None or _preference(subscription) < _preference(current):
            chosen[subscription.user_id] = subscription
    context = {**context, "government": government}
    queued = []
    for subscription in chosen.values():
        user = subscription.user
        if subscription.is_weekly:
            subject, _body = render_email(template_prefix, user, context)
            queued.append(DigestItem(subscription=subscription, subject=subject, link=_event_link(user, context)))
            continue
        link = unsubscribe_url(subscription)
        send_templated_email(
            template_prefix,
            recipients=[user],
            context={**context, "unsubscribe_url": link, "followed": subscription},
            unsubscribe_url=link,
        )
    DigestItem.objects.bulk_create(queued)
