"""The review pages' permission matrix over the six roles, at each stage of a review of France's plan.

Before public comment a draft is its assigned researchers' (`irm`) and staff's, and from sharing on also
France's point of contact's (`poc`); from public comment on, everyone's. Outsiders get 404, readers who
may not act 403, anonymous users asked to act go to the login page; GET on a POST-only view is 405.
A researcher assigned only to ANOTHER plan of France is an outsider for this plan's drafts.
"""

import pytest
from django.test import Client
from django.urls import reverse

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory
from irm.models import ResearcherAssignment, Review, ReviewStatus
from members.models import AuditEntry
from members.tests.factories import UserFactory

from .comment_helpers import plan_of, ready_review, review_of

pytestmark = pytest.mark.django_db

EDITORS = {"staff", "irm"}
STATUSES = [status.value for status in ReviewStatus]


def readers(status: str) -> set[str]:
    if status == ReviewStatus.RESEARCH:
        return EDITORS
    if status == ReviewStatus.SHARED:
        return EDITORS | {"poc"}
    return {"anonymous", "civil", "poc", "other_poc", *EDITORS}


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def expect_read(role, status, response):
    expected = 200 if role in readers(status) else 404
    assert response.status_code == expected, (role, status, response.status_code)


def expect_write(role, status, response, *, ok=(200,)):
    if role == "anonymous":
        assert is_login_redirect(response), (status, response.status_code)
    elif role in EDITORS:
        assert response.status_code in ok, (role, status, response.status_code)
    elif role in readers(status):
        assert response.status_code == 403, (role, status, response.status_code)
    else:
        assert response.status_code == 404, (role, status, response.status_code)


@pytest.fixture
def plan(government):
    return plan_of(government)


def actions_of(review):
    return list(AuditEntry.objects.for_object(review).values_list("action", flat=True))


@pytest.mark.parametrize("status", STATUSES)
def test_review_page_is_read_by_whom_the_stage_allows(role_client, status, plan):
    role, client = role_client
    review = review_of(plan, status)
    expect_read(role, status, client.get(reverse("irm:review-detail", args=[review.pk])))


@pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.SHARED, ReviewStatus.FINAL])
def test_edit_page_is_for_editors_only(role_client, status, plan):
    role, client = role_client
    review = review_of(plan, status)
    expect_write(role, status, client.get(reverse("irm:review-edit", args=[review.pk])))


@pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.PUBLIC_COMMENT])
def test_edit_post_is_refused_to_non_editors_and_changes_nothing(role_client, status, plan):
    role, client = role_client
    review = review_of(plan, status, summary="Before.")
    data = {"summary": "After.", "version": review.version}
    response = client.post(reverse("irm:review-edit", args=[review.pk]), data)
    if role in EDITORS:
        # Editable in research; in public comment the draft is frozen and the save is refused (400).
        assert response.status_code == (302 if status == ReviewStatus.RESEARCH else 400)
    else:
        expect_write(role, status, response)
        review.refresh_from_db()
        assert review.summary == "Before."
        assert "irm_review.edited" not in actions_of(review)


@pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.PUBLIC_COMMENT])
def test_assessment_page_is_for_editors_only(role_client, status, plan):
    role, client = role_client
    review = review_of(plan, status)
    commitment = plan.commitments.first()
    url = reverse("irm:assessment-edit", args=[review.pk, commitment.pk])
    # In public comment the draft is frozen: editors are sent back to the review, saying so.
    expect_write(role, status, client.get(url), ok=(200,) if status == ReviewStatus.RESEARCH else (302,))


@pytest.mark.parametrize("status", [ReviewStatus.SHARED, ReviewStatus.PUBLIC_COMMENT])
def test_assessment_post_is_refused_to_non_editors_and_changes_nothing(role_client, status, plan):
    role, client = role_client
    review = review_of(plan, status)
    commitment = plan.commitments.first()
    url = reverse("irm:assessment-edit", args=[review.pk, commitment.pk])
    response = client.post(url, {"verifiable": "verifiable", "potential_for_results": "modest"})
    if role in EDITORS:
        assert response.status_code == (302 if status == ReviewStatus.SHARED else 400)
    else:
        expect_write(role, status, response)
        assert not review.assessments.exists()


