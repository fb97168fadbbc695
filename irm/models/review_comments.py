"""Comments on IRM drafts: the government's before publication, anyone's in public comment; the IRM answers."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import AuditEntry, Organisation

from .reviews import Review, ReviewStatus

if TYPE_CHECKING:
    from members.models import User

REVIEW_COMMENT_MAX_LENGTH = 5000
# The same text posted again by the same person this soon is a double click: posted once.
DUPLICATE_WINDOW = datetime.timedelta(seconds=10)


class CommentStage(models.TextChoices):
    GOVERNMENT = "government", _("Pre-publication comment by the government")
    PUBLIC = "public", _("Public comment")


class ReviewCommentQuerySet(models.QuerySet["ReviewComment"]):
    def visible_to(self, user: Any, review: Review) -> ReviewCommentQuerySet:
        """Confidential comments are for the IRM and staff (and their author) only; never the public or a government."""
        if user.has_perm("irm.view_confidential_comments", review):
            return self
        if user.is_authenticated:
            return self.filter(Q(is_confidential=False) | Q(author=user))
        return self.filter(is_confidential=False)

    def unanswered(self) -> ReviewCommentQuerySet:
        return self.filter(answered_at__isnull=True)

    def post(
        self,
        review: Review,
        *,
        author: User,
        body: str,
        is_confidential: bool = False,
        organisation: Organisation | None = None,
        commitment: Any = None,
    ) -> ReviewComment:
        """Comment on a draft; audited. The same text posted twice within seconds is posted once.

        While the draft is shared with the government only its points of contact comment
        (`government_only`); during public comment anyone signed in may, while the period is open
        (`not_open`). A commitment must be of the reviewed plan (`other_plan`).
        """
        body = (body or "").strip()
        if not body:
            raise ValidationError(_("Write your comment."), code="empty")
        if len(body) > REVIEW_COMMENT_MAX_LENGTH:
            raise ValidationError(
                _("A comment is at most %(max)d characters long."),
                code="too_long",
                params={"max": REVIEW_COMMENT_MAX_LENGTH},
            )
        if commitment is not None and commitment.plan_id != review.plan_id:
            raise ValidationError(_("This commitment is not part of the reviewed plan."), code="other_plan")
        if organisation is not None and not organisation.has_member(author):
            raise ValidationError(_("You can only comment for an organisation you belong to."), code="not_member")
        with transaction.atomic():
            locked = Review.objects.select_for_update().select_related("plan").get(pk=review.pk)
            if locked.status == ReviewStatus.SHARED:
                contact = author.point_of_contact
                if contact is None or contact.government_id != locked.plan.government_id:
                    raise ValidationError(
                        _("The draft is with the government for comment; public comment has not opened yet."),
                        code="government_only",
                    )
                stage = CommentStage.GOVERNMENT
            elif locked.is_open_for_comment:
                stage = CommentStage.PUBLIC
            else:
                raise ValidationError(_("This review is not open for comment."), code="not_open")
            recent = self.filter(
                review=locked, author=author, body=body, created_at__gte=timezone.now() - DUPLICATE_WINDOW
            ).first()
            if recent is not None:
                return recent
            comment = self.create(
                review=locked,
                author=author,
                organisation=organisation,
                commitment=commitment,
                body=body,
                is_confidential=is_confidential,
                stage=stage,
            )
            AuditEntry.objects.log(
                locked,
                "irm_review.commented",
                actor=author,
                comment=comment.pk,
                stage=stage,
                confidential=is_confidential,
            )
        return comment


class ReviewComment(models.Model):
    """A comment on an IRM draft, optionally about one commitment, optionally confidential, with the IRM's answer."""

    Stage = CommentStage

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments", verbose_name=_("review"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="irm_comments", verbose_name=_("author")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="irm_comments",
        verbose_name=_("on behalf of"),
    )
    commitment = models.ForeignKey(
        "action_plans.Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="irm_comments",
        verbose_name=_("about commitment"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=CommentStage.choices)
    body = models.TextField(_("comment"))
    is_confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Seen by the IRM and the Support Unit only.")
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    answer = models.TextField(_("the IRM's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on an IRM draft")
        verbose_name_plural = _("comments on IRM drafts")
        indexes = [models.Index(fields=["review", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author} on {self.review}"

    def get_absolute_url(self) -> str:
        return f"{self.review.get_absolute_url()}#comment-{self.pk}"

    def give_answer(self, text: str, *, by: User) -> None:
        """The researcher's answer, which the final report publishes with the comment; audited.

        It can be revised until the review is published (`review_published`); the author is emailed the first time.
        """
        from ..tasks import send_review_comment_answered_notice

        text = (text or "").strip()
        if not text:
            raise ValidationError(_("Write the answer."), code="empty")
        with transaction.atomic():
            review = Review.objects.select_for_update().get(pk=self.review_id)
            locked = ReviewComment.objects.select_for_update().get(pk=self.pk)
            if review.status == ReviewStatus.PUBLISHED:
                raise ValidationError(
                    _("The review is published: its answers can no longer change."), code="review_published"
                )
            first = locked.answered_at is None
            locked.answer, locked.answered_by = text, by
            if first:
                locked.answered_at = timezone.now()
            locked.save(update_fields=["answer", "answered_by", "answered_at"])
            AuditEntry.objects.log(review, "irm_review.comment_answered", actor=by, comment=locked.pk, first=first)
            if first:
                send_review_comment_answered_notice.delay_on_commit(locked.pk)
        self.answer, self.answered_by, self.answered_at = locked.answer, locked.answered_by, locked.answered_at
