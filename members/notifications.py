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
