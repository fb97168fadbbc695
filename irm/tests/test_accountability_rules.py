"""The contrary-to-process rules, each at its boundary dates: no plan within 12 months, the late plan,
minimum requirements not met and no progress (from published reviews only); and how cycles are counted."""

import datetime

import pytest
from django.core import mail

from action_plans.models import FindingKind, PlanStatus, ProcessFinding
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from members.models import AuditEntry

from ..accountability import (
    contrary_cycles,
    cycles_of,
    latest_run,
    recompute,
    record_missing_plans,
    record_review_findings,
    strikes,
    unspent,
)
from ..models import Review, ReviewKind, ReviewStatus
from .factories import CommitmentAssessmentFactory, ReviewFactory

pytestmark = pytest.mark.django_db

# A 2023 plan ends on 31 August 2025: the next one is due within 12 months, by 31 August 2026.
END = datetime.date(2025, 8, 31)
DEADLINE = datetime.date(2026, 8, 31)
DAY_AFTER = datetime.date(2026, 9, 1)


def noon(day):
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def delivered_plan(government, number, cycle_year, *, delivered_on=None, status=PlanStatus.ENDED, length=2):
    """A plan of `cycle_year` (1 September to 31 August), delivered on `delivered_on` (20 August by default)."""
    return ActionPlanFactory(
        government=government,
        number=number,
        cycle_year=cycle_year,
        length_years=length,
        start_date=datetime.date(cycle_year, 9, 1),
        end_date=datetime.date(cycle_year + length, 8, 31),
        status=status,
        submitted_at=noon(delivered_on or datetime.date(cycle_year, 8, 20)),
    )


def published_review(plan, kind=ReviewKind.ACTION_PLAN_REVIEW, **fields):
    return ReviewFactory(plan=plan, kind=kind, published=True, **fields)


def results_report(plan, completions, status=ReviewStatus.PUBLISHED):
    """A results report on `plan` with one assessed commitment per completion value."""
    fields = {"published": True} if status == ReviewStatus.PUBLISHED else {"status": status}
    review = ReviewFactory(plan=plan, kind=ReviewKind.RESULTS_REPORT, **fields)
    for completion in completions:
        CommitmentAssessmentFactory(
            review=review, commitment=CommitmentFactory(plan=plan), completion=completion, potential_for_results=""
        )
    return review


def kinds(government):
    return sorted(government.process_findings.values_list("kind", flat=True))


@pytest.fixture
def previous(government):
    return delivered_plan(government, 3, 2023)


