"""Public comment on drafts and self-assessments, moderation, and the government's reasoned responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import Organisation

from .commitments import Commitment
from .plans import ActionPlan
from .selfassessment import SelfAssessment
from .versions import PlanVersion


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible(self) -> CommentQuerySet:
        return self.filter(is_hidden=False)

    def threads(self) -> CommentQuerySet:
        """Top-level comments: the ones that need a reasoned response."""
        return self.filter(parent__isnull=True)

    def on_draft(self) -> CommentQuerySet:
        return self.filter(self_assessment__isnull=True)

    def on_self_assessment(self) -> CommentQuerySet:
        return self.filter(self_assessment__isnull=False)

    def unanswered(self) -> CommentQuerySet:
        return self.visible().threads().filter(response__isnull=True)


class Comment(models.Model):
    """A signed-in person's comment on a plan, a commitment or one paragraph of a commitment's text.

    Comments thread one level (`parent`). A paragraph comment keeps the paragraph's text, so that
    it can be found again in a newer version (or shown as "on an earlier version").
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan"))
    self_assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("self-assessment"),
    )
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="comments")
    field = models.CharField(_("section"), max_length=40, blank=True)
    paragraph_index = models.PositiveSmallIntegerField(null=True, blank=True)
    paragraph_text = models.TextField(_("paragraph"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("in reply to")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_comments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on behalf of")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["plan", "parent", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph_index__isnull=True) | (Q(commitment__isnull=False) & ~Q(field="")),
                name="comment_paragraph_needs_commitment_and_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.plan}: {self.body[:40]}"


class CommentReport(models.Model):
    """Someone signed in flags a comment for moderation; one report per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("why should this comment be reviewed?"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_unique")]

    def __str__(self) -> str:
        return f"{self.reporter} reported comment {self.comment_id}"


class Disposition(models.TextChoices):
    INCLUDED = "included", _("Included")
    PARTLY_INCLUDED = "partly_included", _("Partly included")
    NOT_INCLUDED = "not_included", _("Not included")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class ReasonedResponse(models.Model):
    """The government's answer to one comment: what it did with it, and why."""

    Disposition = Disposition

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="response")
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices)
    reason = models.TextField(_("reason"))
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("taken up in commitment"),
    )
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    responded_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("reasoned response")
        verbose_name_plural = _("reasoned responses")
        constraints = [choices_constraint("disposition", Disposition, "reasoned_response_disposition_valid")]

    def __str__(self) -> str:
        return f"{self.get_disposition_display()}: {self.reason[:40]}"
