"""The eligibility rules at their boundaries, without the database."""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from members.scoring import (
    DEFAULT_THRESHOLDS,
    INDICATORS,
    RULESET_VERSION,
    Assessment,
    CoreResult,
    Criterion,
    Observation,
    Thresholds,
    ValuesCheck,
    assess,
    render_explanation,
)

FISCAL = Criterion.FISCAL_TRANSPARENCY
ATI = Criterion.ACCESS_TO_INFORMATION
ASSETS = Criterion.ASSET_DISCLOSURE
ENGAGEMENT = Criterion.CITIZEN_ENGAGEMENT
P, LATE, INTERNAL, NOT_PRODUCED = "publicly_available", "published_late", "internal_use", "not_produced"


def observations(**values: str) -> dict[str, Observation]:
    return {indicator: Observation(indicator, value, "Test source", "T1") for indicator, value in values.items()}


# Full marks everywhere, for a member: edit one indicator to probe one rule.
FULL = {
    "budget_proposal": P,
    "audit_report": P,
    "ati_law": "law",
    "asset_disclosure": "law_public_access",
    "civil_liberties": "9",
}
STRONG_VALUES = {"cso_entry_exit": "3.5", "cso_repression": "3.5"}


def run(*, is_member: bool = True, thresholds: Thresholds = DEFAULT_THRESHOLDS, **values: str | None) -> Assessment:
    merged = {**FULL, **values}
    kept = {indicator: value for indicator, value in merged.items() if value is not None}
    return assess(observations(**kept), is_member=is_member, thresholds=thresholds)


# --- Fiscal transparency ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "audit", "points"),
    [
        (P, P, 4),
        (P, LATE, 2),
        (P, INTERNAL, 2),
        (P, NOT_PRODUCED, 2),
        (LATE, P, 2),
        (INTERNAL, P, 2),
        (NOT_PRODUCED, P, 2),
        (LATE, LATE, 0),
        (INTERNAL, NOT_PRODUCED, 0),
        (NOT_PRODUCED, NOT_PRODUCED, 0),
    ],
)
def test_fiscal_transparency_gives_two_points_per_publicly_available_document(budget, audit, points):
    result = run(budget_proposal=budget, audit_report=audit).criterion(FISCAL)
    assert result.points == points
    assert [o.indicator for o in result.observations] == ["budget_proposal", "audit_report"]


@pytest.mark.parametrize("missing", ["budget_proposal", "audit_report"])
def test_fiscal_transparency_is_not_assessed_with_one_document_missing(missing):
    assessment = run(**{missing: None})
    result = assessment.criterion(FISCAL)
    assert result.points is None
    assert not result.assessed
    # The document that is there is still shown in the trace.
    assert len(result.observations) == 1
    assert assessment.maximum == 12


# --- Access to information, asset disclosure ---------------------------------------------------


@pytest.mark.parametrize(("value", "points"), [("law", 4), ("constitutional", 3), ("draft", 1), ("none", 0)])
def test_access_to_information_points(value, points):
    assert run(ati_law=value).criterion(ATI).points == points


@pytest.mark.parametrize(("value", "points"), [("law_public_access", 4), ("law", 2), ("none", 0)])
def test_asset_disclosure_points(value, points):
    assert run(asset_disclosure=value).criterion(ASSETS).points == points


def test_a_missing_categorical_indicator_leaves_its_criterion_not_assessed():
    assessment = run(ati_law=None, asset_disclosure=None, civil_liberties="9")
    assert assessment.criterion(ATI).points is None
    assert assessment.criterion(ASSETS).points is None
    assert "Access to information law" in str(assessment.criterion(ATI).explanation)


# --- Citizen engagement ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "points"),
    [
        ("10", 4),
        ("7.5", 4),
        ("7.49", 3),
        ("5", 3),
        ("5.00", 3),
        ("4.99", 2),
        ("2.5", 2),
        ("2.49", 1),
        ("0.01", 1),
        ("0", 0),
    ],
)
def test_civil_liberties_bands(score, points):
    assert run(civil_liberties=score).criterion(ENGAGEMENT).points == points


