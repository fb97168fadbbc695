"""Action plans: a member government's co-created plan, from co-creation to the end of implementation."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext, pgettext_lazy

from members.constraints import choices_constraint
from members.models import AuditEntry, Government
from ogp_portal.i18n import site_language

from .findings import FindingKind, ProcessFinding

if TYPE_CHECKING:
    from members.models import User

    from .documents import PlanDocument
    from .versions import PlanVersion


class PlanStatus(models.TextChoices):
    CO_CREATION = "co_creation", _("Co-creation")
    PUBLIC_COMMENT = "public_comment", _("Public comment")
    SUBMITTED = "submitted", pgettext_lazy("action plan status", "Submitted")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    ENDED = "ended", _("Ended")


# While a plan is drafted its text belongs to the point of contact; from submission on it is final.
DRAFTING_STATUSES = (PlanStatus.CO_CREATION, PlanStatus.PUBLIC_COMMENT)
IMPLEMENTATION_STATUSES = (PlanStatus.IN_IMPLEMENTATION, PlanStatus.ENDED)


class PlanLength(models.IntegerChoices):
    TWO_YEARS = 2, _("Two years")
    FOUR_YEARS = 4, _("Four years")


def period_state(opens_on: datetime.date | None, closes_on: datetime.date | None, today: datetime.date | None) -> str:
    """Where today stands in a comment period that includes both its first and its last day."""
    if opens_on is None or closes_on is None:
        return "none"
    today = today or timezone.localdate()
    if today < opens_on:
        return "upcoming"
    return "open" if today <= closes_on else "closed"


def check_comment_period(
    opens_on: datetime.date | None, closes_on: datetime.date | None, minimum: int | None = None
) -> None:
    """A public comment period lasts at least `minimum` days (default PUBLIC_COMMENT_MIN_DAYS), first and last
    day included."""
    minimum = settings.PUBLIC_COMMENT_MIN_DAYS if minimum is None else minimum
    if opens_on is None or closes_on is None:
        raise ValidationError(_("Give the opening and closing dates of the comment period."), code="dates_required")
    if (closes_on - opens_on).days + 1 < minimum:
        raise ValidationError(
            _("A public comment period lasts at least %(days)d days; this one lasts %(length)d."),
            code="period_too_short",
            params={"days": minimum, "length": (closes_on - opens_on).days + 1},
        )


def check_comment_period_change(
    *,
    opens_on: datetime.date,
    closes_on: datetime.date,
    current: tuple[datetime.date | None, datetime.date | None],
    already_open: bool,
    today: datetime.date,
) -> None:
    """A period cannot start in the past, and once it has opened it can only be extended: otherwise a
    backdated or shortened period would count fewer real days of comment than the minimum."""
    current_opens_on, current_closes_on = current
    if already_open and (opens_on != current_opens_on or closes_on < current_closes_on):
        raise ValidationError(
            _(
                "The comment period opened on %(opens)s: it can only be extended, by moving its closing "
                "date later than %(closes)s."
            ),
            code="period_already_open",
            params={"opens": formats.date_format(current_opens_on), "closes": formats.date_format(current_closes_on)},
        )
    if not already_open and opens_on < today:
        raise ValidationError(
            _("The comment period cannot open in the past: choose today or a later date."),
            code="opens_in_the_past",
        )


def due_date_for(cycle_year: int) -> datetime.date:
    """The day a plan of `cycle_year` is due (31 August by default; a setting, not a constant)."""
    return datetime.date(cycle_year, settings.ACTION_PLAN_DUE_MONTH, settings.ACTION_PLAN_DUE_DAY)


# The fields a point of contact drafts (the creation and edit forms); `save_fields` writes these only.
PLAN_FIELDS = ("number", "title", "length_years", "cycle_year", "co_creation_timeline", "start_date", "end_date")


class EditConflict(ValidationError):
    """Someone else saved this draft (plan or commitment) after the user loaded it; `current` is it as now saved."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(
            _("Someone else saved this while you were editing it. Your changes have not been saved."),
            code="version_conflict",
        )
        self.current = current


