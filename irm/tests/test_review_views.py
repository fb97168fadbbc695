"""The review pages through the client: what each shows, what each saves, and how refusals are said.

Also `irm.evidence`: what the portal knows of the co-creation minimum requirements, at the six-month boundary.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from action_plans.models import PlanDocument, PlanStatus
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from action_plans.tests.lifecycle_helpers import on_day
from irm.evidence import first_long_gap, minimum_requirements_evidence
from irm.models import CommitmentAssessment, Review, ReviewKind, ReviewStatus, fields_for
from members.models import AuditEntry, Forum, ForumMeeting

from .comment_helpers import client_for, plan_of, ready_review, review_of
from .factories import CommitmentAssessmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def plan(government):
    return plan_of(government)


@pytest.fixture
def irm_client(irm):
    return client_for(irm)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


# --- The public list ----------------------------------------------------------------------------------------


class TestReviewList:
    def test_lists_published_reports_only_each_linking_to_its_page(self, plan, other_government):
        published = review_of(plan, ReviewStatus.PUBLISHED)
        review_of(plan, ReviewStatus.PUBLIC_COMMENT, kind=ReviewKind.RESULTS_REPORT)
        response = client_for(None).get(reverse("irm:review-list"))
        assert [review.pk for review in response.context["reviews"]] == [published.pk]
        assert reverse("irm:review-detail", args=[published.pk]) in response.content.decode()

    def test_filters_by_kind(self, plan, government):
        review_of(plan, ReviewStatus.PUBLISHED)
        results = review_of(plan, ReviewStatus.PUBLISHED, kind=ReviewKind.RESULTS_REPORT)
        response = client_for(None).get(reverse("irm:review-list"), {"kind": "results_report"})
        assert [review.pk for review in response.context["reviews"]] == [results.pk]
        assert response.context["kind"] == "results_report"

    @pytest.mark.parametrize(
        "query", ["kind=bogus", "page=abc", "page=999", "page=-1", "kind=&page=", "kind%5B%5D=x", "%zz=1&kind=%"]
    )
    def test_malformed_query_strings_are_ignored(self, plan, query):
        published = review_of(plan, ReviewStatus.PUBLISHED)
        response = client_for(None).get(reverse("irm:review-list") + "?" + query)
        assert response.status_code == 200
        assert [review.pk for review in response.context["reviews"]] == [published.pk]

    def test_paginates_25_a_page(self, government):
        for _number in range(26):
            review_of(plan_of(government, commitments=0), ReviewStatus.PUBLISHED)
        response = client_for(None).get(reverse("irm:review-list"), {"page": 2})
        assert len(response.context["reviews"]) == 1
        assert "Page 2 of 2" in text_of(response)


# --- The workspace ------------------------------------------------------------------------------------------


class TestWorkspace:
    def test_researcher_sees_their_reviews_in_progress_overdue_first(self, government, other_government, irm_client):
        on_time = review_of(plan_of(government, commitments=0), ReviewStatus.RESEARCH, due_on=TODAY)
        late = review_of(plan_of(government, commitments=0), ReviewStatus.SHARED, due_on=TODAY - datetime.timedelta(1))
        undated = review_of(plan_of(government, commitments=0), ReviewStatus.RESEARCH)
        review_of(plan_of(government, commitments=0), ReviewStatus.PUBLISHED, due_on=datetime.date(2025, 1, 1))
        review_of(plan_of(other_government, commitments=0), ReviewStatus.RESEARCH)
        with on_day(TODAY):
            response = irm_client.get(reverse("irm:workspace"))
        rows = response.context["reviews"]
        assert [(review.pk, overdue) for review, overdue in rows] == [
            (late.pk, True),
            (on_time.pk, False),
            (undated.pk, False),
        ]
        page = text_of(response)
        assert page.count("Overdue</span>") == 1
        assert "Shared with the government" in page
        assert "Assign a researcher" not in page

    def test_staff_see_every_unpublished_review_and_the_assignments(self, plan, other_government, staff):
        mine = review_of(plan, ReviewStatus.RESEARCH)
        theirs = review_of(plan_of(other_government, commitments=0), ReviewStatus.FINAL)
        response = client_for(staff).get(reverse("irm:workspace"))
        assert {review.pk for review, _overdue in response.context["reviews"]} == {mine.pk, theirs.pk}
        assert reverse("irm:assignment-list") in response.content.decode()
        assert reverse("irm:assignment-create") in response.content.decode()

    def test_plans_awaiting_review_with_the_kinds_their_stage_allows(self, government, irm_client):
        drafting = ActionPlanFactory(government=government, status=PlanStatus.CO_CREATION)
        submitted = ActionPlanFactory(government=government, status=PlanStatus.SUBMITTED)
        reviewed = plan_of(government, commitments=0)
        review_of(reviewed, ReviewStatus.RESEARCH)  # has its action plan review: the results report remains
        done = plan_of(government, commitments=0, status=PlanStatus.ENDED)
        review_of(done, ReviewStatus.PUBLISHED)
        review_of(done, ReviewStatus.RESEARCH, kind=ReviewKind.RESULTS_REPORT)
        response = irm_client.get(reverse("irm:workspace"))
        kinds = {plan.pk: [kind.value for kind in kinds] for plan, kinds in response.context["plans"]}
        assert kinds == {
            drafting.pk: ["co_creation_brief"],
            submitted.pk: ["action_plan_review"],
            reviewed.pk: ["results_report"],
        }
        link = reverse("irm:review-start", args=[reviewed.pk]) + "?kind=results_report"
        assert link in response.content.decode()


# --- Starting a review --------------------------------------------------------------------------------------


class TestReviewStart:
    def test_get_offers_the_kind_asked_for(self, plan, irm_client):
        response = irm_client.get(reverse("irm:review-start", args=[plan.pk]), {"kind": "results_report"})
        assert response.context["form"]["kind"].value() == "results_report"
        assert [kind.value for kind in response.context["possible"]] == ["action_plan_review", "results_report"]

    def test_post_starts_it_and_goes_to_the_review(self, plan, irm_client, irm):
        response = irm_client.post(
            reverse("irm:review-start", args=[plan.pk]), {"kind": "action_plan_review", "uses_older_method": "on"}
        )
        review = Review.objects.get()
        assert response["Location"] == review.get_absolute_url()
        assert (review.kind, review.uses_older_method, review.researcher) == ("action_plan_review", True, irm)

    def test_an_existing_kind_is_refused_in_words(self, plan, irm_client):
        review_of(plan, ReviewStatus.RESEARCH)
        response = irm_client.post(reverse("irm:review-start", args=[plan.pk]), {"kind": "action_plan_review"})
        assert response.status_code == 400
        assert "This plan already has a action plan review." in text_of(response)
        assert Review.objects.count() == 1

    def test_a_kind_the_stage_does_not_allow_is_refused_in_words(self, plan, irm_client):
        response = irm_client.post(reverse("irm:review-start", args=[plan.pk]), {"kind": "co_creation_brief"})
        assert response.status_code == 400
        assert "A co-creation brief cannot start while the plan is “In implementation”." in text_of(response)
        assert not Review.objects.exists()


# --- The review page ----------------------------------------------------------------------------------------


class TestReviewDetail:
    def test_header_summary_requirements_and_commitments_as_badges(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.PUBLISHED)
        Review.objects.filter(pk=review.pk).update(repository_public="no")
        first = plan.commitments.get(number=1)
        review.assessments.filter(commitment=first).update(potential_for_results="substantial", promising="yes")
        page = text_of(client_for(None).get(review.get_absolute_url()))
        assert '<h1 class="h3">Action plan review</h1>' in page
        assert "France" in page and "Published" in page
        assert "<p>The plan is ambitious.</p><p>Co-creation was open.</p>" in page
        assert '<span class="badge text-bg-success">Yes</span>' in page
        assert '<span class="badge text-bg-danger">No</span>' in page
        assert 'Potential for results:</span> <span class="badge text-bg-success">Substantial</span>' in page
        assert 'Promising commitment:</span> <span class="badge text-bg-success">Yes</span>' in page
        # Readers see no editor's tools.
        assert "What the portal knows" not in page
        assert "Assess commitment" not in page and "Next steps" not in page

    def test_editors_see_evidence_assess_links_overdue_and_blockers_in_words(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH, due_on=TODAY - datetime.timedelta(days=1))
        CommitmentAssessmentFactory(review=review, commitment=plan.commitments.get(number=1))
        with on_day(TODAY):
            response = irm_client.get(review.get_absolute_url())
        page = text_of(response)
        assert "Overdue</span>" in page
        assert "What the portal knows" in page and "No multi-stakeholder forum is recorded" in page
        assert reverse("irm:assessment-edit", args=[review.pk, plan.commitments.get(number=2).pk]) in page
        assert "Edit the assessment of commitment 1" in page and "Assess commitment 2" in page
        assert "Share the draft with the government" in page
        assert "Assess every commitment (still to do: 2, 3)." in page
        assert "Confirm the co-creation minimum requirements." in page

    def test_overdue_is_for_editors_only(self, plan, poc):
        review = review_of(plan, ReviewStatus.SHARED, due_on=TODAY - datetime.timedelta(days=1))
        with on_day(TODAY):
            page = text_of(client_for(poc).get(review.get_absolute_url()))
        assert "Overdue" not in page
        assert "shared with the government for comment before it is made public" in page

    @pytest.mark.parametrize(
        ("status", "action"),
        [
            (ReviewStatus.SHARED, "Open public comment"),
            (ReviewStatus.PUBLIC_COMMENT, "End public comment and prepare the final report"),
            (ReviewStatus.FINAL, "Publish the final report"),
        ],
    )
    def test_offers_the_next_step_of_each_stage(self, plan, irm, irm_client, status, action):
        review = ready_review(plan, irm, status)
        page = text_of(irm_client.get(review.get_absolute_url()))
        assert action in page

    def test_final_shows_the_banner_and_what_changed_after_comments(self, plan, irm, irm_client):
        review = ready_review(plan, irm, ReviewStatus.SHARED)
        with on_day(timezone.localdate()):
            review.open_public_comment(
                opens_on=timezone.localdate(), closes_on=timezone.localdate() + datetime.timedelta(days=13), by=irm
            )
        first = plan.commitments.get(number=1)
        Review.objects.filter(pk=review.pk).update(
            status=ReviewStatus.FINAL, summary="Rewritten.", changes_note="We corrected commitment 1."
        )
        review.assessments.filter(commitment=first).update(potential_for_results="substantial")
        page = text_of(client_for(None).get(review.get_absolute_url()))
        assert "the IRM is preparing the final report" in page
        assert "What changed after comments" in page and "We corrected commitment 1." in page
        assert '<th scope="row">Commitment 1 · Potential for results</th><td class="text-break">Modest</td>' in page
        assert '<td class="text-break">Substantial</td>' in page
        assert '<th scope="row">Summary</th>' in page
        assert "Commitment 2 ·" not in page

    def test_nothing_changed_says_so(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.PUBLISHED)
        review.draft_snapshot = review.snapshot()
        review.save()
        page = text_of(client_for(None).get(review.get_absolute_url()))
        assert "The text and scores are the same as in the draft put out for comment." in page

    def test_no_changes_section_before_final(self, plan, irm):
        review = ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT)
        assert "What changed after comments" not in text_of(client_for(None).get(review.get_absolute_url()))

    def test_older_method_shows_starred_as_a_badge(self, plan, irm):
        review = review_of(plan, ReviewStatus.PUBLISHED, uses_older_method=True)
        CommitmentAssessmentFactory(
            review=review,
            commitment=plan.commitments.get(number=1),
            verifiable="",
            open_government_lens="",
            potential_for_results="",
            promising="",
            specificity="high",
            potential_impact="transformative",
            completion="complete",
        )
        page = text_of(client_for(None).get(review.get_absolute_url()))
        assert 'Starred commitment:</span> <span class="badge text-bg-dark">Starred</span>' in page
        assert 'Specificity:</span> <span class="badge text-bg-success">High</span>' in page


# --- Editing the review -------------------------------------------------------------------------------------


def review_data(review, **overrides):
    return {
        "summary": "Paragraph one.\n\nParagraph two.",
        "forum_meets_regularly": "yes",
        "forum_rules_public": "no",
        "repository_public": "yes",
        "minimum_requirements_note": "The forum met twice.",
        "changes_note": "",
        "version": review.version,
        **overrides,
    }


class TestReviewEdit:
    def test_blank_answers_are_prefilled_from_what_the_portal_knows(self, plan, government, irm_client):
        government.website = "https://www.ogp.gouv.fr"
        government.save()
        PlanDocument.objects.create(plan=plan, title="Minutes", url="https://example.org/minutes.pdf")
        Forum.objects.create(government=government, name="Forum ouvert", rules="Anyone may join.")
        review = review_of(plan, ReviewStatus.RESEARCH, forum_rules_public="no")
        form = irm_client.get(reverse("irm:review-edit", args=[review.pk])).context["form"]
        assert form["repository_public"].value() == "yes"
        assert form["forum_meets_regularly"].value() == "no"
        assert form["forum_rules_public"].value() == "no"  # answered by the researcher: kept
        assert (
            "Forum ouvert publishes its rules of participation on the portal."
            in form.fields["forum_rules_public"].help_text
        )

    def test_saving_confirms_the_answers(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH)
        response = irm_client.post(reverse("irm:review-edit", args=[review.pk]), review_data(review, changes_note="x"))
        assert response["Location"] == review.get_absolute_url()
        review.refresh_from_db()
        assert (review.summary, review.forum_rules_public, review.changes_note, review.version) == (
            "Paragraph one.\n\nParagraph two.",
            "no",
            "x",
            2,
        )
        assert AuditEntry.objects.for_object(review).filter(action="irm_review.edited").exists()

    def test_an_invalid_answer_is_shown_and_nothing_saved(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH)
        response = irm_client.post(
            reverse("irm:review-edit", args=[review.pk]), review_data(review, repository_public="maybe")
        )
        assert response.status_code == 400
        assert "Select a valid choice." in text_of(response)
        review.refresh_from_db()
        assert review.version == 1

    def test_a_save_based_on_an_older_version_shows_both_texts(self, plan, irm_client, staff):
        review = review_of(plan, ReviewStatus.RESEARCH)
        review.save_fields({"summary": "Staff's summary."}, expected_version=1, by=staff)
        response = irm_client.post(
            reverse("irm:review-edit", args=[review.pk]), review_data(review, summary="Mine.", version=1)
        )
        assert response.status_code == 409
        page = text_of(response)
        assert "Your changes have not been saved" in page
        assert "Staff&#x27;s summary." in page and "Mine." in page
        assert response.context["form"]["version"].value() == "2"
        review.refresh_from_db()
        assert review.summary == "Staff's summary."

    def test_not_editable_during_public_comment(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.PUBLIC_COMMENT)
        response = irm_client.get(reverse("irm:review-edit", args=[review.pk]), follow=True)
        assert response.redirect_chain[-1][0] == review.get_absolute_url()
        assert "A review that is “Public comment” cannot be edited." in text_of(response)
        response = irm_client.post(reverse("irm:review-edit", args=[review.pk]), review_data(review))
        assert response.status_code == 400
        assert "A review that is “Public comment” cannot be edited." in text_of(response)

    def test_a_co_creation_brief_has_no_minimum_requirements(self, government, irm_client):
        review = review_of(ActionPlanFactory(government=government), ReviewStatus.RESEARCH, kind="co_creation_brief")
        form = irm_client.get(reverse("irm:review-edit", args=[review.pk])).context["form"]
        assert "forum_meets_regularly" not in form.fields and "summary" in form.fields


# --- Scoring commitments ------------------------------------------------------------------------------------


class TestAssessmentEdit:
    def url(self, review, commitment):
        return reverse("irm:assessment-edit", args=[review.pk, commitment.pk])

    @pytest.mark.parametrize(
        ("kind", "older"),
        [("action_plan_review", False), ("results_report", False), ("action_plan_review", True)],
    )
    def test_the_form_shows_exactly_the_reviews_indicators(self, plan, irm_client, kind, older):
        review = review_of(plan, ReviewStatus.RESEARCH, kind=kind, uses_older_method=older)
        response = irm_client.get(self.url(review, plan.commitments.first()))
        form = response.context["form"]
        assert tuple(form.fields) == fields_for(review)
        assert 'name="starred"' not in response.content.decode()

    def test_scales_are_radios_with_their_labels_and_relevance_checkboxes(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH, kind="results_report")
        page = text_of(irm_client.get(self.url(review, plan.commitments.first())))
        assert 'type="radio" class="form-check-input" name="completion" value="no_evidence"' in page
        assert "No evidence available" in page and "Did not change" in page and "Not assessed" in page
        review = review_of(plan_of(plan.government), ReviewStatus.RESEARCH)
        page = text_of(irm_client.get(self.url(review, review.plan.commitments.first())))
        assert "<legend>Relevance to OGP values</legend>" in page
        assert 'type="checkbox" name="relevant_civic_participation"' in page

    def test_saves_through_record_and_goes_on_to_the_next_commitment(self, plan, irm_client, irm):
        review = review_of(plan, ReviewStatus.RESEARCH)
        first, second = plan.commitments.order_by("number")[:2]
        data = {
            "verifiable": "verifiable",
            "open_government_lens": "yes",
            "relevant_civic_participation": "on",
            "potential_for_results": "substantial",
            "promising": "yes",
            "explanation": "Clear milestones.",
            "save_and_next": "",
        }
        response = irm_client.post(self.url(review, first), data)
        assert response["Location"] == self.url(review, second)
        assessment = CommitmentAssessment.objects.get(review=review, commitment=first)
        assert (assessment.potential_for_results, assessment.promising, assessment.relevant_civic_participation) == (
            "substantial",
            "yes",
            True,
        )
        assert AuditEntry.objects.for_object(review).get().action == "irm_review.commitment_assessed"

    def test_the_last_commitment_goes_back_to_the_review(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH, kind="results_report")
        last = plan.commitments.order_by("number").last()
        response = irm_client.post(self.url(review, last), {"completion": "limited", "save_and_next": ""})
        assert response["Location"] == review.get_absolute_url() + "#commitments"

    def test_contradicting_scores_are_shown_and_nothing_is_saved(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH)
        response = irm_client.post(
            self.url(review, plan.commitments.first()),
            {"verifiable": "not_verifiable", "potential_for_results": "modest"},
        )
        assert response.status_code == 400
        assert "A commitment that is not verifiable is not assessed further: leave the other scores empty." in text_of(
            response
        )
        assert not CommitmentAssessment.objects.exists()

    def test_promising_outside_the_lens_is_an_error_on_promising(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH)
        response = irm_client.post(
            self.url(review, plan.commitments.first()),
            {"verifiable": "verifiable", "open_government_lens": "no", "promising": "yes"},
        )
        assert response.status_code == 400
        assert response.context["form"].errors["promising"] == [
            "A commitment outside the open government lens cannot be promising."
        ]

    def test_a_commitment_of_another_plan_is_404(self, plan, government, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH)
        elsewhere = CommitmentFactory(plan=ActionPlanFactory(government=government))
        assert irm_client.get(self.url(review, elsewhere)).status_code == 404
        assert irm_client.post(self.url(review, elsewhere), {"verifiable": "verifiable"}).status_code == 404
        assert not CommitmentAssessment.objects.exists()

    def test_a_co_creation_brief_scores_no_commitment(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH, kind="co_creation_brief")
        assert irm_client.get(self.url(review, plan.commitments.first())).status_code == 404

    def test_starred_is_shown_never_typed(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH, uses_older_method=True)
        first = plan.commitments.first()
        data = {
            "specificity": "medium",
            "relevant_public_accountability": "on",
            "potential_impact": "moderate",
            "completion": "substantial",
            "starred": "",
        }
        irm_client.post(self.url(review, first), {**data, "specificity": "low"})
        assert CommitmentAssessment.objects.get().starred is False
        irm_client.post(self.url(review, first), data)
        assert CommitmentAssessment.objects.get().starred is True
        page = text_of(irm_client.get(self.url(review, first)))
        assert 'Starred commitment: <span class="badge text-bg-warning">Starred</span>' in page


# --- Lifecycle buttons --------------------------------------------------------------------------------------


class TestLifecycleViews:
    def test_share_moves_it_and_double_submit_is_harmless(self, plan, irm, irm_client):
        review = ready_review(plan, irm)
        url = reverse("irm:review-share", args=[review.pk])
        response = irm_client.post(url, follow=True)
        assert "The draft has been shared with the government for its comments." in text_of(response)
        response = irm_client.post(url, follow=True)
        assert "The draft was already shared with the government." in text_of(response)
        review.refresh_from_db()
        assert review.status == ReviewStatus.SHARED
        assert AuditEntry.objects.for_object(review).filter(action="irm_review.shared").count() == 1

    def test_a_refused_share_says_why_and_changes_nothing(self, plan, irm, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH, summary="")
        response = irm_client.post(reverse("irm:review-share", args=[review.pk]), follow=True)
        page = text_of(response)
        assert "Write the summary." in page and "Assess every commitment (still to do: 1, 2, 3)." in page
        review.refresh_from_db()
        assert review.status == ReviewStatus.RESEARCH

    def test_public_comment_form_uses_the_minimum_from_settings(self, plan, irm, irm_client, settings):
        settings.IRM_PUBLIC_COMMENT_MIN_DAYS = 21
        review = ready_review(plan, irm, ReviewStatus.SHARED)
        with on_day(TODAY):
            response = irm_client.get(reverse("irm:review-open-comment", args=[review.pk]))
        assert "for at least 21 days" in text_of(response)
        assert response.context["form"]["closes_on"].value() == datetime.date(2026, 3, 22)

    def test_too_short_a_period_is_refused_with_the_dates_kept(self, plan, irm, irm_client):
        review = ready_review(plan, irm, ReviewStatus.SHARED)
        with on_day(TODAY):
            response = irm_client.post(
                reverse("irm:review-open-comment", args=[review.pk]),
                {"opens_on": "2026-03-02", "closes_on": "2026-03-14"},
            )
        assert response.status_code == 400
        page = text_of(response)
        assert "A public comment period lasts at least 14 days; this one lasts 13." in page
        assert 'value="2026-03-14"' in page
        review.refresh_from_db()
        assert review.status == ReviewStatus.SHARED

    def test_opening_public_comment_goes_back_to_the_review(self, plan, irm, irm_client):
        review = ready_review(plan, irm, ReviewStatus.SHARED)
        with on_day(TODAY):
            data = {"opens_on": "2026-03-02", "closes_on": "2026-03-15"}
            response = irm_client.post(reverse("irm:review-open-comment", args=[review.pk]), data)
            again = irm_client.post(reverse("irm:review-open-comment", args=[review.pk]), data)
        assert response["Location"] == again["Location"] == review.get_absolute_url()
        review.refresh_from_db()
        assert review.status == ReviewStatus.PUBLIC_COMMENT and review.draft_snapshot
        assert AuditEntry.objects.for_object(review).filter(action__startswith="irm_review.public_comment").count() == 1

    def test_public_comment_form_of_a_review_in_research_goes_back_saying_why(self, plan, irm_client):
        review = review_of(plan, ReviewStatus.RESEARCH)
        response = irm_client.get(reverse("irm:review-open-comment", args=[review.pk]), follow=True)
        assert "A review that is “Research” cannot be opened for public comment." in text_of(response)

    def test_finalise_before_the_period_closes_is_refused_in_words(self, plan, irm, irm_client):
        review = ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT)
        response = irm_client.post(reverse("irm:review-finalise", args=[review.pk]), follow=True)
        assert "Public comment closes on" in text_of(response)
        review.refresh_from_db()
        assert review.status == ReviewStatus.PUBLIC_COMMENT

    def test_finalise_then_publish(self, plan, irm, irm_client):
        review = ready_review(
            plan,
            irm,
            ReviewStatus.PUBLIC_COMMENT,
            comment_opens_on=datetime.date(2026, 1, 1),
            comment_closes_on=datetime.date(2026, 1, 31),
        )
        with on_day(TODAY):
            finalised = irm_client.post(reverse("irm:review-finalise", args=[review.pk]), follow=True)
            published = irm_client.post(reverse("irm:review-publish", args=[review.pk]), follow=True)
            again = irm_client.post(reverse("irm:review-publish", args=[review.pk]), follow=True)
        assert "Public comment has ended: prepare the final report." in text_of(finalised)
        assert "The final report is published." in text_of(published)
        assert "This review was already published." in text_of(again)
        review.refresh_from_db()
        assert review.status == ReviewStatus.PUBLISHED


# --- What the portal knows of the minimum requirements ------------------------------------------------------


class TestMinimumRequirementsEvidence:
    """Co-creation starts when the plan is created (10 January 2025); the period runs to today or the plan's end."""

    CREATED = datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC)

    @pytest.fixture
    def review(self, government):
        plan = plan_of(government, commitments=0, created_at=self.CREATED)
        return review_of(plan, ReviewStatus.RESEARCH)

    @pytest.fixture
    def forum(self, government):
        return Forum.objects.create(government=government, name="Forum ouvert")

    def meet(self, forum, *days):
        for day in days:
            ForumMeeting.objects.create(forum=forum, date=day)

    def test_meetings_exactly_six_months_apart_are_regular(self, review, forum):
        self.meet(forum, datetime.date(2025, 7, 10), datetime.date(2026, 1, 10))
        evidence = minimum_requirements_evidence(review, today=datetime.date(2026, 7, 10))
        found = evidence["forum_meets_regularly"]
        assert found.suggestion == "yes"
        assert (
            found.text
            == "Forum ouvert met 2 times between Jan. 10, 2025 and July 10, 2026, never more than 6 months apart."
        )

    def test_one_day_more_than_six_months_is_not(self, review, forum):
        self.meet(forum, datetime.date(2025, 7, 11), datetime.date(2026, 1, 10))
        found = minimum_requirements_evidence(review, today=datetime.date(2026, 1, 10))["forum_meets_regularly"]
        assert found.suggestion == "no"
        assert "but not between Jan. 10, 2025 and July 11, 2025 (more than 6 months)." in found.text

    def test_the_gap_since_the_last_meeting_counts_too(self, review, forum):
        self.meet(forum, datetime.date(2025, 7, 10))
        evidence = minimum_requirements_evidence(review, today=datetime.date(2026, 1, 10))
        assert evidence["forum_meets_regularly"].suggestion == "yes"
        evidence = minimum_requirements_evidence(review, today=datetime.date(2026, 1, 11))
        assert evidence["forum_meets_regularly"].suggestion == "no"

    def test_the_period_ends_with_the_plan(self, review, forum):
        # The plan ends on 31 August 2027: the forum's silence after that is not the plan's concern.
        self.meet(forum, *[datetime.date(2025, 6, 1), datetime.date(2025, 11, 1), datetime.date(2026, 4, 1)])
        self.meet(forum, *[datetime.date(2026, 9, 1), datetime.date(2027, 2, 1), datetime.date(2027, 5, 1)])
        found = minimum_requirements_evidence(review, today=datetime.date(2030, 1, 1))["forum_meets_regularly"]
        assert found.suggestion == "yes"
        assert "between Jan. 10, 2025 and Aug. 31, 2027" in found.text

    def test_the_gap_setting_is_read(self, review, forum, settings):
        settings.FORUM_MEETING_MAX_GAP_MONTHS = 3
        self.meet(forum, datetime.date(2025, 4, 10), datetime.date(2025, 7, 11))
        found = minimum_requirements_evidence(review, today=datetime.date(2025, 8, 1))["forum_meets_regularly"]
        assert found.suggestion == "no" and "(more than 3 months)" in found.text

    def test_meetings_outside_the_period_do_not_count(self, review, forum):
        self.meet(forum, datetime.date(2024, 12, 1))
        found = minimum_requirements_evidence(review, today=datetime.date(2025, 3, 1))["forum_meets_regularly"]
        assert found.suggestion == "no"
        assert found.text == "Forum ouvert has no meeting recorded between Jan. 10, 2025 and March 1, 2025."

    def test_without_a_forum_everything_about_it_is_no(self, review):
        evidence = minimum_requirements_evidence(review, today=TODAY)
        assert evidence["forum_meets_regularly"].suggestion == evidence["forum_rules_public"].suggestion == "no"

    @pytest.mark.parametrize(
        ("rules", "rules_url", "suggestion"),
        [("", "", "no"), ("Anyone may join.", "", "yes"), ("", "https://example.org/rules", "yes")],
    )
    def test_rules_are_public_on_the_portal_or_by_link(self, review, government, rules, rules_url, suggestion):
        Forum.objects.create(government=government, name="Forum ouvert", rules=rules, rules_url=rules_url)
        assert minimum_requirements_evidence(review, today=TODAY)["forum_rules_public"].suggestion == suggestion

    @pytest.mark.parametrize(
        ("website", "documents", "suggestion"),
        [("", 1, "no"), ("https://ogp.fr", 0, "no"), ("https://ogp.fr", 2, "yes")],
    )
    def test_repository_needs_the_ogp_page_and_documents(self, review, government, website, documents, suggestion):
        government.website = website
        government.save()
        for index in range(documents):
            PlanDocument.objects.create(plan=review.plan, title=f"Doc {index}", url="https://example.org/doc.pdf")
        found = minimum_requirements_evidence(review, today=TODAY)["repository_public"]
        assert found.suggestion == suggestion
        if suggestion == "yes":
            assert (
                found.text == "The government's OGP page is https://ogp.fr and the plan's repository holds 2 documents."
            )

    def test_first_long_gap(self):
        start, end = datetime.date(2025, 1, 31), datetime.date(2025, 7, 31)
        assert first_long_gap(start, end, []) is None  # 31 January + 6 months = 31 July
        assert first_long_gap(start, end + datetime.timedelta(days=1), []) == (start, datetime.date(2025, 8, 1))
