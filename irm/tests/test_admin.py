"""The IRM in the admin: every model is registered and its pages load; statuses and transitions are read-only;
what staff create here (assignments, Response Policy cases) goes through the model's method, audited, and
what that method refuses is a form error that saves nothing.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from action_plans.tests.factories import ActionPlanFactory
from members.models import AuditEntry
from members.tests.factories import UserFactory

from ..models import ProceduralReview, ResearcherAssignment, ResponsePolicyCase, Review
from .factories import CommitmentAssessmentFactory, ReviewCommentFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def irm_world(government, other_government, staff, irm):
    """One row of every IRM model."""
    review = ReviewFactory(plan__government=government, published=True)
    CommitmentAssessmentFactory(review=review)
    ReviewCommentFactory(review=review, is_confidential=True)
    ProceduralReview.objects.create(government=other_government, first_cycle_year=2022, second_cycle_year=2024)
    case = ResponsePolicyCase.objects.file(
        other_government,
        filer_name="A coalition of organisations",
        filer_type="entity",
        concern="Civic space is shrinking.",
        filed_on=timezone.localdate(),
        by=staff,
    )
    case.advance("acknowledged", by=staff, note="Acknowledged by the Support Unit.")
    return review


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_irm_model_is_registered():
    models = apps.get_app_config("irm").get_models()
    assert [model.__name__ for model in models if model not in admin.site._registry] == []


@pytest.mark.parametrize("client_fixture", ["superuser_client", "staff_client"])
def test_every_changelist_and_change_page_loads(request, client_fixture, irm_world):
    client = request.getfixturevalue(client_fixture)
    for model in apps.get_app_config("irm").get_models():
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, model
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_review_filters_and_search_work(superuser_client, irm_world):
    url = admin_url(Review, "changelist")
    assert superuser_client.get(url, {"overdue": "yes", "status": "published"}).status_code == 200
    page = superuser_client.get(url, {"q": irm_world.plan.government.name})
    assert page.status_code == 200 and str(irm_world.plan.title) in page.text


def test_a_review_is_read_only_in_the_admin(superuser_client, irm_world):
    review = irm_world
    url = admin_url(Review, "change", review.pk)
    page = superuser_client.get(url)
    assert 'name="status"' not in page.text and 'name="summary"' not in page.text
    assert review.comments.get().body in page.text  # the comments inline, confidential ones included
    superuser_client.post(url, {"status": "research", "summary": "Rewritten", "published_at": ""})
    review.refresh_from_db()
    assert review.status == "published" and review.summary != "Rewritten" and review.published_at is not None
    assert superuser_client.get(admin_url(Review, "add")).status_code == 403
    assert superuser_client.post(admin_url(Review, "delete", review.pk), {"post": "yes"}).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()


def test_a_procedural_review_is_decided_in_the_portal_not_the_admin(superuser_client, irm_world):
    procedural = ProceduralReview.objects.get()
    url = admin_url(ProceduralReview, "change", procedural.pk)
    superuser_client.post(url, {"status": "lifted", "decision": "Lifted."})
    procedural.refresh_from_db()
    assert procedural.status == "open" and procedural.decision == ""


def test_assigning_a_researcher_in_the_admin_goes_through_assign(staff_client, staff, government):
    plan = ActionPlanFactory(government=government)
    researcher = UserFactory(username="ana")
    response = staff_client.post(
        admin_url(ResearcherAssignment, "add"),
        {
            "user": researcher.pk,
            "plan": plan.pk,
            "government": "",
            "conflict_of_interest": "  Worked for a ministry.  ",
        },
    )
    assert response.status_code == 302
    assignment = ResearcherAssignment.objects.get(user=researcher)
    # The government comes from the plan; the declaration is stored as `assign` stores it.
    assert (assignment.plan, assignment.government, assignment.assigned_by) == (plan, government, staff)
    assert assignment.conflict_of_interest == "Worked for a ministry."
    entry = AuditEntry.objects.for_object(plan).get(action="irm_researcher.assigned")
    assert entry.actor == staff and entry.data["user"] == "ana"


def test_what_assign_refuses_is_a_form_error_and_saves_nothing(staff_client, government, other_government, poc):
    other_plan = ActionPlanFactory(government=other_government)
    audit_rows = AuditEntry.objects.count()
    refused = [
        # A government's own point of contact cannot review it.
        ({"user": poc.pk, "plan": "", "government": government.pk}, "cannot review it"),
        # A plan of another government than the one chosen.
        ({"user": UserFactory().pk, "plan": other_plan.pk, "government": government.pk}, "another government"),
        # Neither a plan nor a government.
        ({"user": UserFactory().pk, "plan": "", "government": ""}, "Choose a plan"),
    ]
    for data, message in refused:
        response = staff_client.post(admin_url(ResearcherAssignment, "add"), {**data, "conflict_of_interest": ""})
        assert response.status_code == 200 and message in response.text
    assert not ResearcherAssignment.objects.exists()
    assert AuditEntry.objects.count() == audit_rows


def test_an_assignment_is_not_edited_and_its_removal_is_audited(superuser_client, staff, government, irm):
    assignment = ResearcherAssignment.objects.get(user=irm)
    url = admin_url(ResearcherAssignment, "change", assignment.pk)
    assert 'name="conflict_of_interest"' not in superuser_client.get(url).text
    superuser_client.post(url, {"user": irm.pk, "government": government.pk, "conflict_of_interest": "Changed"})
    assignment.refresh_from_db()
    assert assignment.conflict_of_interest == ""
    response = superuser_client.post(admin_url(ResearcherAssignment, "delete", assignment.pk), {"post": "yes"})
    assert response.status_code == 302 and not ResearcherAssignment.objects.exists()
    entry = AuditEntry.objects.for_object(government).get(action="irm_researcher.unassigned")
    assert entry.data == {"user": "irm", "plan": None} and entry.actor.username == "root"


def test_filing_a_response_policy_case_in_the_admin_goes_through_file(staff_client, staff, other_government):
    filed_on = timezone.localdate() - datetime.timedelta(days=3)
    data = {
        "government": other_government.pk,
        "filer_name": " A Steering Committee member ",
        "filer_type": "steering_committee_member",
        "concern": "Journalists were arrested.",
        "filed_on": filed_on.isoformat(),
    }
    assert staff_client.post(admin_url(ResponsePolicyCase, "add"), data).status_code == 302
    case = ResponsePolicyCase.objects.get()
    assert (case.status, case.created_by, case.filer_name, case.filed_on) == (
        "filed",
        staff,
        "A Steering Committee member",
        filed_on,
    )
    assert AuditEntry.objects.for_object(case).get(action="response_policy.filed").actor == staff

    # A letter dated tomorrow is refused by `file`, on the date field, and nothing is saved.
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = staff_client.post(admin_url(ResponsePolicyCase, "add"), {**data, "filed_on": tomorrow})
    assert response.status_code == 200 and "cannot be filed in the future" in response.text
    assert ResponsePolicyCase.objects.count() == 1


def test_a_case_moves_on_only_through_its_steps(superuser_client, irm_world):
    case = ResponsePolicyCase.objects.get()
    url = admin_url(ResponsePolicyCase, "change", case.pk)
    page = superuser_client.get(url)
    assert 'name="status"' not in page.text and "Acknowledged by the Support Unit." in page.text
    superuser_client.post(url, {"status": "suspended", "concern": "Rewritten"})
    case.refresh_from_db()
    assert case.status == "acknowledged" and case.concern == "Civic space is shrinking."
    assert case.government.status == "member"
    assert superuser_client.post(admin_url(ResponsePolicyCase, "delete", case.pk), {"post": "yes"}).status_code == 403


def test_the_add_pages_load_and_the_plan_autocomplete_finds_plans_by_government(staff_client, government):
    plan = ActionPlanFactory(government=government, title="Fifth plan")
    ActionPlanFactory(title="Another government's plan")
    for model in (ResearcherAssignment, ResponsePolicyCase):
        assert staff_client.get(admin_url(model, "add")).status_code == 200
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "irm", "model_name": "researcherassignment", "field_name": "plan", "term": "France"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(plan.pk)]
