"""The demo's IRM reviews and accountability: what `seed_demo` creates, that a second run creates nothing,
and that every step is one the transitions allowed, dated in the order the process has them."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from action_plans.models import ActionPlan, FindingKind, ProcessFinding
from members.models import AuditEntry, Government, StatusChange, User

from ..models import (
    CaseStep,
    CommitmentAssessment,
    ProceduralReview,
    ResearcherAssignment,
    ResponsePolicyCase,
    Review,
    ReviewComment,
)
from ..models.assessments import CommitmentAssessment as Assessment

pytestmark = pytest.mark.django_db

MODELS = (
    ActionPlan,
    Review,
    CommitmentAssessment,
    ReviewComment,
    ResearcherAssignment,
    ProceduralReview,
    ResponsePolicyCase,
    CaseStep,
    ProcessFinding,
    StatusChange,
    User,
)
# What the IRM's story audits (the eligibility refresh, also part of the seed, audits each of its runs).
AUDITED = ("irm_review.", "irm_researcher.", "response_policy.", "procedural_review.", "process_finding.")
# The audited transitions of a review, in the order the lifecycle has them.
LIFECYCLE = ("started", "shared", "public_comment_opened", "finalised", "published")


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return seed()


def review(iso3: str, number: int, kind: str) -> Review:
    return Review.objects.select_related("plan").get(plan__government__iso3=iso3, plan__number=number, kind=kind)


def counts() -> list[int]:
    audited = sum(AuditEntry.objects.filter(action__startswith=prefix).count() for prefix in AUDITED)
    return [model.objects.count() for model in MODELS] + [audited]


def test_a_second_run_creates_nothing_and_nobody_is_emailed(seeded, django_capture_on_commit_callbacks):
    assert "Created France: action plan review of action plan 4 (Published)." in seeded
    assert "Created Mexico: results report of action plan 5 (Public comment)." in seeded
    assert "Created Guatemala: Response Policy case (Stage one actions)." in seeded
    assert len(mail.outbox) == 2  # the two points of contact granted; the IRM's story emails nobody
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    assert counts() == before
    assert "report of action plan" not in output and "review of action plan" not in output
    assert len(mail.outbox) == 2


def test_france_has_published_reviews_of_its_plans(seeded):
    fourth = review("FRA", 4, "action_plan_review")
    assert fourth.is_published and fourth.minimum_requirements_met is True and fourth.changes_note
    assert fourth.missing_assessments() == []
    assessments = list(fourth.assessments.all())
    assert len({assessment.potential_for_results for assessment in assessments}) > 1
    assert {assessment.promising for assessment in assessments} == {"yes", "no"}
    # What the comments changed: the final report differs from the draft put out for comment.
    assert fourth.draft_snapshot and fourth.draft_snapshot != fourth.snapshot()
    comments = list(fourth.comments.select_related("author"))
    assert len(comments) >= 3 and all(comment.answer and comment.answered_at for comment in comments)
    confidential = [comment for comment in comments if comment.is_confidential]
    assert [(comment.author.username, comment.stage) for comment in confidential] == [("poc", "government")]
    assert {comment.author.username for comment in comments if comment.stage == "public"} == {"civil"}

    third = review("FRA", 3, "results_report")
    assert third.is_published and third.plan.status == "ended" and third.missing_assessments() == []
    assert len({assessment.completion for assessment in third.assessments.all()}) > 1
    assert len({assessment.early_results for assessment in third.assessments.all()}) > 1

    older = review("FRA", 3, "action_plan_review")
    assert older.is_published and older.uses_older_method
    assert older.assessments.filter(starred=True).exists() and older.assessments.filter(starred=False).exists()


def test_a_review_is_open_for_comment_one_is_in_research_and_one_is_overdue(seeded):
    today = timezone.localdate()
    open_review = Review.objects.get(status="public_comment")
    assert open_review.is_open_for_comment
    assert (open_review.comment_opens_on, open_review.comment_closes_on) == (today, today + datetime.timedelta(weeks=3))
    # A visitor who signs in can comment on it.
    visitor = User.objects.get(username="public")
    comment = ReviewComment.objects.post(open_review, author=visitor, body="Which states are covered?")
    assert comment.stage == "public"

    research = review("FRA", 4, "results_report")
    irm = User.objects.get(username="irm")
    assert research.status == "research" and research.researcher == irm and not research.is_overdue()
    assert irm.has_perm("irm.change_review", research)
    assert ResearcherAssignment.objects.covering(research.plan).filter(user=irm).exists()

    overdue = Review.objects.overdue(today).get()
    assert overdue.plan.government.iso3 == "MEX" and overdue.overdue_flagged_on == today
    assert AuditEntry.objects.for_object(overdue).filter(action="irm_review.overdue").exists()
    mexican = overdue.researcher
    assert ResearcherAssignment.objects.filter(user=mexican, plan__isnull=False).count() == 2
    assert not mexican.has_usable_password()  # a researcher of the story, not one more demo login


def test_mexico_is_under_procedural_review_and_guatemala_has_a_public_case(seeded):
    mexico = Government.objects.get(iso3="MEX")
    assert mexico.status == Government.Status.UNDER_PROCEDURAL_REVIEW
    procedural = ProceduralReview.objects.open().get(government=mexico)
    change = mexico.status_changes.get(to_status=Government.Status.UNDER_PROCEDURAL_REVIEW)
    assert str(procedural.second_cycle_year) in change.reason
    kinds = set(mexico.process_findings.values_list("kind", flat=True))
    assert {FindingKind.MINIMUM_REQUIREMENTS_NOT_MET, FindingKind.NOT_DELIVERED_BY_JANUARY} <= kinds
    assert review("MEX", 4, "action_plan_review").minimum_requirements_met is False
    # France followed the process: nothing found against it.
    assert not ProcessFinding.objects.filter(government__iso3="FRA").exists()

    case = ResponsePolicyCase.objects.public().get()
    assert case.government.iso3 == "GTM" and case.status == "stage_one"
    steps = list(case.steps.all())
    assert [step.to_status for step in steps] == ["acknowledged", "under_review", "stage_one"]
    assert all(step.note and step.actor.username == "staff" for step in steps)
    assert case.filed_on < steps[0].created_at.date() < steps[-1].created_at.date() < timezone.localdate()
    assert case.government.status == Government.Status.MEMBER


def test_every_step_is_one_the_transitions_allowed_in_the_order_they_allow(seeded):
    minimum = datetime.timedelta(days=settings.IRM_PUBLIC_COMMENT_MIN_DAYS - 1)
    published = list(Review.objects.published())
    assert len(published) == 4
    for item in published:
        assert item.sharing_blockers() == []
        assert item.shared_at.date() < item.comment_opens_on
        assert item.comment_closes_on - item.comment_opens_on >= minimum
        assert item.comment_closes_on < item.finalised_at.date() < item.published_at.date() < timezone.localdate()
        assert item.published_at.date() <= item.due_on  # the demo's IRM delivers on time
        assert not item.comments.unanswered().exists()
        entries = AuditEntry.objects.for_object(item).filter(action__in=[f"irm_review.{verb}" for verb in LIFECYCLE])
        when = {entry.action.removeprefix("irm_review."): entry.created_at for entry in entries}
        assert sorted(when, key=when.get) == list(LIFECYCLE)
        assert when["published"] == item.published_at
    for comment in ReviewComment.objects.select_related("review"):
        assert comment.review.plan.commitments.filter(pk=comment.commitment_id).exists() or not comment.commitment_id
        if comment.answered_at:
            assert comment.created_at <= comment.answered_at
    # Every score is one the assessment form accepts, and the starred flag is the rule's.
    for assessment in Assessment.objects.all():
        assessment.full_clean()
        assert assessment.starred == assessment.compute_starred()
