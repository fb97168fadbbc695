"""Shadow action plans: civil society's own proposed plan for a government, on the same template."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.constraints import choices_constraint
from members.models import AuditEntry, Government, Organisation

from .commitments import COMMITMENT_FIELDS, MILESTONE_FIELDS, CommitmentContent, PolicyArea

if TYPE_CHECKING:
    from members.models import User

# What a shadow plan's form writes; `ShadowPlan.save_fields` writes these only.
SHADOW_PLAN_FIELDS = ("title", "summary")


def _check_member(organisation: Organisation, user: User) -> None:
    if not organisation.has_member(user):
        raise ValidationError(
            _("You are not a member of %(organisation)s."),
            code="not_a_member",
            params={"organisation": organisation.name},
        )


def _check_dates(start: Any, end: Any, message: Any) -> None:
    if start and end and end < start:
        raise ValidationError(message, code="end_before_start")


def _locked_draft(shadow_plan_id: int) -> ShadowPlan:
    """The shadow plan row, locked: once published, what it proposes is a public statement."""
    locked = ShadowPlan.objects.select_for_update().get(pk=shadow_plan_id)
    if locked.status != ShadowPlanStatus.DRAFT:
        raise ValidationError(_("This shadow plan is published: it can no longer be changed."), code="not_draft")
    return locked


class ShadowPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("shadow plan status", "Published")


class ShadowPlanQuerySet(models.QuerySet["ShadowPlan"]):
    def published(self) -> ShadowPlanQuerySet:
        return self.filter(status=ShadowPlanStatus.PUBLISHED)

    def drafts_of(self, user: Any) -> ShadowPlanQuerySet:
        """Drafts of the organisations `user` belongs to (what they may see before publication)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(status=ShadowPlanStatus.DRAFT, organisation__members=user)

    def start(
        self, government: Government, organisation: Organisation, data: Mapping[str, Any], *, by: User
    ) -> ShadowPlan:
        """Start a draft shadow plan for `government` on behalf of `organisation`; audited.

        Refused for someone who is not civil society (`not_civil_society`) or not a member of the
        organisation (`not_a_member`).
        """
        if not (by.is_active and by.is_civil_society):
            raise ValidationError(
                _("Shadow action plans are proposed by civil society participants."), code="not_civil_society"
            )
        _check_member(organisation, by)
        with transaction.atomic():
            plan = self.create(
                government=government,
                organisation=organisation,
                created_by=by,
                **{name: data[name] for name in SHADOW_PLAN_FIELDS if name in data},
            )
            AuditEntry.objects.log(
                plan, "shadow_plan.created", actor=by, government=government.pk, organisation=organisation.pk
            )
        return plan


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

    @property
    def is_draft(self) -> bool:
        return self.status == ShadowPlanStatus.DRAFT

    def is_editable_by(self, user: Any) -> bool:
        return self.is_draft and user.has_perm("action_plans.change_shadow_plan", self)

    def _refresh_from(self, locked: ShadowPlan) -> None:
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(locked, field.attname))

    def save_fields(self, data: Mapping[str, Any], *, by: User) -> None:
        """Save the draft's title and summary; audited. Refused once published (`not_draft`)."""
        with transaction.atomic():
            locked = _locked_draft(self.pk)
            values = {name: data[name] for name in SHADOW_PLAN_FIELDS if name in data}
            changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
            for name, value in values.items():
                setattr(locked, name, value)
            locked.save(update_fields=list(values))
            AuditEntry.objects.log(locked, "shadow_plan.edited", actor=by, changed_fields=changed)
        self._refresh_from(locked)

    def add_commitment(
        self, data: Mapping[str, Any], milestones: Sequence[Mapping[str, Any]], *, by: User
    ) -> ShadowCommitment:
        """Add a proposed commitment (OGP's template) and its milestones to the draft; audited.

        The plan row is locked, so two commitments added at once get different numbers.
        """
        with transaction.atomic():
            locked = _locked_draft(self.pk)
            _check_dates(data.get("start_date"), data.get("end_date"), _("The commitment cannot end before it starts."))
            highest = locked.commitments.aggregate(highest=models.Max("number"))["highest"] or 0
            commitment = ShadowCommitment(shadow_plan=locked)
            for name in COMMITMENT_FIELDS:
                if name in data:
                    setattr(commitment, name, data[name])
            commitment.number = data.get("number") or highest + 1
            commitment.save()
            if "policy_areas" in data:
                commitment.policy_areas.set(data["policy_areas"])
            commitment._write_milestones(milestones)
            AuditEntry.objects.log(
                locked,
                "shadow_plan.commitment_added",
                actor=by,
                commitment=commitment.pk,
                number=commitment.number,
                milestones=len(milestones),
            )
        return commitment

    def publish(self, by: User) -> None:
        """Publish the draft: from now on everyone reads it, on its page and the government's; audited.

        Refused when already published (`not_draft`) or without a proposed commitment (`no_commitments`).
        """
        with transaction.atomic():
            locked = _locked_draft(self.pk)
            if not locked.commitments.exists():
                raise ValidationError(
                    _("Add at least one proposed commitment before publishing."), code="no_commitments"
                )
            locked.status = ShadowPlanStatus.PUBLISHED
            locked.published_at = timezone.now()
            locked.save(update_fields=["status", "published_at"])
            AuditEntry.objects.log(
                locked,
                "shadow_plan.published",
                actor=by,
                from_status=ShadowPlanStatus.DRAFT,
                to_status=ShadowPlanStatus.PUBLISHED,
                commitments=locked.commitments.count(),
            )
        self._refresh_from(locked)