def test_configured_bands_replace_the_default_ones():
    strict = Thresholds(civil_liberties_bands=((Decimal("9"), 4), (Decimal("8"), 3)))
    assert run(civil_liberties="8.5").criterion(ENGAGEMENT).points == 4
    assert run(civil_liberties="8.5", thresholds=strict).criterion(ENGAGEMENT).points == 3
    assert run(civil_liberties="7.9", thresholds=strict).criterion(ENGAGEMENT).points == 1


# --- Core result -------------------------------------------------------------------------------


def test_two_criteria_are_not_enough_data_even_with_full_marks():
    assessment = run(audit_report=None, asset_disclosure=None)
    assert assessment.criteria_assessed == 2
    assert assessment.total == 8
    assert assessment.maximum == 8
    assert assessment.core_result == CoreResult.NOT_ENOUGH_DATA
    assert not assessment.eligible


def test_nothing_at_all_is_not_enough_data_without_a_percentage():
    assessment = assess({}, is_member=True)
    assert assessment.core_result == CoreResult.NOT_ENOUGH_DATA
    assert (assessment.total, assessment.maximum, assessment.percent) == (0, 0, None)


def test_twelve_of_sixteen_meets_the_core_criteria():
    # 4 (fiscal) + 4 (ATI) + 0 (assets) + 4 (engagement)
    assessment = run(asset_disclosure="none")
    assert (assessment.total, assessment.maximum) == (12, 16)
    assert assessment.percent == Decimal("75.0")
    assert assessment.core_result == CoreResult.MET
    assert assessment.eligible


def test_eleven_of_sixteen_does_not():
    # 4 + 3 (constitutional) + 0 + 4
    assessment = run(ati_law="constitutional", asset_disclosure="none")
    assert (assessment.total, assessment.maximum) == (11, 16)
    assert assessment.percent == Decimal("68.8")
    assert assessment.core_result == CoreResult.NOT_MET
    assert not assessment.eligible


def test_nine_of_twelve_meets_the_core_criteria():
    # Fiscal not assessed; 3 (constitutional) + 2 (law) + 4
    assessment = run(audit_report=None, ati_law="constitutional", asset_disclosure="law")
    assert (assessment.total, assessment.maximum) == (9, 12)
    assert assessment.core_result == CoreResult.MET


def test_eight_of_twelve_does_not():
    # Fiscal not assessed; 4 + 2 + 2 (civil liberties 2.5)
    assessment = run(budget_proposal=None, asset_disclosure="law", civil_liberties="2.5")
    assert (assessment.total, assessment.maximum) == (8, 12)
    assert assessment.core_result == CoreResult.NOT_MET


def test_a_configured_pass_ratio_changes_the_result():
    assert run(asset_disclosure="none").core_result == CoreResult.MET  # 12 of 16
    stricter = Thresholds(core_pass_ratio=Decimal("0.8"))
    assessment = run(asset_disclosure="none", thresholds=stricter)
    assert assessment.core_result == CoreResult.NOT_MET
    # 0.8 x 16 = 12.8: 13 points are needed, and the explanation says so.
    assert "13 points (80%) are needed" in str(assessment.core_explanation)


# --- Values check --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "repression", "expected"),
    [
        ("1.01", "1.01", ValuesCheck.PASS),
        ("4", "1.01", ValuesCheck.PASS),
        ("1", "3", ValuesCheck.FAIL),
        ("3", "1", ValuesCheck.FAIL),
        ("1.00", "1.00", ValuesCheck.FAIL),
        ("0.5", "0", ValuesCheck.FAIL),
    ],
)
def test_values_check_needs_both_indicators_strictly_above_the_minimum(entry, repression, expected):
    assessment = run(is_member=False, cso_entry_exit=entry, cso_repression=repression)
    assert assessment.values_check == expected
    assert len(assessment.values_check_observations) == 2


@pytest.mark.parametrize("missing", ["cso_entry_exit", "cso_repression"])
def test_values_check_without_both_indicators_has_no_data(missing):
    values = {**STRONG_VALUES, missing: None}
    assessment = run(is_member=False, **values)
    assert assessment.values_check == ValuesCheck.NO_DATA
    assert not assessment.eligible


