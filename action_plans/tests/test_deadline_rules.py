"""Deadline rules (OGP process 3.1 and 7.4), at their boundaries, and how the plan and government pages show them."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from members.models import AuditEntry, Cohort
from members.tests.factories import UserFactory

from ..models import FindingKind, PlanStatus, ProcessFinding
from ..views.deadlines import PlanDeadlines, government_findings_context, plan_deadlines_context
from .factories import ActionPlanFactory
from .lifecycle_helpers import on_day, ready_plan, submitted_plan

pytestmark = pytest.mark.django_db

AUGUST_31, SEPTEMBER_1 = datetime.date(2025, 8, 31), datetime.date(2025, 9, 1)
DECEMBER_31, JANUARY_1 = datetime.date(2025, 12, 31), datetime.date(2026, 1, 1)


@pytest.fixture
def author(db):
    return UserFactory(username="author")


@pytest.fixture
def odd_cohort(government):
    government.cohort = Cohort.ODD
    government.save(update_fields=["cohort"])
    return government


def submit_on(plan, day, author):
    with on_day(day):
        assert plan.submit(by=author) is True
    plan.refresh_from_db()
    return plan


def cohort_moves(government):
    return AuditEntry.objects.for_object(government).filter(action="government.cohort_changed")


class TestLateDelivery:
    def test_a_plan_submitted_on_its_due_date_is_not_late(self, government, author):
        plan = submit_on(ready_plan(government=government), AUGUST_31, author)
        assert plan.due_date == AUGUST_31
        assert not plan.is_late and plan.days_late == 0

    def test_a_plan_submitted_the_next_day_is_late_by_one_day(self, government, author):
        plan = submit_on(ready_plan(government=government), SEPTEMBER_1, author)
        assert plan.is_late and plan.days_late == 1
        assert AuditEntry.objects.for_object(plan).get(action="action_plan.submitted").data["late"] is True

    def test_an_undelivered_plan_becomes_late_once_its_due_date_passes(self, government):
        plan = ActionPlanFactory(government=government)
        with on_day(AUGUST_31):
            assert not plan.is_late
        with on_day(SEPTEMBER_1):
            assert plan.is_late and plan.days_late == 1

    @override_settings(ACTION_PLAN_DUE_MONTH=6, ACTION_PLAN_DUE_DAY=30)
    def test_the_due_date_is_a_setting(self, government, author):
        plan = submit_on(ready_plan(government=government), datetime.date(2025, 7, 1), author)
        assert plan.due_date == datetime.date(2025, 6, 30)
        assert plan.is_late and plan.days_late == 1


class TestOneJanuaryCutOff:
    def test_a_plan_submitted_on_31_december_is_late_but_keeps_its_cohort(self, odd_cohort, author):
        plan = submit_on(ready_plan(government=odd_cohort), DECEMBER_31, author)
        assert plan.is_late and plan.days_late == 122
        odd_cohort.refresh_from_db()
        assert odd_cohort.cohort == Cohort.ODD and not cohort_moves(odd_cohort).exists()
        assert not ProcessFinding.objects.exists() and plan.missed_deadline_recorded_at is None

    def test_a_plan_submitted_on_1_january_moves_the_cohort_and_is_contrary_to_process(
        self, odd_cohort, author, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            plan = submit_on(ready_plan(government=odd_cohort), JANUARY_1, author)
        assert plan.missed_deadline_recorded_at is not None  # the caller's copy is up to date
        odd_cohort.refresh_from_db()
        assert odd_cohort.cohort == Cohort.EVEN
        move = cohort_moves(odd_cohort).get()
        assert (move.data["from_cohort"], move.data["to_cohort"]) == ("odd", "even")
        assert "was not delivered before 2026-01-01" in move.data["reason"]
        finding = ProcessFinding.objects.get()
        assert (finding.government, finding.plan, finding.cycle_year, finding.kind) == (
            odd_cohort,
            plan,
            2025,
            FindingKind.NOT_DELIVERED_BY_JANUARY,
        )
        entry = AuditEntry.objects.for_object(plan).get(action="action_plan.missed_deadline")
        assert entry.data["delivered_on"] == "2026-01-01" and entry.data["cohort"] == "even"
        assert len(callbacks) == 3  # "submitted", "missed deadline" and the finding notice to points of contact

    def test_the_missed_deadline_is_recorded_once_whoever_comes_first(self, odd_cohort, author):
        plan = ready_plan(government=odd_cohort)
        assert plan.record_missed_deadline(DECEMBER_31) is False
        assert plan.record_missed_deadline(JANUARY_1) is True  # the daily task, on 1 January
        assert plan.record_missed_deadline(datetime.date(2026, 1, 2)) is False
        submit_on(plan, datetime.date(2026, 1, 15), author)  # then the plan arrives
        odd_cohort.refresh_from_db()
        assert odd_cohort.cohort == Cohort.EVEN and cohort_moves(odd_cohort).count() == 1
        assert ProcessFinding.objects.count() == 1

    def test_a_plan_delivered_before_the_cut_off_is_never_contrary_to_process(self, odd_cohort):
        plan = submitted_plan(DECEMBER_31, government=odd_cohort)
        assert plan.record_missed_deadline(datetime.date(2027, 6, 1)) is False
        assert not ProcessFinding.objects.exists()

    def test_a_plan_past_drafting_without_a_delivery_date_is_imported_history_and_not_judged(self, odd_cohort):
        plan = ActionPlanFactory(government=odd_cohort, status=PlanStatus.ENDED, cycle_year=2015)
        assert plan.record_missed_deadline(JANUARY_1) is False
        assert not ProcessFinding.objects.exists()

    def test_a_government_without_a_recorded_cohort_leaves_the_cohort_of_the_plans_cycle(self, government):
        assert government.cohort == ""
        even_year_plan = ActionPlanFactory(government=government, cycle_year=2024)
        even_year_plan.record_missed_deadline(datetime.date(2025, 1, 1))
        government.refresh_from_db()
        assert government.cohort == Cohort.ODD

    @override_settings(ACTION_PLAN_DUE_MONTH=3, ACTION_PLAN_DUE_DAY=31)
    def test_the_cut_off_follows_the_due_year(self, odd_cohort):
        plan = ActionPlanFactory(government=odd_cohort)
        assert plan.late_cutoff == JANUARY_1
        assert plan.record_missed_deadline(DECEMBER_31) is False


class TestImplementationMonths:
    @pytest.mark.parametrize(
        "start, end, months",
        [
            # The end date is the last day of implementation: a two-year plan is 24 months.
            (datetime.date(2025, 9, 1), datetime.date(2027, 8, 31), 24),
            (datetime.date(2026, 1, 1), datetime.date(2027, 8, 31), 20),  # exactly 20 months
            (datetime.date(2026, 1, 1), datetime.date(2027, 8, 1), 19),  # 19 months and a day
            (datetime.date(2026, 1, 1), datetime.date(2027, 8, 30), 19),  # a day short of 20
            (datetime.date(2026, 1, 15), datetime.date(2027, 9, 14), 20),
            (datetime.date(2026, 1, 15), datetime.date(2027, 9, 13), 19),
            (datetime.date(2026, 1, 31), datetime.date(2026, 2, 27), 0),
        ],
    )
    def test_whole_months_are_counted_with_both_days_included(self, government, start, end, months):
        plan = ActionPlanFactory(government=government, start_date=start, end_date=end)
        assert plan.implementation_months == months

    def test_exactly_20_months_is_not_flagged(self, government):
        plan = ActionPlanFactory(
            government=government, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 8, 31)
        )
        assert not plan.is_implementation_too_short

    def test_19_months_and_a_day_is_flagged(self, government):
        plan = ActionPlanFactory(
            government=government, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 8, 1)
        )
        assert plan.is_implementation_too_short

    def test_a_late_delivery_shortens_implementation_as_the_end_date_stays(self, government):
        # Start 1 September 2025, end 31 August 2027: delivered on 16 December, 20 months remain...
        assert submitted_plan(datetime.date(2025, 12, 16), government=government).implementation_months == 20
        # ...delivered on 2 January, 19 months and 30 days: flagged.
        late = submitted_plan(datetime.date(2026, 1, 2), government=government)
        assert late.implementation_months == 19 and late.is_implementation_too_short

    @override_settings(ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS=18)
    def test_the_minimum_is_a_setting(self, government):
        plan = ActionPlanFactory(
            government=government, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 8, 1)
        )
        assert plan.implementation_months == 19 and not plan.is_implementation_too_short


# --- How the pages show the rules -------------------------------------------------------------


def render_plan_partial(plan, today=None):
    request = RequestFactory().get("/")
    request.user = UserFactory.build()
    with on_day(today or datetime.date(2027, 3, 1)):
        context = plan_deadlines_context(request, plan)
    return render_to_string("action_plans/includes/_plan_deadlines.html", {"plan": plan, **context})


class TestPlanDeadlinesPartial:
    def test_an_on_time_plan_shows_its_dates_and_24_months(self, government):
        html = render_plan_partial(submitted_plan(AUGUST_31, government=government))
        assert date_format(AUGUST_31) in html and "On time" in html
        assert f"24 months, from {date_format(SEPTEMBER_1)}" in html
        assert "Shorter than" not in html and "Late by" not in html

    def test_a_late_plan_shows_by_how_many_days(self, government):
        html = render_plan_partial(submitted_plan(datetime.date(2025, 9, 12), government=government))
        assert "Late by 12 days" in html and "keeps its end date" in html
        assert "moved to the other cohort" not in html

    def test_an_undelivered_plan_shows_the_cohort_move_and_its_finding(self, odd_cohort):
        plan = ActionPlanFactory(government=odd_cohort)
        plan.record_missed_deadline(JANUARY_1)
        html = render_plan_partial(plan, today=datetime.date(2026, 1, 2))
        assert "Not delivered yet" in html and "Overdue by 124 days" in html
        assert f"Not delivered before {date_format(JANUARY_1)}: the government moved to the other cohort" in html
        assert "Cycle 2025: Action plan not delivered before 1 January" in html

    def test_a_short_implementation_is_flagged_with_the_minimum(self, government):
        html = render_plan_partial(submitted_plan(datetime.date(2026, 1, 2), government=government))
        assert "19 months" in html and "Shorter than 20 months" in html
        with override_settings(ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS=18):
            assert "Shorter than" not in render_plan_partial(submitted_plan(datetime.date(2026, 1, 2), number=90))

    def test_a_plan_not_yet_due_counts_down(self, government):
        plan = ActionPlanFactory(government=government)
        deadlines = PlanDeadlines.of(plan, today=datetime.date(2025, 8, 21))
        assert (deadlines.days_left, deadlines.days_late, deadlines.missed_cutoff) == (10, 0, False)
        assert "in 10 days" in render_plan_partial(plan, today=datetime.date(2025, 8, 21))

    def test_the_plan_page_shows_the_section(self, client, government):
        plan = submitted_plan(datetime.date(2025, 9, 3), government=government)
        response = client.get(plan.get_absolute_url())
        assert response.status_code == 200
        assert 'id="deadlines-title"' in response.content.decode() and "Late by 3 days" in response.content.decode()

    def test_the_context_takes_one_query(self, government, django_assert_num_queries):
        plan = ActionPlanFactory(government=government)
        with django_assert_num_queries(1):
            plan_deadlines_context(RequestFactory().get("/"), plan)


def late_plans(government, count, first=100):
    """`count` plans of successive cycles, each recorded as not delivered by 1 January."""
    plans = []
    for index in range(count):
        plan = ActionPlanFactory(government=government, number=first + index, cycle_year=2001 + index * 2)
        plan.record_missed_deadline(datetime.date(2002 + index * 2, 1, 1))
        plans.append(plan)
    return plans


class TestGovernmentFindings:
    def test_the_government_page_shows_the_cohort_and_the_findings_by_cycle_to_every_role(
        self, role_client, odd_cohort
    ):
        _role, client = role_client
        late_plans(odd_cohort, 2)
        response = client.get(reverse("members:government-detail", args=["fra"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="findings-title"' in html
        assert "Action plan cohort: Odd years." in html  # moved twice: odd, even, odd again
        assert html.index("Cycle 2003") < html.index("Cycle 2001")
        assert "action plan 101" in html and "Action plan not delivered before 1 January" in html

    def test_a_government_without_findings_says_so(self, client, government):
        response = client.get(reverse("members:government-detail", args=["fra"]))
        assert "No contrary-to-process finding." in response.content.decode()
        assert "No action plan cohort recorded." in response.content.decode()

    def test_the_context_is_one_query_however_many_findings(self, odd_cohort, django_assert_num_queries):
        late_plans(odd_cohort, 5)
        with django_assert_num_queries(1):
            context = government_findings_context(RequestFactory().get("/"), odd_cohort)
            [finding.plan.title for finding in context["government_findings"]]

    def test_the_government_page_keeps_a_fixed_query_count_with_many_plans_and_findings(self, client, odd_cohort):
        url = reverse("members:government-detail", args=["fra"])
        late_plans(odd_cohort, 1)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        late_plans(odd_cohort, 12, first=300)
        for index in range(12):
            ActionPlanFactory(government=odd_cohort, number=200 + index, status=PlanStatus.ENDED)
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert response.content.decode().count("Cycle ") >= 12
        assert len(many) == len(few)
        assert mail.outbox == []
