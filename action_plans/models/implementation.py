"""Implementation: the government's milestone progress, civil society's own assessments, reminders."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.fields import HttpsURLField
from members.models import AuditEntry, Organisation

from .commitments import Commitment, Milestone, MilestoneStatus
from .plans import IMPLEMENTATION_STATUSES, ActionPlan

if TYPE_CHECKING:
    from members.models import User

# Newest first: the order that decides which report sets a milestone's status.
NEWEST_FIRST = ("-reported_on", "-created_at", "-pk")


def _locked_implementation_plan(plan_id: int) -> ActionPlan:
    """The plan row, locked: progress is reported only while (or after) the plan is implemented."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan_id)
    if plan.status not in IMPLEMENTATION_STATUSES:
        raise ValidationError(
            _("Progress is reported once the plan is in implementation; this plan is “%(status)s”."),
            code="not_in_implementation",
            params={"status": plan.get_status_display()},
        )
    return plan


def _check_status(status: str) -> None:
    if status not in MilestoneStatus.values:
        raise ValidationError(_("“%(status)s” is not a progress status."), code="bad_status", params={"status": status})


def _check_not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            _("The “as of” date cannot be in the future (%(date)s)."),
            code="future_date",
            params={"date": formats.date_format(day)},
        )


def report_milestone_progress(
    milestone: Milestone,
    *,
    status: str,
    by: User,
    reported_on: datetime.date | None = None,
    note: str = "",
    evidence_url: str = "",
    evidence_file: Any = None,
) -> MilestoneProgress:
    """Record a dated progress report on a milestone; audited. `Milestone.report_progress` calls this.

    The plan and the milestone rows are locked, so two reports at once cannot both think they are
    the newest: the milestone's status is the one of its newest report by "as of" date (a report
    back-dated behind a newer one is kept in the history and changes nothing else). Refused when
    the plan is not in implementation or ended (`not_in_implementation`), for a date in the
    future (`future_date`) and for an unknown status (`bad_status`).
    """
    reported_on = reported_on or timezone.localdate()
    _check_status(status)
    _check_not_future(reported_on)
    with transaction.atomic():
        plan = _locked_implementation_plan(milestone.commitment.plan_id)
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        is_newest = not locked.progress_reports.filter(reported_on__gt=reported_on).exists()
        report = MilestoneProgress(
            milestone=locked,
            status=status,
            note=note,
            reported_on=reported_on,
            evidence_url=evidence_url or "",
            reported_by=by,
        )
        if evidence_file:
            report.evidence_file = evidence_file
        report.save()
        from_status = locked.status
        if is_newest:
            locked.status, locked.status_updated_at = status, timezone.now()
            locked.save(update_fields=["status", "status_updated_at"])
            milestone.status, milestone.status_updated_at = locked.status, locked.status_updated_at
        AuditEntry.objects.log(
            locked,
            "milestone.progress_reported",
            actor=by,
            plan=plan.pk,
            report=report.pk,
            status=status,
            reported_on=reported_on.isoformat(),
            from_status=from_status,
            to_status=locked.status,
            newest=is_newest,
        )
    return report


def evidence_upload_to(instance: object, filename: str) -> str:
    return f"evidence/{uuid.uuid4().hex}/{filename}"


class MilestoneProgressQuerySet(models.QuerySet["MilestoneProgress"]):
    def for_plan(self, plan: ActionPlan) -> MilestoneProgressQuerySet:
        return self.filter(milestone__commitment__plan=plan)

    def for_commitment(self, commitment: Commitment) -> MilestoneProgressQuerySet:
        return self.filter(milestone__commitment=commitment)

    def newest_first(self) -> MilestoneProgressQuerySet:
        return self.order_by(*NEWEST_FIRST)


