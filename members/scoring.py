"""Yearly eligibility scoring: the four core criteria and the values check, without the database.

`assess()` turns one government's observations for one year into an `Assessment` that
says whether the government is eligible and why. Everything it needs comes in as
arguments (observations, membership, thresholds, staff overrides), so the rules can be
tested on their own and re-run on stored data when a ruleset changes.

Ruleset 2023.1 (per government and year; a criterion without data is "not assessed"):
- fiscal transparency: 2 points for a publicly available executive budget proposal,
  2 for a publicly available audit report; assessed only when both have a value;
- access to information: a law 4, a constitutional provision 3, a draft law 1, none 0;
- asset disclosure: a law with public access 4, a law 2, none 0;
- citizen engagement, from the EIU civil liberties score (0-10): configurable bands,
  by default >= 7.5 gives 4, >= 5 gives 3, >= 2.5 gives 2; any other score above 0 gives 1;
- with fewer than three criteria assessed there is not enough data; otherwise the core
  criteria are met at 75% (configurable) of 4 points per assessed criterion;
- values check, for non-members only: both V-Dem civil society indicators strictly above
  a configurable minimum (default 1);
- eligible: core criteria met and the values check passed or not applicable.

Explanations are kept as an untranslated message and its parameters, so a stored trace
can be shown in whichever language the reader uses (see `render_explanation`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

RULESET_VERSION = "2023.1"
MAX_POINTS = 4
MIN_CRITERIA_ASSESSED = 3


class Criterion(models.TextChoices):
    FISCAL_TRANSPARENCY = "fiscal_transparency", _("Fiscal transparency")
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    ASSET_DISCLOSURE = "asset_disclosure", _("Asset disclosure")
    CITIZEN_ENGAGEMENT = "citizen_engagement", _("Citizen engagement")


class CoreResult(models.TextChoices):
    MET = "met", _("Core criteria met")
    NOT_MET = "not_met", _("Core criteria not met")
    NOT_ENOUGH_DATA = "not_enough_data", _("Not enough data")


class ValuesCheck(models.TextChoices):
    PASS = "pass", _("Passed")
    FAIL = "fail", _("Failed")
    NO_DATA = "no_data", _("No data")
    NOT_APPLICABLE = "not_applicable", _("Not applicable (member)")


# --- Indicators ------------------------------------------------------------------------------
# Labels are message ids (marked for extraction with gettext_noop) rather than lazy strings,
# so they can go into stored explanations and be translated when read.


@dataclass(frozen=True)
class IndicatorSpec:
    slug: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    @property
    def is_numeric(self) -> bool:
        return not self.choices

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    @property
    def verbose_name(self) -> str:
        return _(self.label)

    def value_label(self, value: str) -> str:
        """The translated label of a categorical value; numbers are shown as they are."""
        return gettext(dict(self.choices).get(value, value))

    def clean(self, raw: str) -> str:
        """The normalised value (a choice slug or a plain decimal string), or ValueError with a user message."""
        text = str(raw).strip()
        if not text:
            raise ValueError(gettext("the %(indicator)s value is missing.") % {"indicator": self.slug})
        if self.is_numeric:
            number = parse_decimal(text)
            if number is None:
                raise ValueError(gettext("'%(value)s' is not a number.") % {"value": text})
            assert self.minimum is not None and self.maximum is not None
            if not self.minimum <= number <= self.maximum:
                message = gettext("%(value)s is out of range for %(indicator)s (%(minimum)s to %(maximum)s).")
                bounds = {"minimum": format_decimal(self.minimum), "maximum": format_decimal(self.maximum)}
                raise ValueError(message % {"value": text, "indicator": self.slug, **bounds})
            return format_decimal(number)
        # Spreadsheet users type "Publicly available" as often as the slug.
        slug = text.casefold().replace("-", " ").replace(" ", "_")
        if slug not in self.values:
            raise ValueError(
                gettext("'%(value)s' is not an allowed value for %(indicator)s (allowed: %(allowed)s).")
                % {"value": text, "indicator": self.slug, "allowed": ", ".join(self.values)}
            )
        return slug


_DOCUMENT_CHOICES = (
    ("publicly_available", gettext_noop("publicly available")),
    ("published_late", gettext_noop("published late")),
    ("internal_use", gettext_noop("produced for internal use only")),
    ("not_produced", gettext_noop("not produced")),
)

_ATI_CHOICES = (
    ("law", gettext_noop("an access to information law")),
    ("constitutional", gettext_noop("a constitutional provision only")),
    ("draft", gettext_noop("a draft law only")),
    ("none", gettext_noop("no law")),
)
_ASSET_CHOICES = (
    ("law_public_access", gettext_noop("a law with public access to declarations")),
    ("law", gettext_noop("a law without public access to declarations")),
    ("none", gettext_noop("no law")),
)
_SPECS = (
    IndicatorSpec("budget_proposal", gettext_noop("Executive budget proposal"), _DOCUMENT_CHOICES),
    IndicatorSpec("audit_report", gettext_noop("Audit report"), _DOCUMENT_CHOICES),
    IndicatorSpec("ati_law", gettext_noop("Access to information law"), _ATI_CHOICES),
    IndicatorSpec("asset_disclosure", gettext_noop("Asset disclosure"), _ASSET_CHOICES),
    IndicatorSpec("civil_liberties", gettext_noop("EIU civil liberties score"), (), Decimal(0), Decimal(10)),
    IndicatorSpec("cso_entry_exit", gettext_noop("V-Dem civil society entry and exit"), (), Decimal(0), Decimal(4)),
    IndicatorSpec("cso_repression", gettext_noop("V-Dem civil society repression"), (), Decimal(0), Decimal(4)),
)
INDICATORS: dict[str, IndicatorSpec] = {spec.slug: spec for spec in _SPECS}


def parse_decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(str(text).strip())
    except InvalidOperation:
        return None
    # Decimal accepts "NaN" and "Infinity", which are no scores.
    return number if number.is_finite() else None


def format_decimal(number: Decimal) -> str:
    """'7.50' -> '7.5', '1E+1' -> '10', '-0' -> '0': one spelling per number, so duplicates compare equal."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


