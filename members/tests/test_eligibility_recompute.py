"""Recomputing a year's assessments: the scoring rules on stored data, bounded queries, overrides, reviews."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import (
    AuditEntry,
    CriterionOverride,
    EligibilityAssessment,
    Government,
    IndicatorImport,
    IndicatorObservation,
    StatusChange,
)
from members.scoring import Observation, assess
from members.tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db

MEMBER = Government.Status.MEMBER
UNDER_REVIEW = Government.Status.UNDER_ELIGIBILITY_REVIEW
FULL_MARKS = {
    "budget_proposal": "publicly_available",
    "audit_report": "publicly_available",
    "ati_law": "law",
    "asset_disclosure": "law_public_access",
    "civil_liberties": "9",
    "cso_entry_exit": "3",
    "cso_repression": "3",
}
# 0 + 0 + 0 + 2 (civil liberties 3 >= 2.5) = 2 of 16.
FAILING = {
    "budget_proposal": "not_produced",
    "audit_report": "internal_use",
    "ati_law": "none",
    "asset_disclosure": "none",
    "civil_liberties": "3",
}


def observe(government: Government, year: int, values: dict[str, str]) -> None:
    for indicator, value in values.items():
        IndicatorObservation.objects.update_or_create(
            government=government, indicator=indicator, year=year, defaults={"value": value, "source": "test"}
        )


def assessment_of(government: Government, year: int) -> EligibilityAssessment:
    return EligibilityAssessment.objects.get(government=government, year=year)


def test_recompute_stores_what_the_scoring_rules_give(government, other_government):
    other_government.status = Government.Status.NOT_MEMBER
    other_government.save()
    observe(government, 2025, FULL_MARKS)
    # Mexico: a draft law (1), asset disclosure without public access (2), civil liberties 6 (3), no fiscal
    # data: 6 of 12 on three criteria; as a non-member it takes the values check, which fails at 1.
    observe(other_government, 2025, {"ati_law": "draft", "asset_disclosure": "law", "civil_liberties": "6"})
    observe(other_government, 2025, {"cso_entry_exit": "2.5", "cso_repression": "1"})

    result = EligibilityAssessment.objects.recompute(2025)

    assert (result.assessed, result.created, result.updated) == (2, 2, 0)
    france = assessment_of(government, 2025)
    assert (france.fiscal_transparency, france.access_to_information) == (4, 4)
    assert (france.asset_disclosure, france.citizen_engagement) == (4, 4)
    assert (france.total, france.maximum, france.percent) == (16, 16, Decimal("100.0"))
    assert (france.core_result, france.values_check, france.eligible) == ("met", "not_applicable", True)
    mexico = assessment_of(other_government, 2025)
    assert mexico.fiscal_transparency is None
    assert (mexico.access_to_information, mexico.asset_disclosure, mexico.citizen_engagement) == (1, 2, 3)
    assert (mexico.total, mexico.maximum, mexico.percent) == (6, 12, Decimal("50.0"))
    assert (mexico.core_result, mexico.values_check, mexico.eligible) == ("not_met", "fail", False)
    assert mexico.ruleset_version == "2023.1"
    expected = assess(
        {
            "ati_law": Observation("ati_law", "draft", "test"),
            "asset_disclosure": Observation("asset_disclosure", "law", "test"),
            "civil_liberties": Observation("civil_liberties", "6", "test"),
            "cso_entry_exit": Observation("cso_entry_exit", "2.5", "test"),
            "cso_repression": Observation("cso_repression", "1", "test"),
        },
        is_member=False,
    )
    assert mexico.trace == expected.as_dict()


def test_too_few_criteria_is_not_enough_data_and_local_governments_are_not_assessed(government):
    GovernmentFactory(local=True, parent=government)
    observe(government, 2025, {"ati_law": "law", "civil_liberties": "9"})

    EligibilityAssessment.objects.recompute(2025)

    france = EligibilityAssessment.objects.get()
    assert (france.core_result, france.eligible, france.total, france.maximum) == ("not_enough_data", False, 8, 8)
    assert france.government == government


def test_only_the_given_governments_are_recomputed(government, other_government):
    result = EligibilityAssessment.objects.recompute(2025, governments=[other_government])

    assert result.assessed == 1
    assert list(EligibilityAssessment.objects.values_list("government", flat=True)) == [other_government.pk]


def test_recomputing_twice_changes_nothing(government, other_government):
    observe(government, 2024, FULL_MARKS)
    observe(government, 2025, FAILING)
    observe(other_government, 2025, FULL_MARKS)
    EligibilityAssessment.objects.recompute(2024)
    EligibilityAssessment.objects.recompute(2025)
    before = list(EligibilityAssessment.objects.order_by("pk").values())

    again = EligibilityAssessment.objects.recompute(2025)

    assert (again.created, again.updated) == (0, 0)
    assert list(EligibilityAssessment.objects.order_by("pk").values()) == before
    # Mexico had no 2024 data (not enough data), so its 2025 result differs too.
    assert again.changed == ["FRA", "MEX"]


def test_changed_compares_with_the_previous_year(government, other_government):
    observe(government, 2024, FULL_MARKS)
    observe(government, 2025, FAILING)
    observe(other_government, 2024, FULL_MARKS)
    observe(other_government, 2025, {**FULL_MARKS, "civil_liberties": "8"})  # other points, same result

    first = EligibilityAssessment.objects.recompute(2024)
    second = EligibilityAssessment.objects.recompute(2025)

    # A first year has nothing to differ from.
    assert first.changed == []
    assert not EligibilityAssessment.objects.for_year(2024).changed().exists()
    assert second.changed == ["FRA"]
    assert assessment_of(government, 2025).changed is True
    assert assessment_of(other_government, 2025).changed is False


def test_a_new_result_replaces_the_stored_one_and_needs_a_new_review(government, staff):
    observe(government, 2025, FULL_MARKS)
    EligibilityAssessment.objects.recompute(2025)
    assessment = assessment_of(government, 2025)
    assessment.confirm(staff, note="Checked against the OBS 2023 tables.")
    observe(government, 2025, {"audit_report": "published_late"})

    result = EligibilityAssessment.objects.recompute(2025)

    assert (result.created, result.updated) == (0, 1)
    updated = assessment_of(government, 2025)
    assert updated.pk == assessment.pk
    assert (updated.fiscal_transparency, updated.total) == (2, 14)
    assert (updated.reviewed_by, updated.reviewed_at, updated.review_note) == (None, None, "")
    assert updated.computed_at > assessment.computed_at


def test_confirm_records_the_review_with_an_audit_entry(government, staff):
    observe(government, 2025, FULL_MARKS)
    EligibilityAssessment.objects.recompute(2025)
    assessment = assessment_of(government, 2025)

    assessment.confirm(staff, note="  Matches the source tables.  ")

    assessment.refresh_from_db()
    assert (assessment.reviewed_by, assessment.review_note) == (staff, "Matches the source tables.")
    assert assessment.reviewed_at is not None
    assert EligibilityAssessment.objects.for_year(2025).unreviewed().count() == 0
    [entry] = AuditEntry.objects.for_object(assessment)
    assert (entry.action, entry.actor, entry.data["eligible"]) == ("eligibility_assessment.confirmed", staff, True)


# --- Query budget ------------------------------------------------------------------------------

# Five reads, the bulk writes and a savepoint. SQLite splits a bulk write into batches of at most
# 999 parameters (4 statements for 200 rows); PostgreSQL writes any number of rows in one.
QUERY_BUDGET = 12


def make_world(size: int) -> list[Government]:
    """`size` national governments, half members, each with a full year of observations.

    The non-members are already "eligible", so full marks move no status: status moves cost
    a few queries each, on top of the fixed budget, and only for governments that move.
    """
    governments = Government.objects.bulk_create(
        Government(
            kind=Government.Kind.NATIONAL,
            name=f"Country {number}",
            iso3=f"Q{number // 26 % 26 + 65:c}{number % 26 + 65:c}",
            slug=f"q{number}",
            region="europe",
            status=MEMBER if number % 2 else Government.Status.ELIGIBLE,
        )
        for number in range(size)
    )
    IndicatorObservation.objects.bulk_create(
        IndicatorObservation(government=government, indicator=indicator, year=2025, value=value)
        for government in governments
        for indicator, value in FULL_MARKS.items()
    )
    return governments


def recompute_queries(size: int, django_assert_max_num_queries) -> tuple[list[str], list[str]]:
    """The SQL of a first recompute (inserts) and of one after every observation changed (updates)."""
    make_world(size)
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as creating:
        created = EligibilityAssessment.objects.recompute(2025)
    IndicatorObservation.objects.filter(indicator="civil_liberties").update(value="8")
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as updating:
        updated = EligibilityAssessment.objects.recompute(2025)
    assert (created.assessed, created.created, updated.updated) == (size, size, size)
    assert EligibilityAssessment.objects.for_year(2025).filter(citizen_engagement=4, eligible=True).count() == size
    return [query["sql"] for query in creating.captured_queries], [query["sql"] for query in updating.captured_queries]


def reads(queries: list[str]) -> int:
    return sum(sql.lstrip().upper().startswith("SELECT") for sql in queries)


def test_recompute_of_200_governments_stays_within_the_query_budget(django_assert_max_num_queries):
    creating, updating = recompute_queries(200, django_assert_max_num_queries)
    # One read each: governments (locked), observations, overrides, previous year, this year,
    # and whether a later year exists (statuses follow the newest year only).
    assert reads(creating) == reads(updating) == 6
    if connection.vendor == "postgresql":
        assert len(creating) == len(updating) == 9


def test_recompute_of_20_governments_has_the_same_budget_and_the_same_reads(django_assert_max_num_queries):
    creating, updating = recompute_queries(20, django_assert_max_num_queries)
    assert reads(creating) == reads(updating) == 6
    if connection.vendor == "postgresql":
        # The same 9 statements as for 200 governments.
        assert len(creating) == len(updating) == 9


# --- Overrides ---------------------------------------------------------------------------------


def test_an_override_replaces_the_computed_points_and_is_audited(government, staff):
    observe(government, 2025, {**FULL_MARKS, "asset_disclosure": "none"})
    EligibilityAssessment.objects.recompute(2025)

    override = CriterionOverride.objects.record(
        government,
        2025,
        "asset_disclosure",
        4,
        justification="The 2024 law gives public access; the index predates it.",
        evidence_url="https://example.org/law",
        by=staff,
    )

    assessment = assessment_of(government, 2025)
    assert (assessment.asset_disclosure, assessment.total) == (4, 16)
    [asset] = [c for c in assessment.trace["criteria"] if c["criterion"] == "asset_disclosure"]
    assert (asset["points"], asset["computed_points"], asset["overridden"]) == (4, 0, True)
    assert asset["override_justification"] == "The 2024 law gives public access; the index predates it."
    [entry] = AuditEntry.objects.for_object(government).filter(action="criterion_override.set")
    assert entry.actor == staff
    assert entry.data | {"override_id": override.pk} == {
        "override_id": override.pk,
        "year": 2025,
        "criterion": "asset_disclosure",
        "points": 4,
        "previous_points": None,
        "justification": "The 2024 law gives public access; the index predates it.",
        "evidence_url": "https://example.org/law",
    }


def test_an_override_survives_reimports_and_recomputes(government, staff):
    content = b"iso3,year,indicator,value,source,vintage\nFRA,2025,ati_law,none,RTI,2025\n"
    IndicatorImport.objects.run(content, "long", source_name="rti.csv")
    CriterionOverride.objects.record(
        government, 2025, "access_to_information", 3, justification="Constitutional right.", by=staff
    )

    IndicatorImport.objects.run(content.replace(b"none", b"draft"), "long", source_name="rti-2.csv")
    EligibilityAssessment.objects.recompute(2025)

    assessment = assessment_of(government, 2025)
    assert assessment.access_to_information == 3
    [criterion] = [c for c in assessment.trace["criteria"] if c["criterion"] == "access_to_information"]
    assert (criterion["computed_points"], criterion["overridden"]) == (1, True)


def test_replacing_and_withdrawing_an_override_recompute_each_time(government, staff):
    observe(government, 2025, FULL_MARKS)
    CriterionOverride.objects.record(government, 2025, "citizen_engagement", 1, justification="First.", by=staff)
    override = CriterionOverride.objects.record(
        government, 2025, "citizen_engagement", 2, justification="Second look.", by=staff
    )
    assert CriterionOverride.objects.get() == override
    assert assessment_of(government, 2025).citizen_engagement == 2

    override.withdraw(by=staff)

    assert not CriterionOverride.objects.exists()
    assert assessment_of(government, 2025).citizen_engagement == 4
    actions = list(AuditEntry.objects.for_object(government).order_by("pk").values_list("action", "data__points"))
    assert actions == [
        ("criterion_override.set", 1),
        ("criterion_override.set", 2),
        ("criterion_override.withdrawn", 2),
    ]


@pytest.mark.parametrize(
    ("criterion", "points", "justification", "evidence_url"),
    [
        ("asset_disclosure", 5, "Too many points.", ""),
        ("asset_disclosure", 3, "   ", ""),
        ("budget_size", 3, "No such criterion.", ""),
        ("asset_disclosure", 3, "Bad link.", "not a url"),
    ],
)
def test_an_invalid_override_saves_nothing(government, staff, criterion, points, justification, evidence_url):
    with pytest.raises(ValidationError):
        CriterionOverride.objects.record(
            government, 2025, criterion, points, justification=justification, evidence_url=evidence_url, by=staff
        )
    assert not CriterionOverride.objects.exists()
    assert not EligibilityAssessment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="criterion_override").exists()


# --- Eligibility reviews -----------------------------------------------------------------------


def test_two_failing_years_start_an_eligibility_review_and_a_passing_year_ends_it(
    government, other_government, django_capture_on_commit_callbacks
):
    observe(government, 2024, FAILING)
    observe(government, 2025, FAILING)
    observe(government, 2026, FULL_MARKS)
    # Mexico fails only once: no review.
    observe(other_government, 2024, FULL_MARKS)
    observe(other_government, 2025, FAILING)

    with django_capture_on_commit_callbacks(execute=True):
        first = EligibilityAssessment.objects.recompute(2024)
        second = EligibilityAssessment.objects.recompute(2025)
    assert first.put_under_review == []
    assert second.put_under_review == ["FRA"]
    government.refresh_from_db()
    other_government.refresh_from_db()
    assert (government.status, other_government.status) == (UNDER_REVIEW, MEMBER)
    change = StatusChange.objects.get()
    assert (change.government, change.from_status, change.to_status) == (government, MEMBER, UNDER_REVIEW)
    assert change.actor is None
    assert "2024" in change.reason and "2025" in change.reason

    # Recomputing the same year again starts nothing new.
    assert EligibilityAssessment.objects.recompute(2025).put_under_review == []
    assert StatusChange.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        third = EligibilityAssessment.objects.recompute(2026, governments=[government])
    assert third.review_lifted == ["FRA"]
    government.refresh_from_db()
    assert government.status == MEMBER
    lifted = StatusChange.objects.order_by("pk").last()
    assert (lifted.from_status, lifted.to_status, lifted.actor) == (UNDER_REVIEW, MEMBER, None)


def test_non_members_and_other_statuses_are_never_moved(government, other_government):
    other_government.status = Government.Status.NOT_MEMBER
    other_government.save()
    government.status = Government.Status.SUSPENDED
    government.save()
    for year in (2024, 2025):
        observe(government, year, FAILING)
        observe(other_government, year, FAILING)

    EligibilityAssessment.objects.recompute(2024)
    EligibilityAssessment.objects.recompute(2025)

    assert not StatusChange.objects.exists()
    assert set(Government.objects.values_list("status", flat=True)) == {"not_member", "suspended"}


def test_not_enough_data_does_not_start_a_review(government):
    observe(government, 2024, {"ati_law": "none"})
    observe(government, 2025, {"ati_law": "none"})

    EligibilityAssessment.objects.recompute(2024)
    EligibilityAssessment.objects.recompute(2025)

    government.refresh_from_db()
    assert government.status == MEMBER
    assert not StatusChange.objects.exists()


# --- Non-members' status follows the newest year ---------------------------------------------------


def test_a_non_member_becomes_eligible_and_back_with_reasons_on_its_timeline(db):
    japan = GovernmentFactory(iso3="JPN", slug="jpn", name="Japan", status=Government.Status.NOT_MEMBER)
    observe(japan, 2024, FULL_MARKS)
    result = EligibilityAssessment.objects.recompute(2024)
    assert result.became_eligible == ["JPN"]
    japan.refresh_from_db()
    assert japan.status == Government.Status.ELIGIBLE

    observe(japan, 2025, {**FULL_MARKS, "cso_repression": "0.5"})  # fails the values check
    result = EligibilityAssessment.objects.recompute(2025)
    assert result.no_longer_eligible == ["JPN"]
    japan.refresh_from_db()
    assert japan.status == Government.Status.NOT_MEMBER
    reasons = list(japan.status_changes.order_by("created_at").values_list("to_status", "reason"))
    assert reasons == [
        ("eligible", "Meets the core eligibility criteria and passes the values check in 2024."),
        ("not_member", "No longer meets the eligibility requirements in 2025."),
    ]


def test_recomputing_a_past_year_leaves_todays_statuses_alone(db):
    japan = GovernmentFactory(iso3="JPN", slug="jpn", name="Japan", status=Government.Status.NOT_MEMBER)
    observe(japan, 2025, {**FULL_MARKS, "cso_repression": "0.5"})
    EligibilityAssessment.objects.recompute(2025)
    observe(japan, 2024, FULL_MARKS)
    result = EligibilityAssessment.objects.recompute(2024)
    assert result.became_eligible == []
    japan.refresh_from_db()
    assert japan.status == Government.Status.NOT_MEMBER and not japan.status_changes.exists()
    assert EligibilityAssessment.objects.get(government=japan, year=2024).eligible
