"""The public figures equal hand counts on a small world; drafts and unpublished reviews never count."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory, PolicyAreaFactory
from irm.models import ReviewKind, ReviewStatus
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.models import EligibilityAssessment
from members.tests.factories import GovernmentFactory
from ogp_portal import statistics
from ogp_portal.charts import Series, bar_chart_svg
from ogp_portal.numbers import format_percent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def assess(review, commitment, **scores):
    return CommitmentAssessmentFactory(review=review, commitment=commitment, **scores)


def eligibility(government, year, percent, eligible):
    return EligibilityAssessment.objects.create(
        government=government,
        year=year,
        ruleset_version="2024",
        total=round(percent * 16 / 100),
        maximum=16,
        percent=Decimal(str(percent)),
        core_result="met" if eligible else "not_met",
        values_check="pass",
        eligible=eligible,
    )


def build_world():
    """France and Mexico are national members, Chile is not; Paris is a local member, Lyon is not.

    Public plans: France's (cycle 2021, commitments A1-A3) and Mexico's (cycle 2023, B1-B2). France's draft
    (4 commitments) and Mexico's plan in public comment count nowhere but in the open comment periods.
    """
    france = GovernmentFactory(
        iso3="FRA", slug="fra", name="France", population=68_000_000, cohort="odd", member_since=2014
    )
    mexico = GovernmentFactory(
        iso3="MEX", slug="mex", name="Mexico", region="americas", population=130_000_000, cohort="even"
    )
    chile = GovernmentFactory(
        iso3="CHL", slug="chl", name="Chile", region="americas", population=19_000_000, status="not_member"
    )
    GovernmentFactory(local=True, parent=france, name="Paris", slug="paris", population=2_000_000)
    GovernmentFactory(local=True, parent=france, name="Lyon", slug="lyon", status="not_member")

    plan_a = ActionPlanFactory(
        government=france, number=1, cycle_year=2021, status=PlanStatus.IN_IMPLEMENTATION, title="France 2021"
    )
    plan_b = ActionPlanFactory(government=mexico, number=1, cycle_year=2023, status=PlanStatus.ENDED)
    draft = ActionPlanFactory(government=france, number=2, cycle_year=2025)
    in_comment = ActionPlanFactory(
        government=mexico,
        number=2,
        title="Mexico draft for comment",
        status=PlanStatus.PUBLIC_COMMENT,
        comment_opens_on=TODAY - datetime.timedelta(days=2),
        comment_closes_on=TODAY + datetime.timedelta(days=5),
    )
    ActionPlanFactory(
        government=chile,
        number=1,
        status=PlanStatus.PUBLIC_COMMENT,
        title="Closed period",
        comment_opens_on=TODAY - datetime.timedelta(days=40),
        comment_closes_on=TODAY - datetime.timedelta(days=1),
    )
    a1, a2, a3 = (CommitmentFactory(plan=plan_a, number=n) for n in (1, 2, 3))
    b1, b2 = (CommitmentFactory(plan=plan_b, number=n) for n in (1, 2))
    drafts = [CommitmentFactory(plan=draft, number=n) for n in (1, 2, 3, 4)]
    contracting = PolicyAreaFactory(name="Open contracting")
    health = PolicyAreaFactory(name="Health")
    for commitment in (a1, a2, b1):
        commitment.policy_areas.add(contracting)
    a1.policy_areas.add(health)
    drafts[0].policy_areas.add(health, contracting)

    results_a = ReviewFactory(plan=plan_a, kind=ReviewKind.RESULTS_REPORT, published=True)
    assess(results_a, a1, completion="complete", early_results="major")
    assess(results_a, a2, completion="limited", early_results="did_not_change")
    assess(results_a, a3, completion="substantial")
    # The older method's mid-term completion of A1 is superseded by the results report's.
    older_a = ReviewFactory(plan=plan_a, kind=ReviewKind.ACTION_PLAN_REVIEW, published=True, uses_older_method=True)
    assess(older_a, a1, completion="limited")
    older_b = ReviewFactory(plan=plan_b, kind=ReviewKind.ACTION_PLAN_REVIEW, published=True, uses_older_method=True)
    assess(older_b, b2, completion="not_started")
    unpublished_b = ReviewFactory(plan=plan_b, kind=ReviewKind.RESULTS_REPORT, status=ReviewStatus.FINAL)
    assess(unpublished_b, b1, completion="complete", early_results="outstanding")
    in_comment_review = ReviewFactory(plan=in_comment, kind=ReviewKind.CO_CREATION_BRIEF, public_comment=True)

    eligibility(france, 2024, 75.0, True)
    eligibility(mexico, 2024, 62.5, True)
    eligibility(chile, 2024, 50.0, False)
    eligibility(france, 2023, 10.0, False)
    return {"france": france, "plan_a": plan_a, "in_comment": in_comment, "in_comment_review": in_comment_review}


@pytest.fixture
def world():
    return build_world()


def test_membership_counts_members_and_national_population_only(world):
    members = statistics.membership()
    assert (members.national, members.local) == (2, 1)
    assert members.population == 68_000_000 + 130_000_000
    assert members.cohort_members == {"odd": 1, "even": 1}


def test_plans_and_commitments_count_public_plans_only(world):
    assert statistics.public_plans().count() == 2
    assert statistics.public_commitments().count() == 5


def test_completion_counts_each_commitment_once_from_published_reports(world):
    completion = statistics.completion()
    # A1 complete (results report), A2 limited, A3 substantial, B2 not started; B1 only in an unpublished report.
    assert (completion.assessed, completion.high, completion.high_percent) == (4, 2, 50)


def test_completion_without_assessment(db):
    assert statistics.completion().high_percent is None


@pytest.mark.parametrize(
    ("today", "due", "cohort"),
    [
        (datetime.date(2026, 3, 1), datetime.date(2026, 8, 31), "even"),
        (datetime.date(2026, 8, 31), datetime.date(2026, 8, 31), "even"),
        (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31), "odd"),
    ],
)
def test_next_due_date_is_the_next_31_august_of_its_cohort(today, due, cohort):
    next_due = statistics.next_due_date({"odd": 3, "even": 7}, today)
    assert (next_due.date, next_due.cohort, next_due.members) == (due, cohort, 7 if cohort == "even" else 3)


def test_open_comment_periods_list_only_open_ones(world):
    assert statistics.open_plan_comment_periods() == [world["in_comment"]]
    assert statistics.open_review_comment_periods() == [world["in_comment_review"]]


def test_commitments_by_policy_area_leave_drafts_out(world):
    assert statistics.commitments_by_policy_area() == [("Open contracting", 3), ("Health", 1), ("No policy area", 2)]


def test_results_by_cycle(world):
    cycles = statistics.results_by_cycle()
    assert [
        (c.cycle_year, c.completion_assessed, c.high_completion, c.early_results_assessed, c.strong_early_results)
        for c in cycles
    ] == [(2021, 3, 2, 2, 1), (2023, 1, 0, 0, 0)]
    assert [(c.high_completion_percent, c.strong_early_results_percent) for c in cycles] == [(67, 50), (0, None)]


def test_eligibility_by_region_uses_the_latest_year(world):
    year, regions = statistics.eligibility_by_region()
    assert year == 2024
    assert [(r.region, r.assessed, r.eligible, r.not_eligible, r.average_percent) for r in regions] == [
        ("americas", 2, 1, 1, Decimal("56.3")),
        ("europe", 1, 1, 0, Decimal("75.0")),
    ]


def test_the_statistics_page_draws_each_chart_with_its_table(client, world):
    response = client.get(reverse("statistics"))
    assert response.status_code == 200
    page = response.text
    assert page.count('role="img"') == 3
    assert page.count("<title id=") == 3
    areas = section(page, "areas-table")
    assert re.search(r'<th scope="row">Open contracting</th><td class="text-end">3</td>', areas)
    assert re.search(r'<th scope="row">No policy area</th><td class="text-end">2</td>', areas)
    assert "Commitments by policy area" in page and "Open contracting · Commitments: 3" in page
    cycles = section(page, "cycles-table")
    assert "<caption>" in cycles and '<th scope="row">2021</th>' in cycles
    assert "2 (67%)" in cycles and "1 (50%)" in cycles and "0 (0%)" in cycles
    assert "2021 · Substantial or complete: 67%" in page
    regions = section(page, "regions-table")
    assert "Americas" in regions and "56.3%" in regions and "75%" in regions
    assert "Assessments of 2024, the latest year assessed." in page


def test_the_statistics_page_changes_with_the_data(client, world):
    plan = world["plan_a"]
    CommitmentFactory(plan=plan, number=9).policy_areas.add(PolicyAreaFactory(name="Water"))
    page = client.get(reverse("statistics")).text
    assert '<th scope="row">Water</th><td class="text-end">1</td>' in page


def test_the_statistics_page_without_data(client, db):
    page = client.get(reverse("statistics")).text
    assert "No public action plan has commitments yet." in page
    assert "No assessment yet" in page
    assert "No eligibility assessment yet." in page


def section(page, testid):
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</table>", start)]


def test_bar_chart_labels_every_bar_and_says_no_data():
    svg = bar_chart_svg(
        ["2021", "2023"],
        [Series("Done", [50, None]), Series("Results", [25.5, 0])],
        chart_id="c",
        title="A <chart>",
        maximum=100,
        percent=True,
    )
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert "A &lt;chart&gt;" in svg
    assert "2021 · Done: 50%" in svg and "25.5%" in svg and "no data" in svg
    assert svg.count("<rect") == 2 + 2  # two legend keys, and bars for the non-zero values only
    assert "#0072B2" in svg and "#D55E00" in svg


def test_bar_chart_writes_numbers_as_the_language_does():
    chart = [Series("Score", [71.7, 1234])]
    with translation.override("fr"):
        svg = bar_chart_svg(["Europe", "Americas"], chart, chart_id="c", title="t", percent=True)
    assert "71,7\N{NO-BREAK SPACE}%" in svg and "1\N{NO-BREAK SPACE}234\N{NO-BREAK SPACE}%" in svg and "71.7" not in svg


def test_bar_chart_puts_each_legend_entry_on_its_own_line():
    """Two long series names side by side ran past the right edge of the drawing."""
    svg = bar_chart_svg(
        ["2021"], [Series("A long first series name", [1]), Series("A long second one", [2])], chart_id="c", title="t"
    )
    legend_keys = re.findall(r'<rect x="0" y="(\d+)" width="12" height="12"', svg)
    assert len(set(legend_keys)) == 2


def test_every_table_of_the_statistics_page_scrolls_inside_its_box_on_a_phone(client, world):
    page = client.get(reverse("statistics")).text
    assert page.count("<table") == 3
    assert len(re.findall(r'<div class="table-responsive">\s*<table', page)) == 3


def make_public_commitments(count):
    plan = ActionPlanFactory(status=PlanStatus.IN_IMPLEMENTATION, cycle_year=2019)
    review = ReviewFactory(plan=plan, kind=ReviewKind.RESULTS_REPORT, published=True)
    area = PolicyAreaFactory()
    for number in range(count):
        commitment = CommitmentFactory(plan=plan, number=100 + number)
        commitment.policy_areas.add(area)
        assess(review, commitment, completion="complete", early_results="major")
        eligibility(GovernmentFactory(region="africa_middle_east"), 2024, 40.0, False)


@pytest.mark.parametrize("count", [3, 30])
def test_the_statistics_page_runs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    make_public_commitments(count)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("statistics")).status_code == 200


def test_every_role_sees_the_statistics(role_client, world):
    _role, client = role_client
    assert client.get(reverse("statistics")).status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["71.7%", "75%", "1,234%"]),
        ("fr", ["71,7\N{NO-BREAK SPACE}%", "75\N{NO-BREAK SPACE}%", "1\N{NO-BREAK SPACE}234\N{NO-BREAK SPACE}%"]),
    ],
)
def test_a_share_is_written_as_the_language_writes_it(language, expected):
    with translation.override(language):
        assert [format_percent(value) for value in (71.7, 75.0, 1234)] == expected
        assert (
            Template("{% load percentages %}{{ value|percent }}|{{ missing|percent }}").render(
                Context({"value": 71.7, "missing": None})
            )
            == f"{expected[0]}|"
        )
