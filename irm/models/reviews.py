"""IRM reviews of an action plan: research, pre-publication comment, public comment, final, published."""

from __future__ import annotations

import datetime
import operator
from collections.abc import Mapping
from functools import reduce
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from action_plans.models import DRAFTING_STATUSES, IMPLEMENTATION_STATUSES, ActionPlan
from action_plans.models.plans import (
    EditConflict,
    check_comment_period,
    check_comment_period_change,
    period_state,
)
from members.constraints import choices_constraint
from members.models import AuditEntry

from .scales import YesNo

if TYPE_CHECKING:
    from members.models import User


class ReviewKind(models.TextChoices):
    CO_CREATION_BRIEF = "co_creation_brief", _("Co-creation brief")
    ACTION_PLAN_REVIEW = "action_plan_review", _("Action plan review")
    RESULTS_REPORT = "results_report", _("Results report")


class ReviewStatus(models.TextChoices):
    RESEARCH = "research", _("Research")
    SHARED = "shared", _("Shared with the government")
    PUBLIC_COMMENT = "public_comment", _("Public comment")
    FINAL = "final", _("Final report in preparation")
    PUBLISHED = "published", pgettext_lazy("IRM report status", "Published")


# The researcher edits the text while researching, while the government comments, and after public
# comment; never while the public comments on it (comments are on a fixed draft) nor once published.
EDITABLE_STATUSES = (ReviewStatus.RESEARCH, ReviewStatus.SHARED, ReviewStatus.FINAL)
# From public comment on, the draft is public; before, only the IRM, staff and (once shared) the government see it.
PUBLIC_STATUSES = (ReviewStatus.PUBLIC_COMMENT, ReviewStatus.FINAL, ReviewStatus.PUBLISHED)
# Reports that assess every commitment and check the co-creation minimum requirements.
ASSESSING_KINDS = (ReviewKind.ACTION_PLAN_REVIEW, ReviewKind.RESULTS_REPORT)
# The plan statuses in which each kind of review may start.
PLAN_STATUSES_FOR_KIND = {
    ReviewKind.CO_CREATION_BRIEF: DRAFTING_STATUSES,
    ReviewKind.ACTION_PLAN_REVIEW: (ActionPlan.Status.SUBMITTED, *IMPLEMENTATION_STATUSES),
    ReviewKind.RESULTS_REPORT: IMPLEMENTATION_STATUSES,
}
# The co-creation minimum requirements a review confirms, in the order the form asks them.
MINIMUM_REQUIREMENTS = ("forum_meets_regularly", "forum_rules_public", "repository_public")
REVIEW_FIELDS = ("summary", "uses_older_method", *MINIMUM_REQUIREMENTS, "minimum_requirements_note", "changes_note")


def plans_assigned_to(user: Any) -> models.QuerySet[ActionPlan]:
    """The plans a researcher is assigned to: one by one, or every plan of a government."""
    scope = user.irm_assignment_scope
    plan_ids = [plan_id for _government_id, plan_id in scope if plan_id is not None]
    government_ids = [government_id for government_id, plan_id in scope if plan_id is None]
    return ActionPlan.objects.filter(Q(pk__in=plan_ids) | Q(government_id__in=government_ids))


def startable_kinds(plan: ActionPlan, existing_kinds: set[str] | frozenset[str]) -> list[ReviewKind]:
    """The kinds of review the plan's stage allows and it does not have yet."""
    return [
        ReviewKind(kind)
        for kind, statuses in PLAN_STATUSES_FOR_KIND.items()
        if plan.status in statuses and kind not in existing_kinds
    ]


def plans_awaiting_review(user: Any) -> models.QuerySet[ActionPlan]:
    """Plans `user` may start a review of (any for staff, the assigned ones for a researcher) that still lack
    a kind of review their stage allows."""
    if not (user.is_authenticated and user.is_active):
        return ActionPlan.objects.none()
    plans = ActionPlan.objects.all() if user.is_support_unit else plans_assigned_to(user)
    lacking = [
        Q(status__in=statuses) & ~models.Exists(Review.objects.filter(plan=models.OuterRef("pk"), kind=kind))
        for kind, statuses in PLAN_STATUSES_FOR_KIND.items()
    ]
    return plans.filter(reduce(operator.or_, lacking))


