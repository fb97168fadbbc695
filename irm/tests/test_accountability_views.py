"""The accountability pages: the staff dashboard, recording the Steering Committee's decision, and the
government page's findings and procedural review / Response Policy sections; each with a fixed query count."""

import datetime

import pytest
from django.urls import reverse

from action_plans.models import FindingKind, PlanStatus, ProcessFinding
from members.models import Government
from members.tests.factories import GovernmentFactory

from ..accountability import recompute
from ..models import CaseStatus, ProceduralReview, ResponsePolicyCase
from .factories import ReviewFactory
from .test_accountability_rules import delivered_plan
from .test_procedural_review import TODAY, contrary_plan

pytestmark = pytest.mark.django_db

DASHBOARD = "irm:accountability"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def under_review(government):
    contrary_plan(government, 1, 2021)
    contrary_plan(government, 2, 2023)
    review = recompute(government, TODAY).procedural_review
    government.refresh_from_db()
    return review


def finding(government, kind, cycle_year, number):
    plan = delivered_plan(government, number, cycle_year)
    return ProcessFinding.objects.create(government=government, plan=plan, cycle_year=cycle_year, kind=kind)


def case(government, status, filer="Article 19"):
    return ResponsePolicyCase.objects.create(
        government=government,
        filer_name=filer,
        filer_type="entity",
        concern="A new NGO law.",
        filed_on=datetime.date(2026, 2, 1),
        status=status,
    )


def overdue_review(government, number):
    """An action plan review due four months after a delivery in August 2025, still in research."""
    plan = delivered_plan(government, number, 2025, status=PlanStatus.IN_IMPLEMENTATION)
    return ReviewFactory(plan=plan, due_on=datetime.date(2025, 12, 20))


class TestDashboard:
    def test_it_lists_every_thing_staff_act_on(self, staff_client, government, other_government, under_review):
        at_risk = GovernmentFactory(name="Chile", iso3="CHL", slug="chl")
        contrary_plan(at_risk, 1, 2023)
        recompute(at_risk, TODAY)
        review = overdue_review(other_government, 5)
        open_case = case(other_government, CaseStatus.STAGE_ONE)
        case(other_government, CaseStatus.RESOLVED, filer="Closed case")
        response = staff_client.get(reverse(DASHBOARD))
        assert response.status_code == 200
        html = response.text
        # Open procedural review with its cycles and the decide link.
        assert response.context["open_reviews"] == [under_review]
        assert "2021 to 2023" in html and reverse("irm:procedural-review-decide", args=[under_review.pk]) in html
        # One strike: Chile's 2023 cycle.
        assert [(item.government, item.cycle_years) for item in response.context["at_risk"]] == [(at_risk, [2023])]
        assert "1 of 2" in html
        # Overdue reviews with their due date.
        assert response.context["overdue_reviews"] == [review] and "Dec. 20, 2025" in html
        # Open Response Policy cases only.
        assert response.context["open_cases"] == [open_case] and "Closed case" not in html
        # Recent findings: government, cycle, kind, details.
        assert response.context["page_obj"].paginator.count == 3
        assert "Co-creation minimum requirements not met" in html and "found its co-creation minimum" in html

    def test_findings_are_filtered_by_kind(self, staff_client, government):
        late = finding(government, FindingKind.NOT_DELIVERED_BY_JANUARY, 2021, 1)
        finding(government, FindingKind.NO_PROGRESS, 2019, 2)
        response = staff_client.get(reverse(DASHBOARD), {"kind": FindingKind.NOT_DELIVERED_BY_JANUARY})
        assert list(response.context["findings"]) == [late]
        assert 'data-finding-kind="no_progress"' not in response.text
        response = staff_client.get(reverse(DASHBOARD), {"kind": FindingKind.NO_PLAN_WITHIN_12_MONTHS})
        assert list(response.context["findings"]) == [] and "No finding of this kind." in response.text
        response = staff_client.get(reverse(DASHBOARD), {"kind": "nonsense"})
        assert response.status_code == 200 and len(response.context["findings"]) == 2

    def test_an_empty_dashboard_says_so(self, staff_client):
        html = staff_client.get(reverse(DASHBOARD)).text
        for text in (
            "No member is under procedural review.",
            "No member is one cycle away from procedural review.",
            "No IRM review is overdue.",
            "No Response Policy case is open.",
            "No contrary-to-process finding.",
        ):
            assert text in html

    def test_the_dashboard_has_a_fixed_number_of_queries(self, staff_client, django_assert_max_num_queries):
        def populate(count):
            for index in range(count):
                government = GovernmentFactory()
                if index % 2:  # two strikes: under procedural review; otherwise one strike: at risk
                    contrary_plan(government, 1, 2021)
                contrary_plan(government, 2, 2023)
                overdue_review(government, 3)
                recompute(government, TODAY)
                case(government, CaseStatus.UNDER_REVIEW)

        populate(3)
        with django_assert_max_num_queries(16):
            response = staff_client.get(reverse(DASHBOARD))
        assert len(response.context["findings"]) == 4
        populate(30)
        with django_assert_max_num_queries(16):
            response = staff_client.get(reverse(DASHBOARD), {"page": 2})
        assert len(response.context["findings"]) == 20 and len(response.context["open_reviews"]) == 16
        assert "Page 2 of" in response.text


