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


# --- Letters of intent ---------------------------------------------------------------------


def _letter_in(letter_id: int, statuses: tuple[str, ...]) -> Any:
    """The letter if it still exists and is in one of `statuses` (later moves make a notice moot)."""
    from .models import LetterOfIntent

    return (
        LetterOfIntent.objects.select_related("government", "support_contact", "submitted_by")
        .filter(pk=letter_id, status__in=statuses)
        .first()
    )


def _points_of_contact(letter: Any) -> list[Any]:
    return [contact.user for contact in letter.government.points_of_contact.select_related("user")]


@shared_task
def send_letter_submitted_notice(letter_id: int) -> None:
    """Tell Support Unit staff that a letter of intent waits for review."""
    from django.contrib.auth.models import Group

    from .models import LetterStatus

    letter = _letter_in(letter_id, (LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW))
    group = Group.objects.filter(name=settings.SUPPORT_UNIT_GROUP).first()
    if letter is None or group is None:
        return
    send_templated_email(
        "members/email/letter_submitted",
        recipients=group.user_set.filter(is_active=True),
        context={"letter": letter, "government": letter.government},
    )


@shared_task
def send_letter_review_started_notice(letter_id: int) -> None:
    """Tell the government's points of contact that the Support Unit is reviewing their letter."""
    from .models import LetterStatus

    letter = _letter_in(letter_id, (LetterStatus.UNDER_REVIEW,))
    if letter is None:
        return
    send_templated_email(
        "members/email/letter_review_started",
        recipients=_points_of_contact(letter),
        context={"letter": letter, "government": letter.government},
    )


@shared_task
def send_letter_accepted_notice(letter_id: int) -> None:
    """Tell the points of contact their letter is accepted, and who their Support Unit contact is."""
    from .models import LetterStatus

    letter = _letter_in(letter_id, (LetterStatus.ACCEPTED, LetterStatus.PUBLISHED))
    if letter is None:
        return
    send_templated_email(
        "members/email/letter_accepted",
        recipients=_points_of_contact(letter),
        context={"letter": letter, "government": letter.government, "support_contact": letter.support_contact},
    )


@shared_task
def send_letter_returned_notice(letter_id: int) -> None:
    """Tell the points of contact why their letter came back, so they can fix it and submit again."""
    from .models import LetterStatus

    letter = _letter_in(letter_id, (LetterStatus.RETURNED,))
    if letter is None:
        return
    send_templated_email(
        "members/email/letter_returned",
        recipients=_points_of_contact(letter),
        context={"letter": letter, "government": letter.government},
    )


@shared_task
def send_letter_published_notice(letter_id: int) -> None:
    """Tell the points of contact, and everyone following the government, that its letter is published."""
    from .models import LetterStatus
    from .notifications import send_to_subscribers

    letter = _letter_in(letter_id, (LetterStatus.PUBLISHED,))
    if letter is None:
        return
    context = {"letter": letter, "government": letter.government}
    send_templated_email("members/email/letter_published", recipients=_points_of_contact(letter), context=context)
    send_to_subscribers(letter.government, "members/email/letter_published", context=context)


@shared_task
def send_local_application_decision(application_id: int) -> None:
    """Tell the applicant that their OGP Local application was accepted or declined; once only."""
    from .models import LocalApplication

    def send(application: LocalApplication) -> bool:
        if application.applicant is None or application.is_submitted:
            return False
        send_templated_email(
            f"members/email/local_application_{application.status}",
            recipients=[application.applicant],
            context={"application": application, "government": application.government},
        )
        return True

    marker = {"to": lambda application: application.applicant.email if application.applicant else ""}
    _send_once(LocalApplication, application_id, "local_application.decision_emailed", marker, send)


# --- Participation: point-of-contact requests, forums, subscriptions ---
# Each notice writes an audit row as its "sent" marker, under a lock on the row it is about: a second
# delivery of the same task finds the marker and sends nothing (no extra column needed).


def _send_once(model: Any, pk: int, action: str, marker: dict[str, Any], send: Any) -> None:
    """Lock row `pk`, call `send(obj)` unless `action` with `marker` data was already logged; `send`
    returns False when the state no longer calls for an email."""
    from django.db import transaction

    from .models import AuditEntry

    with transaction.atomic():
        obj = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
        if obj is None:
            return
        data = {key: value(obj) for key, value in marker.items()}
        lookups = {f"data__{key}": value for key, value in data.items()}
        if AuditEntry.objects.for_object(obj).filter(action=action, **lookups).exists():
            return
        if send(obj) is not False:
            AuditEntry.objects.log(obj, action, **data)