def _number_taken(number: int) -> ValidationError:
    return ValidationError(
        _("Number %(number)s is already taken: choose another one."), code="number_taken", params={"number": number}
    )


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def for_government(self, government: Government) -> ActionPlanQuerySet:
        return self.filter(government=government)

    def drafting(self) -> ActionPlanQuerySet:
        return self.filter(status__in=DRAFTING_STATUSES)

    def past_drafting(self) -> ActionPlanQuerySet:
        """Submitted, in implementation or ended: the plans whose text is final, and public with their ids."""
        return self.exclude(status__in=DRAFTING_STATUSES)

    def not_submitted(self) -> ActionPlanQuerySet:
        return self.filter(submitted_at__isnull=True)

    def due_to_start(self, today: datetime.date) -> ActionPlanQuerySet:
        """Submitted plans whose implementation start date has come."""
        return self.filter(status=PlanStatus.SUBMITTED, start_date__lte=today)

    def due_to_end(self, today: datetime.date) -> ActionPlanQuerySet:
        """Plans in implementation whose last day (the end date) has passed."""
        return self.filter(status=PlanStatus.IN_IMPLEMENTATION, end_date__lt=today)

    def past_delivery_cutoff(self, today: datetime.date) -> ActionPlanQuerySet:
        """Undelivered drafts whose 1 January cut-off has come and whose missed deadline is not recorded yet.

        The cut-off is 1 January of the year after the cycle year, so "it has come" is `cycle_year < today.year`.
        Plans past drafting without a delivery date (imported history) are not judged.
        """
        return (
            self.drafting().not_submitted().filter(missed_deadline_recorded_at__isnull=True, cycle_year__lt=today.year)
        )

    def next_number(self, government: Government) -> int:
        """The number a government's next plan gets by default: one more than its highest."""
        highest = self.filter(government=government).aggregate(highest=models.Max("number"))["highest"]
        return (highest or 0) + 1

    def start(self, government: Government, data: Mapping[str, Any], *, by: User) -> ActionPlan:
        """Start a government's plan, in co-creation, from the form's cleaned data; audited.

        The government row is locked so that two plans started at once cannot take the same number;
        a taken number is refused with a ValidationError.
        """
        with transaction.atomic():
            Government.objects.select_for_update().get(pk=government.pk)
            number = data.get("number") or self.next_number(government)
            if self.filter(government=government, number=number).exists():
                raise _number_taken(number)
            plan = ActionPlan(government=government, created_by=by)
            for name in PLAN_FIELDS:
                if name in data:
                    setattr(plan, name, data[name])
            plan.number = number
            if plan.co_creation_timeline.strip():
                plan.timeline_published_at = timezone.now()
            plan.clean()
            plan.save()
            AuditEntry.objects.log(plan, "action_plan.created", actor=by, to_status=plan.status, number=plan.number)
        return plan


