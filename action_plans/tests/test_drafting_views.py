"""Drafting pages end to end: starting and editing a plan, commitments with milestones, two people
editing at once, versions, documents, and what the public and the editors read on the plan page.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from action_plans import forms as drafting_forms
from action_plans.models import ActionPlan, Commitment, Milestone, PlanDocument, PlanStatus, PlanVersion
from members.models import AuditEntry

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory, PolicyAreaFactory
from .lifecycle_helpers import on_day
from .test_drafting_permissions import commitment_data, plan_data

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def audit(obj, action):
    return AuditEntry.objects.for_object(obj).filter(action=action)


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, number=3, title="Third national action plan")


# --- Starting a plan ---------------------------------------------------------------------------


class TestStartingAPlan:
    def test_the_form_suggests_the_next_free_number(self, poc, government):
        ActionPlanFactory(government=government, number=4)
        response = client_for(poc).get(reverse("action_plans:plan-create", args=[government.slug]))
        assert 'name="number" value="5"' in response.text

    def test_starting_creates_a_plan_in_co_creation_and_audits_it(self, poc, government):
        response = client_for(poc).post(reverse("action_plans:plan-create", args=[government.slug]), plan_data())
        plan = ActionPlan.objects.get(government=government)
        assert response["Location"] == plan.get_absolute_url()
        assert (plan.number, plan.title, plan.length_years, plan.status) == (
            2,
            "Fifth national action plan",
            2,
            PlanStatus.CO_CREATION,
        )
        assert plan.created_by == poc
        assert plan.timeline_published_at is not None
        entry = audit(plan, "action_plan.created").get()
        assert entry.actor == poc and entry.data["number"] == 2

    def test_a_plan_ending_before_it_starts_is_refused(self, poc, government):
        data = plan_data(start_date="2027-09-01", end_date="2027-01-01")
        response = client_for(poc).post(reverse("action_plans:plan-create", args=[government.slug]), data)
        assert response.status_code == 200
        assert "The plan must end after it starts." in response.text
        assert 'value="Fifth national action plan"' in response.text
        assert not ActionPlan.objects.exists()

    def test_a_taken_number_is_refused(self, poc, government):
        ActionPlanFactory(government=government, number=2)
        response = client_for(poc).post(reverse("action_plans:plan-create", args=[government.slug]), plan_data())
        assert "already has an action plan number 2" in response.text
        assert ActionPlan.objects.count() == 1

    def test_lengths_other_than_two_or_four_years_are_refused(self, poc, government):
        response = client_for(poc).post(
            reverse("action_plans:plan-create", args=[government.slug]), plan_data(length_years=3)
        )
        assert response.status_code == 200 and not ActionPlan.objects.exists()

    def test_the_model_method_refuses_a_taken_number(self, poc, government):
        from django.core.exceptions import ValidationError

        ActionPlanFactory(government=government, number=2)
        with pytest.raises(ValidationError) as error:
            ActionPlan.objects.start(government, {**plan_data(), "start_date": datetime.date(2027, 9, 1)}, by=poc)
        assert error.value.code == "number_taken"


# --- Editing a plan, and two people at once ----------------------------------------------------


class TestEditingAPlan:
    def test_saving_bumps_the_version_and_audits_the_changed_fields(self, poc, plan):
        data = plan_data(number=3, title="Renamed", version=plan.version, cycle_year=plan.cycle_year)
        response = client_for(poc).post(reverse("action_plans:plan-update", args=[plan.pk]), data)
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.title == "Renamed" and plan.version == 2
        entry = audit(plan, "action_plan.edited").get()
        assert entry.actor == poc
        assert "title" in entry.data["changed_fields"] and entry.data["version"] == 2

    def test_a_second_save_based_on_an_older_version_is_refused_and_nothing_is_lost(self, poc, staff, plan):
        url = reverse("action_plans:plan-update", args=[plan.pk])
        same_cycle = {"cycle_year": plan.cycle_year}
        # Both open the form at version 1.
        client_for(poc).get(url)
        client_for(staff).get(url)
        first = client_for(poc).post(
            url, plan_data(number=3, title="The point of contact's title", version=1, **same_cycle)
        )
        assert first.status_code == 302
        second = client_for(staff).post(
            url,
            plan_data(
                number=3,
                title="The Support Unit's title",
                co_creation_timeline="Staff timeline",
                version=1,
                **same_cycle,
            ),
        )
        assert second.status_code == 409
        # Their own text is back in the form, beside the text now saved.
        assert 'value="The Support Unit&#x27;s title"' in second.text
        assert "Staff timeline" in second.text
        assert "The point of contact&#x27;s title" in second.text
        assert "Your changes have not been saved" in second.text
        # The form now carries the current version: saving it again is a deliberate choice.
        assert 'name="version" value="2"' in second.text
        plan.refresh_from_db()
        assert plan.title == "The point of contact's title" and plan.version == 2
        assert audit(plan, "action_plan.edited").count() == 1
        third = client_for(staff).post(
            url, plan_data(number=3, title="The Support Unit's title", version=2, **same_cycle)
        )
        assert third.status_code == 302
        plan.refresh_from_db()
        assert plan.title == "The Support Unit's title" and plan.version == 3

    def test_the_cycle_year_is_locked_once_its_due_date_has_passed(self, poc, government):
        # Moving a late plan to the next cycle would erase its lateness and the 1 January cut-off.
        late = ActionPlanFactory(government=government, number=3, cycle_year=2025)
        url = reverse("action_plans:plan-update", args=[late.pk])
        with on_day(datetime.date(2025, 12, 1)):
            response = client_for(poc).post(url, plan_data(number=3, cycle_year=2026, version=late.version))
        assert response.status_code == 200
        assert "its cycle year can no longer change" in response.text
        late.refresh_from_db()
        assert late.cycle_year == 2025 and late.version == 1
        with on_day(datetime.date(2025, 8, 31)):  # on the due date itself it may still move
            response = client_for(poc).post(url, plan_data(number=3, cycle_year=2026, version=late.version))
        assert response.status_code == 302
        late.refresh_from_db()
        assert late.cycle_year == 2026

    def test_a_submitted_plan_can_no_longer_be_edited(self, poc, government):
        submitted = ActionPlanFactory(government=government, status=PlanStatus.SUBMITTED, title="Final")
        url = reverse("action_plans:plan-update", args=[submitted.pk])
        response = client_for(poc).post(url, plan_data(number=submitted.number, title="Late change", version=1))
        assert response.status_code == 200
        assert "can no longer be edited" in response.text
        submitted.refresh_from_db()
        assert submitted.title == "Final"

    def test_a_form_without_its_version_is_refused(self, poc, plan):
        response = client_for(poc).post(reverse("action_plans:plan-update", args=[plan.pk]), plan_data(number=3))
        assert "missing its version" in response.text


# --- Commitments and milestones ----------------------------------------------------------------


def milestone_rows(*rows, initial=0):
    data = {
        "milestones-TOTAL_FORMS": str(len(rows)),
        "milestones-INITIAL_FORMS": str(initial),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"milestones-{index}-{key}": value for key, value in row.items()})
    return data


def full_commitment(**overrides):
    base = commitment_data()
    base = {key: value for key, value in base.items() if not key.startswith("milestones-")}
    return {**base, **overrides}


class TestCommitments:
    def test_adding_a_commitment_with_milestones_and_policy_areas(self, poc, plan):
        area = PolicyAreaFactory(slug="open-contracting", name="Open contracting")
        data = {
            **full_commitment(policy_areas=[area.pk], lead_agency="Ministry of Finance"),
            **milestone_rows(
                {"description": "Publish contracts", "start_date": "2025-09-01", "end_date": "2026-03-31"},
                {"description": "Train buyers", "end_date": "2026-09-30", "responsible_agency": "School"},
                {"description": "", "end_date": ""},
            ),
        }
        response = client_for(poc).post(reverse("action_plans:commitment-create", args=[plan.pk]), data)
        commitment = Commitment.objects.get(plan=plan)
        assert response["Location"] == commitment.get_absolute_url()
        assert commitment.lead_agency == "Ministry of Finance"
        assert list(commitment.policy_areas.all()) == [area]
        assert [(m.number, m.description) for m in commitment.milestones.all()] == [
            (1, "Publish contracts"),
            (2, "Train buyers"),
        ]
        entry = audit(commitment, "commitment.created").get()
        assert entry.actor == poc and entry.data["milestones"] == 2

    def test_dates_in_the_wrong_order_are_refused_with_clear_errors(self, poc, plan):
        data = {
            **full_commitment(start_date="2026-01-01", end_date="2025-01-01"),
            **milestone_rows({"description": "Launch", "start_date": "2026-05-01", "end_date": "2026-01-01"}),
        }
        response = client_for(poc).post(reverse("action_plans:commitment-create", args=[plan.pk]), data)
        assert response.status_code == 200
        assert "The commitment cannot end before it starts." in response.text
        assert "The milestone cannot end before it starts." in response.text
        assert "Publish who owns companies." in response.text
        assert not Commitment.objects.exists()

    def test_a_taken_commitment_number_is_refused(self, poc, plan):
        CommitmentFactory(plan=plan, number=2)
        data = {**full_commitment(), **milestone_rows()}
        response = client_for(poc).post(reverse("action_plans:commitment-create", args=[plan.pk]), data)
        assert "already has a commitment number 2" in response.text
        assert plan.commitments.count() == 1

    def test_editing_changes_milestones_in_place_and_audits(self, poc, plan):
        commitment = CommitmentFactory(plan=plan, number=1)
        kept = MilestoneFactory(commitment=commitment, number=1, description="Keep me")
        dropped = MilestoneFactory(commitment=commitment, number=2, description="Drop me")
        data = {
            **full_commitment(number=1, title="Edited", version=1),
            **milestone_rows(
                {"id": kept.pk, "description": "Keep me, reworded", "end_date": "2026-06-30"},
                {"id": dropped.pk, "description": "Drop me", "DELETE": "on"},
                {"description": "A new one", "end_date": "2027-01-31"},
                initial=2,
            ),
        }
        url = reverse("action_plans:commitment-update", args=[plan.pk, commitment.pk])
        assert client_for(poc).post(url, data).status_code == 302
        commitment.refresh_from_db()
        assert commitment.title == "Edited" and commitment.version == 2
        assert [(m.pk, m.number, m.description) for m in commitment.milestones.all()] == [
            (kept.pk, 1, "Keep me, reworded"),
            (commitment.milestones.last().pk, 2, "A new one"),
        ]
        assert not Milestone.objects.filter(pk=dropped.pk).exists()
        changed = audit(commitment, "commitment.edited").get().data["changed_fields"]
        assert "title" in changed and "milestones" in changed

    def test_two_people_editing_one_commitment_second_save_refused_nothing_lost(self, poc, staff, plan):
        commitment = CommitmentFactory(plan=plan, number=1, title="Original")
        milestone = MilestoneFactory(commitment=commitment, number=1, description="Original milestone")
        url = reverse("action_plans:commitment-update", args=[plan.pk, commitment.pk])

        def post(user, title, milestone_text):
            data = {
                **full_commitment(number=1, title=title, version=1),
                **milestone_rows(
                    {"id": milestone.pk, "description": milestone_text, "end_date": "2026-06-30"}, initial=1
                ),
            }
            return client_for(user).post(url, data)

        assert post(poc, "Point of contact's wording", "Point of contact's milestone").status_code == 302
        refused = post(staff, "Support Unit's wording", "Support Unit's milestone")
        assert refused.status_code == 409
        assert "Support Unit&#x27;s wording" in refused.text  # theirs, back in the form
        assert "Support Unit&#x27;s milestone" in refused.text
        assert "Point of contact&#x27;s wording" in refused.text  # what is saved now
        assert "Point of contact&#x27;s milestone" in refused.text
        assert 'name="version" value="2"' in refused.text
        commitment.refresh_from_db()
        milestone.refresh_from_db()
        assert commitment.title == "Point of contact's wording" and commitment.version == 2
        assert milestone.description == "Point of contact's milestone"
        assert audit(commitment, "commitment.edited").count() == 1

    def test_deleting_a_commitment_is_audited_on_the_plan(self, poc, plan):
        commitment = CommitmentFactory(plan=plan, number=4, title="To go")
        response = client_for(poc).post(reverse("action_plans:commitment-delete", args=[plan.pk, commitment.pk]))
        assert response["Location"] == plan.get_absolute_url()
        assert not Commitment.objects.filter(pk=commitment.pk).exists()
        entry = audit(plan, "commitment.deleted").get()
        assert entry.data == {"commitment": commitment.pk, "number": 4, "title": "To go"}

    def test_a_commitment_with_public_comments_is_not_deleted(self, poc, plan):
        from .factories import CommentFactory

        commitment = CommitmentFactory(plan=plan)
        CommentFactory(plan=plan, commitment=commitment)
        response = client_for(poc).post(
            reverse("action_plans:commitment-delete", args=[plan.pk, commitment.pk]), follow=True
        )
        assert "it stays so that they can be answered" in response.text
        assert Commitment.objects.filter(pk=commitment.pk).exists()

    def test_commitments_of_a_submitted_plan_are_final(self, poc, government):
        submitted = ActionPlanFactory(government=government, status=PlanStatus.SUBMITTED)
        commitment = CommitmentFactory(plan=submitted)
        response = client_for(poc).post(
            reverse("action_plans:commitment-delete", args=[submitted.pk, commitment.pk]), follow=True
        )
        assert "can no longer be edited" in response.text
        assert Commitment.objects.filter(pk=commitment.pk).exists()
        data = {**full_commitment(number=8), **milestone_rows()}
        response = client_for(poc).post(reverse("action_plans:commitment-create", args=[submitted.pk]), data)
        assert "can no longer be edited" in response.text
        assert submitted.commitments.count() == 1

    def test_retired_policy_areas_are_not_offered_but_stay_on_old_commitments(self, poc, plan):
        retired = PolicyAreaFactory(slug="retired", name="Retired area", is_active=False)
        PolicyAreaFactory(slug="active", name="Active area")
        tagged = CommitmentFactory(plan=plan, number=1)
        tagged.policy_areas.add(retired)
        create = client_for(poc).get(reverse("action_plans:commitment-create", args=[plan.pk]))
        assert "Active area" in create.text and "Retired area" not in create.text
        edit = client_for(poc).get(reverse("action_plans:commitment-update", args=[plan.pk, tagged.pk]))
        assert "Retired area" in edit.text


# --- The commitment page -----------------------------------------------------------------------


def test_commitment_text_is_rendered_paragraph_by_paragraph_with_stable_anchors(poc, plan):
    commitment = CommitmentFactory(plan=plan, problem="First problem.\n\nSecond problem.")
    response = client_for(poc).get(commitment.get_absolute_url())
    assert f'id="c{commitment.pk}-problem-0" data-field="problem" data-paragraph="0"' in response.text
    assert f'id="c{commitment.pk}-problem-1"' in response.text
    assert f'id="c{commitment.pk}-description-1"' in response.text  # the factory's two paragraphs


def test_the_public_reads_a_commitment_as_last_published(client, poc, plan):
    commitment = CommitmentFactory(plan=plan, title="Published title")
    plan.publish_version(by=poc)
    Commitment.objects.filter(pk=commitment.pk).update(title="Draft title")
    public = client.get(commitment.get_absolute_url())
    assert "Published title" in public.text and "Draft title" not in public.text
    assert "As published in version 1" in public.text
    editor = client_for(poc).get(commitment.get_absolute_url())
    assert "Draft title" in editor.text


# --- The plan page -----------------------------------------------------------------------------


class TestPlanPage:
    def test_before_any_version_the_public_reads_no_draft_published_yet(self, client, plan):
        CommitmentFactory(plan=plan, title="Secret draft")
        response = client.get(plan.get_absolute_url())
        assert "No draft published yet." in response.text
        assert "Secret draft" not in response.text

    def test_the_public_reads_the_latest_published_version_editors_the_live_draft(self, client, poc, plan):
        commitment = CommitmentFactory(plan=plan, title="As published")
        plan.publish_version(by=poc)
        Commitment.objects.filter(pk=commitment.pk).update(title="Still drafting")
        public = client.get(plan.get_absolute_url())
        assert "As published" in public.text and "Still drafting" not in public.text
        editor = client_for(poc).get(plan.get_absolute_url())
        assert "Still drafting" in editor.text
        assert "You are reading the live draft" in editor.text

    def test_after_submission_everyone_reads_the_live_commitments(self, client, government):
        submitted = ActionPlanFactory(government=government, status=PlanStatus.SUBMITTED)
        CommitmentFactory(plan=submitted, title="Final commitment")
        assert "Final commitment" in client.get(submitted.get_absolute_url()).text

    def test_quality_hints_are_shown_to_editors_only(self, client, poc, plan):
        weak = CommitmentFactory(plan=plan, access_to_information=False, technology_and_innovation=True)
        plan.publish_version(by=poc)
        editor = client_for(poc).get(plan.get_absolute_url())
        assert 'data-hint="no_ogp_value"' in editor.text
        assert 'data-hint="no_verifiable_milestone"' in editor.text
        assert "1 commitment has quality hints." in editor.text
        assert 'data-hint="no_ogp_value"' in client_for(poc).get(weak.get_absolute_url()).text
        assert "data-hint" not in client.get(plan.get_absolute_url()).text
        assert "data-hint" not in client.get(weak.get_absolute_url()).text

    def test_header_shows_dates_length_cycle_and_due_date(self, client, plan):
        response = client.get(plan.get_absolute_url())
        assert "Two years" in response.text
        assert "Aug. 31, 2025" in response.text  # due 31 August of the cycle year
        assert "Co-creation" in response.text


# --- Versions ----------------------------------------------------------------------------------


class TestVersions:
    def test_publishing_a_version_snapshots_the_draft_and_audits(self, poc, plan):
        CommitmentFactory(plan=plan, title="First commitment")
        response = client_for(poc).post(
            reverse("action_plans:version-publish", args=[plan.pk]), {"note": "After the workshop"}
        )
        version = PlanVersion.objects.get(plan=plan)
        assert response["Location"] == version.get_absolute_url()
        assert version.note == "After the workshop" and version.published_by == poc
        assert version.snapshot["commitments"][0]["title"] == "First commitment"
        assert audit(plan, "action_plan.version_published").get().actor == poc

    def test_a_published_version_never_changes_when_the_draft_does(self, client, poc, plan):
        commitment = CommitmentFactory(plan=plan, title="Original wording")
        version = plan.publish_version(by=poc)
        data = {
            **full_commitment(number=commitment.number, title="New wording", version=commitment.version),
            **milestone_rows(),
        }
        client_for(poc).post(reverse("action_plans:commitment-update", args=[plan.pk, commitment.pk]), data)
        version.refresh_from_db()
        assert version.snapshot["commitments"][0]["title"] == "Original wording"
        page = client.get(version.get_absolute_url())
        assert "Original wording" in page.text and "New wording" not in page.text

    def test_a_submitted_plan_publishes_no_more_versions(self, poc, government):
        submitted = ActionPlanFactory(government=government, status=PlanStatus.SUBMITTED)
        response = client_for(poc).post(reverse("action_plans:version-publish", args=[submitted.pk]), follow=True)
        assert "has no draft to publish" in response.text
        assert not submitted.versions.exists()

    def test_compare_shows_added_removed_and_changed_commitments(self, client, poc, plan):
        kept = CommitmentFactory(plan=plan, number=1, title="Kept", description="Publish budgets yearly.")
        removed = CommitmentFactory(plan=plan, number=2, title="Dropped <b>commitment</b>")
        plan.publish_version(by=poc)
        Commitment.objects.filter(pk=kept.pk).update(description="Publish budgets monthly.")
        removed.delete()
        CommitmentFactory(plan=plan, number=3, title="Brand new")
        plan.publish_version(by=poc)
        response = client.get(reverse("action_plans:version-compare", args=[plan.pk]) + "?a=1&b=2")
        text = response.text
        assert "1 added, 1 removed, 1 changed, 0 unchanged" in text
        assert "<del>" in text and "yearly." in text and "<ins>" in text and "monthly." in text
        assert "[removed:" in text and "[added:" in text  # not colour only
        assert "Dropped &lt;b&gt;commitment&lt;/b&gt;" in text  # escaped
        assert "Brand new" in text

    def test_compare_defaults_to_the_last_two_versions(self, client, poc, plan):
        for _ in range(3):
            plan.publish_version(by=poc)
        response = client.get(reverse("action_plans:version-compare", args=[plan.pk]))
        assert "What changed from version 2 to version 3" in response.text

    def test_compare_with_an_unknown_version_shows_an_error(self, client, poc, plan):
        plan.publish_version(by=poc)
        plan.publish_version(by=poc)
        response = client.get(reverse("action_plans:version-compare", args=[plan.pk]) + "?a=1&b=9")
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert "What changed" not in response.text

    def test_compare_needs_two_versions(self, client, poc, plan):
        plan.publish_version(by=poc)
        response = client.get(reverse("action_plans:version-compare", args=[plan.pk]))
        assert "Two published versions are needed" in response.text


# --- Documents ---------------------------------------------------------------------------------


class TestDocuments:
    def url(self, plan):
        return reverse("action_plans:document-create", args=[plan.pk])

    def test_a_file_is_added_and_audited(self, poc, plan):
        upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
        response = client_for(poc).post(self.url(plan), {"title": "Minutes", "file": upload})
        assert response.status_code == 302
        document = PlanDocument.objects.get()
        assert document.file and not document.url and document.added_by == poc
        assert audit(plan, "action_plan.document_added").get().data["title"] == "Minutes"
        page = Client().get(plan.get_absolute_url())
        assert reverse("action_plans:document-file", args=[plan.pk, document.pk]) in page.text

    def test_a_link_is_added(self, poc, plan):
        client_for(poc).post(self.url(plan), {"title": "Site", "url": "https://example.org/ogp"})
        assert PlanDocument.objects.get().url == "https://example.org/ogp"

    def test_both_a_file_and_a_link_are_refused(self, poc, plan):
        upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4")
        data = {"title": "Both", "file": upload, "url": "https://example.org"}
        response = client_for(poc).post(self.url(plan), data)
        assert "Give either a file or a link, not both." in response.text
        assert not PlanDocument.objects.exists()

    def test_neither_a_file_nor_a_link_is_refused(self, poc, plan):
        response = client_for(poc).post(self.url(plan), {"title": "Nothing"})
        assert "Give a file or a link." in response.text
        assert 'value="Nothing"' in response.text
        assert not PlanDocument.objects.exists()

    def test_a_plain_http_link_is_refused(self, poc, plan):
        response = client_for(poc).post(self.url(plan), {"title": "Insecure", "url": "http://example.org"})
        assert "The link must start with https://." in response.text
        assert not PlanDocument.objects.exists()

    def test_the_size_limit_is_20_mb(self):
        assert drafting_forms.MAX_DOCUMENT_BYTES == 20 * 1024 * 1024

    def test_a_file_over_the_limit_is_refused_with_a_clear_error(self, poc, plan, monkeypatch):
        monkeypatch.setattr(drafting_forms, "MAX_DOCUMENT_BYTES", 10)
        upload = SimpleUploadedFile("big.pdf", b"x" * 11)
        response = client_for(poc).post(self.url(plan), {"title": "Big", "file": upload})
        assert "The file is larger than 10" in response.text
        assert not PlanDocument.objects.exists()

    def test_deleting_removes_the_row_and_audits(self, poc, plan, django_capture_on_commit_callbacks):
        document = plan.add_document(title="Old", file=SimpleUploadedFile("old.pdf", b"%PDF-1.4"), by=poc)
        stored = document.file.name
        storage = document.file.storage
        with django_capture_on_commit_callbacks(execute=True):
            client_for(poc).post(reverse("action_plans:document-delete", args=[plan.pk, document.pk]))
        assert not PlanDocument.objects.exists()
        assert not storage.exists(stored)
        assert audit(plan, "action_plan.document_deleted").get().data["title"] == "Old"

    def test_the_model_refuses_both_or_neither(self, poc, plan):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            plan.add_document(title="Neither", by=poc)
        with pytest.raises(ValidationError):
            plan.add_document(title="Both", url="https://example.org", file=SimpleUploadedFile("a.pdf", b"a"), by=poc)


# --- The list of plans -------------------------------------------------------------------------


def test_plan_list_filters_by_status_and_government(client, government, other_government):
    ActionPlanFactory(government=government, title="French plan")
    ActionPlanFactory(government=other_government, title="Mexican plan", status=PlanStatus.SUBMITTED)
    by_status = client.get(reverse("action_plans:plan-list"), {"status": PlanStatus.SUBMITTED})
    assert "Mexican plan" in by_status.text and "French plan" not in by_status.text
    by_government = client.get(reverse("action_plans:plan-list"), {"government": government.pk})
    assert "French plan" in by_government.text and "Mexican plan" not in by_government.text


def test_plan_list_is_paginated_and_keeps_its_filters(client, government):
    ActionPlan.objects.bulk_create(
        ActionPlan(
            government=government,
            number=n,
            title=f"Plan {n}",
            cycle_year=2025,
            start_date=datetime.date(2025, 9, 1),
            end_date=datetime.date(2027, 8, 31),
        )
        for n in range(1, 56)
    )
    response = client.get(reverse("action_plans:plan-list"), {"status": PlanStatus.CO_CREATION})
    assert "Page 1 of 2" in response.text
    assert "?status=co_creation&amp;page=2" in response.text


def test_the_navigation_links_to_the_plans(client, db):
    assert reverse("action_plans:plan-list") in client.get(reverse("action_plans:plan-list")).text
