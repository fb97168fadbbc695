"""The end-of-term self-assessment: the government's own account of results, open to public comment."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import AuditEntry

from .plans import IMPLEMENTATION_STATUSES, ActionPlan, check_comment_period, period_state

if TYPE_CHECKING:
    from members.models import User


def self_assessment_upload_to(instance: SelfAssessment | None, filename: str) -> str:
    return f"self-assessments/{uuid.uuid4().hex}/{filename}"


class SelfAssessment(models.Model):
    """One per plan; published with a public comment period of at least the minimum length."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="self_assessment")
    text = models.TextField(_("self-assessment"))
    file = models.FileField(_("report (file)"), upload_to=self_assessment_upload_to, blank=True)
    comment_opens_on = models.DateField(_("public comment opens on"))
    comment_closes_on = models.DateField(_("public comment closes on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.plan} self-assessment"

    def get_absolute_url(self) -> str:
        return reverse("action_plans:self-assessment-detail", args=[self.plan_id])

    def comment_period_state(self, today: datetime.date | None = None) -> str:
        """ "upcoming", "open" or "closed": computed from the dates, never stored."""
        return period_state(self.comment_opens_on, self.comment_closes_on, today)

    @property
    def is_open_for_comment(self) -> bool:
        return self.comment_period_state() == "open"

    @classmethod
    def publish(
        cls,
        plan: ActionPlan,
        *,
        text: str,
        opens_on: datetime.date,
        closes_on: datetime.date,
        by: User,
        file: Any = None,
    ) -> SelfAssessment:
        """Publish the end-of-term self-assessment of a plan in implementation (or ended), with its public
        comment period (at least PUBLIC_COMMENT_MIN_DAYS days); audited, notified after commit.

        One per plan: refused when the plan is not in implementation (`not_in_implementation`), already has
        one (`already_published`), the period is too short (`period_too_short`) or the text is empty.
        """
        check_comment_period(opens_on, closes_on)
        if not (text or "").strip():
            raise ValidationError({"text": ValidationError(_("Write the self-assessment."), code="required")})
        with transaction.atomic():
            locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
            if locked.status not in IMPLEMENTATION_STATUSES:
                raise ValidationError(
                    _("A plan that is “%(status)s” is not in implementation: its self-assessment comes later."),
                    code="not_in_implementation",
                    params={"status": locked.get_status_display()},
                )
            if cls.objects.filter(plan=locked).exists():
                raise ValidationError(
                    _("The self-assessment of this plan has already been published."), code="already_published"
                )
            assessment = cls(
                plan=locked,
                text=text.strip(),
                comment_opens_on=opens_on,
                comment_closes_on=closes_on,
                published_by=by,
            )
            if file:
                assessment.file = file
            assessment.save()
            AuditEntry.objects.log(
                locked,
                "action_plan.self_assessment_published",
                actor=by,
                self_assessment=assessment.pk,
                opens_on=str(opens_on),
                closes_on=str(closes_on),
                file=bool(file),
            )
            locked._notify("self_assessment_published")
        return assessment