class ActionPlan(models.Model):
    """A government's action plan for one cycle.

    Lifecycle: co-creation -> public comment -> submitted -> in implementation -> ended.
    """

    Status = PlanStatus
    Length = PlanLength

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("government")
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("1 for the government's first plan."))
    title = models.CharField(_("title"), max_length=300)
    length_years = models.PositiveSmallIntegerField(
        _("length"), choices=PlanLength.choices, default=PlanLength.TWO_YEARS
    )
    cycle_year = models.PositiveSmallIntegerField(
        _("cycle year"), help_text=_("The year the plan is due (by 31 August).")
    )
    co_creation_timeline = models.TextField(
        _("co-creation timeline"),
        blank=True,
        help_text=_("Steps, dates and ways to take part, published before co-creation starts."),
    )
    timeline_published_at = models.DateTimeField(_("timeline published at"), null=True, blank=True)
    start_date = models.DateField(_("implementation start date"))
    end_date = models.DateField(_("implementation end date"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.CO_CREATION)
    # Bumped by every save of the plan's fields, so that a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    comment_opens_on = models.DateField(_("public comment opens on"), null=True, blank=True)
    comment_closes_on = models.DateField(_("public comment closes on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    implementation_started_at = models.DateTimeField(_("implementation started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Set once, when 1 January after the due date passed without a submission: the government then
    # moved to the other cohort. Also what makes that move happen exactly once.
    missed_deadline_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["government", "-number"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            choices_constraint("status", PlanStatus, "action_plan_status_valid"),
            models.CheckConstraint(condition=Q(length_years__in=[2, 4]), name="action_plan_length_valid"),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="action_plan_dates_order"),
            models.UniqueConstraint(fields=["government", "number"], name="action_plan_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.government} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("action_plans:plan-detail", args=[self.pk])

    # --- Questions templates and views ask -------------------------------------------------

    @property
    def due_date(self) -> datetime.date:
        return due_date_for(self.cycle_year)

    @property
    def late_cutoff(self) -> datetime.date:
        """1 January after the due date: a plan not delivered by then moves the government's cohort."""
        return datetime.date(self.due_date.year + 1, 1, 1)

    @property
    def is_drafting(self) -> bool:
        return self.status in DRAFTING_STATUSES

    def is_editable_by(self, user: Any) -> bool:
        return self.is_drafting and user.has_perm("action_plans.change_plan", self)

    @property
    def is_late(self) -> bool:
        """Delivered after the due date (or still not delivered once it passed)."""
        delivered = timezone.localdate(self.submitted_at) if self.submitted_at else timezone.localdate()
        return delivered > self.due_date

    @property
    def days_late(self) -> int:
        """Days between the due date and delivery (or today, while undelivered); 0 when on time."""
        delivered = timezone.localdate(self.submitted_at) if self.submitted_at else timezone.localdate()
        return max((delivered - self.due_date).days, 0)

    @property
    def implementation_start(self) -> datetime.date:
        """Implementation starts on the start date, or on delivery if the plan came later."""
        if self.submitted_at:
            return max(self.start_date, timezone.localdate(self.submitted_at))
        return self.start_date

    @property
    def implementation_months(self) -> int:
        """Whole months of implementation, from `implementation_start` to the end date, both included.

        The end date is the last day of implementation, so months are counted up to the day after it:
        1 September 2025 - 31 August 2027 is 24 months (counting to 31 August would give 23).
        """
        start, after_end = self.implementation_start, self.end_date + datetime.timedelta(days=1)
        months = (after_end.year - start.year) * 12 + after_end.month - start.month
        if after_end.day < start.day:
            months -= 1
        return max(months, 0)

    @property
    def is_implementation_too_short(self) -> bool:
        return self.implementation_months < settings.ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS

    def comment_period_state(self, today: datetime.date | None = None) -> str:
        """ "none", "upcoming", "open" or "closed": computed from the dates, never stored."""
        return period_state(self.comment_opens_on, self.comment_closes_on, today)

    @property
    def is_open_for_comment(self) -> bool:
        return self.status == PlanStatus.PUBLIC_COMMENT and self.comment_period_state() == "open"

    # --- Transitions: one method each, audited, notified after commit -----------------------

    def _locked(self) -> ActionPlan:
        return ActionPlan.objects.select_for_update().get(pk=self.pk)

    def _refresh_from(self, locked: ActionPlan) -> None:
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(locked, field.attname))

    def _refuse(self, locked: ActionPlan, message: Any, code: str) -> None:
        raise ValidationError(message, code=code, params={"status": locked.get_status_display()})

    def _log(self, locked: ActionPlan, verb: str, by: User | None, from_status: str, **data: Any) -> None:
        AuditEntry.objects.log(
            locked, f"action_plan.{verb}", actor=by, from_status=from_status, to_status=locked.status, **data
        )

    def _notify(self, event: str) -> None:
        from ..tasks import send_plan_notice

        send_plan_notice.delay_on_commit(self.pk, event)

    def open_comment_period(self, *, opens_on: datetime.date, closes_on: datetime.date, by: User) -> None:
        """Open the public comment period on the latest published version; at least the minimum length.

        Allowed from co-creation, and again during public comment to move dates; the same dates
        again change nothing. A period cannot start in the past, and once it has opened it can only
        be extended: otherwise a backdated or shortened period would let a plan be submitted after
        fewer real days of comment than the minimum. Refused (`not_drafting`, `no_version`,
        `period_too_short`, `opens_in_the_past`, `period_already_open`).
        """
        check_comment_period(opens_on, closes_on)
        today = timezone.localdate()
        with transaction.atomic():
            locked = self._locked()
            if locked.status not in DRAFTING_STATUSES:
                self._refuse(
                    locked, _("A plan that is “%(status)s” can no longer be opened for comment."), code="not_drafting"
                )
            if locked.status == PlanStatus.PUBLIC_COMMENT and (locked.comment_opens_on, locked.comment_closes_on) == (
                opens_on,
                closes_on,
            ):
                self._refresh_from(locked)
                return
            already_open = (
                locked.status == PlanStatus.PUBLIC_COMMENT and locked.comment_period_state(today) != "upcoming"
            )
            check_comment_period_change(
                opens_on=opens_on,
                closes_on=closes_on,
                current=(locked.comment_opens_on, locked.comment_closes_on),
                already_open=already_open,
                today=today,
            )
            if not locked.versions.exists():
                raise ValidationError(
                    _("Publish a version of the draft first: comments are made on a published version."),
                    code="no_version",
                )
            from_status = locked.status
            locked.status = PlanStatus.PUBLIC_COMMENT
            locked.comment_opens_on, locked.comment_closes_on = opens_on, closes_on
            locked.save(update_fields=["status", "comment_opens_on", "comment_closes_on"])
            self._log(
                locked, "comment_period_opened", by, from_status, opens_on=str(opens_on), closes_on=str(closes_on)
            )
            locked._notify("comment_period_opened")
        self._refresh_from(locked)

    def submission_blockers(self, today: datetime.date | None = None) -> list[str]:
        """What still stands between the draft and submission, in words a point of contact acts on."""
        blockers = []
        if self.status not in DRAFTING_STATUSES:
            return [str(_("The plan has already been submitted."))]
        state = self.comment_period_state(today)
        if state == "none":
            blockers.append(str(_("The public comment period has not been held.")))
        elif state != "closed":
            blockers.append(
                str(
                    _("The public comment period closes on %(date)s.")
                    % {"date": formats.date_format(self.comment_closes_on)}
                )
            )
        unanswered = self.comments.on_draft().unanswered().count()
        if unanswered:
            blockers.append(
                str(
                    ngettext(
                        "%(count)d comment still has no reasoned response.",
                        "%(count)d comments still have no reasoned response.",
                        unanswered,
                    )
                    % {"count": unanswered}
                )
            )
        if not self.commitments.exists():
            blockers.append(str(_("The plan has no commitments.")))
        return blockers

    def submit(self, *, by: User) -> bool:
        """Submit the final plan: comment period closed and every comment answered.

        Publishes the final text as a last version. Returns False, doing nothing, when the plan
        is already submitted (a double click submits once); refused (`not_drafting`, `not_ready`)
        otherwise. A plan delivered on or after the 1 January cut-off also records the missed
        deadline, once (the daily task may have recorded it already).
        """
        with transaction.atomic():
            locked = self._locked()
            if locked.submitted_at is not None:
                self._refresh_from(locked)
                return False
            if locked.status not in DRAFTING_STATUSES:
                self._refuse(locked, _("A plan that is “%(status)s” cannot be submitted."), code="not_drafting")
            blockers = locked.submission_blockers()
            if blockers:
                raise ValidationError([ValidationError(text, code="not_ready") for text in blockers])
            version = locked.publish_version(by=by, note=site_language(gettext_noop("Final plan as submitted")))
            from_status = locked.status
            locked.status = PlanStatus.SUBMITTED
            locked.submitted_at, locked.submitted_by = timezone.now(), by
            locked.save(update_fields=["status", "submitted_at", "submitted_by"])
            self._log(
                locked,
                "submitted",
                by,
                from_status,
                late=locked.is_late,
                days_late=locked.days_late,
                implementation_months=locked.implementation_months,
                version=version.number,
            )
            locked._notify("submitted")
            if timezone.localdate(locked.submitted_at) >= locked.late_cutoff:
                locked.record_missed_deadline()
                # record_missed_deadline saved its timestamp through its own copy of the row.
                locked.refresh_from_db(fields=["missed_deadline_recorded_at"])
        self._refresh_from(locked)
        return True

    def start_implementation(self, *, by: User | None = None, today: datetime.date | None = None) -> bool:
        """A submitted plan whose start date has come goes into implementation; audited, notified after commit.

        Returns False, doing nothing, when it is already in implementation or ended (the daily task
        may run twice). Refused before submission (`not_submitted`) and before the start date (`not_due`).
        """
        today = today or timezone.localdate()
        with transaction.atomic():
            locked = self._locked()
            if locked.status in IMPLEMENTATION_STATUSES:
                self._refresh_from(locked)
                return False
            if locked.status != PlanStatus.SUBMITTED:
                self._refuse(
                    locked,
                    _("A plan that is “%(status)s” has not been submitted: its implementation cannot start."),
                    code="not_submitted",
                )
            if locked.start_date > today:
                raise ValidationError(
                    _("Implementation starts on %(date)s."),
                    code="not_due",
                    params={"date": formats.date_format(locked.start_date)},
                )
            locked.status = PlanStatus.IN_IMPLEMENTATION
            locked.implementation_started_at = timezone.now()
            locked.save(update_fields=["status", "implementation_started_at"])
            self._log(locked, "implementation_started", by, PlanStatus.SUBMITTED)
            locked._notify("implementation_started")
        self._refresh_from(locked)
        return True

    def end(self, *, by: User | None = None, today: datetime.date | None = None) -> bool:
        """A plan in implementation whose end date has passed has ended; audited, notified after commit.

        Returns False, doing nothing, when it has already ended. Refused when it is not in
        implementation (`not_in_implementation`) or its last day has not passed (`not_due`).
        """
        today = today or timezone.localdate()
        with transaction.atomic():
            locked = self._locked()
            if locked.status == PlanStatus.ENDED:
                self._refresh_from(locked)
                return False
            if locked.status != PlanStatus.IN_IMPLEMENTATION:
                self._refuse(
                    locked,
                    _("A plan that is “%(status)s” is not in implementation: it cannot end."),
                    code="not_in_implementation",
                )
            if locked.end_date >= today:
                raise ValidationError(
                    _("The implementation period runs until %(date)s."),
                    code="not_due",
                    params={"date": formats.date_format(locked.end_date)},
                )
            locked.status = PlanStatus.ENDED
            locked.ended_at = timezone.now()
            locked.save(update_fields=["status", "ended_at"])
            self._log(locked, "ended", by, PlanStatus.IN_IMPLEMENTATION)
            locked._notify("ended")
        self._refresh_from(locked)
        return True

    def record_missed_deadline(self, today: datetime.date | None = None) -> bool:
        """1 January after the due date passed without delivery: the government moves to the other
        cohort and the cycle is contrary to process (a ProcessFinding). Happens once per plan; False,
        doing nothing, when already recorded or not due (delivered before the cut-off, or not there yet).
        """
        from members.models import Cohort

        today = today or timezone.localdate()
        with transaction.atomic():
            locked = self._locked()
            delivered = timezone.localdate(locked.submitted_at) if locked.submitted_at else None
            if locked.missed_deadline_recorded_at is not None:
                return False
            if delivered is None and locked.status not in DRAFTING_STATUSES:
                # Past drafting with no delivery date: imported history, whose delivery we don't know.
                return False
            if (delivered or today) < locked.late_cutoff:
                return False
            locked.missed_deadline_recorded_at = timezone.now()
            locked.save(update_fields=["missed_deadline_recorded_at"])
            ProcessFinding.objects.record(
                plan=locked,
                kind=FindingKind.NOT_DELIVERED_BY_JANUARY,
                cycle_year=locked.cycle_year,
                details=site_language(
                    gettext_noop("Not delivered before %(cutoff)s (due %(due)s)."),
                    cutoff=locked.late_cutoff.isoformat(),
                    due=locked.due_date.isoformat(),
                ),
            )
            # A government with no cohort recorded yet is in the cohort of its plan's cycle year.
            cohort = locked.government.move_to_other_cohort(
                reason=site_language(
                    gettext_noop("Action plan %(number)s was not delivered before %(cutoff)s."),
                    number=locked.number,
                    cutoff=locked.late_cutoff.isoformat(),
                ),
                current=Cohort.ODD if locked.cycle_year % 2 else Cohort.EVEN,
            )
            AuditEntry.objects.log(
                locked,
                "action_plan.missed_deadline",
                from_status=locked.status,
                to_status=locked.status,
                cutoff=locked.late_cutoff.isoformat(),
                delivered_on=delivered.isoformat() if delivered else None,
                cohort=cohort,
            )
            locked._notify("missed_deadline")
        self._refresh_from(locked)
        return True

    def publish_version(self, *, by: User, note: str = "") -> PlanVersion:
        """Publish the draft as it is now as a new immutable version; audited."""
        from .versions import PlanVersion, snapshot_of

        with transaction.atomic():
            locked = self._locked()
            if locked.status not in DRAFTING_STATUSES:
                self._refuse(locked, _("A plan that is “%(status)s” has no draft to publish."), code="not_drafting")
            latest = locked.versions.order_by("-number").first()
            version = PlanVersion.objects.create(
                plan=locked,
                number=(latest.number + 1) if latest else 1,
                snapshot=snapshot_of(locked),
                note=note,
                published_by=by,
            )
            AuditEntry.objects.log(locked, "action_plan.version_published", actor=by, version=version.number)
        return version

    def save_fields(self, data: Mapping[str, Any], *, expected_version: int, by: User) -> None:
        """Save the plan's drafted fields, if nobody else saved them since `expected_version`; audited.

        As `LetterOfIntent.save_draft`: the conditional UPDATE (`WHERE version = expected`) is what
        guarantees that a save based on an old version changes nothing; it raises `EditConflict`.
        """
        with transaction.atomic():
            locked = self._locked()
            if locked.status not in DRAFTING_STATUSES:
                self._refuse(locked, _("A plan that is “%(status)s” can no longer be edited."), code="not_drafting")
            if locked.version != expected_version:
                raise EditConflict(locked)
            values = {name: data[name] for name in PLAN_FIELDS if name in data}
            number = values.get("number", locked.number)
            if (
                number != locked.number
                and ActionPlan.objects.filter(government_id=locked.government_id, number=number).exists()
            ):
                raise _number_taken(number)
            start, end = values.get("start_date", locked.start_date), values.get("end_date", locked.end_date)
            if end <= start:
                raise ValidationError({"end_date": _("The plan must end after it starts.")}, code="end_before_start")
            # The deadline rules all follow from the cycle year: once its due date has passed, moving
            # the plan to another cycle would erase its lateness and the 1 January cut-off.
            cycle_year = values.get("cycle_year", locked.cycle_year)
            if cycle_year != locked.cycle_year and timezone.localdate() > locked.due_date:
                raise ValidationError(
                    {
                        "cycle_year": ValidationError(
                            _("The plan was due on %(due)s: its cycle year can no longer change."),
                            code="cycle_year_locked",
                            params={"due": formats.date_format(locked.due_date)},
                        )
                    }
                )
            changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
            if values.get("co_creation_timeline", "").strip() and locked.timeline_published_at is None:
                values["timeline_published_at"] = timezone.now()
            updated = ActionPlan.objects.filter(pk=self.pk, version=expected_version).update(
                **values, version=models.F("version") + 1, updated_at=timezone.now()
            )
            if updated != 1:
                raise EditConflict(locked)
            AuditEntry.objects.log(
                locked, "action_plan.edited", actor=by, version=expected_version + 1, changed_fields=changed
            )
        self.refresh_from_db()

    def add_document(self, *, title: str, by: User, file: Any = None, url: str = "") -> PlanDocument:
        """Add a file or a link (exactly one) to the plan's public document repository; audited."""
        if bool(file) == bool(url):
            raise ValidationError(_("Give either a file or a link, not both."), code="file_or_link")
        from .documents import PlanDocument

        with transaction.atomic():
            locked = self._locked()
            document = PlanDocument(plan=locked, title=title, url=url or "", added_by=by)
            if file:
                document.file = file
            document.save()
            AuditEntry.objects.log(
                locked, "action_plan.document_added", actor=by, document=document.pk, title=title, link=url or ""
            )
        return document

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The plan must end after it starts.")}, code="end_before_start")


__all__ = [
    "ActionPlan",
    "ActionPlanQuerySet",
    "DRAFTING_STATUSES",
    "EditConflict",
    "PLAN_FIELDS",
    "IMPLEMENTATION_STATUSES",
    "PlanLength",
    "PlanStatus",
    "check_comment_period",
    "check_comment_period_change",
    "due_date_for",
    "period_state",
]
