"""The demo's action plans: what `seed_demo` creates for France and Mexico, and that a second run creates nothing."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from members.models import AuditEntry, Government

from ..models import (
    ActionPlan,
    CivilSocietyAssessment,
    Comment,
    Commitment,
    Milestone,
    MilestoneProgress,
    PlanStatus,
    PlanVersion,
    PolicyArea,
    ProcessFinding,
    ReasonedResponse,
    ShadowCommitment,
    ShadowPlan,
)

pytestmark = pytest.mark.django_db

MODELS = (
    ActionPlan,
    Commitment,
    Milestone,
    PlanVersion,
    Comment,
    ReasonedResponse,
    MilestoneProgress,
    CivilSocietyAssessment,
    PolicyArea,
    ProcessFinding,
    ShadowPlan,
    ShadowCommitment,
)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def plan_audit_rows() -> int:
    return AuditEntry.objects.filter(action__startswith="action_plan.").count()


def test_the_demo_has_plans_at_every_stage_and_a_second_run_creates_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    france = Government.objects.get(iso3="FRA")
    plans = {plan.number: plan for plan in france.action_plans.all()}

    draft = plans[5]
    assert draft.status == PlanStatus.PUBLIC_COMMENT and draft.is_open_for_comment
    assert draft.versions.count() == 1 and draft.co_creation_timeline
    assert 3 <= draft.commitments.count() <= 5
    for commitment in draft.commitments.all():
        assert commitment.milestones.exists() and commitment.policy_areas.exists()
        assert len(commitment.paragraphs("description")) >= 2
    comments = draft.comments.all()
    assert comments.count() >= 3 and {comment.author.username for comment in comments} == {"civil"}
    assert 0 < comments.filter(response__isnull=False).count() < comments.count()
    assert comments.filter(paragraph_index__isnull=False).exists()

    assert plans[4].status == PlanStatus.IN_IMPLEMENTATION and plans[4].is_late and not plans[4].findings.exists()
    assert MilestoneProgress.objects.filter(milestone__commitment__plan=plans[4]).exists()
    assert plans[3].status == PlanStatus.ENDED
    assert (
        not MilestoneProgress.objects.filter(milestone__commitment__plan=plans[3]).exclude(status="complete").exists()
    )

    mexico = Government.objects.get(iso3="MEX")
    submitted = mexico.action_plans.get(status=PlanStatus.SUBMITTED)
    assert submitted.submitted_by.username == "poc_mex" and not submitted.is_late
    assert AuditEntry.objects.for_object(submitted).filter(action="action_plan.submitted").exists()
    late = mexico.action_plans.get(number=5)  # the late plan (irm.demo adds an earlier, ended one)
    assert late.findings.get().cycle_year == late.cycle_year and late.is_implementation_too_short

    assert PolicyArea.objects.count() >= 10
    assert not PolicyArea.objects.filter(name_fr="").exists() and not PolicyArea.objects.filter(name_es="").exists()
    assert "Created France: action plan 5 (Public comment)." in output
    shadow = ShadowPlan.objects.published().get(government__iso3="FRA")
    assert shadow.organisation.slug == "regards-citoyens" and shadow.commitments.get().milestones.exists()
    assert len(mail.outbox) == 2  # only the two points of contact granted: plans email nobody here

    counts = [model.objects.count() for model in MODELS] + [plan_audit_rows()]
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    assert [model.objects.count() for model in MODELS] + [plan_audit_rows()] == counts
    assert "Created France" not in output
    assert len(mail.outbox) == 2

    # The demo's pages render: France's plan page and Mexico's findings.
    assert client.get(draft.get_absolute_url()).status_code == 200
    page = client.get(reverse("members:government-detail", args=[mexico.slug])).content.decode()
    assert f"Cycle {late.cycle_year}" in page
    assert shadow.title in client.get(reverse("members:government-detail", args=["fra"])).content.decode()


def test_the_demo_has_public_comments_on_a_plan_past_drafting(client):
    """The API and open data list comments of plans past drafting only: France's current plan has some."""
    seed()
    plan = Government.objects.get(iso3="FRA").action_plans.get(number=4)
    assert plan.status == PlanStatus.IN_IMPLEMENTATION
    threads = plan.comments.threads()
    assert threads.count() >= 2 and not threads.unanswered().exists()  # submitted: every comment was answered
    assert plan.comments.filter(parent__isnull=False).count() == 1
    assert plan.comments.filter(paragraph_index__isnull=False).exists()
    draft, final = plan.versions.order_by("number")
    assert {comment.version for comment in plan.comments.all()} == {draft}
    assert draft.published_at <= min(comment.created_at for comment in plan.comments.all())
    assert final.published_at == plan.submitted_at
    assert plan.comment_period_state() == "closed"

    response = client.get("/api/v1/comments/", {"government": "FRA"})
    assert response.status_code == 200
    listed = response.json()["results"]
    assert listed and {comment["plan"]["id"] for comment in listed} == {"FRA-" + str(plan.cycle_year)}
    assert any(comment["in_reply_to"] for comment in listed)
