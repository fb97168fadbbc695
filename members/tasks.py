"""Celery entry points of the members app: thin, idempotent, keyed by primary key."""

from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import PointOfContact, StatusChange
from .notifications import send_templated_email


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions; run daily by beat. Returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def send_point_of_contact_granted_notice(point_of_contact_id: int) -> None:
    """Tell a user they now act for a government. Quietly does nothing if the role was revoked meanwhile."""
    contact = PointOfContact.objects.select_related("user", "government").filter(pk=point_of_contact_id).first()
    if contact is None:
        return
    send_templated_email(
        "members/email/point_of_contact_granted",
        recipients=[contact.user],
        context={"contact": contact, "government": contact.government},
    )


@shared_task
def send_status_change_notice(status_change_id: int) -> None:
    """Tell a government's points of contact that its membership status changed."""
    change = StatusChange.objects.select_related("government").filter(pk=status_change_id).first()
    if change is None:
        return
    send_templated_email(
        "members/email/status_change",
        recipients=[contact.user for contact in change.government.points_of_contact.select_related("user")],
        context={"change": change, "government": change.government},
    )