class ReviewQuerySet(models.QuerySet["Review"]):
    def published(self) -> ReviewQuerySet:
        return self.filter(status=ReviewStatus.PUBLISHED)

    def unpublished(self) -> ReviewQuerySet:
        return self.exclude(status=ReviewStatus.PUBLISHED)

    def overdue(self, today: datetime.date | None = None) -> ReviewQuerySet:
        return self.unpublished().filter(due_on__lt=today or timezone.localdate())

    def editable_by(self, user: Any) -> ReviewQuerySet:
        """Reviews `user` works on: all for staff, the reviews of their assigned plans for a researcher."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_support_unit:
            return self
        return self.filter(plan__in=plans_assigned_to(user))

    def overdue_first(self, today: datetime.date | None = None) -> ReviewQuerySet:
        """Overdue reviews first, then by due date (undated last): what a researcher should do next."""
        late = models.Case(
            models.When(due_on__lt=today or timezone.localdate(), then=models.Value(0)),
            default=models.Value(1),
        )
        return self.annotate(is_late=late).order_by("is_late", models.F("due_on").asc(nulls_last=True), "pk")

    def minimum_requirements_not_met(self) -> ReviewQuerySet:
        return self.filter(
            Q(forum_meets_regularly=YesNo.NO) | Q(forum_rules_public=YesNo.NO) | Q(repository_public=YesNo.NO)
        )

    def visible_to(self, user: Any) -> ReviewQuerySet:
        """Reviews `user` may read: public ones, and before that the assigned researchers', staff's and,
        once shared, the government's."""
        if user.is_authenticated and user.is_support_unit:
            return self
        visible = Q(status__in=PUBLIC_STATUSES)
        if user.is_authenticated and user.is_active:
            from .assignments import ResearcherAssignment

            assignments = ResearcherAssignment.objects.filter(user=user)
            visible |= Q(plan__in=assignments.filter(plan__isnull=False).values("plan"))
            visible |= Q(plan__government__in=assignments.filter(plan__isnull=True).values("government"))
            contact = user.point_of_contact
            if contact is not None:
                visible |= Q(plan__government_id=contact.government_id) & ~Q(status=ReviewStatus.RESEARCH)
        return self.filter(visible)

    def start(self, plan: ActionPlan, kind: str, *, by: User, uses_older_method: bool = False) -> Review:
        """Start a review of `plan`, in research; audited. One review of each kind per plan.

        Refused when the plan is not at the stage the kind reviews (`plan_not_ready`) or that kind
        of review already exists (`review_exists`).
        """
        with transaction.atomic():
            locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
            if locked.status not in PLAN_STATUSES_FOR_KIND[kind]:
                raise ValidationError(
                    _("A %(kind)s cannot start while the plan is “%(status)s”."),
                    code="plan_not_ready",
                    params={"kind": ReviewKind(kind).label.lower(), "status": locked.get_status_display()},
                )
            if self.filter(plan=locked, kind=kind).exists():
                raise ValidationError(
                    _("This plan already has a %(kind)s."),
                    code="review_exists",
                    params={"kind": ReviewKind(kind).label.lower()},
                )
            review = Review(plan=locked, kind=kind, researcher=by, uses_older_method=uses_older_method)
            review.due_on = review.compute_due_date()
            review.save()
            AuditEntry.objects.log(review, "irm_review.started", actor=by, kind=kind, plan=locked.pk)
        return review