class TestNoPlanWithin12Months:
    def test_the_deadline_day_is_not_yet_a_finding_and_the_day_after_is(self, government, previous):
        assert record_missing_plans(government, DEADLINE) == []
        (finding,) = record_missing_plans(government, DAY_AFTER)
        assert finding.kind == FindingKind.NO_PLAN_WITHIN_12_MONTHS and finding.plan == previous
        # The cycle that followed: the year the plan ended, when the next one was due.
        assert finding.cycle_year == 2025
        assert finding.details == "No action plan was delivered by 2026-08-31, 12 months after 2025-08-31."

    def test_a_next_plan_delivered_on_the_deadline_day_is_in_time(self, government, previous):
        delivered_plan(government, 4, 2025, delivered_on=DEADLINE, status=PlanStatus.IN_IMPLEMENTATION)
        assert record_missing_plans(government, DAY_AFTER) == []
        assert record_missing_plans(government, datetime.date(2027, 6, 1)) == []

    def test_a_next_plan_delivered_the_day_after_the_deadline_is_a_finding_in_its_cycle(self, government, previous):
        later = delivered_plan(government, 4, 2026, delivered_on=DAY_AFTER, status=PlanStatus.SUBMITTED)
        (finding,) = record_missing_plans(government, DAY_AFTER)
        assert finding.plan == previous and finding.cycle_year == later.cycle_year == 2026

    def test_a_next_plan_still_in_drafting_is_not_delivered(self, government, previous):
        ActionPlanFactory(government=government, number=4, cycle_year=2025, public_comment=True)
        (finding,) = record_missing_plans(government, DAY_AFTER)
        assert finding.plan == previous and finding.cycle_year == 2025

    def test_the_number_of_months_is_a_setting(self, government, previous, settings):
        settings.PROCEDURAL_NO_PLAN_MONTHS = 6
        assert record_missing_plans(government, datetime.date(2026, 2, 28)) == []
        (finding,) = record_missing_plans(government, datetime.date(2026, 3, 1))
        assert "2026-02-28, 6 months after 2025-08-31" in finding.details

    def test_a_longer_setting_moves_the_deadline_later(self, government, previous, settings):
        settings.PROCEDURAL_NO_PLAN_MONTHS = 18
        assert record_missing_plans(government, datetime.date(2027, 2, 28)) == []
        assert len(record_missing_plans(government, datetime.date(2027, 3, 1))) == 1

    def test_plans_in_drafting_and_imported_history_are_not_judged(self, government):
        ActionPlanFactory(government=government, number=1, cycle_year=2019, status=PlanStatus.CO_CREATION)
        assert record_missing_plans(government, datetime.date(2030, 1, 1)) == []
        old = ActionPlanFactory(
            government=government, number=2, cycle_year=2015, status=PlanStatus.ENDED,
            start_date=datetime.date(2015, 9, 1), end_date=datetime.date(2017, 8, 31),
        )  # fmt: skip
        # A later plan past drafting with no delivery date: imported history, delivered on an unknown day.
        ActionPlanFactory(
            government=government, number=3, cycle_year=2017, status=PlanStatus.ENDED,
            start_date=datetime.date(2017, 9, 1), end_date=datetime.date(2019, 8, 31),
        )  # fmt: skip
        assert not ProcessFinding.objects.filter(plan=old).exists()

    def test_recording_twice_gives_one_finding_audited_once(self, government, previous):
        assert len(record_missing_plans(government, DAY_AFTER)) == 1
        assert record_missing_plans(government, DAY_AFTER + datetime.timedelta(days=1)) == []
        assert ProcessFinding.objects.count() == 1
        entries = AuditEntry.objects.for_object(government).filter(action="process_finding.recorded")
        assert entries.get().data["kind"] == FindingKind.NO_PLAN_WITHIN_12_MONTHS

    def test_the_points_of_contact_get_the_finding_notice(
        self, government, previous, poc, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            record_missing_plans(government, DAY_AFTER)
        (message,) = mail.outbox
        assert message.to == [poc.email]
        assert message.subject == "France: the 2025 cycle was found contrary to process"
        assert "No action plan within 12 months of the previous one's end" in message.body
        assert "It ended on Aug. 31, 2025 and no later action plan was delivered within 12 months." in message.body
        assert (
            f"/en/action-plans/{previous.pk}/" in message.body and "/en/governments/fra/#accountability" in message.body
        )


class TestCyclesWithNoPlanAtAll:
    """A member that stops delivering plans: each further two-year cycle without one is contrary too."""

    def test_each_empty_cycle_after_the_first_is_a_finding_without_a_plan(self, government, previous):
        assert len(record_missing_plans(government, DAY_AFTER)) == 1
        assert record_missing_plans(government, datetime.date(2028, 8, 31)) == []
        (second,) = record_missing_plans(government, datetime.date(2028, 9, 1))
        assert (second.plan, second.government, second.cycle_year) == (None, government, 2027)
        assert second.details == "Still no action plan by 2028-08-31, since the previous one ended on 2025-08-31."
        assert record_missing_plans(government, datetime.date(2028, 9, 2)) == []
        assert sorted(government.process_findings.values_list("cycle_year", flat=True)) == [2025, 2027]

    def test_two_empty_cycles_place_the_member_under_procedural_review(self, government, previous):
        government.status = "member"
        government.save()
        outcome = recompute(government, datetime.date(2028, 9, 1))
        assert outcome.procedural_review is not None
        assert (outcome.procedural_review.first_cycle_year, outcome.procedural_review.second_cycle_year) == (
            2025,
            2027,
        )
        government.refresh_from_db()
        assert government.status == "under_procedural_review"

    def test_a_plan_started_stops_counting_empty_cycles(self, government, previous):
        ActionPlanFactory(government=government, number=4, cycle_year=2027, public_comment=True)
        assert len(record_missing_plans(government, datetime.date(2029, 1, 1))) == 1


class TestLatePlan:
    def test_a_plan_not_delivered_by_1_january_makes_its_cycle_contrary(self, government, previous):
        late = ActionPlanFactory(government=government, number=4, cycle_year=2025, public_comment=True)
        assert late.record_missed_deadline(datetime.date(2025, 12, 31)) is False
        assert contrary_cycles(government) == [(2023, False), (2025, False)]
        assert late.record_missed_deadline(datetime.date(2026, 1, 1)) is True
        assert contrary_cycles(government) == [(2023, False), (2025, True)]
        # Months later, still undelivered: the no-plan rule finds the same cycle, which stays one cycle.
        recompute(government, DAY_AFTER)
        assert kinds(government) == [FindingKind.NO_PLAN_WITHIN_12_MONTHS, FindingKind.NOT_DELIVERED_BY_JANUARY]
        assert contrary_cycles(government) == [(2023, False), (2025, True)]


class TestMinimumRequirements:
    @pytest.mark.parametrize("field", ["forum_meets_regularly", "forum_rules_public", "repository_public"])
    def test_any_requirement_not_met_in_a_published_review_is_a_finding(self, government, previous, field):
        published_review(previous, **{field: "no"})
        (finding,) = record_review_findings(government)
        assert finding.kind == FindingKind.MINIMUM_REQUIREMENTS_NOT_MET and finding.cycle_year == 2023
        assert finding.details == "The IRM's action plan review found the co-creation minimum requirements not met."

    @pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.SHARED, ReviewStatus.FINAL])
    def test_a_draft_does_not_count(self, government, previous, status):
        ReviewFactory(plan=previous, status=status, forum_meets_regularly="no")
        assert record_review_findings(government) == []

    def test_requirements_met_are_no_finding(self, government, previous):
        published_review(previous)
        assert record_review_findings(government) == []

    def test_the_review_and_the_results_report_of_one_plan_give_one_finding(self, government, previous):
        published_review(previous, repository_public="no")
        published_review(previous, kind=ReviewKind.RESULTS_REPORT, forum_rules_public="no")
        assert Review.objects.published().minimum_requirements_not_met().count() == 2
        assert len(record_review_findings(government)) == 1
        assert record_review_findings(government) == []


