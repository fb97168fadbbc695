"""Implementation pages: the permission matrix over the six roles, forms, and what the pages show.

France's plan is in implementation: `poc` (its point of contact) and `staff` report progress;
`civil` adds assessments; `other_poc` (Mexico) and `irm` only read. Anonymous users are sent to
log in for every action; unknown objects (and milestones of another plan) are 404 for everyone.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from action_plans.models import (
    CivilSocietyAssessment,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
    PlanStatus,
)
from members.models import AuditEntry
from members.tests.factories import OrganisationFactory

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

REPORTERS = {"poc", "staff"}
ASSESSORS = {"civil"}
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def expect(role, response, allowed, *, ok=(200,)):
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in allowed:
        assert response.status_code in ok, response.status_code
    else:
        assert response.status_code == 403, response.status_code


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, in_implementation=True, title="Fifth national action plan")


@pytest.fixture
def commitment(plan):
    return CommitmentFactory(plan=plan, number=1, title="Open contracting")


@pytest.fixture
def milestone(commitment):
    return MilestoneFactory(commitment=commitment, number=1, description="Publish every contract", end_date=TODAY - DAY)


def report_data(**overrides):
    return {
        "status": "substantial",
        "reported_on": TODAY.isoformat(),
        "note": "Most contracts are online.",
        "evidence_url": "https://example.org/contracts",
        **overrides,
    }


def assessment_data(**overrides):
    return {
        "status": "limited",
        "assessed_on": TODAY.isoformat(),
        "note": "Only ministries publish.",
        "evidence_url": "",
        "organisation": "",
        **overrides,
    }


# --- The permission matrix -----------------------------------------------------------------


def test_plan_progress_page_is_public(role_client, plan, milestone):
    _role, client = role_client
    response = client.get(reverse("action_plans:plan-progress", args=[plan.pk]))
    assert response.status_code == 200
    assert "Publish every contract" in response.text


def test_commitment_progress_page_is_public(role_client, commitment, milestone, poc):
    milestone.report_progress(status="limited", note="Started.", by=poc)
    _role, client = role_client
    response = client.get(reverse("action_plans:commitment-progress", args=[commitment.plan_id, commitment.pk]))
    assert response.status_code == 200 and "Started." in response.text


def test_report_progress_get(role_client, milestone, plan):
    role, client = role_client
    response = client.get(reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk]))
    expect(role, response, REPORTERS)


def test_report_progress_post(role_client, milestone, plan):
    role, client = role_client
    response = client.post(reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk]), report_data())
    expect(role, response, REPORTERS, ok=(302,))
    milestone.refresh_from_db()
    if role in REPORTERS:
        assert response["Location"].endswith(f"/commitments/{milestone.commitment_id}/#progress")
        assert milestone.status == MilestoneStatus.SUBSTANTIAL
        assert MilestoneProgress.objects.get().note == "Most contracts are online."
    else:
        assert milestone.status == MilestoneStatus.NOT_STARTED and not MilestoneProgress.objects.exists()


def test_assessment_get(role_client, commitment):
    role, client = role_client
    response = client.get(reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk]))
    expect(role, response, ASSESSORS)


def test_assessment_post(role_client, commitment):
    role, client = role_client
    url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
    response = client.post(url, assessment_data())
    expect(role, response, ASSESSORS, ok=(302,))
    assert CivilSocietyAssessment.objects.exists() == (role in ASSESSORS)


def test_upload_get(role_client, plan):
    role, client = role_client
    expect(role, client.get(reverse("action_plans:progress-upload", args=[plan.pk])), REPORTERS)


def test_upload_post(role_client, plan, milestone):
    role, client = role_client
    data = f"milestone_id,status,as_of\n{milestone.pk},complete,{TODAY.isoformat()}\n".encode()
    response = client.post(
        reverse("action_plans:progress-upload", args=[plan.pk]), {"file": SimpleUploadedFile("p.csv", data)}
    )
    expect(role, response, REPORTERS, ok=(302,))
    assert (Milestone.objects.get(pk=milestone.pk).status == "complete") == (role in REPORTERS)


def test_evidence_file_is_public_and_always_a_download(role_client, milestone, poc):
    upload = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
    report = milestone.report_progress(status="limited", evidence_file=upload, by=poc)
    _role, client = role_client
    response = client.get(reverse("action_plans:progress-evidence", args=[milestone.commitment.plan_id, report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    response.close()


@pytest.mark.parametrize(
    "name",
    ["plan-progress", "progress-upload"],
)
def test_unknown_plan_is_404(role_client, name):
    role, client = role_client
    response = client.get(reverse(f"action_plans:{name}", args=[999999]))
    if role == "anonymous" and name == "progress-upload":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 404


def test_a_milestone_of_another_plan_is_404_for_everyone(role_client, milestone, government):
    role, client = role_client
    other = ActionPlanFactory(government=government, in_implementation=True)
    response = client.get(reverse("action_plans:milestone-progress", args=[other.pk, milestone.pk]))
    assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404
    response = client.get(reverse("action_plans:milestone-progress", args=[milestone.commitment.plan_id, 999999]))
    assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404


def test_unknown_commitment_and_evidence_are_404(role_client, plan, milestone, poc):
    role, client = role_client
    assert client.get(reverse("action_plans:commitment-progress", args=[plan.pk, 999999])).status_code == 404
    report = milestone.report_progress(status="limited", by=poc)  # no file
    assert client.get(reverse("action_plans:progress-evidence", args=[plan.pk, report.pk])).status_code == 404
    assert client.get(reverse("action_plans:progress-evidence", args=[plan.pk, 999999])).status_code == 404
    response = client.get(reverse("action_plans:assessment-create", args=[plan.pk, 999999]))
    assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404


def test_progress_pages_of_a_plan_not_in_implementation_are_404(client, government):
    plan = ActionPlanFactory(government=government)
    commitment = CommitmentFactory(plan=plan)
    assert client.get(reverse("action_plans:plan-progress", args=[plan.pk])).status_code == 404
    assert client.get(reverse("action_plans:commitment-progress", args=[plan.pk, commitment.pk])).status_code == 404


# --- Reporting progress ------------------------------------------------------------------------


class TestReportProgressForm:
    def test_a_future_date_re_renders_the_form_and_keeps_what_was_typed(self, poc, milestone, plan):
        url = reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk])
        response = client_for(poc).post(url, report_data(reported_on=(TODAY + DAY).isoformat()))
        assert response.status_code == 200
        assert "cannot be in the future" in response.text
        assert "Most contracts are online." in response.text
        assert not MilestoneProgress.objects.exists()

    def test_an_evidence_file_too_large_is_refused_with_its_limit(self, poc, milestone, plan, monkeypatch):
        from action_plans import forms_implementation

        monkeypatch.setattr(forms_implementation, "MAX_EVIDENCE_BYTES", 10)
        url = reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk])
        data = report_data(evidence_file=SimpleUploadedFile("big.pdf", b"x" * 11))
        response = client_for(poc).post(url, data)
        assert response.status_code == 200
        assert "The file is larger than 10\xa0bytes" in response.text
        assert not MilestoneProgress.objects.exists()

    def test_an_http_link_is_refused(self, poc, milestone, plan):
        url = reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk])
        response = client_for(poc).post(url, report_data(evidence_url="http://example.org"))
        assert "The link must start with https://." in response.text
        assert not MilestoneProgress.objects.exists()

    def test_with_a_file_it_is_stored_and_linked_from_the_commitment_page(self, poc, milestone, plan):
        url = reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk])
        data = report_data(evidence_file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4"))
        response = client_for(poc).post(url, data, follow=True)
        report = MilestoneProgress.objects.get()
        assert "The progress report has been recorded." in response.text
        assert reverse("action_plans:progress-evidence", args=[plan.pk, report.pk]) in response.text
        assert AuditEntry.objects.filter(action="milestone.progress_reported", actor=poc).count() == 1

    @pytest.mark.parametrize("status", [PlanStatus.CO_CREATION, PlanStatus.SUBMITTED])
    def test_before_implementation_get_redirects_and_post_is_refused(self, poc, milestone, plan, status):
        plan.status = status
        plan.save()
        url = reverse("action_plans:milestone-progress", args=[plan.pk, milestone.pk])
        client = client_for(poc)
        response = client.get(url, follow=True)
        assert "Progress is reported once the plan is in implementation." in response.text
        response = client.post(url, report_data())
        assert response.status_code == 200
        assert "Progress is reported once the plan is in implementation" in response.text
        assert not MilestoneProgress.objects.exists()


class TestAssessmentForm:
    def test_on_behalf_of_an_organisation(self, civil, commitment):
        organisation = civil.organisations.get()
        url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
        response = client_for(civil).post(url, assessment_data(organisation=organisation.pk), follow=True)
        assert "Your assessment has been published" in response.text
        assert CivilSocietyAssessment.objects.get().organisation == organisation

    def test_an_organisation_the_user_is_not_a_member_of_is_refused(self, civil, commitment):
        stranger = OrganisationFactory(name="Somebody else")
        url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
        response = client_for(civil).post(url, assessment_data(organisation=stranger.pk))
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert not CivilSocietyAssessment.objects.exists()

    def test_the_form_offers_only_the_users_organisations(self, civil, commitment):
        OrganisationFactory(name="Somebody else")
        url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
        response = client_for(civil).get(url)
        assert "Regards Citoyens" in response.text and "Somebody else" not in response.text

    def test_a_future_date_or_an_empty_note_is_refused(self, civil, commitment):
        url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
        response = client_for(civil).post(url, assessment_data(assessed_on=(TODAY + DAY).isoformat(), note=""))
        assert "cannot be in the future" in response.text and "This field is required." in response.text
        assert not CivilSocietyAssessment.objects.exists()

    def test_before_implementation_post_is_refused(self, civil, commitment, plan):
        plan.status = PlanStatus.SUBMITTED
        plan.save()
        url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
        response = client_for(civil).post(url, assessment_data())
        assert "Progress is reported once the plan is in implementation" in response.text
        assert not CivilSocietyAssessment.objects.exists()


# --- What the plan and commitment pages show ---------------------------------------------------


class TestCommitmentPage:
    def test_shows_both_views_side_by_side_and_a_merged_timeline(self, client, poc, civil, commitment, milestone):
        milestone.report_progress(status="substantial", reported_on=TODAY - 5 * DAY, note="Government says.", by=poc)
        CivilSocietyAssessment.objects.add(
            commitment, author=civil, status="limited", note="Civil society says.", assessed_on=TODAY - 2 * DAY
        )
        response = client.get(commitment.get_absolute_url())
        text = response.text
        assert "The government's report" in text and "Civil society's assessments" in text
        assert text.count('class="col-12 col-lg-6"') == 2
        assert "Government says." in text and "Civil society says." in text
        timeline = text.split("Timeline", 1)[1]
        assert timeline.index("Civil society says.") < timeline.index("Government says.")
        assert "1 milestone of this commitment is overdue" in text

    def test_offers_the_right_actions_to_each_role(self, poc, civil, commitment, milestone):
        report_url = reverse("action_plans:milestone-progress", args=[commitment.plan_id, milestone.pk])
        assess_url = reverse("action_plans:assessment-create", args=[commitment.plan_id, commitment.pk])
        as_poc = client_for(poc).get(commitment.get_absolute_url()).text
        as_civil = client_for(civil).get(commitment.get_absolute_url()).text
        assert report_url in as_poc and assess_url not in as_poc
        assert assess_url in as_civil and report_url not in as_civil

    def test_long_histories_are_capped_with_a_link_to_the_full_history(self, client, poc, commitment, milestone):
        for day in range(15):
            milestone.report_progress(status="limited", reported_on=TODAY - day * DAY, note=f"Report {day}", by=poc)
        text = client.get(commitment.get_absolute_url()).text
        assert "Report 0" in text and "Report 9" in text and "Report 10" not in text
        history_url = reverse("action_plans:commitment-progress", args=[commitment.plan_id, commitment.pk])
        assert history_url in text
        page_two = client.get(history_url + "?page=1").text
        assert "Report 14" in page_two

    def test_a_plan_being_drafted_has_no_progress_section(self, client, government, staff):
        plan = ActionPlanFactory(government=government)
        commitment = CommitmentFactory(plan=plan)
        plan.publish_version(by=staff)
        response = client.get(commitment.get_absolute_url())
        assert response.status_code == 200 and 'id="progress"' not in response.text


class TestPlanPage:
    def test_flags_overdue_milestones_with_a_count_and_a_list(self, client, plan, commitment, milestone):
        MilestoneFactory(commitment=commitment, number=2, description="Not yet due", end_date=TODAY + 30 * DAY)
        MilestoneFactory(
            commitment=commitment,
            number=3,
            description="Done on time",
            end_date=TODAY - DAY,
            status=MilestoneStatus.COMPLETE,
        )
        text = client.get(plan.get_absolute_url()).text
        assert "1 overdue milestone" in text
        overdue = text.split('id="overdue-milestones"', 1)[1].split("</ul>", 1)[0]
        assert "Publish every contract" in overdue and "Not yet due" not in overdue and "Done on time" not in overdue

    def test_the_overdue_list_is_capped_and_links_to_all_of_them(self, client, plan, commitment):
        for number in range(1, 15):
            MilestoneFactory(commitment=commitment, number=number, end_date=TODAY - number * DAY)
        text = client.get(plan.get_absolute_url()).text
        assert "14 overdue milestones" in text
        overdue = text.split('id="overdue-milestones"', 1)[1].split("</ul>", 1)[0]
        assert overdue.count("<li>") == 10
        full = client.get(reverse("action_plans:plan-progress", args=[plan.pk]) + "?overdue=1").text
        assert full.count("text-bg-danger") == 14

    def test_the_csv_upload_is_offered_to_the_point_of_contact_only(self, client, poc, plan, milestone):
        url = reverse("action_plans:progress-upload", args=[plan.pk])
        assert url in client_for(poc).get(plan.get_absolute_url()).text
        assert url not in client.get(plan.get_absolute_url()).text
