"""The end-of-term self-assessment: published once by the point of contact of a plan in implementation
(or ended), with a comment period of the minimum length; civil society comments on it and gets
reasoned responses through the same code as comments on the draft."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from action_plans.models import ActionPlan, Comment, Disposition, PlanStatus, SelfAssessment

from .test_comments_models import audit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(government):
    return ActionPlan.objects.create(
        government=government, number=4, title="Fourth action plan", cycle_year=2023,
        status=PlanStatus.IN_IMPLEMENTATION, start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2025, 8, 31),
    )  # fmt: skip


def publish(plan, poc, *, days=14, **extra):
    today = TODAY()
    return SelfAssessment.publish(
        plan, text="We completed 7 of 9 commitments.", opens_on=today,
        closes_on=today + datetime.timedelta(days=days - 1), by=poc, **extra,
    )  # fmt: skip


class TestPublishing:
    def test_publishing_is_audited_and_notifies_commenters_and_followers(
        self, plan, poc, civil, django_capture_on_commit_callbacks
    ):
        from members.models import Subscription

        Subscription.objects.create(user=civil, government=plan.government)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assessment = publish(plan, poc)
        assert assessment.is_open_for_comment and assessment.published_by == poc
        assert audit(plan, "action_plan.self_assessment_published").get().actor == poc
        assert [m.to for m in mail.outbox] == [[civil.email]]
        assert "self-assessment open for public comment" in mail.outbox[0].subject

    def test_a_period_one_day_too_short_is_refused(self, plan, poc):
        with pytest.raises(ValidationError) as refused:
            publish(plan, poc, days=13)
        assert refused.value.error_list[0].code == "period_too_short"
        assert not SelfAssessment.objects.exists()

    @pytest.mark.parametrize("status", [PlanStatus.CO_CREATION, PlanStatus.PUBLIC_COMMENT, PlanStatus.SUBMITTED])
    def test_only_a_plan_in_implementation_or_ended_has_one(self, plan, poc, status):
        ActionPlan.objects.filter(pk=plan.pk).update(status=status)
        with pytest.raises(ValidationError) as refused:
            publish(plan, poc)
        assert refused.value.error_list[0].code == "not_in_implementation"

    def test_an_ended_plan_has_one_too(self, plan, poc):
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ENDED)
        assert publish(plan, poc)

    def test_it_is_published_once(self, plan, poc):
        publish(plan, poc)
        with pytest.raises(ValidationError) as refused:
            publish(plan, poc)
        assert refused.value.error_list[0].code == "already_published"

    def test_from_the_form_with_a_file(self, plan, poc):
        today = TODAY()
        response = client_for(poc).post(
            reverse("action_plans:self-assessment-publish", args=[plan.pk]),
            {"text": "Our account of the results.", "comment_opens_on": today.isoformat(),
             "comment_closes_on": (today + datetime.timedelta(days=20)).isoformat(),
             "file": SimpleUploadedFile("self-assessment.pdf", b"%PDF-1.4 ours", content_type="application/pdf")},
        )  # fmt: skip
        assessment = SelfAssessment.objects.get()
        assert response["Location"] == assessment.get_absolute_url()
        page = Client().get(assessment.get_absolute_url()).text
        assert "Our account of the results." in page and "Download the report" in page
        download = Client().get(reverse("action_plans:self-assessment-file", args=[plan.pk]))
        assert b"".join(download.streaming_content) == b"%PDF-1.4 ours"
        download.close()

    def test_a_file_over_the_limit_is_refused_and_the_text_kept(self, plan, poc, monkeypatch):
        monkeypatch.setattr("action_plans.forms_comments.MAX_DOCUMENT_BYTES", 10)
        today = TODAY()
        response = client_for(poc).post(
            reverse("action_plans:self-assessment-publish", args=[plan.pk]),
            {"text": "Our account of the results.", "comment_opens_on": today.isoformat(),
             "comment_closes_on": (today + datetime.timedelta(days=20)).isoformat(),
             "file": SimpleUploadedFile("big.pdf", b"%PDF-1.4 too long a file", content_type="application/pdf")},
        )  # fmt: skip
        assert response.status_code == 200
        assert "The file is larger than" in response.text and "Our account of the results." in response.text
        assert not SelfAssessment.objects.exists()

    def test_the_form_shows_the_models_rule_and_keeps_the_text(self, plan, poc):
        today = TODAY()
        response = client_for(poc).post(
            reverse("action_plans:self-assessment-publish", args=[plan.pk]),
            {"text": "Kept text.", "comment_opens_on": today.isoformat(),
             "comment_closes_on": (today + datetime.timedelta(days=5)).isoformat()},
        )  # fmt: skip
        assert "A public comment period lasts at least 14 days; this one lasts 6." in response.text
        assert "Kept text." in response.text and not SelfAssessment.objects.exists()


class TestComments:
    @pytest.fixture
    def assessment(self, plan, poc):
        return publish(plan, poc)

    def test_civil_society_comments_on_it_and_gets_an_answer(self, assessment, civil, poc):
        response = client_for(civil).post(
            reverse("action_plans:self-assessment-comment-create", args=[assessment.plan_id]),
            {"body": "Commitment 3 was not completed."},
        )
        comment = Comment.objects.get()
        assert comment.self_assessment == assessment and comment.version is None
        assert response["Location"] == comment.get_absolute_url()
        assert list(Comment.objects.on_self_assessment()) == [comment]
        client_for(poc).post(
            reverse("action_plans:comment-respond", args=[comment.plan_id, comment.pk]),
            {"disposition": "partly_included", "reason": "Noted for the next plan."},
        )
        page = Client().get(assessment.get_absolute_url()).text
        assert "Commitment 3 was not completed." in page and "Noted for the next plan." in page
        report = Client().get(
            reverse("action_plans:plan-responses", args=[assessment.plan_id]), {"on": "self-assessment"}
        )
        assert "Noted for the next plan." in report.text

    def test_a_paragraph_anchor_posted_with_it_is_dropped_not_a_crash(self, assessment, civil):
        # A self-assessment is commented on as a whole; a crafted anchor must not reach the database.
        response = client_for(civil).post(
            reverse("action_plans:self-assessment-comment-create", args=[assessment.plan_id]),
            {"body": "Anchored?", "field": "description", "paragraph_index": "0", "paragraph_text": "x"},
        )
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert (comment.commitment, comment.field, comment.paragraph_index) == (None, "", None)

    def test_comments_after_its_period_are_refused(self, assessment, civil):
        SelfAssessment.objects.filter(pk=assessment.pk).update(
            comment_opens_on=TODAY() - datetime.timedelta(days=30), comment_closes_on=TODAY() - datetime.timedelta(1)
        )
        response = client_for(civil).post(
            reverse("action_plans:self-assessment-comment-create", args=[assessment.plan_id]), {"body": "Late."}
        )
        assert "The public comment period is not open." in response.text and not Comment.objects.exists()

    def test_responses_to_it_stay_editable_after_submission(self, assessment, civil, poc):
        comment = Comment.objects.post(plan=assessment.plan, author=civil, body="x", self_assessment=assessment)
        comment.respond(by=poc, disposition=Disposition.INCLUDED, reason="Yes.")
        comment.respond(by=poc, disposition=Disposition.NOT_INCLUDED, reason="On reflection, no.")
        assert comment.response.disposition == "not_included"

    def test_the_plan_page_links_to_it(self, assessment, client):
        assert assessment.get_absolute_url() in client.get(assessment.plan.get_absolute_url()).text
