"""OGP Local: applications from local governments of member countries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..storage import private_storage
from .governments import Government
from .people import Organisation


def support_letter_upload_to(instance: LocalApplication, filename: str) -> str:
    return f"local-applications/{uuid.uuid4().hex}.pdf"


class LocalApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class LocalApplication(models.Model):
    """A joint application of a local government and at least one non-governmental partner."""

    Status = LocalApplicationStatus

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="local_applications",
        verbose_name=_("filed by"),
    )
    country = models.ForeignKey(
        Government,
        on_delete=models.CASCADE,
        related_name="local_applications",
        limit_choices_to={"kind": "national"},
        verbose_name=_("country"),
    )
    jurisdiction = models.CharField(_("local government"), max_length=200)
    applicant_title = models.CharField(_("your title in the local government"), max_length=200)
    partners = models.ManyToManyField(
        Organisation,
        related_name="local_applications",
        verbose_name=_("non-governmental partners"),
        help_text=_("At least one non-governmental organisation applies jointly with the local government."),
    )
    letter_of_support = models.FileField(
        _("letter of support (PDF)"),
        storage=private_storage,
        upload_to=support_letter_upload_to,
        help_text=_("Signed by the head of the local government; a PDF of at most 10 MB."),
    )
    reform_example = models.TextField(
        _("an open government reform or co-creation example"),
        help_text=_("One from the past three years: what was done, with whom, and what changed."),
    )
    reform_year = models.PositiveSmallIntegerField(_("year of that reform"))
    term_months_remaining = models.PositiveSmallIntegerField(
        _("months left in the administration's term"), help_text=_("At least 16 months are needed.")
    )
    staff_and_resources = models.TextField(
        _("staff and resources"),
        help_text=_("The people in government and civil society who will lead the work, and their resources."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LocalApplicationStatus.choices, default=LocalApplicationStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    government = models.OneToOneField(
        Government,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_application",
        verbose_name=_("local member created on acceptance"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("OGP Local application")
        verbose_name_plural = _("OGP Local applications")
        constraints = [choices_constraint("status", LocalApplicationStatus, "local_application_status_valid")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} ({self.country})"

    def get_absolute_url(self) -> str:
        return reverse("members:local-application-detail", args=[self.pk])
