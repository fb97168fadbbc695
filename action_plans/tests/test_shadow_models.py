"""Shadow action plans: starting, editing, adding commitments and publishing; allowed and refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from action_plans.models import ShadowCommitment, ShadowMilestone, ShadowPlan, ShadowPlanStatus
from members.models import AuditEntry
from members.tests.factories import OrganisationFactory, UserFactory

from .factories import PolicyAreaFactory, ShadowCommitmentFactory, ShadowPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(civil):
    return civil.organisations.get()


@pytest.fixture
def draft(government, organisation):
    return ShadowPlanFactory(government=government, organisation=organisation)


MILESTONES = [
    {
        "description": "Publish the contracts",
        "start_date": datetime.date(2026, 1, 1),
        "end_date": None,
        "responsible_agency": "Treasury",
        "id": None,
    },
]


class TestStart:
    def test_a_member_starts_a_draft_for_the_organisation_audited(self, government, organisation, civil):
        plan = ShadowPlan.objects.start(government, organisation, {"title": "Our plan", "summary": "Why."}, by=civil)
        assert plan.status == ShadowPlanStatus.DRAFT and plan.created_by == civil and plan.title == "Our plan"
        entry = AuditEntry.objects.for_object(plan).get(action="shadow_plan.created")
        assert entry.actor == civil and entry.data == {"government": government.pk, "organisation": organisation.pk}

    def test_someone_outside_the_organisation_is_refused(self, government, organisation):
        outsider = UserFactory(username="outsider", is_civil_society=True)
        with pytest.raises(ValidationError) as error:
            ShadowPlan.objects.start(government, organisation, {"title": "Ours"}, by=outsider)
        assert error.value.code == "not_a_member"
        assert not ShadowPlan.objects.exists()

    def test_someone_not_civil_society_is_refused(self, government, poc):
        organisation = OrganisationFactory()
        organisation.members.add(poc)
        with pytest.raises(ValidationError) as error:
            ShadowPlan.objects.start(government, organisation, {"title": "Ours"}, by=poc)
        assert error.value.code == "not_civil_society"


class TestDraft:
    def test_saving_fields_is_audited(self, draft, civil):
        draft.save_fields({"title": "Better title", "summary": draft.summary}, by=civil)
        assert ShadowPlan.objects.get(pk=draft.pk).title == "Better title"
        assert AuditEntry.objects.for_object(draft).get(action="shadow_plan.edited").data == {
            "changed_fields": ["title"]
        }

    def test_adding_a_commitment_numbers_it_and_writes_its_milestones(self, draft, civil):
        area = PolicyAreaFactory()
        ShadowCommitmentFactory(shadow_plan=draft, number=4)
        commitment = draft.add_commitment(
            {"title": "Open contracting", "access_to_information": True, "policy_areas": [area]}, MILESTONES, by=civil
        )
        assert commitment.number == 5 and list(commitment.policy_areas.all()) == [area]
        assert list(commitment.milestones.values_list("description", "responsible_agency")) == [
            ("Publish the contracts", "Treasury")
        ]
        assert AuditEntry.objects.for_object(draft).filter(action="shadow_plan.commitment_added").count() == 1

    def test_a_commitment_ending_before_it_starts_is_refused(self, draft, civil):
        with pytest.raises(ValidationError) as error:
            draft.add_commitment(
                {"title": "Backwards", "start_date": datetime.date(2027, 1, 1), "end_date": datetime.date(2026, 1, 1)},
                [],
                by=civil,
            )
        assert error.value.code == "end_before_start"
        assert not ShadowCommitment.objects.exists()

    def test_editing_and_removing_a_commitment_are_audited(self, draft, civil):
        commitment = draft.add_commitment({"title": "First"}, MILESTONES, by=civil)
        milestone = commitment.milestones.get()
        commitment.save_content(
            {"title": "Renamed"}, [{**MILESTONES[0], "id": milestone.pk, "description": "New"}], by=civil
        )
        assert ShadowMilestone.objects.get().pk == milestone.pk and ShadowMilestone.objects.get().description == "New"
        assert ShadowCommitment.objects.get().title == "Renamed"
        commitment.remove(by=civil)
        assert not ShadowCommitment.objects.exists()
        actions = set(AuditEntry.objects.for_object(draft).values_list("action", flat=True))
        assert {"shadow_plan.commitment_edited", "shadow_plan.commitment_deleted"} <= actions


class TestPublish:
    def test_publishes_a_draft_with_commitments_audited(self, draft, civil):
        ShadowCommitmentFactory(shadow_plan=draft)
        draft.publish(by=civil)
        draft.refresh_from_db()
        assert draft.status == ShadowPlanStatus.PUBLISHED and draft.published_at is not None
        entry = AuditEntry.objects.for_object(draft).get(action="shadow_plan.published")
        assert entry.actor == civil and entry.data["to_status"] == "published"

    def test_a_draft_without_commitments_is_refused(self, draft, civil):
        with pytest.raises(ValidationError) as error:
            draft.publish(by=civil)
        assert error.value.code == "no_commitments"
        assert ShadowPlan.objects.get(pk=draft.pk).status == ShadowPlanStatus.DRAFT

    def test_publishing_twice_is_refused(self, draft, civil):
        ShadowCommitmentFactory(shadow_plan=draft)
        draft.publish(by=civil)
        with pytest.raises(ValidationError) as error:
            draft.publish(by=civil)
        assert error.value.code == "not_draft"
        assert AuditEntry.objects.filter(action="shadow_plan.published").count() == 1

    def test_a_published_plan_can_no_longer_change(self, draft, civil):
        commitment = ShadowCommitmentFactory(shadow_plan=draft)
        draft.publish(by=civil)
        for change in (
            lambda: draft.save_fields({"title": "Changed"}, by=civil),
            lambda: draft.add_commitment({"title": "Late"}, [], by=civil),
            lambda: commitment.save_content({"title": "Changed"}, [], by=civil),
            lambda: commitment.remove(by=civil),
        ):
            with pytest.raises(ValidationError) as error:
                change()
            assert error.value.code == "not_draft"
        assert ShadowPlan.objects.get().title == draft.title and ShadowCommitment.objects.count() == 1


def test_drafts_of_lists_the_users_organisations_drafts_only(draft, civil, government):
    ShadowPlanFactory(government=government)  # another organisation's
    published = ShadowPlanFactory(government=government, organisation=draft.organisation, status="published")
    assert list(ShadowPlan.objects.drafts_of(civil)) == [draft]
    assert list(ShadowPlan.objects.published()) == [published]
