"""Drafting pages: the permission matrix over the six roles, for every view, GET and POST.

France's plan: `poc` (its point of contact) and `staff` (Support Unit) edit it; `other_poc`
(Mexico), `civil` and `irm` read it like the public (403 on every write); anonymous users are sent
to log in; unknown objects are 404 for everyone; GET on a POST-only view is 405.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from action_plans.models import ActionPlan, Commitment, PlanDocument, PlanVersion

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

EDITORS = {"poc", "staff"}


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def expect_write(role, response, *, ok=(200,)):
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in EDITORS:
        assert response.status_code in ok, response.status_code
    else:
        assert response.status_code == 403


@pytest.fixture
def plan(government, staff):
    plan = ActionPlanFactory(government=government, number=1, title="Fourth national action plan")
    commitment = CommitmentFactory(plan=plan, number=1, title="Open contracting")
    MilestoneFactory(commitment=commitment, number=1)
    plan.publish_version(by=staff, note="First draft")
    return plan


@pytest.fixture
def commitment(plan):
    return plan.commitments.get()


@pytest.fixture
def document(plan):
    return PlanDocument.objects.create(plan=plan, title="Minutes", url="https://example.org/minutes.pdf")


def plan_data(**overrides):
    return {
        "number": 2,
        "title": "Fifth national action plan",
        "length_years": 2,
        "cycle_year": 2027,
        "co_creation_timeline": "Workshops in spring.",
        "start_date": "2027-09-01",
        "end_date": "2029-08-31",
        **overrides,
    }


def commitment_data(**overrides):
    return {
        "number": 2,
        "title": "Beneficial ownership register",
        "description": "Publish who owns companies.",
        "access_to_information": "on",
        "start_date": "2025-09-01",
        "end_date": "2027-06-30",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-description": "Launch the register",
        "milestones-0-end_date": "2026-06-30",
        **overrides,
    }


# --- Public pages ------------------------------------------------------------------------------


def test_plan_list_is_public(role_client, plan):
    _, client = role_client
    response = client.get(reverse("action_plans:plan-list"))
    assert response.status_code == 200
    assert plan.title in response.text


def test_plan_page_is_public(role_client, plan):
    _, client = role_client
    assert client.get(reverse("action_plans:plan-detail", args=[plan.pk])).status_code == 200


def test_unknown_plan_is_404(role_client, db):
    role, client = role_client
    for name in ("plan-detail", "version-list", "version-compare"):
        assert client.get(reverse(f"action_plans:{name}", args=[999])).status_code == 404
    for name in ("plan-update", "commitment-create", "document-create"):
        response = client.get(reverse(f"action_plans:{name}", args=[999]))
        assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404


def test_published_commitment_page_is_public(role_client, commitment):
    _, client = role_client
    response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    assert "Open contracting" in response.text


def test_unpublished_commitment_is_seen_by_editors_only(role_client, plan):
    role, client = role_client
    draft_only = CommitmentFactory(plan=plan, number=9, title="Not yet published")
    response = client.get(draft_only.get_absolute_url())
    assert response.status_code == (200 if role in EDITORS else 404)


def test_unknown_commitment_is_404(role_client, plan, other_government):
    _, client = role_client
    elsewhere = CommitmentFactory(plan=ActionPlanFactory(government=other_government))
    assert client.get(reverse("action_plans:commitment-detail", args=[plan.pk, 999])).status_code == 404
    # A commitment of another plan is not found under this one.
    assert client.get(reverse("action_plans:commitment-detail", args=[plan.pk, elsewhere.pk])).status_code == 404


def test_version_pages_are_public(role_client, plan, staff):
    _, client = role_client
    plan.publish_version(by=staff)
    assert client.get(reverse("action_plans:version-list", args=[plan.pk])).status_code == 200
    assert client.get(reverse("action_plans:version-detail", args=[plan.pk, 1])).status_code == 200
    response = client.get(reverse("action_plans:version-compare", args=[plan.pk]) + "?a=1&b=2")
    assert response.status_code == 200
    assert client.get(reverse("action_plans:version-detail", args=[plan.pk, 7])).status_code == 404


def test_document_file_is_public(role_client, plan, staff):
    _, client = role_client
    document = plan.add_document(title="Final plan", file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"), by=staff)
    response = client.get(reverse("action_plans:document-file", args=[plan.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("action_plans:document-file", args=[plan.pk, 999])).status_code == 404


# --- Starting and editing a plan ---------------------------------------------------------------


def test_start_page(role_client, government):
    role, client = role_client
    expect_write(role, client.get(reverse("action_plans:plan-create", args=[government.slug])))


def test_start_by_post(role_client, government):
    role, client = role_client
    response = client.post(reverse("action_plans:plan-create", args=[government.slug]), plan_data())
    expect_write(role, response, ok=(302,))
    assert ActionPlan.objects.filter(government=government).count() == (1 if role in EDITORS else 0)


def test_start_for_an_unknown_government_is_404(role_client, db):
    role, client = role_client
    response = client.get(reverse("action_plans:plan-create", args=["nowhere"]))
    assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404


def test_a_point_of_contact_cannot_start_another_governments_plan(other_poc, government):
    from django.test import Client

    client = Client()
    client.force_login(other_poc)
    assert client.post(reverse("action_plans:plan-create", args=[government.slug]), plan_data()).status_code == 403


def test_edit_page(role_client, plan):
    role, client = role_client
    expect_write(role, client.get(reverse("action_plans:plan-update", args=[plan.pk])))


def test_edit_by_post(role_client, plan):
    role, client = role_client
    data = plan_data(number=1, title="Renamed", version=plan.version, cycle_year=plan.cycle_year)
    response = client.post(reverse("action_plans:plan-update", args=[plan.pk]), data)
    expect_write(role, response, ok=(302,))
    plan.refresh_from_db()
    assert (plan.title == "Renamed") == (role in EDITORS)


def test_edit_page_of_a_submitted_plan_redirects_editors(role_client, government):
    role, client = role_client
    submitted = ActionPlanFactory(government=government, status="submitted")
    response = client.get(reverse("action_plans:plan-update", args=[submitted.pk]))
    if role in EDITORS:
        assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    else:
        expect_write(role, response)


# --- Commitments -------------------------------------------------------------------------------


def test_add_commitment_page(role_client, plan):
    role, client = role_client
    expect_write(role, client.get(reverse("action_plans:commitment-create", args=[plan.pk])))


def test_add_commitment_by_post(role_client, plan):
    role, client = role_client
    response = client.post(reverse("action_plans:commitment-create", args=[plan.pk]), commitment_data())
    expect_write(role, response, ok=(302,))
    assert plan.commitments.count() == (2 if role in EDITORS else 1)


def test_edit_commitment_page(role_client, commitment):
    role, client = role_client
    expect_write(role, client.get(reverse("action_plans:commitment-update", args=[commitment.plan_id, commitment.pk])))


def test_edit_commitment_by_post(role_client, commitment):
    role, client = role_client
    data = commitment_data(number=1, title="Renamed commitment", version=commitment.version)
    response = client.post(reverse("action_plans:commitment-update", args=[commitment.plan_id, commitment.pk]), data)
    expect_write(role, response, ok=(302,))
    commitment.refresh_from_db()
    assert (commitment.title == "Renamed commitment") == (role in EDITORS)


def test_unknown_commitment_edit_is_404(role_client, plan):
    role, client = role_client
    response = client.get(reverse("action_plans:commitment-update", args=[plan.pk, 999]))
    assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404


def test_delete_commitment(role_client, commitment):
    role, client = role_client
    url = reverse("action_plans:commitment-delete", args=[commitment.plan_id, commitment.pk])
    assert client.get(url).status_code == 405
    expect_write(role, client.post(url), ok=(302,))
    assert Commitment.objects.filter(pk=commitment.pk).exists() == (role not in EDITORS)


# --- Versions ----------------------------------------------------------------------------------


def test_publish_version(role_client, plan):
    role, client = role_client
    url = reverse("action_plans:version-publish", args=[plan.pk])
    assert client.get(url).status_code == 405
    expect_write(role, client.post(url, {"note": "After the workshop"}), ok=(302,))
    assert PlanVersion.objects.filter(plan=plan).count() == (2 if role in EDITORS else 1)


# --- Documents ---------------------------------------------------------------------------------


def test_add_document_page(role_client, plan):
    role, client = role_client
    expect_write(role, client.get(reverse("action_plans:document-create", args=[plan.pk])))


def test_add_document_by_post(role_client, plan):
    role, client = role_client
    data = {"title": "Workshop minutes", "url": "https://example.org/minutes"}
    expect_write(role, client.post(reverse("action_plans:document-create", args=[plan.pk]), data), ok=(302,))
    assert plan.documents.count() == (1 if role in EDITORS else 0)


def test_delete_document(role_client, document):
    role, client = role_client
    url = reverse("action_plans:document-delete", args=[document.plan_id, document.pk])
    assert client.get(url).status_code == 405
    expect_write(role, client.post(url), ok=(302,))
    assert PlanDocument.objects.filter(pk=document.pk).exists() == (role not in EDITORS)


def test_delete_unknown_document_is_404_for_editors(role_client, plan):
    role, client = role_client
    response = client.post(reverse("action_plans:document-delete", args=[plan.pk, 999]))
    if role in EDITORS:
        assert response.status_code == 404
    else:
        expect_write(role, response)


# --- The government page's section -------------------------------------------------------------


def test_government_page_lists_plans_and_offers_to_start_one(role_client, plan, government):
    role, client = role_client
    response = client.get(government.get_absolute_url())
    assert response.status_code == 200
    assert f'href="{plan.get_absolute_url()}"' in response.text
    start = reverse("action_plans:plan-create", args=[government.slug])
    assert (start in response.text) == (role in EDITORS)
