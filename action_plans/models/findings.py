"""Contrary-to-process findings: computed from the data, one per plan and kind."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import Government


class FindingKind(models.TextChoices):
    """Why a cycle was "contrary to process" (OGP's procedural review rules)."""

    NOT_DELIVERED_BY_JANUARY = "not_delivered_by_january", _("Action plan not delivered before 1 January")
    NO_PLAN_WITHIN_12_MONTHS = (
        "no_plan_within_12_months",
        _("No action plan within 12 months of the previous one's end"),
    )
    MINIMUM_REQUIREMENTS_NOT_MET = "minimum_requirements_not_met", _("Co-creation minimum requirements not met")
    NO_PROGRESS = "no_progress", _("No progress on any commitment")


class ProcessFindingQuerySet(models.QuerySet["ProcessFinding"]):
    def record(
        self, *, kind: str, cycle_year: int, details: str, plan: Any = None, government: Any = None
    ) -> tuple[ProcessFinding, bool]:
        """Record a finding once per plan and kind (the daily task may find it again); audited when new.

        A cycle in which the government had no plan at all has no plan to hang the finding on: it is
        then recorded once per government, kind and cycle. The government's points of contact are told
        after commit, as the Support Unit's letter would.
        """
        from members.models import AuditEntry

        government = plan.government if plan is not None else government
        if plan is not None:
            lookup = {"plan": plan, "kind": kind}
            defaults = {"government": government, "cycle_year": cycle_year, "details": details}
        else:
            lookup = {"government": government, "plan": None, "kind": kind, "cycle_year": cycle_year}
            defaults = {"details": details}
        with transaction.atomic():
            finding, created = self.get_or_create(**lookup, defaults=defaults)
            if created:
                AuditEntry.objects.log(
                    government, "process_finding.recorded", finding=finding.pk, kind=kind, cycle_year=cycle_year
                )
                from ..tasks import send_finding_notice

                send_finding_notice.delay_on_commit(finding.pk)
        return finding, created


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

    objects = ProcessFindingQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle_year", "-found_at"]
        verbose_name = _("contrary-to-process finding")
        verbose_name_plural = _("contrary-to-process findings")
        constraints = [
            choices_constraint("kind", FindingKind, "process_finding_kind_valid"),
            # One finding of a kind per plan: the daily task and a late submission may both record it.
            models.UniqueConstraint(fields=["plan", "kind"], name="process_finding_unique_per_plan"),
            models.UniqueConstraint(
                fields=["government", "kind", "cycle_year"],
                condition=models.Q(plan__isnull=True),
                name="process_finding_unique_per_cycle_without_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.cycle_year}: {self.get_kind_display()}"

    def describe(self) -> str:
        """What was found about the plan, in the active language (`details` were written in the site's)."""
        plan = self.plan
        if plan is None:
            return self.details
        if self.kind == FindingKind.NOT_DELIVERED_BY_JANUARY:
            text = _("Due on %(due)s; not delivered before %(cutoff)s, so the government moved to the other cohort.")
            return text % {"due": formats.date_format(plan.due_date), "cutoff": formats.date_format(plan.late_cutoff)}
        if self.kind == FindingKind.NO_PLAN_WITHIN_12_MONTHS:
            text = _("It ended on %(end)s and no later action plan was delivered within %(months)d months.")
            return text % {"end": formats.date_format(plan.end_date), "months": settings.PROCEDURAL_NO_PLAN_MONTHS}
        if self.kind == FindingKind.MINIMUM_REQUIREMENTS_NOT_MET:
            return str(_("The IRM's published review found its co-creation minimum requirements not met."))
        if self.kind == FindingKind.NO_PROGRESS:
            return str(_("The IRM's published results report found no progress on any of its commitments."))
        return self.details
