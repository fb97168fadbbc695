"""Email rendering shared by every app: a subject and a body template per message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated_email(template_prefix: str, *, to: list[str], context: dict[str, Any]) -> None:
    """Send `<prefix>_subject.txt` and `<prefix>_body.txt` rendered with `context`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    body = render_to_string(f"{template_prefix}_body.txt", context)
    send_mail(subject, body, None, to)