def test_members_do_not_take_the_values_check():
    assessment = run(is_member=True, cso_entry_exit="0", cso_repression="0")
    assert assessment.values_check == ValuesCheck.NOT_APPLICABLE
    assert assessment.eligible


def test_a_configured_values_check_minimum_changes_the_result():
    higher = Thresholds(values_check_minimum=Decimal("2"))
    assert run(is_member=False, cso_entry_exit="1.5", cso_repression="3").values_check == ValuesCheck.PASS
    result = run(is_member=False, thresholds=higher, cso_entry_exit="1.5", cso_repression="3")
    assert result.values_check == ValuesCheck.FAIL


# --- Eligibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("is_member", "core", "values", "eligible"),
    [
        (True, {}, {}, True),
        (True, {"ati_law": "none", "asset_disclosure": "none"}, {}, False),
        (False, {}, STRONG_VALUES, True),
        (False, {}, {"cso_entry_exit": "0.4", "cso_repression": "3"}, False),
        (False, {}, {}, False),
        (False, {"ati_law": "none", "asset_disclosure": "none"}, STRONG_VALUES, False),
        (True, {"audit_report": None, "ati_law": None}, {}, False),
    ],
)
def test_eligible_needs_core_met_and_values_check_passed_or_not_applicable(is_member, core, values, eligible):
    assert run(is_member=is_member, **core, **values).eligible is eligible


# --- Overrides -----------------------------------------------------------------------------------


def test_an_override_replaces_the_computed_points_and_is_traced():
    obs = observations(**{**FULL, "asset_disclosure": "none", "ati_law": "draft"})  # 4 + 1 + 0 + 4 = 9
    justification = "The asset declaration law was promulgated in December; the source predates it."
    assessment = assess(obs, is_member=True, overrides={ASSETS: (4, justification)})
    result = assessment.criterion(ASSETS)
    assert result.points == 4
    assert result.computed_points == 0
    assert result.overridden
    assert result.override_justification == justification
    assert assessment.total == 13
    assert assessment.core_result == CoreResult.MET
    stored = assessment.as_dict()["criteria"][2]
    assert stored["overridden"] is True
    assert stored["computed_points"] == 0
    assert justification in stored["explanation"]["text"]


def test_an_override_counts_a_criterion_without_data_as_assessed():
    obs = observations(**{k: v for k, v in FULL.items() if k not in ("audit_report", "asset_disclosure")})
    assert assess(obs, is_member=True).core_result == CoreResult.NOT_ENOUGH_DATA
    assessment = assess(obs, is_member=True, overrides={FISCAL: (2, "Budget seen on the ministry website.")})
    assert assessment.criteria_assessed == 3
    assert assessment.criterion(FISCAL).computed_points is None
    assert assessment.core_result == CoreResult.MET  # 2 + 4 + 4 = 10 of 12


@pytest.mark.parametrize(
    "overrides",
    [
        {"not_a_criterion": (2, "why")},
        {FISCAL.value: (5, "why")},
        {FISCAL.value: (-1, "why")},
        {FISCAL.value: (True, "why")},
        {FISCAL.value: (2, "  ")},
    ],
)
def test_invalid_overrides_are_refused(overrides):
    with pytest.raises(ValueError):
        assess(observations(**FULL), is_member=True, overrides=overrides)


# --- Trace ---------------------------------------------------------------------------------------


def test_the_trace_is_json_with_observations_points_and_explanations():
    obs = {**observations(**FULL), **observations(**STRONG_VALUES)}
    assessment = assess(obs, is_member=False, overrides={ATI: (3, "Law suspended by decree.")})
    data = json.loads(assessment.to_json())
    assert data == json.loads(json.dumps(assessment.as_dict()))
    assert data["ruleset_version"] == RULESET_VERSION
    assert data["thresholds"]["core_pass_ratio"] == "0.75"
    assert data["core_result"] == "met"
    assert data["values_check"] == "pass"
    assert data["eligible"] is True
    fiscal = data["criteria"][0]
    assert fiscal["criterion"] == "fiscal_transparency"
    assert fiscal["points"] == 4
    assert fiscal["observations"][0] == {
        "indicator": "budget_proposal",
        "value": P,
        "source": "Test source",
        "vintage": "T1",
    }
    assert "publicly available (2 of 2 points)" in fiscal["explanation"]["text"]
    assert [o["indicator"] for o in data["values_check_observations"]] == ["cso_entry_exit", "cso_repression"]


