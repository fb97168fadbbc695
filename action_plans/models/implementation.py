"""Implementation: the government's milestone progress, civil society's own assessments, reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.fields import HttpsURLField
from members.models import Organisation

from .commitments import Commitment, Milestone, MilestoneStatus


def evidence_upload_to(instance: object, filename: str) -> str:
    return f"evidence/{uuid.uuid4().hex}/{filename}"


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

    class Meta:
        ordering = ["-reported_on", "-created_at", "-pk"]
        verbose_name = _("milestone progress report")
        verbose_name_plural = _("milestone progress reports")
        constraints = [choices_constraint("status", MilestoneStatus, "milestone_progress_status_valid")]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_status_display()} ({self.reported_on})"


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

    class Meta:
        ordering = ["-assessed_on", "-created_at", "-pk"]
        verbose_name = _("civil society assessment")
        verbose_name_plural = _("civil society assessments")
        constraints = [choices_constraint("status", MilestoneStatus, "civil_society_assessment_status_valid")]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_status_display()} ({self.assessed_on})"


class OverdueReminder(models.Model):
    """A milestone was in a week's overdue digest; the unique week is what sends it once a week."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="overdue_reminders")
    week_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["milestone", "week_start"], name="overdue_reminder_once_a_week")]

    def __str__(self) -> str:
        return f"{self.milestone} ({self.week_start})"
