"""What the portal already knows about a plan's co-creation minimum requirements, for the researcher to confirm.

The IRM checks that the multi-stakeholder forum met at least every FORUM_MEETING_MAX_GAP_MONTHS months over
the plan's co-creation and implementation and published its rules, and that the government keeps a public
OGP page with a document repository. The portal records forums, their meetings, the government's OGP page and
each plan's documents, so each answer can be suggested with a sentence of evidence; the researcher decides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Forum, ForumMeeting

from .models import Review, YesNo


@dataclass(frozen=True)
class Evidence:
    """A suggested answer (a `YesNo` value) to one minimum requirement, and why."""

    suggestion: str
    text: str

    @property
    def suggestion_label(self) -> str:
        return str(YesNo(self.suggestion).label)


def _date(day: datetime.date) -> str:
    return formats.date_format(day)


def period_of(review: Review, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From the start of co-creation (the plan's creation) to the plan's end, or today if it has not ended."""
    plan = review.plan
    start = timezone.localdate(plan.created_at)
    end = min(plan.end_date, today or timezone.localdate())
    return start, max(start, end)


def first_long_gap(
    start: datetime.date, end: datetime.date, meetings: Iterable[datetime.date]
) -> tuple[datetime.date, datetime.date] | None:
    """The first stretch of the period longer than the allowed gap without a meeting, or None.

    Exactly FORUM_MEETING_MAX_GAP_MONTHS months apart is still regular; one day more is not.
    """
    months = relativedelta(months=settings.FORUM_MEETING_MAX_GAP_MONTHS)
    points = [start, *sorted(meetings), end]
    for before, after in zip(points, points[1:], strict=False):
        if before + months < after:
            return before, after
    return None


def _forum_meetings_evidence(forum: Forum | None, start: datetime.date, end: datetime.date) -> Evidence:
    months = settings.FORUM_MEETING_MAX_GAP_MONTHS
    if forum is None:
        return Evidence(YesNo.NO, _("No multi-stakeholder forum is recorded on the portal."))
    meetings = list(
        ForumMeeting.objects.filter(forum=forum, date__range=(start, end))
        .order_by("date")
        .values_list("date", flat=True)
    )
    dates = {"forum": forum.name, "start": _date(start), "end": _date(end)}
    if not meetings:
        return Evidence(YesNo.NO, _("%(forum)s has no meeting recorded between %(start)s and %(end)s.") % dates)
    met = ngettext(
        "%(forum)s met once between %(start)s and %(end)s",
        "%(forum)s met %(count)d times between %(start)s and %(end)s",
        len(meetings),
    ) % {**dates, "count": len(meetings)}
    gap = first_long_gap(start, end, meetings)
    if gap is not None:
        detail = ngettext(
            "but not between %(from)s and %(to)s (more than %(months)d month).",
            "but not between %(from)s and %(to)s (more than %(months)d months).",
            months,
        ) % {"from": _date(gap[0]), "to": _date(gap[1]), "months": months}
        return Evidence(YesNo.NO, f"{met}, {detail}")
    detail = ngettext(
        "never more than %(months)d month apart.",
        "never more than %(months)d months apart.",
        months,
    ) % {"months": months}
    return Evidence(YesNo.YES, f"{met}, {detail}")


def _forum_rules_evidence(forum: Forum | None) -> Evidence:
    if forum is None:
        return Evidence(YesNo.NO, _("No multi-stakeholder forum is recorded, so no rules of participation either."))
    if forum.rules_url:
        return Evidence(
            YesNo.YES,
            _("%(forum)s publishes its rules of participation at %(url)s.") % {"forum": forum, "url": forum.rules_url},
        )
    if forum.rules.strip():
        return Evidence(
            YesNo.YES, _("%(forum)s publishes its rules of participation on the portal.") % {"forum": forum}
        )
    return Evidence(YesNo.NO, _("%(forum)s has not published rules of participation.") % {"forum": forum})


def _repository_evidence(review: Review) -> Evidence:
    website = review.plan.government.website
    documents = review.plan.documents.count()
    if website and documents:
        text = ngettext(
            "The government's OGP page is %(url)s and the plan's repository holds %(count)d document.",
            "The government's OGP page is %(url)s and the plan's repository holds %(count)d documents.",
            documents,
        ) % {"url": website, "count": documents}
        return Evidence(YesNo.YES, text)
    missing = []
    if not website:
        missing.append(_("No public OGP page is recorded for the government."))
    if not documents:
        missing.append(_("The plan's document repository is empty."))
    return Evidence(YesNo.NO, " ".join(missing))


def minimum_requirements_evidence(review: Review, today: datetime.date | None = None) -> dict[str, Evidence]:
    """For each minimum requirement (the review's field names), the answer the portal's data suggests.

    Three queries: the forum, its meetings over the plan's period, and the plan's documents.
    """
    forum = Forum.objects.filter(government_id=review.plan.government_id).first()
    start, end = period_of(review, today)
    return {
        "forum_meets_regularly": _forum_meetings_evidence(forum, start, end),
        "forum_rules_public": _forum_rules_evidence(forum),
        "repository_public": _repository_evidence(review),
    }
