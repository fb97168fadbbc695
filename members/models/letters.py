"""Letters of intent: how a national government asks to join OGP."""

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


def letter_upload_to(instance: LetterOfIntent, filename: str) -> str:
    """A random name: the original one may reveal more than the letter, and must not be guessable."""
    return f"letters/{uuid.uuid4().hex}.pdf"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")


class LetterOfIntentQuerySet(models.QuerySet["LetterOfIntent"]):
    def published(self) -> LetterOfIntentQuerySet:
        return self.filter(status=LetterStatus.PUBLISHED)

    def waiting_for_review(self) -> LetterOfIntentQuerySet:
        return self.filter(status__in=[LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW])


class LetterOfIntent(models.Model):
    """A government's letter of intent to join OGP, from draft to publication.

    Lifecycle: draft -> submitted -> under review -> accepted or returned (back to draft,
    with the reviewer's reasons); accepted -> published.
    """

    Status = LetterStatus

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="letters_of_intent", verbose_name=_("government")
    )
    status = models.CharField(_("status"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    # Bumped by every save of the draft, so that a save based on an older version is refused
    # instead of silently overwriting someone else's text.
    version = models.PositiveIntegerField(default=1)

    addressed_to = models.CharField(
        _("addressed to"),
        max_length=200,
        default="The co-chairs of the Open Government Partnership",
        help_text=_("Letters of intent are addressed to the OGP co-chairs."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signatory_is_minister_level = models.BooleanField(
        _("the signatory is a minister-level official"),
        default=False,
        help_text=_("OGP requires the letter to be signed by a minister-level official of any government body."),
    )
    has_head_of_government_authorisation = models.BooleanField(
        _("the signing body is authorised by the head of state or government to join OGP"), default=False
    )
    endorses_declaration = models.BooleanField(
        _("the government endorses the Open Government Declaration"),
        default=False,
        help_text=_("Every member endorses the principles of the Open Government Declaration."),
    )
    past_reforms = models.TextField(
        _("past open government reforms"),
        blank=True,
        help_text=_("Describe the government's past reforms for transparency, participation and accountability."),
    )
    lead_agency = models.CharField(
        _("lead ministry or agency"),
        max_length=200,
        blank=True,
        help_text=_("Ideally one that coordinates across the whole of government."),
    )
    responsible_person_name = models.CharField(_("person responsible for OGP"), max_length=200, blank=True)
    responsible_person_title = models.CharField(_("their title"), max_length=200, blank=True)
    responsible_person_email = models.EmailField(_("their email"), blank=True)
    signed_letter = models.FileField(
        _("signed letter (PDF)"),
        storage=private_storage,
        upload_to=letter_upload_to,
        blank=True,
        help_text=_("The signed letter as a PDF file of at most 10 MB."),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    review_started_at = models.DateTimeField(_("review started at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reasons for returning the letter"), blank=True)
    support_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Support Unit country-support contact"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = LetterOfIntentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")
        constraints = [choices_constraint("status", LetterStatus, "letter_status_valid")]

    def __str__(self) -> str:
        return f"{self.government} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:letter-detail", args=[self.pk])
