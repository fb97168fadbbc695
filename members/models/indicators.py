"""Indicator observations and the imports that set them: a file is read whole or not at all.

The file layouts are `members.indicator_formats` (pure); this module keeps what they yield
for `members.models.eligibility` to assess.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..indicator_formats import (
    MAX_YEAR,
    MIN_YEAR,
    ImportFormat,
    ImportFormatError,
    IndicatorRow,
    parse,
    resolve_country_name,
)
from ..scoring import INDICATORS, Observation
from .audit import AuditEntry
from .governments import Government

if TYPE_CHECKING:
    from .people import User
    from .refresh import RefreshRun

INDICATOR_CHOICES = [(slug, spec.verbose_name) for slug, spec in INDICATORS.items()]
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def year_constraint(name: str) -> models.CheckConstraint:
    """Years the import accepts: anything else is a typo, not history."""
    return models.CheckConstraint(condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name=name)


# --- Imports ---------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class IndicatorImportQuerySet(models.QuerySet["IndicatorImport"]):
    def succeeded(self) -> IndicatorImportQuerySet:
        return self.filter(status=ImportStatus.SUCCEEDED)

    def failed(self) -> IndicatorImportQuerySet:
        return self.filter(status=ImportStatus.FAILED)

    def run(
        self,
        content: bytes,
        fmt: str,
        *,
        source_name: str,
        by: User | None = None,
        year: int | None = None,
        vintage: str | None = None,
        refresh_run: RefreshRun | None = None,
    ) -> IndicatorImport:
        """Import a whole indicator file, or nothing of it; returns the import row either way.

        A refused file gives a failed import (`succeeded` False, `errors` with line numbers)
        and changes no observation; the row is saved outside any transaction of ours, so the
        failure stays on record. Callers check `.succeeded` (a bad file is expected input, not
        an exception). Re-importing the same file changes nothing (`rows_imported` is 0).
        """
        if fmt not in ImportFormat.values:
            raise ValueError(f"Unknown indicator file format {fmt!r}")
        record: dict[str, Any] = {
            "format": fmt,
            "source_name": source_name[:500],
            "content_sha256": hashlib.sha256(content).hexdigest(),
            "imported_by": by if by is not None and by.is_authenticated else None,
            "refresh_run": refresh_run,
            "started_at": timezone.now(),
        }
        government_ids = dict(Government.objects.national().values_list("iso3", "pk"))
        try:
            rows = parse(
                bytes(content),
                fmt,
                known_iso3=government_ids.keys(),
                year=year,
                vintage=vintage,
                resolve_name=resolve_country_name,
            )
            _check_lengths(rows)
        except ImportFormatError as error:
            return self._record_failure(record, error.errors)
        try:
            with transaction.atomic():
                return self._save_rows(record, rows, government_ids)
        except IntegrityError:
            # Only a concurrent import of the same new observations gets here (unique key).
            message = gettext("Another import changed the same observations at the same time. Import the file again.")
            return self._record_failure(record, [message])

    def _record_failure(self, record: dict[str, Any], errors: list[str]) -> IndicatorImport:
        return self.create(**record, status=ImportStatus.FAILED, errors=errors, finished_at=timezone.now())

    def _save_rows(
        self, record: dict[str, Any], rows: list[IndicatorRow], government_ids: dict[str, int]
    ) -> IndicatorImport:
        incoming = {(government_ids[row.iso3], row.indicator, row.year): row for row in rows}
        # One read of every stored observation the file could touch; the rest is compared in memory.
        existing = {
            (observation.government_id, observation.indicator, observation.year): observation
            for observation in IndicatorObservation.objects.filter(
                year__in={row.year for row in rows}, indicator__in={row.indicator for row in rows}
            ).only("government_id", "indicator", "year", "value", "source", "vintage")
        }
        now = timezone.now()
        stored = {key: (row.value, row.source, row.vintage) for key, row in existing.items()}
        to_write = [key for key, row in incoming.items() if stored.get(key) != (row.value, row.source, row.vintage)]
        indicator_import = self.create(
            **record, status=ImportStatus.SUCCEEDED, rows_read=len(rows), rows_imported=len(to_write)
        )
        # An upsert rather than insert + update: a concurrent import of the same keys cannot slip between.
        IndicatorObservation.objects.bulk_create(
            [
                IndicatorObservation(
                    government_id=key[0],
                    indicator=key[1],
                    year=key[2],
                    value=incoming[key].value,
                    source=incoming[key].source,
                    vintage=incoming[key].vintage,
                    imported_at=now,
                    imported_by_import=indicator_import,
                )
                for key in to_write
            ],
            update_conflicts=True,
            unique_fields=["government", "indicator", "year"],
            update_fields=["value", "source", "vintage", "imported_at", "imported_by_import"],
        )
        indicator_import.finished_at = timezone.now()
        indicator_import.save(update_fields=["finished_at"])
        AuditEntry.objects.log(
            indicator_import,
            "indicator_import.succeeded",
            actor=record["imported_by"],
            format=record["format"],
            source_name=record["source_name"],
            rows_read=len(rows),
            rows_imported=len(to_write),
        )
        return indicator_import


def _check_lengths(rows: list[IndicatorRow]) -> None:
    """Refuse text longer than its column, with line numbers, before PostgreSQL would refuse the whole batch."""
    errors = []
    for row in rows:
        for name in ("value", "source", "vintage"):
            limit = IndicatorObservation._meta.get_field(name).max_length
            if limit is not None and len(getattr(row, name)) > limit:
                problem = gettext("the %(column)s is longer than %(limit)s characters.")
                line = gettext("Line %(line)s: %(problem)s")
                errors.append(line % {"line": row.line, "problem": problem % {"column": name, "limit": limit}})
    if errors:
        raise ImportFormatError(errors)


class IndicatorImport(models.Model):
    """One indicator file read into the portal (or refused), with who, when and how many rows."""

    Status = ImportStatus

    format = models.CharField(_("format"), max_length=8, choices=ImportFormat.choices)
    source_name = models.CharField(_("source"), max_length=500, help_text=_("File name or address."))
    content_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
        help_text=_("Empty for automatic imports."),
    )
    refresh_run = models.ForeignKey(
        "members.RefreshRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("refresh run"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(
        _("rows imported"), default=0, help_text=_("Observations that were new or changed.")
    )
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    objects = IndicatorImportQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")
        constraints = [
            choices_constraint("format", ImportFormat, "indicator_import_format_valid"),
            choices_constraint("status", ImportStatus, "indicator_import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def succeeded(self) -> bool:
        return self.status == ImportStatus.SUCCEEDED


class IndicatorObservationQuerySet(models.QuerySet["IndicatorObservation"]):
    def for_year(self, year: int) -> IndicatorObservationQuerySet:
        return self.filter(year=year)


class IndicatorObservation(models.Model):
    """The value of one indicator for one country and year, as last imported."""

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="indicator_observations", verbose_name=_("government")
    )
    indicator = models.CharField(_("indicator"), max_length=32, choices=INDICATOR_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.CharField(_("value"), max_length=32)
    source = models.CharField(_("source"), max_length=200, blank=True)
    vintage = models.CharField(_("vintage"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by_import = models.ForeignKey(
        IndicatorImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("set by import"),
    )

    objects = IndicatorObservationQuerySet.as_manager()

    class Meta:
        ordering = ["government", "year", "indicator"]
        verbose_name = _("indicator observation")
        verbose_name_plural = _("indicator observations")
        constraints = [
            models.UniqueConstraint(fields=["government", "indicator", "year"], name="observation_unique_key"),
            models.CheckConstraint(condition=Q(indicator__in=list(INDICATORS)), name="observation_indicator_valid"),
            year_constraint("observation_year_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.government_id} {self.year} {self.indicator}={self.value}"

    def as_observation(self) -> Observation:
        return Observation(self.indicator, self.value, self.source, self.vintage)
