"""Public comment on drafts and self-assessments, moderation, and the government's reasoned responses."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.constraints import choices_constraint
from members.models import AuditEntry, Organisation

from .commitments import TEXT_FIELDS, Commitment, split_paragraphs
from .plans import DRAFTING_STATUSES, ActionPlan
from .selfassessment import SelfAssessment
from .versions import PlanVersion

if TYPE_CHECKING:
    from members.models import User

# Longest comment accepted, in characters (a few pages of text: comments, not documents).
COMMENT_MAX_LENGTH = 5000
# The same text posted again by the same person this soon is a double click: posted once.
DUPLICATE_WINDOW = datetime.timedelta(seconds=10)
# Replies a list of comments shows under each comment (the latest ones); the rest are in the conversation.
REPLY_PREVIEW = 3


def _snapshot_paragraphs(version: PlanVersion | None, commitment_id: int, field: str) -> list[str] | None:
    """The paragraphs of one field of one commitment in a published version; None if it is not in it."""
    if version is None:
        return None
    item = next((c for c in version.snapshot.get("commitments", []) if c.get("id") == commitment_id), None)
    if item is None:
        return None
    return split_paragraphs(item.get(field, "")) if field else []


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
        """Visible top-level comments without a reasoned response.

        Replies need none (they are part of the conversation a top-level comment opened) and
        hidden comments need none (their text is no longer public); a restored comment needs one again.
        """
        return self.visible().threads().filter(response__isnull=True)

    def reported(self) -> CommentQuerySet:
        return self.filter(reports__isnull=False).distinct()

    def on_paragraph(self) -> CommentQuerySet:
        return self.filter(paragraph_index__isnull=False)

    def for_display(self, *, reply_preview: bool = True) -> CommentQuerySet:
        """What a list of comments shows, in a fixed number of queries: authors, organisations,
        answers, the version a paragraph was quoted from, `reply_count`, and (unless `reply_preview`
        is False, as in the conversation, which pages its replies) the latest REPLY_PREVIEW replies
        with their authors, newest first, as `latest_replies`: a thread's length never weighs on a list.
        """
        # Every reply, hidden ones included: they are shown, as a moderator's note, in the conversation too.
        reply_count = (
            Comment.objects.filter(parent=models.OuterRef("pk"))
            .order_by()
            .values("parent")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        queryset = self.select_related(
            "author", "organisation", "response", "response__commitment", "commitment", "version", "hidden_by"
        ).defer("version__snapshot")
        queryset = queryset.annotate(reply_count=Coalesce(models.Subquery(reply_count), 0))
        if not reply_preview:
            return queryset
        # A sliced Prefetch: one windowed query (ROW_NUMBER per thread) for the whole page of comments.
        latest = Comment.objects.select_related("author", "organisation", "hidden_by").order_by("-created_at", "-pk")
        return queryset.prefetch_related(
            models.Prefetch("replies", queryset=latest[:REPLY_PREVIEW], to_attr="latest_replies")
        )

    def post(
        self,
        *,
        plan: ActionPlan,
        author: User,
        body: str,
        organisation: Organisation | None = None,
        commitment: Commitment | None = None,
        field: str = "",
        paragraph_index: int | None = None,
        paragraph_text: str = "",
        parent: Comment | None = None,
        self_assessment: SelfAssessment | None = None,
    ) -> Comment:
        """Post a comment (or a reply) while its comment period is open; audited.

        Checks, in one transaction holding a lock on the author's row (so that two tabs cannot both
        slip under the rate limit): the author's role, the organisation they speak for, the open
        period, the paragraph against the latest published version, the length, and the rate limit.
        The same text posted again within a few seconds returns the first comment (a double click).
        `paragraph_text`, when given, is the paragraph as the reader saw it: if a newer version moved
        it, it is found again by its text. Refused with ValidationErrors (field errors for the body).
        """
        body = (body or "").strip()
        if not body:
            raise ValidationError({"body": ValidationError(_("Write your comment."), code="required")})
        if len(body) > COMMENT_MAX_LENGTH:
            raise ValidationError(
                {
                    "body": ValidationError(
                        _("A comment is at most %(limit)d characters long; this one has %(length)d."),
                        code="too_long",
                        params={"limit": COMMENT_MAX_LENGTH, "length": len(body)},
                    )
                }
            )
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=author.pk).first()
            plan = ActionPlan.objects.select_related("government").get(pk=plan.pk)
            if parent is not None:
                parent = Comment.objects.select_related("parent").get(pk=parent.pk)
                # Threads are one level deep: a reply to a reply joins the conversation of the top comment.
                parent = parent.parent or parent
                if parent.plan_id != plan.pk:
                    raise ValidationError(_("This comment belongs to another plan."), code="wrong_plan")
                if parent.is_hidden:
                    raise ValidationError(
                        _("This conversation was hidden by a moderator: it takes no new replies."), code="hidden"
                    )
                self_assessment = parent.self_assessment
                commitment, field, paragraph_index, paragraph_text = parent.commitment, "", None, ""
            perm = "action_plans.reply_to_comment" if parent else "action_plans.comment_on_plan"
            if not author.has_perm(perm, plan):
                raise ValidationError(_("You cannot comment on this plan."), code="not_allowed")
            if organisation is not None and not author.organisations.filter(pk=organisation.pk).exists():
                raise ValidationError(
                    {
                        "organisation": ValidationError(
                            _("You can only speak for an organisation you belong to."), code="not_member"
                        )
                    }
                )
            if self_assessment is not None:
                self_assessment = SelfAssessment.objects.get(pk=self_assessment.pk)
                if self_assessment.plan_id != plan.pk:
                    raise ValidationError(_("This self-assessment belongs to another plan."), code="wrong_plan")
                is_open = self_assessment.is_open_for_comment
                # A self-assessment is commented on as a whole: no commitment or paragraph anchor.
                commitment, field, paragraph_index, paragraph_text = None, "", None, ""
            else:
                is_open = plan.is_open_for_comment
            if not is_open:
                raise ValidationError(_("The public comment period is not open."), code="closed")

            version = None
            if self_assessment is None:
                version = plan.versions.order_by("-number").first()
                if parent is None:
                    paragraph_index, paragraph_text = self._check_anchor(
                        plan, version, commitment, field, paragraph_index, paragraph_text
                    )

            duplicate = self.filter(
                author=author,
                plan=plan,
                parent=parent,
                self_assessment=self_assessment,
                commitment=commitment,
                field=field if paragraph_index is not None else "",
                paragraph_index=paragraph_index,
                body=body,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            ).first()
            if duplicate is not None:
                return duplicate
            window = datetime.timedelta(minutes=settings.COMMENT_RATE_LIMIT_MINUTES)
            recent = self.filter(author=author, created_at__gte=timezone.now() - window).count()
            if recent >= settings.COMMENT_RATE_LIMIT_COUNT:
                raise ValidationError(
                    _(
                        "You have posted %(count)d comments in the last %(minutes)d minutes, the most we accept. "
                        "Please wait a few minutes, then post this one again: your text is kept below."
                    ),
                    code="rate_limited",
                    params={"count": recent, "minutes": settings.COMMENT_RATE_LIMIT_MINUTES},
                )
            comment = self.create(
                plan=plan,
                self_assessment=self_assessment,
                commitment=commitment,
                version=version,
                field=field if paragraph_index is not None else "",
                paragraph_index=paragraph_index,
                paragraph_text=paragraph_text,
                parent=parent,
                author=author,
                organisation=organisation,
                body=body,
            )
            AuditEntry.objects.log(
                comment,
                "comment.posted",
                actor=author,
                plan=plan.pk,
                parent=parent.pk if parent else None,
                commitment=commitment.pk if commitment else None,
                version=version.number if version else None,
                field=comment.field,
                paragraph=paragraph_index,
                self_assessment=self_assessment.pk if self_assessment else None,
            )
        return comment

    @staticmethod
    def _check_anchor(
        plan: ActionPlan,
        version: PlanVersion | None,
        commitment: Commitment | None,
        field: str,
        paragraph_index: int | None,
        paragraph_text: str,
    ) -> tuple[int | None, str]:
        """The paragraph a new comment is anchored to, as (index, text) in the latest published version."""
        if commitment is None:
            if paragraph_index is not None or field:
                raise ValidationError(_("Choose the commitment the paragraph belongs to."), code="no_commitment")
            return None, ""
        if commitment.plan_id != plan.pk:
            raise ValidationError(_("This commitment belongs to another plan."), code="wrong_plan")
        paragraphs = _snapshot_paragraphs(version, commitment.pk, field if paragraph_index is not None else "")
        if paragraphs is None:
            raise ValidationError(
                _("This commitment is not in the published version of the plan."), code="not_published"
            )
        if paragraph_index is None:
            return None, ""
        if field not in TEXT_FIELDS:
            raise ValidationError(_("This section cannot be commented on paragraph by paragraph."), code="bad_field")
        expected = (paragraph_text or "").strip()
        if expected and expected in paragraphs:
            return paragraphs.index(expected), expected
        if expected or not 0 <= paragraph_index < len(paragraphs):
            raise ValidationError(
                _("This paragraph is not in the latest published version any more: read it again, then comment."),
                code="paragraph_changed",
            )
        return paragraph_index, paragraphs[paragraph_index]


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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        top = self.parent_id or self.pk
        url = reverse("action_plans:comment-detail", args=[self.plan_id, top])
        return url if top == self.pk else f"{url}#comment-{self.pk}"

    @property
    def reply_preview(self) -> list[Comment]:
        """The latest replies `for_display()` fetched, oldest first, as a conversation reads."""
        return list(reversed(getattr(self, "latest_replies", [])))

    @property
    def more_reply_count(self) -> int:
        """Replies of the thread a list does not show (see `for_display()`)."""
        return max(getattr(self, "reply_count", 0) - len(getattr(self, "latest_replies", [])), 0)

    @property
    def needs_response(self) -> bool:
        return self.parent_id is None and not self.is_hidden

    # --- Transitions: moderation and the reasoned response ----------------------------------

    def _locked(self) -> Comment:
        return Comment.objects.select_for_update().get(pk=self.pk)

    def _refresh_from(self, locked: Comment) -> None:
        for model_field in self._meta.concrete_fields:
            setattr(self, model_field.attname, getattr(locked, model_field.attname))

    @staticmethod
    def _reason(reason: str) -> str:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {"reason": ValidationError(_("Give the reason: it is shown to the public."), code="reason_required")}
            )
        return reason

    def report(self, *, by: User, reason: str = "") -> bool:
        """Flag the comment for the moderators; once per person. False, doing nothing, if already reported."""
        with transaction.atomic():
            locked = self._locked()
            report, created = CommentReport.objects.get_or_create(
                comment=locked, reporter=by, defaults={"reason": (reason or "").strip()}
            )
            if created:
                AuditEntry.objects.log(locked, "comment.reported", actor=by, plan=locked.plan_id, report=report.pk)
        return created

    def hide(self, *, by: User, reason: str) -> None:
        """Hide the comment from the public with a reason (shown in its place); it stays in the database; audited."""
        reason = self._reason(reason)
        with transaction.atomic():
            locked = self._locked()
            if locked.is_hidden:
                raise ValidationError(_("This comment is already hidden."), code="already_hidden")
            locked.is_hidden, locked.hidden_reason, locked.hidden_by, locked.hidden_at = (
                True,
                reason,
                by,
                timezone.now(),
            )
            locked.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
            AuditEntry.objects.log(locked, "comment.hidden", actor=by, plan=locked.plan_id, reason=reason)
        self._refresh_from(locked)

    def restore(self, *, by: User, reason: str) -> None:
        """Show a hidden comment again, with a reason; audited (the hiding stays in the audit trail)."""
        reason = self._reason(reason)
        with transaction.atomic():
            locked = self._locked()
            if not locked.is_hidden:
                raise ValidationError(_("This comment is not hidden."), code="not_hidden")
            locked.is_hidden, locked.hidden_reason, locked.hidden_by, locked.hidden_at = False, "", None, None
            locked.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
            AuditEntry.objects.log(locked, "comment.restored", actor=by, plan=locked.plan_id, reason=reason)
        self._refresh_from(locked)

    def respond(
        self, *, by: User, disposition: str, reason: str, commitment: Commitment | None = None
    ) -> ReasonedResponse:
        """Give (or change) the government's reasoned response; audited; the author is emailed the first one.

        Only top-level, visible comments get one (replies and hidden comments need none). A response to a
        comment on the draft can be changed until the plan is submitted; a linked commitment must be one of
        the plan's. Refused with ValidationErrors (`reply`, `hidden`, `submitted`, `wrong_commitment`).
        """
        reason = self._reason(reason)
        if disposition not in Disposition.values:
            raise ValidationError(
                {"disposition": ValidationError(_("Choose a disposition."), code="invalid_disposition")}
            )
        with transaction.atomic():
            locked = self._locked()
            plan = ActionPlan.objects.get(pk=locked.plan_id)
            if locked.parent_id is not None:
                raise ValidationError(_("Replies need no reasoned response."), code="reply")
            if locked.is_hidden:
                raise ValidationError(_("Hidden comments need no reasoned response."), code="hidden")
            if locked.self_assessment_id is None and plan.status not in DRAFTING_STATUSES:
                raise ValidationError(
                    _("The plan has been submitted: its reasoned responses can no longer change."), code="submitted"
                )
            if commitment is not None and commitment.plan_id != plan.pk:
                raise ValidationError(
                    {"commitment": ValidationError(_("Choose a commitment of this plan."), code="wrong_commitment")}
                )
            response = ReasonedResponse.objects.filter(comment=locked).first()
            values: dict[str, Any] = {
                "disposition": disposition,
                "reason": reason,
                "commitment": commitment,
                "responded_by": by,
                "responded_at": timezone.now(),
            }
            first = response is None
            if first:
                response = ReasonedResponse.objects.create(comment=locked, **values)
            else:
                for name, value in values.items():
                    setattr(response, name, value)
                response.save()
            AuditEntry.objects.log(
                locked,
                "comment.answered" if first else "comment.answer_changed",
                actor=by,
                plan=plan.pk,
                disposition=disposition,
                commitment=commitment.pk if commitment else None,
            )
            if first:
                from ..tasks import send_comment_answered_notice

                send_comment_answered_notice.delay_on_commit(locked.pk)
        return response


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
