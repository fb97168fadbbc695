"""Yearly eligibility: the assessment of each government from its observations, and staff overrides.

The rules themselves are `members.scoring` (pure); this module feeds them stored
observations and overrides (`members.models.indicators`) and keeps the results.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..fields import HttpsURLField
from ..scoring import MAX_POINTS, Assessment, CoreResult, Criterion, Observation, Thresholds, ValuesCheck
from ..scoring import assess as score
from .audit import AuditEntry
from .governments import Government, MembershipStatus
from .indicators import YEAR_VALIDATORS, IndicatorObservation, year_constraint

if TYPE_CHECKING:
    from .people import User

POINTS_VALIDATORS = [MaxValueValidator(MAX_POINTS)]


def _points_constraint(field_name: str, name: str, *, nullable: bool) -> models.CheckConstraint:
    in_range = Q(**{f"{field_name}__gte": 0, f"{field_name}__lte": MAX_POINTS})
    return models.CheckConstraint(
        condition=(Q(**{f"{field_name}__isnull": True}) | in_range) if nullable else in_range, name=name
    )


# --- Overrides -------------------------------------------------------------------------------


class CriterionOverrideQuerySet(models.QuerySet["CriterionOverride"]):
    def for_year(self, year: int) -> CriterionOverrideQuerySet:
        return self.filter(year=year)

    def record(
        self,
        government: Government,
        year: int,
        criterion: str,
        points: int,
        *,
        justification: str,
        by: User | None,
        evidence_url: str = "",
    ) -> CriterionOverride:
        """Set (or replace) staff points for one criterion, audited, and recompute that assessment.

        Raises ValidationError for invalid input; nothing is saved then.
        """
        if government.kind != Government.Kind.NATIONAL:
            raise ValidationError(_("Only national governments are assessed."), code="not_national")
        with transaction.atomic():
            # Lock the government: two staff overriding it at once get one result each, in turn.
            government = Government.objects.select_for_update().get(pk=government.pk)
            override = self.filter(government=government, year=year, criterion=criterion).first()
            previous_points = override.points if override is not None else None
            if override is None:
                override = CriterionOverride(government=government, year=year, criterion=criterion)
            override.points = points
            override.justification = justification.strip()
            override.evidence_url = evidence_url.strip()
            override.created_by = by
            override.created_at = timezone.now()
            override.full_clean()
            override.save()
            AuditEntry.objects.log(
                government,
                "criterion_override.set",
                actor=by,
                override_id=override.pk,
                year=year,
                criterion=criterion,
                points=points,
                previous_points=previous_points,
                justification=override.justification,
                evidence_url=override.evidence_url,
            )
            EligibilityAssessment.objects.recompute(year, governments=[government])
        return override


class CriterionOverride(models.Model):
    """Support Unit points for one criterion of one government's year, replacing what the data gives."""

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="criterion_overrides", verbose_name=_("government")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    criterion = models.CharField(_("criterion"), max_length=32, choices=Criterion.choices)
    points = models.PositiveSmallIntegerField(_("points"), validators=POINTS_VALIDATORS)
    justification = models.TextField(_("justification"))
    evidence_url = HttpsURLField(_("evidence"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("set at"), default=timezone.now)

    objects = CriterionOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["government", "-year", "criterion"]
        verbose_name = _("criterion override")
        verbose_name_plural = _("criterion overrides")
        constraints = [
            models.UniqueConstraint(fields=["government", "year", "criterion"], name="override_unique_key"),
            choices_constraint("criterion", Criterion, "override_criterion_valid"),
            _points_constraint("points", "override_points_valid", nullable=False),
            models.CheckConstraint(condition=~Q(justification=""), name="override_justification_required"),
            year_constraint("override_year_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.government_id} {self.year} {self.criterion}: {self.points}"

    def withdraw(self, *, by: User | None) -> None:
        """Remove this override, audited, and recompute the assessment from the data alone."""
        with transaction.atomic():
            government = Government.objects.select_for_update().get(pk=self.government_id)
            deleted, _rows = CriterionOverride.objects.filter(pk=self.pk).delete()
            if not deleted:
                return  # Someone withdrew it first: nothing left to do.
            AuditEntry.objects.log(
                government,
                "criterion_override.withdrawn",
                actor=by,
                override_id=self.pk,
                year=self.year,
                criterion=self.criterion,
                points=self.points,
            )
            EligibilityAssessment.objects.recompute(self.year, governments=[government])


# --- Assessments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeResult:
    year: int
    assessed: int = 0
    created: int = 0
    updated: int = 0
    # ISO codes whose result (eligible, core result) differs from the previous year's.
    changed: list[str] = field(default_factory=list)
    put_under_review: list[str] = field(default_factory=list)
    review_lifted: list[str] = field(default_factory=list)
    # Non-members whose status moved between "not a member" and "eligible".
    became_eligible: list[str] = field(default_factory=list)
    no_longer_eligible: list[str] = field(default_factory=list)


# The stored fields recompute writes; the review fields are the Support Unit's, kept unless the result moves.
COMPUTED_FIELDS = (
    "ruleset_version",
    *Criterion.values,
    "total",
    "maximum",
    "percent",
    "core_result",
    "values_check",
    "eligible",
    "trace",
    "changed",
)


def _computed_values(assessment: Assessment, previous: tuple[bool, str] | None) -> dict[str, Any]:
    result = (assessment.eligible, assessment.core_result)
    return {
        "ruleset_version": assessment.ruleset_version,
        **{slug: assessment.criterion(slug).points for slug in Criterion.values},
        "total": assessment.total,
        "maximum": assessment.maximum,
        "percent": assessment.percent,
        "core_result": assessment.core_result,
        "values_check": assessment.values_check,
        "eligible": assessment.eligible,
        # Round-tripped through JSON so it compares equal to what the database gives back.
        "trace": json.loads(assessment.to_json()),
        # A first assessment has nothing to differ from.
        "changed": previous is not None and previous != result,
    }


class EligibilityAssessmentQuerySet(models.QuerySet["EligibilityAssessment"]):
    def for_year(self, year: int) -> EligibilityAssessmentQuerySet:
        return self.filter(year=year)

    def eligible(self) -> EligibilityAssessmentQuerySet:
        return self.filter(eligible=True)

    def changed(self) -> EligibilityAssessmentQuerySet:
        return self.filter(changed=True)

    def unreviewed(self) -> EligibilityAssessmentQuerySet:
        return self.filter(reviewed_at__isnull=True)

    def recompute(self, year: int, *, governments: Iterable[Government] | None = None) -> RecomputeResult:
        """Assess every national government (or those given) for `year` from stored observations and overrides.

        Idempotent: an unchanged result leaves its row untouched. The queries are a fixed
        handful of bulk reads and writes whatever the number of governments, plus a status
        change for each member whose eligibility review starts or ends: two failed years in a
        row start one, a year with the core criteria met ends it. All in one transaction.
        """
        thresholds = Thresholds.from_settings(settings)
        scope = Government.objects.national()
        if governments is not None:
            scope = scope.filter(pk__in=[government.pk for government in governments])
        # Stored explanation text is in the site language whoever triggers the recompute, so
        # a French request and an English worker write the same trace.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            # Locking the governments serialises concurrent recomputes (and status changes) of them.
            targets = list(scope.select_for_update().order_by("pk"))
            observations: dict[int, dict[str, Observation]] = defaultdict(dict)
            for observation in IndicatorObservation.objects.filter(year=year, government__in=scope):
                observations[observation.government_id][observation.indicator] = observation.as_observation()
            overrides: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
            for override in CriterionOverride.objects.filter(year=year, government__in=scope):
                overrides[override.government_id][override.criterion] = (override.points, override.justification)
            previous = {
                government_id: (eligible, core_result)
                for government_id, eligible, core_result in self.filter(
                    year=year - 1, government__in=scope
                ).values_list("government_id", "eligible", "core_result")
            }
            existing = {row.government_id: row for row in self.filter(year=year, government__in=scope)}

            now = timezone.now()
            to_create: list[EligibilityAssessment] = []
            to_update: list[EligibilityAssessment] = []
            results: dict[int, dict[str, Any]] = {}
            for government in targets:
                assessment = score(
                    observations[government.pk],
                    is_member=government.is_member,
                    thresholds=thresholds,
                    overrides=overrides[government.pk],
                )
                values = results[government.pk] = _computed_values(assessment, previous.get(government.pk))
                row = existing.get(government.pk)
                if row is None:
                    to_create.append(EligibilityAssessment(government=government, year=year, computed_at=now, **values))
                elif any(getattr(row, name) != value for name, value in values.items()):
                    if row.trace != values["trace"]:
                        # A review confirmed the old result; the new one needs its own.
                        row.reviewed_by, row.reviewed_at, row.review_note = None, None, ""
                    for name, value in values.items():
                        setattr(row, name, value)
                    row.computed_at = now
                    to_update.append(row)
            self.bulk_create(to_create)
            self.bulk_update(to_update, [*COMPUTED_FIELDS, "computed_at", "reviewed_by", "reviewed_at", "review_note"])
            # Statuses follow the newest year only: recomputing a past year rewrites history's
            # numbers, not today's membership.
            if self.filter(year__gt=year).exists():
                moves: dict[str, list[str]] = {name: [] for name in STATUS_MOVES}
            else:
                moves = _apply_status_rules(targets, results, previous, year)

        return RecomputeResult(
            year=year,
            assessed=len(targets),
            created=len(to_create),
            updated=len(to_update),
            changed=sorted(g.iso3 for g in targets if results[g.pk]["changed"]),
            put_under_review=moves["under_review"],
            review_lifted=moves["review_lifted"],
            became_eligible=moves["became_eligible"],
            no_longer_eligible=moves["no_longer_eligible"],
        )


STATUS_MOVES = ("under_review", "review_lifted", "became_eligible", "no_longer_eligible")


def _apply_status_rules(
    governments: list[Government],
    results: dict[int, dict[str, Any]],
    previous: dict[int, tuple[bool, str]],
    year: int,
) -> dict[str, list[str]]:
    """Move statuses the yearly results decide, through the one audited transition; returns ISO codes moved.

    Members: two failed years in a row start an eligibility review, a year with the core
    criteria met ends it. Non-members: "not a member" and "eligible" follow the result.
    """
    moves: dict[str, list[str]] = {name: [] for name in STATUS_MOVES}
    for government in governments:
        result = results[government.pk]
        core_result, eligible = result["core_result"], result["eligible"]
        previous_core = previous[government.pk][1] if government.pk in previous else None
        status = government.status
        if status == MembershipStatus.MEMBER and core_result == CoreResult.NOT_MET == previous_core:
            reason = gettext("The core eligibility criteria were not met in %(previous)s and %(year)s.")
            new_status, reason, move = (
                MembershipStatus.UNDER_ELIGIBILITY_REVIEW,
                reason % {"previous": year - 1, "year": year},
                "under_review",
            )
        elif status == MembershipStatus.UNDER_ELIGIBILITY_REVIEW and core_result == CoreResult.MET:
            reason = gettext("The core eligibility criteria were met again in %(year)s.")
            new_status, reason, move = MembershipStatus.MEMBER, reason % {"year": year}, "review_lifted"
        elif status == MembershipStatus.NOT_MEMBER and eligible:
            reason = gettext("Meets the core eligibility criteria and passes the values check in %(year)s.")
            new_status, reason, move = MembershipStatus.ELIGIBLE, reason % {"year": year}, "became_eligible"
        elif status == MembershipStatus.ELIGIBLE and not eligible:
            reason = gettext("No longer meets the eligibility requirements in %(year)s.")
            new_status, reason, move = MembershipStatus.NOT_MEMBER, reason % {"year": year}, "no_longer_eligible"
        else:
            continue
        government.change_status(new_status, reason=reason)
        moves[move].append(government.iso3)
    return {name: sorted(codes) for name, codes in moves.items()}


class EligibilityAssessment(models.Model):
    """One government's eligibility for one year, with the full trace of how it was reached."""

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="eligibility_assessments", verbose_name=_("government")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    ruleset_version = models.CharField(_("ruleset version"), max_length=16)
    fiscal_transparency = models.PositiveSmallIntegerField(
        Criterion.FISCAL_TRANSPARENCY.label, null=True, blank=True, validators=POINTS_VALIDATORS
    )
    access_to_information = models.PositiveSmallIntegerField(
        Criterion.ACCESS_TO_INFORMATION.label, null=True, blank=True, validators=POINTS_VALIDATORS
    )
    asset_disclosure = models.PositiveSmallIntegerField(
        Criterion.ASSET_DISCLOSURE.label, null=True, blank=True, validators=POINTS_VALIDATORS
    )
    citizen_engagement = models.PositiveSmallIntegerField(
        Criterion.CITIZEN_ENGAGEMENT.label, null=True, blank=True, validators=POINTS_VALIDATORS
    )
    total = models.PositiveSmallIntegerField(_("points"))
    maximum = models.PositiveSmallIntegerField(_("out of"))
    percent = models.DecimalField(_("percent"), max_digits=4, decimal_places=1, null=True, blank=True)
    core_result = models.CharField(_("core criteria"), max_length=16, choices=CoreResult.choices)
    values_check = models.CharField(_("values check"), max_length=16, choices=ValuesCheck.choices)
    eligible = models.BooleanField(_("eligible"))
    trace = models.JSONField(_("trace"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    changed = models.BooleanField(
        _("changed since the previous year"),
        default=False,
        help_text=_("The eligibility or the core criteria result differs from the previous year's."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = EligibilityAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "government"]
        verbose_name = _("eligibility assessment")
        verbose_name_plural = _("eligibility assessments")
        constraints = [
            models.UniqueConstraint(fields=["government", "year"], name="assessment_unique_key"),
            choices_constraint("core_result", CoreResult, "assessment_core_result_valid"),
            choices_constraint("values_check", ValuesCheck, "assessment_values_check_valid"),
            *(_points_constraint(slug, f"assessment_{slug}_valid", nullable=True) for slug in Criterion.values),
            models.CheckConstraint(condition=Q(total__lte=models.F("maximum")), name="assessment_total_valid"),
            year_constraint("assessment_year_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.year}"

    @property
    def criterion_points(self) -> list[int | None]:
        """Points of the four criteria, in the order tables show them."""
        return [getattr(self, criterion) for criterion in Criterion.values]

    def confirm(self, by: User, note: str = "") -> None:
        """Record that Support Unit staff checked this result; audited. Confirming again replaces the note."""
        with transaction.atomic():
            locked = EligibilityAssessment.objects.select_for_update().get(pk=self.pk)
            locked.reviewed_by = self.reviewed_by = by
            locked.reviewed_at = self.reviewed_at = timezone.now()
            locked.review_note = self.review_note = note.strip()
            locked.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
            AuditEntry.objects.log(
                locked,
                "eligibility_assessment.confirmed",
                actor=by,
                year=locked.year,
                eligible=locked.eligible,
                core_result=locked.core_result,
                note=locked.review_note,
            )