@shared_task
def send_point_of_contact_request_refused_notice(request_id: int) -> None:
    """Tell a user why their request to represent a government was refused; once, and only if refused."""
    from .models import PointOfContactRequest, RequestStatus

    def send(item: PointOfContactRequest) -> bool:
        if item.status != RequestStatus.REFUSED:
            return False
        send_templated_email(
            "members/email/poc_request_refused",
            recipients=[item.user],
            context={"request": item, "government": item.government},
        )
        return True

    _send_once(PointOfContactRequest, request_id, "point_of_contact_request.refusal_emailed", {}, send)


@shared_task
def send_forum_join_request_notice(membership_id: int) -> None:
    """Tell a government's points of contact that someone asks to join its forum; once per request."""
    from .models import ForumMembership, ForumMembershipStatus

    def send(membership: ForumMembership) -> bool:
        if membership.status != ForumMembershipStatus.PENDING:
            return False
        government = membership.forum.government
        send_templated_email(
            "members/email/forum_join_requested",
            recipients=[contact.user for contact in government.points_of_contact.select_related("user")],
            context={"membership": membership, "forum": membership.forum, "government": government},
        )
        return True

    # A declined user may ask again: the request's date tells the two requests apart.
    marker = {"requested_at": lambda membership: membership.created_at.isoformat()}
    _send_once(ForumMembership, membership_id, "forum_membership.request_emailed", marker, send)


@shared_task
def send_forum_membership_decision(membership_id: int) -> None:
    """Tell the requester whether they joined the forum; once per decision, nothing while pending."""
    from .models import ForumMembership, ForumMembershipStatus

    def send(membership: ForumMembership) -> bool:
        if membership.status == ForumMembershipStatus.PENDING:
            return False
        send_templated_email(
            "members/email/forum_membership_decided",
            recipients=[membership.user],
            context={
                "membership": membership,
                "accepted": membership.status == ForumMembershipStatus.ACCEPTED,
                "forum": membership.forum,
                "government": membership.forum.government,
            },
        )
        return True

    marker = {"decided_at": lambda membership: membership.decided_at.isoformat() if membership.decided_at else ""}
    _send_once(ForumMembership, membership_id, "forum_membership.decision_emailed", marker, send)


@shared_task
def send_forum_meeting_notice(meeting_id: int) -> None:
    """Tell a government's subscribers that its forum met, once; each email carries an unsubscribe link."""
    from .models import ForumMeeting
    from .notifications import send_to_subscribers

    def send(meeting: ForumMeeting) -> bool:
        send_to_subscribers(
            meeting.forum.government,
            "members/email/forum_meeting_recorded",
            context={"meeting": meeting, "forum": meeting.forum},
        )
        return True

    _send_once(ForumMeeting, meeting_id, "forum_meeting.subscribers_emailed", {}, send)


@shared_task
def send_weekly_digests() -> dict[str, int]:
    """Email each weekly subscriber ONE digest of the updates queued since the last one; run weekly by beat.

    A user's items are locked and marked sent in the transaction that sends the email, so however often this
    runs, and on however many workers, an item is in one digest; a failed send releases them for the next run.
    Returns how many users and items it sent.
    """
    from django.db import transaction

    from .models.participation import DigestItem
    from .notifications import digest_unsubscribe_url, unsubscribe_url

    user_ids = (
        DigestItem.objects.filter(sent_at__isnull=True)
        .values_list("subscription__user_id", flat=True)
        .distinct()
        .order_by("subscription__user_id")
    )
    counts = {"users": 0, "items": 0}
    for user_id in list(user_ids):
        with transaction.atomic():
            items = list(
                DigestItem.objects.select_for_update(of=("self",))
                .filter(subscription__user_id=user_id, sent_at__isnull=True)
                .select_related(
                    "subscription__user",
                    "subscription__government",
                    "subscription__plan",
                    "subscription__commitment",
                    "subscription__commitment__plan",
                )
            )
            if not items:
                continue  # another run sent them meanwhile
            DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(sent_at=timezone.now())
            user = items[0].subscription.user
            subscriptions = list({item.subscription_id: item.subscription for item in items}.values())
            link = digest_unsubscribe_url(user)
            send_templated_email(
                "members/email/digest",
                recipients=[user],
                context={
                    "items": items,
                    "subscriptions": [(subscription, unsubscribe_url(subscription)) for subscription in subscriptions],
                    "unsubscribe_url": link,
                },
                unsubscribe_url=link,
            )
        counts["users"] += 1
        counts["items"] += len(items)
    return counts