@pytest.mark.parametrize("status", [ReviewStatus.SHARED, ReviewStatus.PUBLIC_COMMENT])
def test_public_comment_form_is_for_editors_only(role_client, status, plan):
    role, client = role_client
    review = review_of(plan, status)
    expect_write(role, status, client.get(reverse("irm:review-open-comment", args=[review.pk])))


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("irm:review-share", ReviewStatus.RESEARCH),
        ("irm:review-open-comment", ReviewStatus.SHARED),
        ("irm:review-finalise", ReviewStatus.PUBLIC_COMMENT),
        ("irm:review-publish", ReviewStatus.FINAL),
    ],
)
def test_lifecycle_posts_are_refused_to_non_editors_and_change_nothing(role_client, name, status, plan, irm):
    role, client = role_client
    review = ready_review(plan, irm, status)
    response = client.post(reverse(name, args=[review.pk]), {"opens_on": "2099-01-01", "closes_on": "2099-01-31"})
    if role in EDITORS:
        assert response.status_code == 302
        return
    expect_write(role, status, response)
    review.refresh_from_db()
    assert review.status == status
    assert not [action for action in actions_of(review) if action != "irm_review.commented"]


@pytest.mark.parametrize("name", ["irm:review-share", "irm:review-finalise", "irm:review-publish"])
def test_get_on_a_post_only_view_is_405(name, plan, staff):
    review = review_of(plan, ReviewStatus.RESEARCH)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse(name, args=[review.pk])).status_code == 405


def test_public_list_is_open_to_everyone(role_client):
    _role, client = role_client
    assert client.get(reverse("irm:review-list")).status_code == 200


def test_workspace_is_for_researchers_and_staff(role_client):
    role, client = role_client
    response = client.get(reverse("irm:workspace"))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in EDITORS else 403)


def test_starting_a_review_is_for_the_plans_researchers_and_staff(role_client, plan):
    role, client = role_client
    url = reverse("irm:review-start", args=[plan.pk])
    # The plan is public: those who may not start a review of it get 403, not 404.
    expect_write(role, ReviewStatus.PUBLISHED, client.get(url))
    response = client.post(url, {"kind": "action_plan_review"})
    if role not in EDITORS:
        expect_write(role, ReviewStatus.PUBLISHED, response)
        assert not Review.objects.exists()
    else:
        assert response.status_code == 302
        assert Review.objects.get().researcher.username == role


@pytest.mark.parametrize("view", ["irm:assignment-list", "irm:assignment-create"])
def test_assignments_are_staff_only(role_client, view, plan):
    role, client = role_client
    expect_write(role, ReviewStatus.PUBLISHED, client.get(reverse(view)), ok=(200,) if role == "staff" else (403,))


def test_assignment_post_is_refused_to_non_staff(role_client, plan, civil):
    role, client = role_client
    before = ResearcherAssignment.objects.count()
    response = client.post(reverse("irm:assignment-create"), {"researcher": "civil", "plan": plan.pk})
    if role == "staff":
        assert response.status_code == 302
        assert ResearcherAssignment.objects.filter(user=civil, plan=plan).exists()
    else:
        assert is_login_redirect(response) if role == "anonymous" else response.status_code == 403
        assert ResearcherAssignment.objects.count() == before


class TestResearcherOfAnotherPlan:
    """Assigned to France's other plan only: this plan's drafts are none of their business."""

    @pytest.fixture
    def outsider(self, government, staff):
        other_plan = ActionPlanFactory(government=government, status=PlanStatus.IN_IMPLEMENTATION)
        user = UserFactory(username="irm_other_plan")
        ResearcherAssignment.assign(user, government, plan=other_plan, by=staff)
        client = Client()
        client.force_login(user)
        return client

    @pytest.mark.parametrize("status", [ReviewStatus.RESEARCH, ReviewStatus.SHARED])
    def test_gets_404_on_an_unpublished_draft(self, outsider, plan, status):
        review = review_of(plan, status)
        for name in ("irm:review-detail", "irm:review-edit", "irm:review-open-comment"):
            assert outsider.get(reverse(name, args=[review.pk])).status_code == 404
        commitment = plan.commitments.first()
        assert outsider.get(reverse("irm:assessment-edit", args=[review.pk, commitment.pk])).status_code == 404
        assert outsider.post(reverse("irm:review-share", args=[review.pk])).status_code == 404

    def test_reads_it_like_the_public_from_public_comment_on(self, outsider, plan):
        review = review_of(plan, ReviewStatus.PUBLIC_COMMENT)
        assert outsider.get(reverse("irm:review-detail", args=[review.pk])).status_code == 200
        assert outsider.get(reverse("irm:review-edit", args=[review.pk])).status_code == 403

    def test_cannot_start_a_review_of_it(self, outsider, plan):
        assert outsider.get(reverse("irm:review-start", args=[plan.pk])).status_code == 403

    def test_workspace_lists_only_their_own_plan(self, outsider, plan):
        review_of(plan, ReviewStatus.RESEARCH)
        response = outsider.get(reverse("irm:workspace"))
        assert response.status_code == 200
        assert response.context["reviews"] == []
        assert plan.pk not in [row[0].pk for row in response.context["plans"]]


def test_unknown_review_is_404_for_staff(staff):
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("irm:review-detail", args=[999])).status_code == 404