class TestDecide:
    def url(self, review):
        return reverse("irm:procedural-review-decide", args=[review.pk])

    def test_the_form_shows_the_review_and_its_findings(self, staff_client, under_review):
        response = staff_client.get(self.url(under_review))
        assert response.status_code == 200
        assert "2021 to 2023" in response.text and len(response.context["findings"]) == 2
        assert 'name="outcome"' in response.text and 'name="resolution_url"' in response.text

    def test_staff_lift_the_review(self, staff_client, government, under_review, staff):
        data = {"outcome": "lift", "decision": "Lifted on 2 May 2027.", "resolution_url": "www.ogp.org/res"}
        response = staff_client.post(self.url(under_review), data)
        assert response.status_code == 302 and response["Location"] == reverse(DASHBOARD)
        under_review.refresh_from_db()
        government.refresh_from_db()
        assert under_review.status == "lifted" and under_review.resolution_url == "https://www.ogp.org/res"
        assert government.status == Government.Status.MEMBER
        assert "The procedural review is lifted." in staff_client.get(response["Location"]).text

    def test_staff_designate_the_member_inactive(self, staff_client, government, under_review):
        response = staff_client.post(self.url(under_review), {"outcome": "inactive", "decision": "Inactive."})
        assert response.status_code == 302
        government.refresh_from_db()
        assert government.status == Government.Status.INACTIVE

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({"outcome": "lift", "decision": "  "}, "Record the Steering Committee&#x27;s decision."),
            ({"decision": "Lifted."}, "This field is required."),
            ({"outcome": "lift", "decision": "Lifted.", "resolution_url": "http://x.org"}, "must start with https://"),
        ],
    )
    def test_errors_are_shown_and_nothing_changes(self, staff_client, government, under_review, data, error):
        response = staff_client.post(self.url(under_review), data)
        assert response.status_code == 400 and error in response.text
        under_review.refresh_from_db()
        government.refresh_from_db()
        assert under_review.is_open and government.status == Government.Status.UNDER_PROCEDURAL_REVIEW
        if data.get("decision", "").strip():
            assert data["decision"] in response.text

    def test_a_review_already_decided_is_refused_with_409(self, staff_client, government, under_review, staff):
        under_review.designate_inactive(by=staff, decision="Inactive.")
        response = staff_client.get(self.url(under_review))
        assert 'name="outcome"' not in response.text and "Inactive." in response.text
        response = staff_client.post(self.url(under_review), {"outcome": "lift", "decision": "Lifted."})
        assert response.status_code == 409 and "This procedural review was already decided" in response.text
        government.refresh_from_db()
        assert government.status == Government.Status.INACTIVE
        assert ProceduralReview.objects.get().decision == "Inactive."


