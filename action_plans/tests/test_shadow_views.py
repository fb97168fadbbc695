"""Shadow plan pages: the permission matrix over the six roles, forms, the government page, budgets.

`civil` is a member of "Regards Citoyens", whose shadow plan for France it is: its members and the
Support Unit see the draft and change it; everyone else gets 404 on the draft. Once published it
is public, and read-only for everyone but its authors and the Support Unit (403).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.models import ShadowCommitment, ShadowPlan, ShadowPlanStatus
from members.models import AuditEntry
from members.tests.factories import OrganisationFactory

from .factories import ShadowCommitmentFactory, ShadowPlanFactory

pytestmark = pytest.mark.django_db

AUTHORS = {"civil", "staff"}


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


@pytest.fixture
def organisation(civil):
    return civil.organisations.get()


@pytest.fixture
def draft(government, organisation):
    plan = ShadowPlanFactory(government=government, organisation=organisation, title="Citizens' plan for France")
    ShadowCommitmentFactory(shadow_plan=plan, number=1, title="Open contracting for all")
    return plan


@pytest.fixture
def published(draft, civil):
    draft.publish(by=civil)
    return draft


def commitment_data(**overrides):
    return {
        "number": "",
        "title": "Beneficial ownership register",
        "problem": "Nobody knows who owns companies.",
        "access_to_information": "on",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-description": "Publish the register",
        "milestones-0-start_date": "2027-01-01",
        "milestones-0-end_date": "2027-06-30",
        "milestones-0-responsible_agency": "Justice",
        **overrides,
    }


def expect_draft_write(role, response, *, ok=(200,)):
    """On a draft: outsiders cannot see it (404), authors can act."""
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in AUTHORS:
        assert response.status_code in ok, response.status_code
    else:
        assert response.status_code == 404, response.status_code


# --- The permission matrix -----------------------------------------------------------------


def test_create_get(role_client, government):
    role, client = role_client
    response = client.get(reverse("action_plans:shadow-create", args=[government.slug]))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role == "civil" else 403)


def test_create_post(role_client, government, organisation):
    role, client = role_client
    data = {"organisation": organisation.pk, "title": "Our proposals", "summary": "Written together."}
    response = client.post(reverse("action_plans:shadow-create", args=[government.slug]), data)
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role == "civil":
        plan = ShadowPlan.objects.get()
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
        assert plan.organisation == organisation and plan.government == government and plan.is_draft
    else:
        assert response.status_code == 403
    assert ShadowPlan.objects.exists() == (role == "civil")


def test_create_for_an_unknown_government_is_404(role_client):
    role, client = role_client
    response = client.get(reverse("action_plans:shadow-create", args=["nowhere"]))
    assert is_login_redirect(response) if role == "anonymous" else response.status_code == 404


def test_detail_of_a_draft(role_client, draft):
    role, client = role_client
    response = client.get(draft.get_absolute_url())
    assert response.status_code == (200 if role in AUTHORS else 404)


def test_detail_of_a_published_plan_is_public_and_labelled(role_client, published):
    _role, client = role_client
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "Civil society proposal" in response.text
    assert "It is not France&#x27;s action plan" in response.text or "It is not France's action plan" in response.text
    assert "Open contracting for all" in response.text


def test_unknown_shadow_plan_is_404(role_client):
    _role, client = role_client
    assert client.get(reverse("action_plans:shadow-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["shadow-update", "shadow-commitment-create"])
def test_edit_pages_of_a_draft(role_client, draft, name):
    role, client = role_client
    expect_draft_write(role, client.get(reverse(f"action_plans:{name}", args=[draft.pk])))


def test_edit_pages_of_a_published_plan_are_403_for_readers(role_client, published):
    role, client = role_client
    response = client.get(reverse("action_plans:shadow-update", args=[published.pk]))
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in AUTHORS:
        assert response.status_code == 302 and response["Location"] == published.get_absolute_url()
    else:
        assert response.status_code == 403


def test_update_post(role_client, draft):
    role, client = role_client
    response = client.post(
        reverse("action_plans:shadow-update", args=[draft.pk]), {"title": "Renamed", "summary": "New."}
    )
    expect_draft_write(role, response, ok=(302,))
    assert (ShadowPlan.objects.get().title == "Renamed") == (role in AUTHORS)


def test_commitment_create_post(role_client, draft):
    role, client = role_client
    response = client.post(reverse("action_plans:shadow-commitment-create", args=[draft.pk]), commitment_data())
    expect_draft_write(role, response, ok=(302,))
    added = ShadowCommitment.objects.filter(title="Beneficial ownership register").first()
    assert (added is not None) == (role in AUTHORS)
    if added:
        assert added.number == 2 and added.milestones.get().responsible_agency == "Justice"


def test_commitment_update(role_client, draft):
    role, client = role_client
    commitment = draft.commitments.get()
    url = reverse("action_plans:shadow-commitment-update", args=[draft.pk, commitment.pk])
    expect_draft_write(role, client.get(url))
    response = client.post(url, commitment_data(number="1", title="Renamed commitment"))
    expect_draft_write(role, response, ok=(302,))
    assert (ShadowCommitment.objects.get().title == "Renamed commitment") == (role in AUTHORS)


def test_commitment_delete(role_client, draft):
    role, client = role_client
    commitment = draft.commitments.get()
    url = reverse("action_plans:shadow-commitment-delete", args=[draft.pk, commitment.pk])
    assert client.get(url).status_code == 405
    expect_draft_write(role, client.post(url), ok=(302,))
    assert ShadowCommitment.objects.exists() == (role not in AUTHORS)


def test_publish(role_client, draft):
    role, client = role_client
    url = reverse("action_plans:shadow-publish", args=[draft.pk])
    assert client.get(url).status_code == 405
    expect_draft_write(role, client.post(url), ok=(302,))
    assert (ShadowPlan.objects.get().status == ShadowPlanStatus.PUBLISHED) == (role in AUTHORS)


def test_a_commitment_of_another_shadow_plan_is_404(role_client, draft, government, organisation):
    role, client = role_client
    other = ShadowPlanFactory(government=government, organisation=organisation)
    commitment = draft.commitments.get()
    url = reverse("action_plans:shadow-commitment-update", args=[other.pk, commitment.pk])
    response = client.get(url)
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 404


# --- Forms and flashes ----------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestForms:
    def test_creating_on_behalf_of_an_organisation_the_user_is_not_in_is_refused(self, civil, government):
        stranger = OrganisationFactory(name="Somebody else")
        response = client_for(civil).post(
            reverse("action_plans:shadow-create", args=[government.slug]),
            {"organisation": stranger.pk, "title": "Ours", "summary": "Kept text."},
        )
        assert response.status_code == 200 and "Select a valid choice" in response.text
        assert "Kept text." in response.text and not ShadowPlan.objects.exists()

    def test_a_civil_society_user_without_organisation_is_told_to_join_one(self, government):
        from members.tests.factories import UserFactory

        loner = UserFactory(username="loner", is_civil_society=True)
        response = client_for(loner).get(reverse("action_plans:shadow-create", args=[government.slug]))
        assert response.status_code == 200 and "join or create one" in response.text

    def test_publishing_without_commitments_flashes_the_reason(self, civil, government, organisation):
        empty = ShadowPlanFactory(government=government, organisation=organisation)
        response = client_for(civil).post(reverse("action_plans:shadow-publish", args=[empty.pk]), follow=True)
        assert "Add at least one proposed commitment before publishing." in response.text
        assert ShadowPlan.objects.get(pk=empty.pk).is_draft

    def test_publishing_flashes_and_audits(self, civil, draft):
        response = client_for(civil).post(reverse("action_plans:shadow-publish", args=[draft.pk]), follow=True)
        assert "it is shown on France" in response.text
        assert AuditEntry.objects.filter(action="shadow_plan.published", actor=civil).count() == 1

    def test_a_milestone_ending_before_it_starts_re_renders_the_form(self, civil, draft):
        data = commitment_data(**{"milestones-0-end_date": "2026-01-01"})
        response = client_for(civil).post(reverse("action_plans:shadow-commitment-create", args=[draft.pk]), data)
        assert response.status_code == 200 and "The milestone cannot end before it starts." in response.text
        assert "Nobody knows who owns companies." in response.text
        assert draft.commitments.count() == 1


# --- The government page ----------------------------------------------------------------------


class TestGovernmentPage:
    def test_published_shadow_plans_are_shown_as_civil_society_proposals(self, client, published, government):
        text = client.get(government.get_absolute_url()).text
        section = text.split('id="shadow-plans"', 1)[1].split("</section>", 1)[0]
        assert "Citizens&#x27; plan for France" in section or "Citizens' plan for France" in section
        assert "Civil society proposal" in section and "Regards Citoyens" in section
        assert "do not commit the government" in section

    def test_drafts_are_shown_to_their_organisations_members_only(self, client, civil, poc, draft, government):
        url = government.get_absolute_url()
        assert "Your organisations' drafts" in client_for(civil).get(url).text
        for reader in (client, client_for(poc)):
            assert draft.get_absolute_url() not in reader.get(url).text

    def test_civil_society_is_offered_to_propose_one(self, client, civil, poc, government):
        create = reverse("action_plans:shadow-create", args=[government.slug])
        assert create in client_for(civil).get(government.get_absolute_url()).text
        assert create not in client_for(poc).get(government.get_absolute_url()).text
        assert create not in client.get(government.get_absolute_url()).text


# --- Query budgets ----------------------------------------------------------------------------


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def shadow_plans(government, organisation, count, commitments):
    plans = []
    for index in range(count):
        plan = ShadowPlanFactory(government=government, organisation=organisation, status="published")
        for number in range(1, commitments + 1):
            commitment = ShadowCommitmentFactory(shadow_plan=plan, number=number)
            commitment.milestones.create(description=f"Milestone {index}.{number}")
        plans.append(plan)
    ShadowPlanFactory(government=government, organisation=organisation)  # a draft
    return plans


@pytest.mark.parametrize("role", ["anonymous", "civil"])
def test_government_page_and_shadow_page_cost_a_fixed_number_of_queries(
    role, civil, government, other_government, organisation, django_assert_max_num_queries
):
    client = client_for(civil) if role == "civil" else Client()
    small = shadow_plans(other_government, organisation, 1, 2)
    big = shadow_plans(government, organisation, 25, 30)
    client.get(other_government.get_absolute_url())
    with django_assert_max_num_queries(40):
        assert client.get(government.get_absolute_url()).status_code == 200
    assert count_queries(client, other_government.get_absolute_url()) == count_queries(
        client, government.get_absolute_url()
    )
    with django_assert_max_num_queries(15):
        assert client.get(big[0].get_absolute_url()).status_code == 200
    assert count_queries(client, small[0].get_absolute_url()) == count_queries(client, big[0].get_absolute_url())
