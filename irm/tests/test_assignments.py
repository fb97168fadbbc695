"""Staff assign IRM researchers to one action plan, with the conflict-of-interest declaration they made."""

import pytest
from django.urls import reverse

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory
from irm.models import ResearcherAssignment, Review, ReviewStatus
from members.models import AuditEntry
from members.tests.factories import UserFactory

from .comment_helpers import client_for, review_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, status=PlanStatus.IN_IMPLEMENTATION, title="Plan four")


@pytest.fixture
def staff_client(staff):
    return client_for(staff)


@pytest.fixture
def researcher(db):
    return UserFactory(username="marie", email="Marie.Curie@example.org", first_name="Marie", last_name="Curie")


def test_assigns_a_researcher_by_username_with_the_declaration(staff_client, staff, plan, researcher):
    response = staff_client.post(
        reverse("irm:assignment-create"),
        {"researcher": "marie", "plan": plan.pk, "conflict_of_interest": " Former adviser to the ministry. "},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("irm:assignment-list")
    assignment = ResearcherAssignment.objects.get(user=researcher)
    assert (assignment.plan, assignment.government, assignment.assigned_by) == (plan, plan.government, staff)
    assert assignment.conflict_of_interest == "Former adviser to the ministry."
    page = response.content.decode()
    assert "Marie Curie is assigned to" in page and "Former adviser to the ministry." in page
    entry = AuditEntry.objects.for_object(plan).get(action="irm_researcher.assigned")
    assert (entry.actor, entry.data["user"]) == (staff, "marie")


def test_finds_the_researcher_by_email_whatever_its_case(staff_client, plan, researcher):
    staff_client.post(reverse("irm:assignment-create"), {"researcher": "marie.curie@EXAMPLE.org", "plan": plan.pk})
    assert ResearcherAssignment.objects.filter(user=researcher, plan=plan).exists()


def test_the_assigned_researcher_then_sees_the_plans_drafts_and_no_other(plan, government, staff_client, researcher):
    draft = review_of(plan, ReviewStatus.RESEARCH)
    other = review_of(ActionPlanFactory(government=government, status=PlanStatus.IN_IMPLEMENTATION), "research")
    staff_client.post(reverse("irm:assignment-create"), {"researcher": "marie", "plan": plan.pk})
    client = client_for(researcher)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert list(Review.objects.visible_to(researcher)) == [draft]


@pytest.mark.parametrize(
    ("researcher_field", "message"),
    [
        ("nobody", "No active account has this username or email address."),
        ("", "This field is required."),
    ],
)
def test_an_unknown_researcher_is_a_form_error(staff_client, plan, researcher_field, message):
    response = staff_client.post(reverse("irm:assignment-create"), {"researcher": researcher_field, "plan": plan.pk})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResearcherAssignment.objects.exists()


def test_a_shared_email_asks_for_the_username(staff_client, plan):
    UserFactory(username="a", email="same@example.org")
    UserFactory(username="b", email="same@example.org")
    response = staff_client.post(reverse("irm:assignment-create"), {"researcher": "same@example.org", "plan": plan.pk})
    assert response.status_code == 400
    assert "Several accounts share this email address: give the username instead." in response.content.decode()


def test_a_point_of_contact_cannot_review_their_own_government(staff_client, plan, poc):
    response = staff_client.post(reverse("irm:assignment-create"), {"researcher": "poc", "plan": plan.pk})
    assert response.status_code == 400
    assert "poc is a point of contact of France and cannot review it." in response.content.decode()
    assert not ResearcherAssignment.objects.filter(user=poc).exists()


def test_another_governments_point_of_contact_may_review(staff_client, plan, other_poc):
    response = staff_client.post(reverse("irm:assignment-create"), {"researcher": "other_poc", "plan": plan.pk})
    assert response.status_code == 302
    assert ResearcherAssignment.objects.filter(user=other_poc, plan=plan).exists()


def test_assigning_twice_keeps_one_assignment(staff_client, plan, researcher):
    for _attempt in range(2):
        staff_client.post(reverse("irm:assignment-create"), {"researcher": "marie", "plan": plan.pk})
    assert ResearcherAssignment.objects.filter(user=researcher).count() == 1
    assert AuditEntry.objects.filter(action="irm_researcher.assigned").count() == 1


def test_list_shows_each_assignment_and_declaration(staff_client, staff, plan, researcher, government):
    ResearcherAssignment.assign(researcher, government, plan=plan, by=staff, conflict_of_interest="")
    page = staff_client.get(reverse("irm:assignment-list")).content.decode()
    assert "Marie Curie" in page and "Plan four" in page and "None declared" in page


def test_the_form_lists_plans_with_their_government(staff_client, plan):
    page = staff_client.get(reverse("irm:assignment-create")).content.decode()
    assert "France · Plan four" in page