class Review(models.Model):
    """One IRM product on one action plan, with its per-commitment assessments and its comments."""

    Kind = ReviewKind
    Status = ReviewStatus

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="irm_reviews", verbose_name=_("plan"))
    kind = models.CharField(_("report type"), max_length=32, choices=ReviewKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.RESEARCH)
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("researcher")
    )
    uses_older_method = models.BooleanField(
        _("assessed under the older method"),
        default=False,
        help_text=_("Plans assessed before 2021: specificity and potential impact, and the starred flag."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Paragraphs separated by a blank line."))

    forum_meets_regularly = models.CharField(
        _("the forum meets at least every six months"), max_length=3, choices=YesNo.choices, blank=True
    )
    forum_rules_public = models.CharField(
        _("the forum's rules of participation are public"), max_length=3, choices=YesNo.choices, blank=True
    )
    repository_public = models.CharField(
        _("a public OGP page with a document repository"), max_length=3, choices=YesNo.choices, blank=True
    )
    minimum_requirements_note = models.TextField(_("notes on the minimum requirements"), blank=True)

    due_on = models.DateField(_("due on"), null=True, blank=True)
    overdue_flagged_on = models.DateField(null=True, blank=True, editable=False)
    shared_at = models.DateTimeField(_("shared with the government at"), null=True, blank=True)
    comment_opens_on = models.DateField(_("public comment opens on"), null=True, blank=True)
    comment_closes_on = models.DateField(_("public comment closes on"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("public comment ended at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    changes_note = models.TextField(
        _("what changed after comments"), blank=True, help_text=_("Shown on the published report.")
    )
    # The draft as put out for public comment, so that the published report can show what changed.
    draft_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # Bumped by every save of the review's fields, so that a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "kind"]
        verbose_name = _("IRM review")
        verbose_name_plural = _("IRM reviews")
        constraints = [
            choices_constraint("kind", ReviewKind, "irm_review_kind_valid"),
            choices_constraint("status", ReviewStatus, "irm_review_status_valid"),
            models.UniqueConstraint(fields=["plan", "kind"], name="irm_review_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.plan}"

    def get_absolute_url(self) -> str:
        return reverse("irm:review-detail", args=[self.pk])

    # --- Questions templates and views ask -------------------------------------------------

    @property
    def is_assessing(self) -> bool:
        return self.kind in ASSESSING_KINDS

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    def compute_due_date(self) -> datetime.date | None:
        """When the IRM owes this product, from the plan's dates (months are settings, not constants).

        Action plan review: within IRM_ACTION_PLAN_REVIEW_MONTHS of submission. Results report:
        IRM_RESULTS_REPORT_MONTHS after the plan's end. Co-creation brief: before the draft goes
        to public comment. None while the date it counts from is unknown.
        """
        plan = self.plan
        if self.kind == ReviewKind.ACTION_PLAN_REVIEW:
            if plan.submitted_at is None:
                return None
            return timezone.localdate(plan.submitted_at) + relativedelta(months=settings.IRM_ACTION_PLAN_REVIEW_MONTHS)
        if self.kind == ReviewKind.RESULTS_REPORT:
            return plan.end_date + relativedelta(months=settings.IRM_RESULTS_REPORT_MONTHS)
        return plan.comment_opens_on

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.is_published and self.due_on is not None and self.due_on < (today or timezone.localdate())

    def comment_period_state(self, today: datetime.date | None = None) -> str:
        return period_state(self.comment_opens_on, self.comment_closes_on, today)

    @property
    def is_open_for_comment(self) -> bool:
        return self.status == ReviewStatus.PUBLIC_COMMENT and self.comment_period_state() == "open"

    @property
    def accepts_government_comments(self) -> bool:
        return self.status == ReviewStatus.SHARED

    @property
    def minimum_requirements_met(self) -> bool | None:
        """All three confirmed: True; any one not met: False; not all answered yet: None."""
        answers = [getattr(self, name) for name in MINIMUM_REQUIREMENTS]
        if YesNo.NO in answers:
            return False
        return True if all(answers) else None

    def missing_assessments(self) -> list[Any]:
        """The plan's commitments this review has not assessed yet (none for a co-creation brief)."""
        if not self.is_assessing:
            return []
        assessed = self.assessments.values("commitment_id")
        return list(self.plan.commitments.exclude(pk__in=assessed).order_by("number"))

    def sharing_blockers(self) -> list[str]:
        """What stands between the draft and sharing it with the government, in words a researcher acts on."""
        blockers = []
        if not self.summary.strip():
            blockers.append(str(_("Write the summary.")))
        missing = self.missing_assessments()
        if missing:
            numbers = ", ".join(str(commitment.number) for commitment in missing)
            blockers.append(str(_("Assess every commitment (still to do: %(numbers)s).") % {"numbers": numbers}))
        if self.is_assessing and self.minimum_requirements_met is None:
            blockers.append(str(_("Confirm the co-creation minimum requirements.")))
        return blockers

    def snapshot(self) -> dict[str, Any]:
        """The review's text and scores as they are now (JSON), to compare the final report with the draft."""
        from .assessments import ASSESSMENT_FIELDS

        return {
            "summary": self.summary,
            **{name: getattr(self, name) for name in MINIMUM_REQUIREMENTS},
            "assessments": {
                str(assessment.commitment_id): {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS}
                for assessment in self.assessments.all()
            },
        }

    def changes_since_draft(self) -> list[tuple[int | None, str, Any, Any]]:
        """What differs between the draft put out for public comment and the review now, field by field:
        `(commitment id or None for the review itself, field, before, after)`. Empty before public comment."""
        if not self.draft_snapshot:
            return []
        from .assessments import ASSESSMENT_FIELDS, RELEVANCE_FIELDS

        before, after = self.draft_snapshot, self.snapshot()
        changes: list[tuple[int | None, str, Any, Any]] = [
            (None, name, before.get(name, ""), after[name])
            for name in ("summary", *MINIMUM_REQUIREMENTS)
            if before.get(name, "") != after[name]
        ]
        was, now = before.get("assessments", {}), after["assessments"]
        for key in sorted(set(was) | set(now), key=int):
            for name in ASSESSMENT_FIELDS:
                empty = False if name in RELEVANCE_FIELDS else ""
                old, new = was.get(key, {}).get(name, empty), now.get(key, {}).get(name, empty)
                if old != new:
                    changes.append((int(key), name, old, new))
        return changes

    # --- Transitions: one method each, audited, notified after commit -----------------------

    def _locked(self) -> Review:
        return Review.objects.select_for_update().select_related("plan", "plan__government").get(pk=self.pk)

    def _refresh_from(self, locked: Review) -> None:
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(locked, field.attname))

    def _require_status(self, locked: Review, allowed: tuple[str, ...], message: Any, code: str) -> None:
        if locked.status not in allowed:
            raise ValidationError(message, code=code, params={"status": locked.get_status_display()})

    def _move(self, locked: Review, to_status: str, by: User | None, verb: str, **data: Any) -> None:
        from_status = locked.status
        locked.status = to_status
        locked.save()
        AuditEntry.objects.log(
            locked, f"irm_review.{verb}", actor=by, from_status=from_status, to_status=to_status, **data
        )
        from ..tasks import send_review_notice

        send_review_notice.delay_on_commit(locked.pk, verb)

    def save_fields(self, data: Mapping[str, Any], *, expected_version: int, by: User) -> None:
        """Save the summary and minimum requirements, if nobody saved them since `expected_version`; audited.

        Refused once public comment has opened on the draft (`not_editable`); a save based on an older
        version raises `EditConflict` and changes nothing.
        """
        with transaction.atomic():
            locked = self._locked()
            self._require_status(
                locked, EDITABLE_STATUSES, _("A review that is “%(status)s” cannot be edited."), "not_editable"
            )
            if locked.version != expected_version:
                raise EditConflict(locked)
            values = {name: data[name] for name in REVIEW_FIELDS if name in data}
            changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
            updated = Review.objects.filter(pk=self.pk, version=expected_version).update(
                **values, version=models.F("version") + 1, updated_at=timezone.now()
            )
            if updated != 1:
                raise EditConflict(locked)
            AuditEntry.objects.log(
                locked, "irm_review.edited", actor=by, version=expected_version + 1, changed_fields=changed
            )
        self.refresh_from_db()

    def share_with_government(self, *, by: User) -> bool:
        """Send the draft to the government for pre-publication comment; False if already shared.

        Refused unless in research (`not_in_research`) and complete (`not_ready`).
        """
        with transaction.atomic():
            locked = self._locked()
            if locked.shared_at is not None:
                self._refresh_from(locked)
                return False
            self._require_status(
                locked,
                (ReviewStatus.RESEARCH,),
                _("A review that is “%(status)s” cannot be shared."),
                "not_in_research",
            )
            blockers = locked.sharing_blockers()
            if blockers:
                raise ValidationError([ValidationError(text, code="not_ready") for text in blockers])
            locked.shared_at = timezone.now()
            self._move(locked, ReviewStatus.SHARED, by, "shared")
        self._refresh_from(locked)
        return True

    def open_public_comment(self, *, opens_on: datetime.date, closes_on: datetime.date, by: User) -> None:
        """Put the draft out for public comment, at least IRM_PUBLIC_COMMENT_MIN_DAYS days; audited, notified.

        Opens from "shared with the government"; during public comment the dates may move until it
        opens, then only be extended. The draft is frozen as put out (the final report shows what
        changed). Refused: `not_shared`, `period_too_short`, `opens_in_the_past`, `period_already_open`.
        """
        check_comment_period(opens_on, closes_on, settings.IRM_PUBLIC_COMMENT_MIN_DAYS)
        today = timezone.localdate()
        with transaction.atomic():
            locked = self._locked()
            self._require_status(
                locked,
                (ReviewStatus.SHARED, ReviewStatus.PUBLIC_COMMENT),
                _("A review that is “%(status)s” cannot be opened for public comment."),
                "not_shared",
            )
            already_open = (
                locked.status == ReviewStatus.PUBLIC_COMMENT and locked.comment_period_state(today) != "upcoming"
            )
            check_comment_period_change(
                opens_on=opens_on,
                closes_on=closes_on,
                current=(locked.comment_opens_on, locked.comment_closes_on),
                already_open=already_open,
                today=today,
            )
            if (locked.comment_opens_on, locked.comment_closes_on) == (opens_on, closes_on):
                self._refresh_from(locked)
                return
            locked.comment_opens_on, locked.comment_closes_on = opens_on, closes_on
            if locked.status == ReviewStatus.SHARED:
                locked.draft_snapshot = locked.snapshot()
                self._move(
                    locked,
                    ReviewStatus.PUBLIC_COMMENT,
                    by,
                    "public_comment_opened",
                    opens_on=str(opens_on),
                    closes_on=str(closes_on),
                )
            else:
                locked.save(update_fields=["comment_opens_on", "comment_closes_on"])
                AuditEntry.objects.log(
                    locked,
                    "irm_review.public_comment_moved",
                    actor=by,
                    opens_on=str(opens_on),
                    closes_on=str(closes_on),
                )
        self._refresh_from(locked)

    def finalisation_blockers(self, today: datetime.date | None = None) -> list[str]:
        blockers = []
        if self.comment_period_state(today) != "closed":
            blockers.append(
                str(_("Public comment closes on %(date)s.") % {"date": formats.date_format(self.comment_closes_on)})
                if self.comment_closes_on
                else str(_("Public comment has not been held."))
            )
        unanswered = self.comments.filter(answered_at__isnull=True).count()
        if unanswered:
            blockers.append(
                str(_("Answer every comment on the draft (%(count)d still unanswered).") % {"count": unanswered})
            )
        return blockers

    def finalise(self, *, by: User) -> bool:
        """Close public comment and prepare the final report; False if already past it.

        Refused before the period has closed or while a comment is unanswered (`not_ready`).
        """
        with transaction.atomic():
            locked = self._locked()
            if locked.finalised_at is not None:
                self._refresh_from(locked)
                return False
            self._require_status(
                locked,
                (ReviewStatus.PUBLIC_COMMENT,),
                _("A review that is “%(status)s” is not in public comment."),
                "not_in_public_comment",
            )
            blockers = locked.finalisation_blockers()
            if blockers:
                raise ValidationError([ValidationError(text, code="not_ready") for text in blockers])
            locked.finalised_at = timezone.now()
            self._move(locked, ReviewStatus.FINAL, by, "finalised")
        self._refresh_from(locked)
        return True

    def publish(self, *, by: User) -> bool:
        """Publish the final report; False if already published. The government's procedural findings
        are recomputed after commit (a published review may show minimum requirements not met or no progress).

        Refused unless final (`not_final`) and still complete (`not_ready`).
        """
        from ..tasks import recompute_procedural_review

        with transaction.atomic():
            locked = self._locked()
            if locked.published_at is not None:
                self._refresh_from(locked)
                return False
            self._require_status(
                locked, (ReviewStatus.FINAL,), _("A review that is “%(status)s” cannot be published."), "not_final"
            )
            blockers = locked.sharing_blockers()
            if blockers:
                raise ValidationError([ValidationError(text, code="not_ready") for text in blockers])
            locked.published_at = timezone.now()
            self._move(locked, ReviewStatus.PUBLISHED, by, "published")
            recompute_procedural_review.delay_on_commit(locked.plan.government_id)
        self._refresh_from(locked)
        return True

    def flag_overdue(self, today: datetime.date) -> bool:
        """Recompute the due date and, the first day it has passed, tell staff once; False otherwise."""
        with transaction.atomic():
            locked = self._locked()
            due_on = locked.compute_due_date()
            if due_on != locked.due_on:
                locked.due_on = due_on
                locked.save(update_fields=["due_on"])
            if locked.overdue_flagged_on is not None or not locked.is_overdue(today):
                self._refresh_from(locked)
                return False
            locked.overdue_flagged_on = today
            locked.save(update_fields=["overdue_flagged_on"])
            AuditEntry.objects.log(locked, "irm_review.overdue", due_on=str(locked.due_on))
            from ..tasks import send_review_notice

            send_review_notice.delay_on_commit(locked.pk, "overdue")
        self._refresh_from(locked)
        return True