class MilestoneProgress(models.Model):
    """One dated progress report on a milestone by its government; the newest sets the milestone's status."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="progress_reports")
    status = models.CharField(_("progress"), max_length=16, choices=MilestoneStatus.choices)
    note = models.TextField(_("note"), blank=True)
    reported_on = models.DateField(_("as of"), default=timezone.localdate)
    evidence_url = HttpsURLField(_("evidence (link)"), blank=True)
    evidence_file = models.FileField(_("evidence (file)"), upload_to=evidence_upload_to, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = MilestoneProgressQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at", "-pk"]
        verbose_name = _("milestone progress report")
        verbose_name_plural = _("milestone progress reports")
        constraints = [choices_constraint("status", MilestoneStatus, "milestone_progress_status_valid")]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_status_display()} ({self.reported_on})"


class CivilSocietyAssessmentQuerySet(models.QuerySet["CivilSocietyAssessment"]):
    def newest_first(self) -> CivilSocietyAssessmentQuerySet:
        return self.order_by("-assessed_on", "-created_at", "-pk")

    def add(
        self,
        commitment: Commitment,
        *,
        author: User,
        status: str,
        note: str,
        organisation: Organisation | None = None,
        evidence_url: str = "",
        assessed_on: datetime.date | None = None,
    ) -> CivilSocietyAssessment:
        """Record a civil society user's own assessment of a commitment's progress; audited.

        Refused for someone who is not (or no longer) civil society (`not_civil_society`), on behalf
        of an organisation they are not a member of (`not_a_member`), before the plan is in
        implementation (`not_in_implementation`), for a future date or an unknown status.
        """
        assessed_on = assessed_on or timezone.localdate()
        if not (author.is_active and author.is_civil_society):
            raise ValidationError(
                _("Only civil society participants add their own assessments."), code="not_civil_society"
            )
        if organisation is not None and not organisation.has_member(author):
            raise ValidationError(
                _("You are not a member of %(organisation)s."),
                code="not_a_member",
                params={"organisation": organisation.name},
            )
        _check_status(status)
        _check_not_future(assessed_on)
        if not note.strip():
            raise ValidationError(_("Say what you found."), code="note_required")
        with transaction.atomic():
            plan = _locked_implementation_plan(commitment.plan_id)
            assessment = self.create(
                commitment=commitment,
                author=author,
                organisation=organisation,
                status=status,
                note=note,
                evidence_url=evidence_url or "",
                assessed_on=assessed_on,
            )
            AuditEntry.objects.log(
                commitment,
                "commitment.assessed",
                actor=author,
                plan=plan.pk,
                assessment=assessment.pk,
                status=status,
                assessed_on=assessed_on.isoformat(),
                organisation=organisation.pk if organisation else None,
            )
        return assessment


class CivilSocietyAssessment(models.Model):
    """Civil society's own view of a commitment's progress, shown beside the government's."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="civil_society_assessments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on behalf of")
    )
    status = models.CharField(_("progress"), max_length=16, choices=MilestoneStatus.choices)
    note = models.TextField(_("assessment"))
    evidence_url = HttpsURLField(_("evidence (link)"), blank=True)
    assessed_on = models.DateField(_("as of"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CivilSocietyAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-created_at", "-pk"]
        verbose_name = _("civil society assessment")
        verbose_name_plural = _("civil society assessments")
        constraints = [choices_constraint("status", MilestoneStatus, "civil_society_assessment_status_valid")]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_status_display()} ({self.assessed_on})"


def week_start_of(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week: what a weekly reminder is keyed on."""
    return day - datetime.timedelta(days=day.weekday())


class OverdueReminderQuerySet(models.QuerySet["OverdueReminder"]):
    def claim(self, milestones: Iterable[Milestone], week_start: datetime.date) -> list[Milestone]:
        """Claim these milestones for `week_start`'s digest; returns the ones this call claimed.

        The unique (milestone, week) constraint is the claim: a milestone another run (or another
        worker, right now) already claimed for this week is not returned, so it is sent once.
        Call it in the transaction that sends the email, so that a failed send releases the claims.
        """
        claimed = []
        for milestone in milestones:
            _reminder, created = self.get_or_create(milestone=milestone, week_start=week_start)
            if created:
                claimed.append(milestone)
        return claimed


class OverdueReminder(models.Model):
    """A milestone was in a week's overdue digest; the unique week is what sends it once a week."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="overdue_reminders")
    week_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects = OverdueReminderQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["milestone", "week_start"], name="overdue_reminder_once_a_week")]

    def __str__(self) -> str:
        return f"{self.milestone} ({self.week_start})"