def test_numbers_are_normalised_in_the_trace():
    assessment = run(civil_liberties="7.50")
    assert assessment.criterion(ENGAGEMENT).observations[0].value == "7.5"
    assert "7.5 out of 10, at least 7.5: 4 of 4 points" in str(assessment.criterion(ENGAGEMENT).explanation)


def test_a_stored_explanation_is_translated_when_rendered_not_when_computed(monkeypatch):
    stored = json.loads(run(ati_law="draft").to_json())["criteria"][1]["explanation"]
    assert stored["text"] == render_explanation(stored)
    assert stored["params"] == {"value": "a draft law only", "points": 1}
    catalogue = {
        stored["message"]: "Accès à l'information : le pays a %(value)s, soit %(points)s points sur 4.",
        "a draft law only": "seulement un projet de loi",
    }
    monkeypatch.setattr("members.scoring.gettext", lambda message: catalogue.get(message, message))
    assert (
        render_explanation(stored)
        == "Accès à l'information : le pays a seulement un projet de loi, soit 1 points sur 4."
    )


def test_invalid_observation_values_are_refused():
    with pytest.raises(ValueError, match="not an allowed value"):
        run(ati_law="maybe")
    with pytest.raises(ValueError, match="out of range"):
        run(civil_liberties="11")
    with pytest.raises(ValueError, match="filed under"):
        assess({"ati_law": Observation("asset_disclosure", "law")}, is_member=True)


def test_indicators_this_ruleset_does_not_use_are_ignored():
    obs = {**observations(**FULL), "press_freedom": Observation("press_freedom", "whatever")}
    assert run().total == assess(obs, is_member=True).total == 16


def test_indicator_specs_describe_values_and_ranges():
    assert INDICATORS["ati_law"].values == ("law", "constitutional", "draft", "none")
    assert INDICATORS["civil_liberties"].is_numeric
    assert (INDICATORS["cso_repression"].minimum, INDICATORS["cso_repression"].maximum) == (0, 4)
    assert INDICATORS["budget_proposal"].clean(" Publicly available ") == P


# --- Thresholds from settings ----------------------------------------------------------------------


def test_thresholds_default_when_nothing_is_configured():
    assert Thresholds.from_settings(SimpleNamespace()) == DEFAULT_THRESHOLDS


def test_thresholds_read_settings_of_any_numeric_spelling():
    configured = SimpleNamespace(
        ELIGIBILITY_CORE_PASS_RATIO=0.8,
        ELIGIBILITY_CIVIL_LIBERTIES_BANDS=[["8", 4], [6, 3]],
        ELIGIBILITY_VALUES_CHECK_MINIMUM="1.5",
    )
    thresholds = Thresholds.from_settings(configured)
    assert thresholds.core_pass_ratio == Decimal("0.8")
    assert thresholds.civil_liberties_bands == ((Decimal("8"), 4), (Decimal("6"), 3))
    assert thresholds.values_check_minimum == Decimal("1.5")
    assert run(civil_liberties="7", thresholds=thresholds).criterion(ENGAGEMENT).points == 3


@pytest.mark.parametrize(
    "configured",
    [
        SimpleNamespace(ELIGIBILITY_CORE_PASS_RATIO="1.5"),
        SimpleNamespace(ELIGIBILITY_CORE_PASS_RATIO="lots"),
        SimpleNamespace(ELIGIBILITY_CIVIL_LIBERTIES_BANDS=[(5, 3), (7.5, 4)]),
        SimpleNamespace(ELIGIBILITY_CIVIL_LIBERTIES_BANDS=[(7.5, 5)]),
    ],
)
def test_invalid_threshold_settings_are_refused(configured):
    with pytest.raises(ImproperlyConfigured):
        Thresholds.from_settings(configured)


def test_thresholds_from_the_project_settings(settings):
    assert Thresholds.from_settings(settings) == DEFAULT_THRESHOLDS
    settings.ELIGIBILITY_CORE_PASS_RATIO = "0.5"
    assert Thresholds.from_settings(settings).core_pass_ratio == Decimal("0.5")
