"""Contrary-to-process findings: computed from the data, one per plan and kind."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import Government


class FindingKind(models.TextChoices):
    """Why a cycle was "contrary to process" (the IRM app adds its own kinds of evidence later)."""

    NOT_DELIVERED_BY_JANUARY = "not_delivered_by_january", _("Action plan not delivered before 1 January")


class ProcessFinding(models.Model):
    """A computed finding that a government acted contrary to process in one cycle; never typed by hand."""

    Kind = FindingKind

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="process_findings", verbose_name=_("government")
    )
    plan = models.ForeignKey(
        "action_plans.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("plan"),
    )
    cycle_year = models.PositiveSmallIntegerField(_("cycle year"))
    kind = models.CharField(_("finding"), max_length=40, choices=FindingKind.choices)
    details = models.TextField(_("details"), blank=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        ordering = ["-cycle_year", "-found_at"]
        verbose_name = _("contrary-to-process finding")
        verbose_name_plural = _("contrary-to-process findings")
        constraints = [
            choices_constraint("kind", FindingKind, "process_finding_kind_valid"),
            # One finding of a kind per plan: the daily task and a late submission may both record it.
            models.UniqueConstraint(fields=["plan", "kind"], name="process_finding_unique_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.cycle_year}: {self.get_kind_display()}"
