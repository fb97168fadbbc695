"""Milestone progress and civil society assessments: every model method, allowed and refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from action_plans.models import (
    CivilSocietyAssessment,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
    OverdueReminder,
    PlanStatus,
)
from action_plans.models.implementation import week_start_of
from members.models import AuditEntry
from members.tests.factories import OrganisationFactory, UserFactory

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, in_implementation=True)


@pytest.fixture
def milestone(plan):
    return MilestoneFactory(commitment=CommitmentFactory(plan=plan))


class TestReportProgress:
    def test_records_the_report_and_sets_the_milestone_status_audited(self, milestone, poc):
        report = milestone.report_progress(
            status=MilestoneStatus.SUBSTANTIAL,
            reported_on=TODAY - DAY,
            note="Half of the datasets are published.",
            evidence_url="https://example.org/datasets",
            by=poc,
        )
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.SUBSTANTIAL
        assert milestone.status_updated_at is not None
        assert report.reported_by == poc and report.note.startswith("Half")
        entry = AuditEntry.objects.for_object(milestone).get(action="milestone.progress_reported")
        assert entry.actor == poc
        assert entry.data["from_status"] == "not_started" and entry.data["to_status"] == "substantial"
        assert entry.data["newest"] is True

    def test_an_older_report_is_kept_but_does_not_change_the_status(self, milestone, poc):
        milestone.report_progress(status=MilestoneStatus.COMPLETE, reported_on=TODAY, by=poc)
        milestone.report_progress(status=MilestoneStatus.LIMITED, reported_on=TODAY - 30 * DAY, by=poc)
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.COMPLETE
        assert milestone.progress_reports.count() == 2
        assert AuditEntry.objects.for_object(milestone).filter(data__newest=False).count() == 1

    def test_a_report_of_the_same_day_made_later_is_the_newest(self, milestone, poc):
        milestone.report_progress(status=MilestoneStatus.LIMITED, reported_on=TODAY, by=poc)
        milestone.report_progress(status=MilestoneStatus.SUBSTANTIAL, reported_on=TODAY, by=poc)
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.SUBSTANTIAL

    def test_an_evidence_file_is_stored(self, milestone, poc):
        upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
        report = milestone.report_progress(status=MilestoneStatus.LIMITED, evidence_file=upload, by=poc)
        assert report.evidence_file.name.endswith("minutes.pdf")
        with report.evidence_file.open("rb") as handle:
            assert handle.read() == b"%PDF-1.4 minutes"

    def test_an_ended_plan_still_takes_reports(self, milestone, poc, plan):
        plan.status = PlanStatus.ENDED
        plan.save()
        milestone.report_progress(status=MilestoneStatus.COMPLETE, by=poc)
        assert Milestone.objects.get(pk=milestone.pk).status == MilestoneStatus.COMPLETE

    @pytest.mark.parametrize("status", [PlanStatus.CO_CREATION, PlanStatus.PUBLIC_COMMENT, PlanStatus.SUBMITTED])
    def test_is_refused_before_implementation(self, milestone, poc, plan, status):
        plan.status = status
        plan.save()
        with pytest.raises(ValidationError) as error:
            milestone.report_progress(status=MilestoneStatus.LIMITED, by=poc)
        assert error.value.code == "not_in_implementation"
        assert "in implementation" in error.value.messages[0]
        assert not MilestoneProgress.objects.exists()
        assert Milestone.objects.get(pk=milestone.pk).status == MilestoneStatus.NOT_STARTED
        assert not AuditEntry.objects.filter(action="milestone.progress_reported").exists()

    def test_a_future_date_is_refused(self, milestone, poc):
        with pytest.raises(ValidationError) as error:
            milestone.report_progress(status=MilestoneStatus.LIMITED, reported_on=TODAY + DAY, by=poc)
        assert error.value.code == "future_date"
        assert not MilestoneProgress.objects.exists()

    def test_an_unknown_status_is_refused(self, milestone, poc):
        with pytest.raises(ValidationError) as error:
            milestone.report_progress(status="done", by=poc)
        assert error.value.code == "bad_status"


class TestCivilSocietyAssessment:
    def test_adds_an_assessment_on_behalf_of_an_organisation_audited(self, milestone, civil):
        organisation = civil.organisations.get()
        assessment = CivilSocietyAssessment.objects.add(
            milestone.commitment,
            author=civil,
            organisation=organisation,
            status=MilestoneStatus.LIMITED,
            note="Only two datasets are online.",
            evidence_url="https://example.org/audit",
        )
        assert assessment.organisation == organisation and assessment.assessed_on == TODAY
        entry = AuditEntry.objects.for_object(milestone.commitment).get(action="commitment.assessed")
        assert entry.actor == civil and entry.data["organisation"] == organisation.pk
        # The government's view is its own: an assessment changes no milestone.
        assert Milestone.objects.get(pk=milestone.pk).status == MilestoneStatus.NOT_STARTED

    def test_an_individual_may_assess(self, milestone, civil):
        assessment = CivilSocietyAssessment.objects.add(
            milestone.commitment, author=civil, status=MilestoneStatus.COMPLETE, note="Done."
        )
        assert assessment.organisation is None

    def test_on_behalf_of_another_organisation_is_refused(self, milestone, civil):
        with pytest.raises(ValidationError) as error:
            CivilSocietyAssessment.objects.add(
                milestone.commitment,
                author=civil,
                organisation=OrganisationFactory(name="Not mine"),
                status=MilestoneStatus.LIMITED,
                note="…",
            )
        assert error.value.code == "not_a_member"
        assert not CivilSocietyAssessment.objects.exists()

    def test_someone_not_civil_society_is_refused(self, milestone, poc):
        with pytest.raises(ValidationError) as error:
            CivilSocietyAssessment.objects.add(milestone.commitment, author=poc, status="limited", note="…")
        assert error.value.code == "not_civil_society"

    def test_before_implementation_is_refused(self, milestone, civil, plan):
        plan.status = PlanStatus.SUBMITTED
        plan.save()
        with pytest.raises(ValidationError) as error:
            CivilSocietyAssessment.objects.add(milestone.commitment, author=civil, status="limited", note="…")
        assert error.value.code == "not_in_implementation"
        assert not AuditEntry.objects.filter(action="commitment.assessed").exists()

    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"assessed_on": TODAY + DAY}, "future_date"),
            ({"status": "finished"}, "bad_status"),
            ({"note": "   "}, "note_required"),
        ],
    )
    def test_bad_values_are_refused(self, milestone, civil, changes, code):
        values = {"status": "limited", "note": "Slow.", **changes}
        with pytest.raises(ValidationError) as error:
            CivilSocietyAssessment.objects.add(milestone.commitment, author=civil, **values)
        assert error.value.code == code


class TestOverdue:
    def test_overdue_means_end_date_passed_and_not_complete(self, plan):
        commitment = CommitmentFactory(plan=plan)
        late = MilestoneFactory(commitment=commitment, end_date=TODAY - DAY)
        MilestoneFactory(commitment=commitment, end_date=TODAY - DAY, status=MilestoneStatus.COMPLETE)
        MilestoneFactory(commitment=commitment, end_date=TODAY)
        MilestoneFactory(commitment=commitment, end_date=None)
        assert list(Milestone.objects.overdue()) == [late]
        assert late.is_overdue()

    def test_claiming_a_week_twice_claims_nothing_the_second_time(self, plan):
        milestone = MilestoneFactory(commitment=CommitmentFactory(plan=plan), end_date=TODAY - DAY)
        week = week_start_of(TODAY)
        assert week.weekday() == 0 and week <= TODAY
        assert OverdueReminder.objects.claim([milestone], week) == [milestone]
        assert OverdueReminder.objects.claim([milestone], week) == []
        assert OverdueReminder.objects.claim([milestone], week + 7 * DAY) == [milestone]


def test_another_users_report_is_audited_with_its_actor(milestone, staff):
    milestone.report_progress(status=MilestoneStatus.LIMITED, by=staff)
    assert AuditEntry.objects.get(action="milestone.progress_reported").actor == staff


def test_a_deactivated_civil_society_user_cannot_assess(milestone):
    user = UserFactory(username="gone", is_civil_society=True, is_active=False)
    with pytest.raises(ValidationError):
        CivilSocietyAssessment.objects.add(milestone.commitment, author=user, status="limited", note="…")