# --- Inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    indicator: str
    value: str
    source: str = ""
    vintage: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"indicator": self.indicator, "value": self.value, "source": self.source, "vintage": self.vintage}


def _as_decimal(value: Any, name: str) -> Decimal:
    number = parse_decimal(str(value))
    if number is None:
        raise ValueError(f"{name}: {value!r} is not a number")
    return number


@dataclass(frozen=True)
class Thresholds:
    core_pass_ratio: Decimal = Decimal("0.75")
    # (inclusive lower bound, points), highest first; a score above 0 below every band gives 1 point.
    civil_liberties_bands: tuple[tuple[Decimal, int], ...] = (
        (Decimal("7.5"), 4),
        (Decimal("5"), 3),
        (Decimal("2.5"), 2),
    )
    values_check_minimum: Decimal = Decimal("1")

    def __post_init__(self) -> None:
        # Settings may give floats or strings; compare exact decimals only.
        ratio = _as_decimal(self.core_pass_ratio, "core_pass_ratio")
        bands = tuple(
            (_as_decimal(bound, "civil_liberties_bands"), points) for bound, points in self.civil_liberties_bands
        )
        minimum = _as_decimal(self.values_check_minimum, "values_check_minimum")
        if not Decimal(0) < ratio <= Decimal(1):
            raise ValueError(f"core_pass_ratio must be above 0 and at most 1, not {ratio}")
        bounds = [bound for bound, _points in bands]
        if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
            raise ValueError("civil_liberties_bands must be ordered from the highest bound down, without repeats")
        for _bound, points in bands:
            if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= MAX_POINTS:
                raise ValueError(f"civil_liberties_bands points must be whole numbers from 0 to {MAX_POINTS}")
        object.__setattr__(self, "core_pass_ratio", ratio)
        object.__setattr__(self, "civil_liberties_bands", bands)
        object.__setattr__(self, "values_check_minimum", minimum)

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """Thresholds from the optional ELIGIBILITY_* settings; the ruleset defaults fill the gaps."""
        values = {field: getattr(settings, name) for field, name in _SETTING_NAMES.items() if hasattr(settings, name)}
        try:
            return cls(**values)
        except (TypeError, ValueError) as error:
            raise ImproperlyConfigured(f"Invalid ELIGIBILITY_* setting: {error}") from error

    def as_dict(self) -> dict[str, Any]:
        return {
            "core_pass_ratio": format_decimal(self.core_pass_ratio),
            "civil_liberties_bands": [[format_decimal(bound), points] for bound, points in self.civil_liberties_bands],
            "values_check_minimum": format_decimal(self.values_check_minimum),
        }


