"""Commitments and their milestones, after OGP's commitment template."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import AuditEntry

from .plans import DRAFTING_STATUSES, ActionPlan, EditConflict, _number_taken

if TYPE_CHECKING:
    from members.models import User


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


# The commitment form's fields, in the template's order; `save_content` writes these (and policy areas) only.
COMMITMENT_FIELDS = (
    "number",
    "title",
    "short_title",
    "start_date",
    "end_date",
    "lead_agency",
    "supporting_institutions",
    "problem",
    "description",
    "theory_of_change",
    "values_relevance",
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_and_innovation",
    "additional_information",
)
MILESTONE_FIELDS = ("description", "start_date", "end_date", "responsible_agency")


def _locked_drafting_plan(plan_id: int) -> ActionPlan:
    """The plan row, locked: its status decides whether its commitments may change."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan_id)
    if plan.status not in DRAFTING_STATUSES:
        raise ValidationError(
            _("A plan that is “%(status)s” can no longer be edited."),
            code="not_drafting",
            params={"status": plan.get_status_display()},
        )
    return plan


def _check_dates(start: Any, end: Any) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("The commitment cannot end before it starts.")}, code="end_before_start")


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def for_plan(self, plan: ActionPlan) -> CommitmentQuerySet:
        return self.filter(plan=plan)

    def next_number(self, plan: ActionPlan) -> int:
        highest = self.filter(plan=plan).aggregate(highest=models.Max("number"))["highest"]
        return (highest or 0) + 1

    def add_to(
        self, plan: ActionPlan, data: Mapping[str, Any], milestones: Sequence[Mapping[str, Any]], *, by: User
    ) -> Commitment:
        """Add a commitment and its milestones to a plan being drafted; audited.

        `milestones` are the milestone forms' cleaned data, in order. The plan row is locked, so
        its status cannot change meanwhile and two commitments cannot take the same number.
        """
        with transaction.atomic():
            locked = _locked_drafting_plan(plan.pk)
            number = data.get("number") or self.next_number(locked)
            if self.filter(plan=locked, number=number).exists():
                raise _number_taken(number)
            _check_dates(data.get("start_date"), data.get("end_date"))
            commitment = Commitment(plan=locked)
            for name in COMMITMENT_FIELDS:
                if name in data:
                    setattr(commitment, name, data[name])
            commitment.number = number
            commitment.save()
            if "policy_areas" in data:
                commitment.policy_areas.set(data["policy_areas"])
            commitment._write_milestones(milestones)
            AuditEntry.objects.log(
                commitment, "commitment.created", actor=by, plan=locked.pk, number=number, milestones=len(milestones)
            )
        return commitment


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

    def milestone_values(self) -> list[tuple[Any, ...]]:
        return [tuple(getattr(m, name) for name in MILESTONE_FIELDS) for m in self.milestones.all()]

    def _write_milestones(self, milestones: Sequence[Mapping[str, Any]]) -> None:
        """Make the commitment's milestones these, in this order: kept ones (by `id`) keep their rows."""
        existing = {milestone.pk: milestone for milestone in Milestone.objects.filter(commitment=self)}
        kept = {getattr(item.get("id"), "pk", item.get("id")) for item in milestones} - {None}
        Milestone.objects.filter(commitment=self).exclude(pk__in=kept).delete()
        for position, item in enumerate(milestones, start=1):
            if item.get("start_date") and item.get("end_date") and item["end_date"] < item["start_date"]:
                raise ValidationError(_("A milestone cannot end before it starts."), code="milestone_end_before_start")
            key = getattr(item.get("id"), "pk", item.get("id"))
            milestone = existing.get(key) or Milestone(commitment=self)
            for name in MILESTONE_FIELDS:
                setattr(milestone, name, item.get(name) or (None if name.endswith("_date") else ""))
            milestone.number = position
            milestone.save()

    def save_content(
        self,
        data: Mapping[str, Any],
        milestones: Sequence[Mapping[str, Any]],
        *,
        expected_version: int,
        by: User,
    ) -> None:
        """Save the commitment and its milestones, if nobody else saved it since `expected_version`; audited.

        The conditional UPDATE (`WHERE version = expected`) guarantees that a save based on an old
        version changes nothing, milestones included; it raises `EditConflict` with the saved commitment.
        """
        with transaction.atomic():
            _locked_drafting_plan(self.plan_id)
            locked = Commitment.objects.select_for_update().get(pk=self.pk)
            if locked.version != expected_version:
                raise EditConflict(locked)
            values = {name: data[name] for name in COMMITMENT_FIELDS if name in data}
            number = values.get("number", locked.number)
            if number != locked.number and Commitment.objects.filter(plan_id=self.plan_id, number=number).exists():
                raise _number_taken(number)
            _check_dates(values.get("start_date", locked.start_date), values.get("end_date", locked.end_date))
            changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
            before_milestones = locked.milestone_values()
            try:
                with transaction.atomic():
                    updated = Commitment.objects.filter(pk=self.pk, version=expected_version).update(
                        **values, version=F("version") + 1, updated_at=timezone.now()
                    )
            except IntegrityError as error:
                raise _number_taken(number) from error
            if updated != 1:
                raise EditConflict(locked)
            if "policy_areas" in data:
                before = set(locked.policy_areas.values_list("pk", flat=True))
                locked.policy_areas.set(data["policy_areas"])
                if before != {area.pk for area in data["policy_areas"]}:
                    changed.append("policy_areas")
            locked._write_milestones(milestones)
            if locked.milestone_values() != before_milestones:
                changed.append("milestones")
            AuditEntry.objects.log(
                locked, "commitment.edited", actor=by, version=expected_version + 1, changed_fields=changed
            )
        self.refresh_from_db()

    def remove(self, *, by: User) -> None:
        """Delete the commitment from a plan being drafted; audited on the plan (the row goes).

        A commitment that has public comments stays: they are answered with reasoned responses.
        """
        with transaction.atomic():
            plan = _locked_drafting_plan(self.plan_id)
            if self.comments.exists():
                raise ValidationError(
                    _("This commitment has public comments; it stays so that they can be answered."),
                    code="has_comments",
                )
            AuditEntry.objects.log(
                plan, "commitment.deleted", actor=by, commitment=self.pk, number=self.number, title=self.title
            )
            self.delete()


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

    def report_progress(self, **kwargs: Any) -> Any:
        """Record a dated progress report (the implementation topic's rules: see `report_milestone_progress`)."""
        from .implementation import report_milestone_progress

        return report_milestone_progress(self, **kwargs)


__all__ = [
    "COMMITMENT_FIELDS",
    "CORE_OGP_VALUES",
    "MILESTONE_FIELDS",
    "Commitment",
    "CommitmentContent",
    "Milestone",
    "MilestoneStatus",
    "OGPValue",
    "PolicyArea",
    "TEXT_FIELDS",
    "split_paragraphs",
]
