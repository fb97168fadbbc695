"""The end-of-term self-assessment: the government's own account of results, open to public comment."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .plans import ActionPlan


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
