"""Response Policy cases: a letter of concern about a member's values, from filing to resolution or suspension."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import AuditEntry, Government

if TYPE_CHECKING:
    from members.models import User


class FilerType(models.TextChoices):
    """Who may file a letter of concern (an individual acting alone may not)."""

    STEERING_COMMITTEE_MEMBER = "steering_committee_member", _("Steering Committee member")
    MULTILATERAL_PARTNER = "multilateral_partner", _("Multilateral partner")
    ENTITY = "entity", _("Organisation involved in OGP in the country")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    NOT_ELIGIBLE = "not_eligible", _("Concern not eligible")
    UNDER_REVIEW = "under_review", _("Under review")
    STAGE_ONE = "stage_one", _("Stage one actions")
    STAGE_TWO = "stage_two", _("Stage two actions")
    SUSPENDED = "suspended", _("Suspended")
    RESOLVED = "resolved", _("Resolved")


C = CaseStatus
# The Response Policy's steps; anything else is refused.
ALLOWED_CASE_STEPS: dict[str, tuple[str, ...]] = {
    C.FILED: (C.ACKNOWLEDGED,),
    C.ACKNOWLEDGED: (C.NOT_ELIGIBLE, C.UNDER_REVIEW),
    C.UNDER_REVIEW: (C.STAGE_ONE, C.RESOLVED),
    C.STAGE_ONE: (C.STAGE_TWO, C.RESOLVED),
    C.STAGE_TWO: (C.SUSPENDED, C.RESOLVED),
    C.SUSPENDED: (C.RESOLVED,),
    C.NOT_ELIGIBLE: (),
    C.RESOLVED: (),
}
STATUS_LABELS = dict(CaseStatus.choices)
# Until the Support Unit has found the concern eligible, a case is known to staff only.
PRIVATE_STATUSES = (C.FILED, C.ACKNOWLEDGED, C.NOT_ELIGIBLE)


class ResponsePolicyCaseQuerySet(models.QuerySet["ResponsePolicyCase"]):
    def public(self) -> ResponsePolicyCaseQuerySet:
        return self.exclude(status__in=PRIVATE_STATUSES)

    def open(self) -> ResponsePolicyCaseQuerySet:
        return self.exclude(status__in=(C.NOT_ELIGIBLE, C.RESOLVED))

    def file(
        self,
        government: Government,
        *,
        filer_name: str,
        filer_type: str,
        concern: str,
        filed_on: datetime.date,
        by: User,
    ) -> ResponsePolicyCase:
        """Record a letter of concern received by the Support Unit; audited. Refused: `not_member`, `future`."""
        if not government.is_member:
            message = _("The Response Policy is about members: %(government)s is not one.")
            raise ValidationError(
                {"government": ValidationError(message, code="not_member", params={"government": government})}
            )
        if filed_on > timezone.localdate():
            message = _("A letter of concern cannot be filed in the future.")
            raise ValidationError({"filed_on": ValidationError(message, code="future")})
        case = self.model(
            government=government,
            filer_name=filer_name.strip(),
            filer_type=filer_type,
            concern=concern.strip(),
            filed_on=filed_on,
            created_by=by,
        )
        # Checked before saving: an unknown filer type would otherwise reach the database constraint.
        case.full_clean()
        with transaction.atomic():
            case.save()
            AuditEntry.objects.log(case, "response_policy.filed", actor=by, government=government.pk)
        return case


class ResponsePolicyCase(models.Model):
    """A letter of concern about one member and what the Steering Committee and the Support Unit did about it."""

    Status = CaseStatus
    FilerType = FilerType

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="response_policy_cases", verbose_name=_("government")
    )
    filer_name = models.CharField(_("filed by"), max_length=200)
    filer_type = models.CharField(_("filer type"), max_length=32, choices=FilerType.choices)
    concern = models.TextField(_("concern"), help_text=_("What the letter of concern says has happened."))
    filed_on = models.DateField(_("filed on"))
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.FILED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ResponsePolicyCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("Response Policy case")
        verbose_name_plural = _("Response Policy cases")
        constraints = [
            choices_constraint("status", CaseStatus, "response_policy_status_valid"),
            choices_constraint("filer_type", FilerType, "response_policy_filer_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.government} · {self.filed_on}"

    def get_absolute_url(self) -> str:
        return reverse("irm:case-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status not in PRIVATE_STATUSES

    def allowed_steps(self) -> list[CaseStatus]:
        return [CaseStatus(status) for status in ALLOWED_CASE_STEPS[self.status]]

    def advance(self, to_status: str, *, by: User, note: str) -> CaseStep:
        """Take the case one step along the Response Policy, with a note; audited.

        Suspension suspends the member (a status change with the note as reason); resolving a
        suspended case makes it a member again. Refused: `note_required`, `step_not_allowed`.
        """
        if not (note or "").strip():
            raise ValidationError(_("Say what was decided, and by whom."), code="note_required")
        with transaction.atomic():
            locked = ResponsePolicyCase.objects.select_for_update().select_related("government").get(pk=self.pk)
            if to_status not in ALLOWED_CASE_STEPS[locked.status]:
                raise ValidationError(
                    _("A case that is “%(from)s” cannot become “%(to)s”."),
                    code="step_not_allowed",
                    params={"from": locked.get_status_display(), "to": STATUS_LABELS.get(to_status, to_status)},
                )
            step = CaseStep.objects.create(
                case=locked, from_status=locked.status, to_status=to_status, note=note.strip(), actor=by
            )
            from_status, locked.status = locked.status, to_status
            locked.save(update_fields=["status"])
            government = locked.government
            if to_status == C.SUSPENDED and government.status != Government.Status.SUSPENDED:
                government.change_status(Government.Status.SUSPENDED, reason=step.note, by=by)
            if from_status == C.SUSPENDED and government.status == Government.Status.SUSPENDED:
                government.change_status(Government.Status.MEMBER, reason=step.note, by=by)
            AuditEntry.objects.log(
                locked, "response_policy.advanced", actor=by, from_status=from_status, to_status=to_status
            )
        self.status = locked.status
        return step


class CaseStep(models.Model):
    """One step of a Response Policy case: from, to, what was decided, who recorded it, when."""

    case = models.ForeignKey(ResponsePolicyCase, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from"), max_length=16, choices=CaseStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=CaseStatus.choices)
    note = models.TextField(_("decision"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Response Policy step")
        verbose_name_plural = _("Response Policy steps")

    def __str__(self) -> str:
        return f"{self.case}: {self.from_status} → {self.to_status}"


__all__: list[Any] = ["ALLOWED_CASE_STEPS", "CaseStatus", "CaseStep", "FilerType", "ResponsePolicyCase"]
