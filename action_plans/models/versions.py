"""Published versions of a plan: immutable snapshots that readers comment on and compare."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .plans import ActionPlan


class PlanVersion(models.Model):
    """The plan's text as published at one moment; never changed after it is written."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    # {"title", "commitments": [{"id", "number", "title", <template fields>, "milestones": [...]}]}
    snapshot = models.JSONField(_("snapshot"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("action_plans:version-detail", args=[self.plan_id, self.number])


def snapshot_of(plan: ActionPlan) -> dict[str, Any]:
    """The plan's text as JSON, in a fixed number of queries however many commitments it has."""
    from .commitments import TEXT_FIELDS, OGPValue

    commitments = plan.commitments.prefetch_related("milestones", "policy_areas").order_by("number")
    return {
        "title": plan.title,
        "commitments": [
            {
                "id": commitment.pk,
                "number": commitment.number,
                "title": commitment.title,
                "short_title": commitment.short_title,
                **{field: getattr(commitment, field) for field in TEXT_FIELDS},
                "values": [value.value for value in OGPValue if getattr(commitment, value.value)],
                "lead_agency": commitment.lead_agency,
                "supporting_institutions": commitment.supporting_institutions,
                "start_date": commitment.start_date.isoformat() if commitment.start_date else None,
                "end_date": commitment.end_date.isoformat() if commitment.end_date else None,
                "policy_areas": sorted(area.slug for area in commitment.policy_areas.all()),
                "milestones": [
                    {
                        "number": milestone.number,
                        "description": milestone.description,
                        "start_date": milestone.start_date.isoformat() if milestone.start_date else None,
                        "end_date": milestone.end_date.isoformat() if milestone.end_date else None,
                        "responsible_agency": milestone.responsible_agency,
                    }
                    for milestone in commitment.milestones.all()
                ],
            }
            for commitment in commitments
        ],
    }
