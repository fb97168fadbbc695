"""Email rendering shared by every app: a subject and a body template per message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(template_prefix: str, *, recipients: Iterable[Any], context: dict[str, Any]) -> None:
    """Send `<prefix>_subject.txt` and `<prefix>_body.txt` to each user, in that user's language."""
    for user in recipients:
        if not user.email:
            continue
        with translation.override(user.language):
            full_context = {"site_url": settings.SITE_URL, "recipient": user, **context}
            subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", full_context).split())
            body = render_to_string(f"{template_prefix}_body.txt", full_context)
        send_mail(subject, body, None, [user.email])


UNSUBSCRIBE_SALT = "members.subscription.unsubscribe"


def unsubscribe_url(subscription: Any) -> str:
    """A link that ends one subscription without logging in; signed, so it cannot be forged."""
    from django.core import signing
    from django.urls import reverse

    token = signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)
    with translation.override(subscription.user.language):
        return settings.SITE_URL + reverse("members:unsubscribe", args=[token])


def send_to_subscribers(government: Any, template_prefix: str, *, context: dict[str, Any]) -> None:
    """Email everyone who follows `government`, each with their own unsubscribe link."""
    for subscription in government.subscriptions.select_related("user"):
        send_templated_email(
            template_prefix,
            recipients=[subscription.user],
            context={**context, "government": government, "unsubscribe_url": unsubscribe_url(subscription)},
        )