class TestGovernmentPage:
    def url(self):
        return reverse("members:government-detail", args=["fra"])

    def test_an_open_review_shows_with_its_cycles_to_everyone(self, client, government, under_review):
        html = client.get(self.url()).text
        assert 'id="accountability-title"' in html
        assert "Acted contrary to process in consecutive action plan cycles, 2021 to 2023" in html
        assert reverse("irm:procedural-review-decide", args=[under_review.pk]) not in html

    def test_staff_get_the_decide_link(self, staff_client, government, under_review):
        assert reverse("irm:procedural-review-decide", args=[under_review.pk]) in staff_client.get(self.url()).text

    def test_past_decisions_show_with_their_links(self, client, government, under_review, staff):
        under_review.lift(by=staff, decision="Lifted by the SC.", resolution_url="https://www.ogp.org/resolution")
        html = client.get(self.url()).text
        assert "Review lifted" in html and "Lifted by the SC." in html
        assert 'href="https://www.ogp.org/resolution"' in html

    def test_a_government_never_reviewed_says_so(self, client, government):
        html = client.get(self.url()).text
        assert "Never placed under procedural review." in html and "No public Response Policy case." in html

    def test_public_cases_show_with_their_stage_and_private_ones_to_staff_only(self, client, government, staff):
        public = case(government, CaseStatus.STAGE_TWO, filer="CIVICUS")
        private = case(government, CaseStatus.ACKNOWLEDGED, filer="Secret filer")
        html = client.get(self.url()).text
        assert "Letter of concern from CIVICUS" in html and "Stage two actions" in html
        assert public.get_absolute_url() in html and "Secret filer" not in html
        client.force_login(staff)
        html = client.get(self.url()).text
        assert private.get_absolute_url() in html and "Not public" in html

    @pytest.mark.parametrize(
        ("kind", "text"),
        [
            (FindingKind.NOT_DELIVERED_BY_JANUARY, "Due on Aug. 31, 2023; not delivered before Jan. 1, 2024"),
            (FindingKind.NO_PLAN_WITHIN_12_MONTHS, "It ended on Aug. 31, 2025 and no later action plan"),
            (FindingKind.MINIMUM_REQUIREMENTS_NOT_MET, "The IRM&#x27;s published review found its co-creation"),
            (FindingKind.NO_PROGRESS, "The IRM&#x27;s published results report found no progress"),
        ],
    )
    def test_the_findings_section_explains_each_kind(self, client, government, kind, text):
        finding(government, kind, 2023, 4)
        html = client.get(self.url()).text
        assert f'data-finding-kind="{kind}"' in html and text in html
        if kind != FindingKind.NOT_DELIVERED_BY_JANUARY:
            assert "moved to the other cohort" not in html
        assert "consecutive cycles is placed under procedural review" in html

    def test_the_sections_cost_a_fixed_number_of_queries(self, client, government, staff):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        contrary_plan(government, 1, 2021)
        case(government, CaseStatus.STAGE_ONE)
        with CaptureQueriesContext(connection) as few:
            assert client.get(self.url()).status_code == 200
        for number in range(2, 14):
            contrary_plan(government, number, 2000 + number * 2)
        recompute(government, TODAY)
        ProceduralReview.objects.filter(government=government).update(status="lifted", decision="Lifted.")
        for index in range(10):
            ProceduralReview.objects.create(
                government=government, first_cycle_year=1900 + index, second_cycle_year=1901 + index,
                status="lifted", decision=f"Lifted {index}.",
            )  # fmt: skip
            case(government, CaseStatus.UNDER_REVIEW, filer=f"Filer {index}")
        with CaptureQueriesContext(connection) as many:
            html = client.get(self.url()).text
        assert "Lifted 9." in html and "Filer 9" in html
        assert len(many) == len(few)