class ShadowCommitment(CommitmentContent):
    shadow_plan = models.ForeignKey(ShadowPlan, on_delete=models.CASCADE, related_name="commitments")
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="+", verbose_name=_("policy areas"))

    class Meta:
        ordering = ["shadow_plan", "number"]
        verbose_name = _("proposed commitment")
        verbose_name_plural = _("proposed commitments")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def _write_milestones(self, milestones: Sequence[Mapping[str, Any]]) -> None:
        """Make the proposed milestones these, in this order: kept ones (by `id`) keep their rows."""
        existing = {milestone.pk: milestone for milestone in ShadowMilestone.objects.filter(commitment=self)}
        kept = {getattr(item.get("id"), "pk", item.get("id")) for item in milestones} - {None}
        ShadowMilestone.objects.filter(commitment=self).exclude(pk__in=kept).delete()
        for item in milestones:
            _check_dates(item.get("start_date"), item.get("end_date"), _("A milestone cannot end before it starts."))
            key = getattr(item.get("id"), "pk", item.get("id"))
            milestone = existing.get(key) or ShadowMilestone(commitment=self)
            for name in MILESTONE_FIELDS:
                setattr(milestone, name, item.get(name) or (None if name.endswith("_date") else ""))
            milestone.save()

    def save_content(self, data: Mapping[str, Any], milestones: Sequence[Mapping[str, Any]], *, by: User) -> None:
        """Save the proposed commitment and its milestones while the shadow plan is a draft; audited."""
        with transaction.atomic():
            plan = _locked_draft(self.shadow_plan_id)
            locked = ShadowCommitment.objects.select_for_update().get(pk=self.pk)
            _check_dates(
                data.get("start_date", locked.start_date),
                data.get("end_date", locked.end_date),
                _("The commitment cannot end before it starts."),
            )
            changed = sorted(name for name in COMMITMENT_FIELDS if name in data and getattr(locked, name) != data[name])
            for name in COMMITMENT_FIELDS:
                if name in data:
                    setattr(locked, name, data[name])
            locked.save()
            if "policy_areas" in data:
                locked.policy_areas.set(data["policy_areas"])
            locked._write_milestones(milestones)
            AuditEntry.objects.log(
                plan, "shadow_plan.commitment_edited", actor=by, commitment=locked.pk, changed_fields=changed
            )
        self.refresh_from_db()

    def remove(self, *, by: User) -> None:
        """Delete the proposed commitment from the draft; audited on the shadow plan (the row goes)."""
        with transaction.atomic():
            plan = _locked_draft(self.shadow_plan_id)
            AuditEntry.objects.log(
                plan,
                "shadow_plan.commitment_deleted",
                actor=by,
                commitment=self.pk,
                number=self.number,
                title=self.title,
            )
            self.delete()


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
