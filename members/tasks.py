"""Celery entry points of the members app: thin, idempotent, keyed by primary key."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext

from .indicator_formats import ImportFormat
from .models import (
    EligibilityAssessment,
    IndicatorImport,
    PointOfContact,
    RefreshRun,
    StatusChange,
)
from .notifications import send_templated_email
from .sources import fetch_source


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


def _import_source(run: RefreshRun, source: dict[str, Any]) -> None:
    """Download and import one source, recording its rows or its errors on the run; never raises for bad data."""
    location, fmt = str(source.get("url", "")), str(source.get("format", ""))
    if fmt not in ImportFormat.values:
        message = gettext("Unknown format '%(format)s' (use long, vdem or eiu).") % {"format": fmt}
        run.record_source(location, errors=[message])
        return
    try:
        content = fetch_source(location, timeout=settings.ELIGIBILITY_DOWNLOAD_TIMEOUT)
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts and missing files are all OSError
        run.record_source(location, errors=[gettext("Download failed: %(error)s") % {"error": error}])
        return
    indicator_import = IndicatorImport.objects.run(
        content,
        fmt,
        source_name=location,
        year=source.get("year") or run.year,
        vintage=source.get("vintage") or None,
        refresh_run=run,
    )
    # A refused file was all-or-nothing: this source's earlier observations are untouched.
    run.record_source(location, indicator_import=indicator_import, errors=indicator_import.errors)


@shared_task
def refresh_eligibility(run_id: int) -> dict[str, Any] | None:
    """Import every configured source, then recompute the run's year.

    Claims the run first: a second delivery of the same task finds it taken and does nothing.
    Each source imports in its own transaction, so a run killed half-way leaves whole imports only.
    """
    run = RefreshRun.objects.filter(pk=run_id).first()
    sources = [] if run is None or run.recompute_only else list(settings.ELIGIBILITY_SOURCES)
    if run is None or not run.start(sources_total=len(sources)):
        return None
    try:
        for source in sources:
            _import_source(run, source)
        result = EligibilityAssessment.objects.recompute(run.year)
        run.finish(result)
    except Exception as error:
        run.fail(f"{type(error).__name__}: {error}")
        raise
    return {"run": run.pk, "status": run.status, "changed": run.changed_governments, "errors": len(run.errors)}


@shared_task
def refresh_eligibility_for_current_year() -> dict[str, Any] | None:
    """The yearly refresh started by beat: a new run for this year, done in this worker."""
    run = RefreshRun.objects.create(year=timezone.now().year)
    return refresh_eligibility(run.pk)
