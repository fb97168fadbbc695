"""The daily procedural review job (Celery task and management command), run twice for one effect; the
recomputation after a review is published; and the finding notice email."""

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from action_plans.models import FindingKind, PlanStatus, ProcessFinding
from action_plans.tasks import advance_action_plans, send_finding_notice
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from members.models import Government

from ..models import ProceduralReview, ReviewKind, ReviewStatus
from ..tasks import recompute_procedural_review, recompute_procedural_reviews
from .factories import CommitmentAssessmentFactory, ReviewFactory
from .test_accountability_rules import delivered_plan, published_review, results_report

pytestmark = pytest.mark.django_db

DAY = "2024-09-01"
ONE_OF_EACH = sorted(FindingKind.values)


@pytest.fixture
def france(government, other_government):
    """France acted contrary to process by every rule: no progress in 2019, minimum requirements not met in
    2021, and its 2023 plan was not delivered by 1 January (nor within 12 months of the 2021 plan's end).
    Mexico did nothing wrong."""
    first = delivered_plan(government, 1, 2019)
    results_report(first, ["not_started", "no_evidence"])
    second = delivered_plan(government, 2, 2021)
    published_review(second, repository_public="no")
    ActionPlanFactory(government=government, number=3, cycle_year=2023, public_comment=True)
    advance_action_plans("2024-01-01")
    clean = delivered_plan(other_government, 1, 2025, status=PlanStatus.IN_IMPLEMENTATION)
    published_review(clean)
    return government


def kinds():
    return sorted(ProcessFinding.objects.values_list("kind", flat=True))


class TestDailyJob:
    def test_run_twice_through_celery_gives_one_finding_per_rule_and_one_review(self, france):
        assert kinds() == [FindingKind.NOT_DELIVERED_BY_JANUARY]
        assert recompute_procedural_reviews.delay(DAY).get() == {"findings": 3, "procedural_reviews": 1}
        assert recompute_procedural_reviews.delay(DAY).get() == {"findings": 0, "procedural_reviews": 0}
        assert kinds() == ONE_OF_EACH
        assert set(ProcessFinding.objects.values_list("government_id", flat=True)) == {france.pk}
        review = ProceduralReview.objects.get()
        assert (review.government, review.first_cycle_year, review.second_cycle_year) == (france, 2021, 2023)
        france.refresh_from_db()
        assert france.status == Government.Status.UNDER_PROCEDURAL_REVIEW and france.status_changes.count() == 1

    def test_the_command_runs_the_same_task_for_a_given_day_and_prints_counts(self, france):
        out = StringIO()
        call_command("recompute_procedural_reviews", "--today", DAY, stdout=out)
        assert out.getvalue().strip() == "Findings recorded: 3; procedural reviews opened: 1."
        out = StringIO()
        call_command("recompute_procedural_reviews", "--today", DAY, stdout=out)
        assert out.getvalue().strip() == "Findings recorded: 0; procedural reviews opened: 0."
        assert kinds() == ONE_OF_EACH and ProceduralReview.objects.count() == 1

    def test_the_command_refuses_a_date_it_cannot_read(self, db):
        with pytest.raises(CommandError, match="--today must be a date"):
            call_command("recompute_procedural_reviews", "--today", "01/09/2024", stdout=StringIO())

    def test_before_the_no_plan_deadline_the_2023_cycle_is_contrary_by_the_late_plan_alone(self, france):
        assert recompute_procedural_reviews("2024-08-31") == {"findings": 2, "procedural_reviews": 1}
        assert FindingKind.NO_PLAN_WITHIN_12_MONTHS not in kinds()

    def test_without_a_date_it_runs_for_today(self, france):
        assert recompute_procedural_reviews() == {"findings": 3, "procedural_reviews": 1}

    def test_governments_that_are_not_members_are_left_alone(self, france):
        Government.objects.filter(pk=france.pk).update(status=Government.Status.WITHDRAWN)
        assert recompute_procedural_reviews(DAY) == {"findings": 0, "procedural_reviews": 0}
        assert recompute_procedural_review(france.pk, DAY) == {"findings": 0, "procedural_reviews": 0}

    def test_the_daily_job_is_on_the_beat_schedule(self):
        entry = settings.CELERY_BEAT_SCHEDULE["recompute-procedural-reviews-daily"]
        assert entry["task"] == "irm.tasks.recompute_procedural_reviews"