_SETTING_NAMES = {
    "core_pass_ratio": "ELIGIBILITY_CORE_PASS_RATIO",
    "civil_liberties_bands": "ELIGIBILITY_CIVIL_LIBERTIES_BANDS",
    "values_check_minimum": "ELIGIBILITY_VALUES_CHECK_MINIMUM",
}
DEFAULT_THRESHOLDS = Thresholds()


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """A sentence for a minister's adviser, translated when rendered, not when computed."""

    message: str
    params: Mapping[str, str | int] = field(default_factory=dict)
    # Parameters that are themselves message ids (labels), translated along with the sentence.
    translated_params: tuple[str, ...] = ()

    def __str__(self) -> str:
        return render_explanation(
            {"message": self.message, "params": self.params, "translated_params": self.translated_params}
        )

    def as_dict(self) -> dict[str, Any]:
        """The message id and parameters (to re-translate later) and the text in the active language."""
        params, translated = dict(self.params), list(self.translated_params)
        return {"message": self.message, "params": params, "translated_params": translated, "text": str(self)}


def render_explanation(data: Mapping[str, Any]) -> str:
    """Render a stored explanation (as from `Explanation.as_dict`) in the active language."""
    translated = set(data.get("translated_params", ()))
    params = {key: gettext(value) if key in translated else value for key, value in data.get("params", {}).items()}
    return gettext(data["message"]) % params


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    points: int | None
    observations: tuple[Observation, ...]
    explanation: Explanation
    computed_points: int | None = None
    overridden: bool = False
    override_justification: str = ""

    @property
    def assessed(self) -> bool:
        return self.points is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "points": self.points,
            "computed_points": self.computed_points,
            "assessed": self.assessed,
            "overridden": self.overridden,
            "override_justification": self.override_justification,
            "observations": [observation.as_dict() for observation in self.observations],
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True)
class Assessment:
    criteria: tuple[CriterionResult, ...]
    total: int
    maximum: int
    percent: Decimal | None
    core_result: str
    core_explanation: Explanation
    values_check: str
    values_check_observations: tuple[Observation, ...]
    values_check_explanation: Explanation
    eligible: bool
    thresholds: Thresholds
    ruleset_version: str = RULESET_VERSION

    def criterion(self, slug: str) -> CriterionResult:
        return next(result for result in self.criteria if result.criterion == slug)

    @property
    def criteria_assessed(self) -> int:
        return sum(result.assessed for result in self.criteria)

    def as_dict(self) -> dict[str, Any]:
        """The whole trace as plain JSON types, for a JSONField."""
        return {
            "ruleset_version": self.ruleset_version,
            "thresholds": self.thresholds.as_dict(),
            "criteria": [result.as_dict() for result in self.criteria],
            "criteria_assessed": self.criteria_assessed,
            "total": self.total,
            "maximum": self.maximum,
            "percent": None if self.percent is None else format_decimal(self.percent),
            "core_result": self.core_result,
            "core_explanation": self.core_explanation.as_dict(),
            "values_check": self.values_check,
            "values_check_observations": [observation.as_dict() for observation in self.values_check_observations],
            "values_check_explanation": self.values_check_explanation.as_dict(),
            "eligible": self.eligible,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)


# --- Rules -----------------------------------------------------------------------------------


def _result(
    criterion: str,
    points: int | None,
    used: tuple[Observation, ...],
    message: str,
    params: Mapping[str, str | int] | None = None,
    translated: tuple[str, ...] = (),
) -> CriterionResult:
    return CriterionResult(criterion, points, used, Explanation(message, params or {}, translated))


def _used(*observations: Observation | None) -> tuple[Observation, ...]:
    return tuple(observation for observation in observations if observation is not None)


def _fiscal_transparency(observations: Mapping[str, Observation], thresholds: Thresholds) -> CriterionResult:
    criterion = Criterion.FISCAL_TRANSPARENCY.value
    budget, audit = observations.get("budget_proposal"), observations.get("audit_report")
    if budget is None or audit is None:
        # The ruleset scores the budget cycle as a whole: one document alone is not assessed.
        message = gettext_noop(
            "Not assessed: fiscal transparency needs data on both the executive budget proposal "
            "and the audit report, and at least one is missing."
        )
        return _result(criterion, None, _used(budget, audit), message)
    budget_points = 2 if budget.value == "publicly_available" else 0
    audit_points = 2 if audit.value == "publicly_available" else 0
    labels = dict(_DOCUMENT_CHOICES)
    message = gettext_noop(
        "The executive budget proposal was %(budget)s (%(budget_points)s of 2 points) and the audit report "
        "was %(audit)s (%(audit_points)s of 2 points). Only a publicly available document earns points."
    )
    params = {
        "budget": labels[budget.value],
        "budget_points": budget_points,
        "audit": labels[audit.value],
        "audit_points": audit_points,
    }
    return _result(criterion, budget_points + audit_points, (budget, audit), message, params, ("budget", "audit"))