class TestNoProgress:
    @pytest.mark.parametrize(
        "completions", [["not_started"], ["no_evidence"], ["not_started", "no_evidence", "not_started"]]
    )
    def test_no_commitment_with_progress_in_a_published_results_report_is_a_finding(
        self, government, previous, completions
    ):
        results_report(previous, completions)
        (finding,) = record_review_findings(government)
        assert finding.kind == FindingKind.NO_PROGRESS and finding.cycle_year == 2023

    @pytest.mark.parametrize("progress", ["limited", "substantial", "complete"])
    def test_one_commitment_with_progress_is_no_finding(self, government, previous, progress):
        results_report(previous, ["not_started", "no_evidence", progress])
        assert record_review_findings(government) == []

    def test_a_draft_results_report_does_not_count(self, government, previous):
        results_report(previous, ["not_started"], status=ReviewStatus.FINAL)
        assert record_review_findings(government) == []

    def test_commitments_whose_completion_was_not_assessed_are_no_finding(self, government, previous):
        results_report(previous, ["", ""])
        assert record_review_findings(government) == []

    def test_an_action_plan_review_is_not_a_results_report(self, government, previous):
        review = published_review(previous, uses_older_method=True)
        CommitmentAssessmentFactory(review=review, completion="not_started")
        assert record_review_findings(government) == []


class TestCycles:
    def test_cycles_are_the_plans_and_findings_years_in_order(self):
        assert cycles_of([2021, 2023, 2023], [2025, 2021]) == [(2021, True), (2023, False), (2025, True)]

    @pytest.mark.parametrize(
        ("cycles", "needed", "run"),
        [
            ([(2021, True), (2023, True)], 2, [2021, 2023]),
            ([(2021, True), (2023, False), (2025, True)], 2, None),
            ([(2021, True), (2023, True), (2025, False)], 2, [2021, 2023]),
            ([(2021, True), (2023, True), (2025, True)], 2, [2023, 2025]),
            ([(2021, True), (2023, True)], 3, None),
            ([(2021, True), (2023, True), (2025, True)], 3, [2021, 2023, 2025]),
        ],
    )
    def test_the_latest_run_of_consecutive_contrary_cycles(self, cycles, needed, run):
        assert latest_run(cycles, needed) == run

    @pytest.mark.parametrize(
        ("cycles", "run"),
        [
            ([], []),
            ([(2023, False)], []),
            ([(2023, True)], [2023]),
            ([(2023, True), (2025, False)], [2023]),  # 2025 may still be found contrary
            ([(2021, True), (2023, False), (2025, False)], []),
            ([(2021, True), (2023, True), (2025, False)], [2021, 2023]),
            ([(2021, True), (2023, False), (2025, True)], [2025]),
        ],
    )
    def test_strikes_are_the_run_a_further_contrary_cycle_would_extend(self, cycles, run):
        assert strikes(cycles) == run

    def test_cycles_up_to_the_last_review_are_spent(self):
        assert unspent([(2021, True), (2023, True), (2025, True)], 2023) == [(2025, True)]
