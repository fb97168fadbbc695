"""Shadow action plans: civil society's own proposed plan for a government, on the same template."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import Government, Organisation

from .commitments import CommitmentContent, PolicyArea


class ShadowPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ShadowPlanQuerySet(models.QuerySet["ShadowPlan"]):
    def published(self) -> ShadowPlanQuerySet:
        return self.filter(status=ShadowPlanStatus.PUBLISHED)


class ShadowPlan(models.Model):
    """A civil society organisation's proposal, shown on the government page as such."""

    Status = ShadowPlanStatus

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="shadow_plans", verbose_name=_("government")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shadow_plans", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ShadowPlanStatus.choices, default=ShadowPlanStatus.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ShadowPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("shadow action plan")
        verbose_name_plural = _("shadow action plans")
        constraints = [choices_constraint("status", ShadowPlanStatus, "shadow_plan_status_valid")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("action_plans:shadow-detail", args=[self.pk])


class ShadowCommitment(CommitmentContent):
    shadow_plan = models.ForeignKey(ShadowPlan, on_delete=models.CASCADE, related_name="commitments")
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="+", verbose_name=_("policy areas"))

    class Meta:
        ordering = ["shadow_plan", "number"]
        verbose_name = _("proposed commitment")
        verbose_name_plural = _("proposed commitments")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ShadowMilestone(models.Model):
    commitment = models.ForeignKey(ShadowCommitment, on_delete=models.CASCADE, related_name="milestones")
    description = models.TextField(_("verifiable deliverable"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)

    class Meta:
        ordering = ["commitment", "pk"]
        verbose_name = _("proposed milestone")
        verbose_name_plural = _("proposed milestones")

    def __str__(self) -> str:
        return self.description[:80]