def _categorical(
    criterion: str, indicator: str, points_by_value: Mapping[str, int], message: str
) -> Callable[[Mapping[str, Observation], Thresholds], CriterionResult]:
    def rule(observations: Mapping[str, Observation], thresholds: Thresholds) -> CriterionResult:
        observation = observations.get(indicator)
        if observation is None:
            return _missing(criterion, indicator)
        points = points_by_value[observation.value]
        label = dict(INDICATORS[indicator].choices)[observation.value]
        return _result(criterion, points, (observation,), message, {"value": label, "points": points}, ("value",))

    return rule


def _missing(criterion: str, indicator: str) -> CriterionResult:
    message = gettext_noop("Not assessed: no data for this criterion (%(indicator)s).")
    return _result(criterion, None, (), message, {"indicator": INDICATORS[indicator].label}, ("indicator",))


_access_to_information = _categorical(
    Criterion.ACCESS_TO_INFORMATION.value,
    "ati_law",
    {"law": 4, "constitutional": 3, "draft": 1, "none": 0},
    gettext_noop(
        "Access to information: the country has %(value)s, which gives %(points)s of 4 points "
        "(a law 4, a constitutional provision 3, a draft law 1, nothing 0)."
    ),
)
_asset_disclosure = _categorical(
    Criterion.ASSET_DISCLOSURE.value,
    "asset_disclosure",
    {"law_public_access": 4, "law": 2, "none": 0},
    gettext_noop(
        "Asset disclosure by senior officials: the country has %(value)s, which gives %(points)s of 4 points "
        "(a law with public access 4, a law 2, nothing 0)."
    ),
)


def _citizen_engagement(observations: Mapping[str, Observation], thresholds: Thresholds) -> CriterionResult:
    criterion = Criterion.CITIZEN_ENGAGEMENT.value
    observation = observations.get("civil_liberties")
    if observation is None:
        return _missing(criterion, "civil_liberties")
    score = Decimal(observation.value)
    for bound, points in thresholds.civil_liberties_bands:
        if score >= bound:
            message = gettext_noop(
                "The civil liberties score is %(score)s out of 10, at least %(bound)s: %(points)s of 4 points."
            )
            params = {"score": observation.value, "bound": format_decimal(bound), "points": points}
            return _result(criterion, points, (observation,), message, params)
    points = 1 if score > 0 else 0
    message = gettext_noop(
        "The civil liberties score is %(score)s out of 10, below every band: %(points)s of 4 points "
        "(any score above 0 gives 1 point)."
    )
    return _result(criterion, points, (observation,), message, {"score": observation.value, "points": points})


_RULES = (_fiscal_transparency, _access_to_information, _asset_disclosure, _citizen_engagement)


def _values_check(
    observations: Mapping[str, Observation], is_member: bool, thresholds: Thresholds
) -> tuple[str, tuple[Observation, ...], Explanation]:
    entry, repression = observations.get("cso_entry_exit"), observations.get("cso_repression")
    used = _used(entry, repression)
    if is_member:
        return (
            ValuesCheck.NOT_APPLICABLE.value,
            used,
            Explanation(gettext_noop("Members do not take the values check.")),
        )
    if entry is None or repression is None:
        message = gettext_noop(
            "The values check needs both V-Dem civil society indicators (entry and exit, repression), "
            "and at least one is missing."
        )
        return ValuesCheck.NO_DATA.value, used, Explanation(message)
    params = {
        "entry": entry.value,
        "repression": repression.value,
        "minimum": format_decimal(thresholds.values_check_minimum),
    }
    passed = all(Decimal(observation.value) > thresholds.values_check_minimum for observation in used)
    outcome = gettext_noop("both are above") if passed else gettext_noop("at least one is not above")
    message = gettext_noop(
        "Civil society entry and exit scores %(entry)s and civil society repression scores %(repression)s "
        "(V-Dem, 0 to 4): %(outcome)s the minimum of %(minimum)s, so the values check is %(result)s."
    )
    result = gettext_noop("passed") if passed else gettext_noop("failed")
    params["outcome"], params["result"] = outcome, result
    check = ValuesCheck.PASS.value if passed else ValuesCheck.FAIL.value
    return check, used, Explanation(message, params, ("outcome", "result"))


