"""Commitments and their milestones, after OGP's commitment template."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint

from .plans import ActionPlan


class PolicyArea(models.Model):
    """The managed list of policy areas the Support Unit tags commitments with."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_fr = models.CharField(_("name in French"), max_length=150, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=150, blank=True)
    is_active = models.BooleanField(_("in use"), default=True, help_text=_("Retired areas stay on old commitments."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        language = (translation.get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name


class OGPValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    TECHNOLOGY_AND_INNOVATION = "technology_and_innovation", _("Technology and innovation")


# Technology and innovation counts only in addition to one of these (OGP's relevance guidance).
CORE_OGP_VALUES = (OGPValue.ACCESS_TO_INFORMATION, OGPValue.CIVIC_PARTICIPATION, OGPValue.PUBLIC_ACCOUNTABILITY)

# The commitment template's long texts, in the template's order: the ones a reader can comment on
# paragraph by paragraph and a version comparison shows.
TEXT_FIELDS = ("problem", "description", "theory_of_change", "values_relevance", "additional_information")


class CommitmentContent(models.Model):
    """The OGP commitment template, shared by government plans and civil society's shadow plans."""

    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    problem = models.TextField(_("What is the public problem that the commitment will address?"), blank=True)
    description = models.TextField(_("What is the commitment?"), blank=True)
    theory_of_change = models.TextField(
        _("How will the commitment contribute to solving the public problem?"), blank=True
    )
    values_relevance = models.TextField(_("Why is it relevant to OGP values?"), blank=True)
    access_to_information = models.BooleanField(_("Access to information"), default=False)
    civic_participation = models.BooleanField(_("Civic participation"), default=False)
    public_accountability = models.BooleanField(_("Public accountability"), default=False)
    technology_and_innovation = models.BooleanField(
        _("Technology and innovation"),
        default=False,
        help_text=_("Counts only in addition to access to information, civic participation or public accountability."),
    )
    additional_information = models.TextField(
        _("Additional information"),
        blank=True,
        help_text=_("Budget, links to other programmes, the national development plan, the SDGs."),
    )
    lead_agency = models.CharField(_("lead implementing agency"), max_length=200, blank=True)
    supporting_institutions = models.TextField(
        _("supporting institutions"),
        blank=True,
        help_text=_("Other government bodies, civil society, private sector or multilateral partners; one a line."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        abstract = True

    def ogp_values(self) -> list[OGPValue]:
        return [value for value in OGPValue if getattr(self, value.value)]

    def has_core_ogp_value(self) -> bool:
        return any(getattr(self, value.value) for value in CORE_OGP_VALUES)

    def paragraphs(self, field: str) -> list[str]:
        return split_paragraphs(getattr(self, field))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; what a reader can anchor a comment to."""
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def for_plan(self, plan: ActionPlan) -> CommitmentQuerySet:
        return self.filter(plan=plan)


class Commitment(CommitmentContent):
    """One commitment of a government's action plan."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan"))
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="commitments", verbose_name=_("policy areas")
    )
    # Bumped by every save of the commitment, so that a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="commitment_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("action_plans:commitment-detail", args=[self.plan_id, self.pk])


class MilestoneStatus(models.TextChoices):
    """Progress as the government reports it (OGP's self-assessment scale)."""

    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def overdue(self, today: Any = None) -> MilestoneQuerySet:
        """Milestones whose end date has passed and that are not complete."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).exclude(status=MilestoneStatus.COMPLETE)


class Milestone(models.Model):
    """A verifiable deliverable of a commitment, with its dates and responsible agency."""

    Status = MilestoneStatus

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("commitment")
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    description = models.TextField(_("verifiable deliverable"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    status = models.CharField(
        _("progress"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    status_updated_at = models.DateTimeField(_("progress updated at"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["commitment", "number", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            choices_constraint("status", MilestoneStatus, "milestone_status_valid"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="milestone_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.end_date and self.end_date < today and self.status != MilestoneStatus.COMPLETE)


__all__ = [
    "CORE_OGP_VALUES",
    "Commitment",
    "CommitmentContent",
    "Milestone",
    "MilestoneStatus",
    "OGPValue",
    "PolicyArea",
    "TEXT_FIELDS",
    "split_paragraphs",
]