class TestOneGovernment:
    def test_recomputing_one_government_touches_only_it(self, france, other_government):
        assert recompute_procedural_review(other_government.pk, DAY) == {"findings": 0, "procedural_reviews": 0}
        assert recompute_procedural_review(france.pk, DAY) == {"findings": 3, "procedural_reviews": 1}
        assert recompute_procedural_review(france.pk, DAY) == {"findings": 0, "procedural_reviews": 0}

    def test_an_unknown_government_is_skipped_quietly(self, db):
        assert recompute_procedural_review(999999) == {"findings": 0, "procedural_reviews": 0}

    def test_publishing_a_review_recomputes_its_government_after_commit(
        self, government, staff, django_capture_on_commit_callbacks
    ):
        plan = delivered_plan(government, 1, 2025, status=PlanStatus.IN_IMPLEMENTATION)
        review = ReviewFactory(
            plan=plan,
            kind=ReviewKind.ACTION_PLAN_REVIEW,
            status=ReviewStatus.FINAL,
            forum_meets_regularly="no",
            forum_rules_public="yes",
            repository_public="yes",
        )
        CommitmentAssessmentFactory(review=review, commitment=CommitmentFactory(plan=plan))
        with django_capture_on_commit_callbacks(execute=True):
            assert review.publish(by=staff) is True
        finding = ProcessFinding.objects.get()
        assert (finding.plan, finding.kind, finding.cycle_year) == (
            plan,
            FindingKind.MINIMUM_REQUIREMENTS_NOT_MET,
            2025,
        )


class TestFindingNotice:
    @pytest.mark.parametrize(
        ("kind", "text"),
        [
            (FindingKind.NOT_DELIVERED_BY_JANUARY, "not delivered before Jan. 1, 2024, so the government moved"),
            (FindingKind.NO_PLAN_WITHIN_12_MONTHS, "no later action plan was delivered within 12 months"),
            (FindingKind.MINIMUM_REQUIREMENTS_NOT_MET, "found its co-creation minimum requirements not met"),
            (FindingKind.NO_PROGRESS, "found no progress on any of its commitments"),
        ],
    )
    def test_each_kind_is_explained_to_the_points_of_contact(self, government, poc, other_poc, kind, text):
        plan = delivered_plan(government, 7, 2023, status=PlanStatus.IN_IMPLEMENTATION)
        finding = ProcessFinding.objects.create(government=government, plan=plan, cycle_year=2023, kind=kind)
        mail.outbox.clear()
        send_finding_notice(finding.pk)
        (message,) = mail.outbox
        assert message.to == [poc.email]
        assert f"France acted contrary to process in the 2023 action plan cycle: {finding.get_kind_display()}." in (
            message.body
        )
        assert f"Action plan 7, “{plan.title}”:" in message.body and text in message.body
        assert "placed under procedural review" in message.body

    def test_inactive_points_of_contact_and_deleted_findings_get_nothing(self, government, poc):
        plan = delivered_plan(government, 7, 2023)
        finding = ProcessFinding.objects.create(
            government=government, plan=plan, cycle_year=2023, kind=FindingKind.NO_PROGRESS
        )
        mail.outbox.clear()
        type(poc).objects.filter(pk=poc.pk).update(is_active=False)
        send_finding_notice(finding.pk)
        send_finding_notice(999999)
        assert mail.outbox == []

    def test_the_links_are_in_the_readers_language(self, government, poc):
        type(poc).objects.filter(pk=poc.pk).update(language="fr")
        plan = delivered_plan(government, 7, 2023)
        finding = ProcessFinding.objects.create(
            government=government, plan=plan, cycle_year=2023, kind=FindingKind.NO_PROGRESS
        )
        mail.outbox.clear()
        send_finding_notice(finding.pk)
        (message,) = mail.outbox
        assert f"/fr/action-plans/{plan.pk}/" in message.body and "/fr/governments/fra/#accountability" in message.body