def _check_overrides(overrides: Mapping[str, tuple[int, str]]) -> None:
    for criterion, (points, justification) in overrides.items():
        if criterion not in Criterion.values:
            raise ValueError(f"Unknown criterion {criterion!r} in overrides")
        if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= MAX_POINTS:
            raise ValueError(f"Override points for {criterion!r} must be a whole number from 0 to {MAX_POINTS}")
        if not str(justification).strip():
            raise ValueError(f"Override for {criterion!r} needs a justification")


def _apply_override(result: CriterionResult, points: int, justification: str) -> CriterionResult:
    message = gettext_noop(
        "Support Unit staff set this criterion to %(points)s of 4 points (the data gave %(computed)s). "
        "Justification: %(justification)s"
    )
    computed = "—" if result.points is None else result.points
    params = {"points": points, "computed": computed, "justification": justification}
    return CriterionResult(
        result.criterion,
        points,
        result.observations,
        Explanation(message, params),
        computed_points=result.points,
        overridden=True,
        override_justification=justification,
    )


def _core_explanation(assessed: int, total: int, maximum: int, thresholds: Thresholds, result: str) -> Explanation:
    if result == CoreResult.NOT_ENOUGH_DATA:
        message = gettext_noop(
            "Only %(assessed)s of 4 criteria could be assessed; at least %(needed)s are needed, "
            "so there is not enough data to decide."
        )
        return Explanation(message, {"assessed": assessed, "needed": MIN_CRITERIA_ASSESSED})
    message = gettext_noop(
        "%(total)s of %(maximum)s points on %(assessed)s assessed criteria; %(required)s points "
        "(%(ratio)s%%) are needed, so %(outcome)s."
    )
    met = result == CoreResult.MET
    outcome = gettext_noop("the core criteria are met") if met else gettext_noop("the core criteria are not met")
    required = math.ceil(thresholds.core_pass_ratio * maximum)
    ratio = format_decimal(thresholds.core_pass_ratio * 100)
    params = {"total": total, "maximum": maximum, "assessed": assessed, "required": required, "ratio": ratio}
    return Explanation(message, {**params, "outcome": outcome}, ("outcome",))


def assess(
    observations: Mapping[str, Observation],
    *,
    is_member: bool,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    overrides: Mapping[str, tuple[int, str]] | None = None,
) -> Assessment:
    """Score one government for one year.

    `observations` maps indicator slug to its observation; indicators this ruleset does not
    use are ignored. Values must be valid for their indicator (ValueError otherwise): the
    import checks them, so a bad value here is a bug, not user input.
    `overrides` maps criterion slug to (points, justification) and replaces computed points.
    """
    overrides = overrides or {}
    _check_overrides(overrides)
    cleaned: dict[str, Observation] = {}
    for key, observation in observations.items():
        if key != observation.indicator:
            raise ValueError(f"Observation for {observation.indicator!r} filed under {key!r}")
        if key in INDICATORS:
            value = INDICATORS[key].clean(observation.value)
            cleaned[key] = Observation(key, value, observation.source, observation.vintage)

    results = [rule(cleaned, thresholds) for rule in _RULES]
    results = [
        _apply_override(result, *overrides[result.criterion]) if result.criterion in overrides else result
        for result in results
    ]

    assessed = [result for result in results if result.points is not None]
    total = sum(result.points or 0 for result in assessed)
    maximum = MAX_POINTS * len(assessed)
    percent = (Decimal(total) * 100 / maximum).quantize(Decimal("0.1"), ROUND_HALF_UP) if maximum else None
    if len(assessed) < MIN_CRITERIA_ASSESSED:
        core_result = CoreResult.NOT_ENOUGH_DATA.value
    elif Decimal(total) >= thresholds.core_pass_ratio * maximum:
        core_result = CoreResult.MET.value
    else:
        core_result = CoreResult.NOT_MET.value

    values_check, values_observations, values_explanation = _values_check(cleaned, is_member, thresholds)
    eligible = core_result == CoreResult.MET and values_check in (ValuesCheck.PASS, ValuesCheck.NOT_APPLICABLE)
    return Assessment(
        criteria=tuple(results),
        total=total,
        maximum=maximum,
        percent=percent,
        core_result=core_result,
        core_explanation=_core_explanation(len(assessed), total, maximum, thresholds, core_result),
        values_check=values_check,
        values_check_observations=values_observations,
        values_check_explanation=values_explanation,
        eligible=eligible,
        thresholds=thresholds,
    )
