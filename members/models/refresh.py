"""A yearly eligibility refresh: download each indicator source, import it, recompute the year.

The work itself is `members.tasks.refresh_eligibility`; this row is its progress and its
record, saved after every step so a page can poll it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..indicator_formats import MAX_YEAR, MIN_YEAR
from .audit import AuditEntry

if TYPE_CHECKING:
    from .eligibility import IndicatorImport, RecomputeResult
    from .people import User

# A malformed file can have thousands of line errors; the failed import row keeps them all.
MAX_ERRORS_PER_SOURCE = 50


class RefreshRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class RefreshRunQuerySet(models.QuerySet["RefreshRun"]):
    def for_year(self, year: int) -> RefreshRunQuerySet:
        return self.filter(year=year)

    def unfinished(self) -> RefreshRunQuerySet:
        return self.filter(status__in=[RefreshRunStatus.QUEUED, RefreshRunStatus.RUNNING])

    def queue(self, year: int, *, by: User | None = None, recompute_only: bool = False) -> RefreshRun:
        """Create a refresh of `year` and hand it to a worker once the transaction commits."""
        from ..tasks import refresh_eligibility

        run = self.create(
            year=year, started_by=by if by is not None and by.is_authenticated else None, recompute_only=recompute_only
        )
        refresh_eligibility.delay_on_commit(run.pk)
        return run


class RefreshRun(models.Model):
    """One run of the yearly eligibility refresh: its status, progress, counts and errors."""

    Status = RefreshRunStatus

    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=RefreshRunStatus.choices, default=RefreshRunStatus.QUEUED
    )
    recompute_only = models.BooleanField(
        _("recompute only"), default=False, help_text=_("Skip the sources and recompute from stored data.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
        help_text=_("Empty for the yearly automatic run."),
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    sources_total = models.PositiveSmallIntegerField(_("sources"), default=0)
    sources_done = models.PositiveSmallIntegerField(_("sources done"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    changed_governments = models.JSONField(
        _("changed governments"),
        default=list,
        blank=True,
        help_text=_("ISO codes whose result differs from the previous year's."),
    )
    errors = models.JSONField(_("errors"), default=list, blank=True)

    objects = RefreshRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("eligibility refresh")
        verbose_name_plural = _("eligibility refreshes")
        constraints = [
            choices_constraint("status", RefreshRunStatus, "refresh_run_status_valid"),
            models.CheckConstraint(condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="refresh_run_year_valid"),
            models.CheckConstraint(
                condition=Q(sources_done__lte=models.F("sources_total")), name="refresh_run_progress_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RefreshRunStatus.SUCCEEDED, RefreshRunStatus.FAILED)

    @property
    def progress(self) -> int:
        """Percent done, 0 to 100. The recompute after the sources counts as one more step."""
        if self.is_finished:
            return 100
        if self.status == RefreshRunStatus.QUEUED:
            return 0
        return self.sources_done * 100 // (self.sources_total + 1)

    def start(self, *, sources_total: int) -> bool:
        """Claim a queued run for this worker. Only the worker whose update moved it to running gets True."""
        now = timezone.now()
        # A conditional update is the claim: a second worker (a redelivered task) updates 0 rows.
        claimed = RefreshRun.objects.filter(pk=self.pk, status=RefreshRunStatus.QUEUED).update(
            status=RefreshRunStatus.RUNNING, started_at=now, sources_total=sources_total
        )
        if claimed:
            self.status, self.started_at, self.sources_total = RefreshRunStatus.RUNNING, now, sources_total
        return claimed == 1

    def record_source(
        self, source: str, *, indicator_import: IndicatorImport | None = None, errors: Sequence[str] = ()
    ) -> None:
        """Count one source as done, with its import's rows or its errors; saved at once for progress pages."""
        with transaction.atomic():
            locked = self._lock(RefreshRunStatus.RUNNING)
            locked.sources_done += 1
            if indicator_import is not None:
                locked.rows_read += indicator_import.rows_read
                locked.rows_imported += indicator_import.rows_imported
            kept = list(errors[:MAX_ERRORS_PER_SOURCE])
            if len(errors) > len(kept):
                kept.append(gettext("… and %(count)s more errors.") % {"count": len(errors) - len(kept)})
            locked.errors = [*locked.errors, *({"source": source, "message": str(message)} for message in kept)]
            self._save(locked, ["sources_done", "rows_read", "rows_imported", "errors"])

    def finish(self, result: RecomputeResult) -> None:
        """Mark the run done with the governments whose result changed; audited."""
        with transaction.atomic():
            locked = self._lock(RefreshRunStatus.RUNNING)
            locked.status = RefreshRunStatus.SUCCEEDED
            locked.finished_at = timezone.now()
            locked.changed_governments = list(result.changed)
            self._save(locked, ["status", "finished_at", "changed_governments"])
            self._audit(
                "eligibility_refresh.finished",
                assessed=result.assessed,
                changed=list(result.changed),
                put_under_review=list(result.put_under_review),
                review_lifted=list(result.review_lifted),
                became_eligible=list(result.became_eligible),
                no_longer_eligible=list(result.no_longer_eligible),
            )

    def fail(self, error: str) -> None:
        """Mark the run failed (an unexpected error stopped it); audited. Imports already done stay."""
        with transaction.atomic():
            locked = self._lock(RefreshRunStatus.QUEUED, RefreshRunStatus.RUNNING)
            locked.status = RefreshRunStatus.FAILED
            locked.finished_at = timezone.now()
            locked.errors = [*locked.errors, {"source": "", "message": error}]
            self._save(locked, ["status", "finished_at", "errors"])
            self._audit("eligibility_refresh.failed", error=error)

    def _lock(self, *allowed: str) -> RefreshRun:
        locked = RefreshRun.objects.select_for_update().get(pk=self.pk)
        if locked.status not in allowed:
            raise ValidationError(
                _("This refresh is “%(status)s”; it cannot be changed now."),
                code="refresh_run_state",
                params={"status": locked.get_status_display()},
            )
        return locked

    def _save(self, locked: RefreshRun, fields: list[str]) -> None:
        locked.save(update_fields=fields)
        for name in fields:
            setattr(self, name, getattr(locked, name))

    def _audit(self, action: str, **data: Any) -> None:
        AuditEntry.objects.log(
            self,
            action,
            actor=self.started_by,
            year=self.year,
            sources_done=self.sources_done,
            rows_read=self.rows_read,
            rows_imported=self.rows_imported,
            errors=len(self.errors),
            **data,
        )
