"""The public commitment explorer: search, highlights, filters, pagination, and what never appears.

These run on every backend: on SQLite the plain fallback answers, on PostgreSQL the full-text search.
"""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from action_plans.models import PlanStatus
from irm.models import Review, ReviewKind
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.tests.factories import GovernmentFactory

from .factories import ActionPlanFactory, CommitmentFactory, PolicyAreaFactory

pytestmark = pytest.mark.django_db

URL = reverse("action_plans:commitment-explorer")


def public_plan(government=None, **fields):
    fields.setdefault("status", PlanStatus.IN_IMPLEMENTATION)
    return ActionPlanFactory(government=government or GovernmentFactory(), **fields)


def titles(response):
    return [commitment.title for commitment in response.context["commitments"]]


def explore(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_every_role_may_explore(role_client, government):
    role, client = role_client
    CommitmentFactory(plan=public_plan(government), title="Open contracting")
    response = explore(client)
    assert titles(response) == ["Open contracting"]


def test_the_plan_list_links_to_the_explorer(client):
    assert URL in client.get(reverse("action_plans:plan-list")).content.decode()


def test_a_result_links_to_its_commitment_page_which_is_public(client, government):
    commitment = CommitmentFactory(plan=public_plan(government, number=3, cycle_year=2024), title="Open budgets")
    page = explore(client).content.decode()
    assert commitment.get_absolute_url() in page
    assert government.get_absolute_url() in page
    assert "Action plan 3 (2024 cycle)" in page
    assert client.get(commitment.get_absolute_url()).status_code == 200


class TestSearch:
    def test_finds_by_title(self, client):
        plan = public_plan()
        CommitmentFactory(plan=plan, title="Open contracting portal")
        CommitmentFactory(plan=plan, title="Beneficial ownership register")
        assert titles(explore(client, q="contracting")) == ["Open contracting portal"]

    def test_finds_by_short_title_and_every_text_field(self, client):
        plan = public_plan()
        CommitmentFactory(plan=plan, title="A", short_title="Lobbying")
        CommitmentFactory(plan=plan, title="B", problem="Procurement hides lobbying")
        CommitmentFactory(plan=plan, title="C", theory_of_change="Sunlight on lobbying")
        CommitmentFactory(plan=plan, title="D", values_relevance="Lobbying is accountability")
        CommitmentFactory(plan=plan, title="E", additional_information="Budget for lobbying register")
        CommitmentFactory(plan=plan, title="F", description="Nothing about it")
        assert sorted(titles(explore(client, q="lobbying"))) == ["A", "B", "C", "D", "E"]

    def test_every_word_must_appear(self, client):
        plan = public_plan()
        CommitmentFactory(plan=plan, title="Open data", description="Publish budgets")
        CommitmentFactory(plan=plan, title="Open contracting", description="Publish contracts")
        assert titles(explore(client, q="open budgets")) == ["Open data"]

    def test_a_query_without_any_word_finds_nothing(self, client):
        CommitmentFactory(plan=public_plan(), title="Open data")
        assert titles(explore(client, q="!!! ??")) == []

    def test_highlights_mark_the_matched_words(self, client):
        CommitmentFactory(plan=public_plan(), description="The ministry will publish every contract online.")
        page = explore(client, q="contract").content.decode()
        assert "<mark>contract</mark>" in page

    def test_highlights_escape_the_commitment_text(self, client):
        CommitmentFactory(
            plan=public_plan(),
            title="Scripted",
            description='Publish contracts <script>alert("x")</script> and <b onclick="evil()">tenders</b>.',
        )
        response = explore(client, q="contracts tenders")
        page = response.content.decode()
        highlight = str(response.context["commitments"][0].highlight)
        assert "<script>alert" not in page
        assert 'onclick="evil' not in page
        if connection.vendor != "postgresql":  # ts_headline drops tags; the fallback escapes them
            assert "&lt;script&gt;" in highlight
        assert "<mark>contracts</mark>" in highlight
        assert "<mark>tenders</mark>" in highlight

    def test_without_a_query_the_excerpt_is_escaped_too(self, client):
        CommitmentFactory(plan=public_plan(), description="<script>x</script> Publish budgets.")
        response = explore(client)
        assert str(response.context["commitments"][0].highlight) == "&lt;script&gt;x&lt;/script&gt; Publish budgets."
        assert "<script>x" not in response.content.decode()


class TestOnlyPublicPlans:
    @pytest.mark.parametrize("status", [PlanStatus.CO_CREATION, PlanStatus.PUBLIC_COMMENT])
    def test_drafts_never_appear(self, client, staff, status):
        plan = ActionPlanFactory(status=status)
        CommitmentFactory(plan=plan, title="Secret draft contracting")
        plan.publish_version(by=staff)
        assert titles(explore(client)) == []
        assert titles(explore(client, q="contracting")) == []
        assert titles(explore(client, government=plan.government.slug)) == []

    @pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.IN_IMPLEMENTATION, PlanStatus.ENDED])
    def test_plans_past_drafting_appear(self, client, status):
        CommitmentFactory(plan=public_plan(status=status), title="Open contracting")
        assert titles(explore(client, q="contracting")) == ["Open contracting"]

    def test_a_government_with_only_drafts_is_not_offered(self, client):
        draft = ActionPlanFactory(government=GovernmentFactory(name="Draftland"))
        CommitmentFactory(plan=draft)
        CommitmentFactory(plan=public_plan(GovernmentFactory(name="Publicland")))
        page = explore(client).content.decode()
        assert "Publicland" in page
        assert "Draftland" not in page


def published_assessment(commitment, *, kind=ReviewKind.RESULTS_REPORT, published_at=None, **scores):
    """The commitment scored in its plan's published review of this kind (made on first use)."""
    review = Review.objects.filter(plan=commitment.plan, kind=kind).first() or ReviewFactory(
        plan=commitment.plan, kind=kind, published=True, **({"published_at": published_at} if published_at else {})
    )
    if kind == ReviewKind.RESULTS_REPORT:
        # A results report scores completion and early results only.
        scores = {"promising": "", "potential_for_results": "", **scores}
    return CommitmentAssessmentFactory(review=review, commitment=commitment, **scores)


class TestFilters:
    def test_by_government_slug(self, client, government, other_government):
        CommitmentFactory(plan=public_plan(government), title="French")
        CommitmentFactory(plan=public_plan(other_government), title="Mexican")
        assert titles(explore(client, government="mex")) == ["Mexican"]

    def test_by_region(self, client, government, other_government):
        CommitmentFactory(plan=public_plan(government), title="French")
        CommitmentFactory(plan=public_plan(other_government), title="Mexican")
        assert titles(explore(client, region="americas")) == ["Mexican"]

    def test_by_policy_area(self, client):
        plan = public_plan()
        health = PolicyAreaFactory(slug="health")
        tagged = CommitmentFactory(plan=plan, title="Health data")
        tagged.policy_areas.set([health, PolicyAreaFactory(slug="open-data")])
        CommitmentFactory(plan=plan, title="Untagged")
        response = explore(client, policy_area="health")
        assert titles(response) == ["Health data"]

    def test_by_ogp_value(self, client):
        plan = public_plan()
        CommitmentFactory(plan=plan, title="Participation", access_to_information=False, civic_participation=True)
        CommitmentFactory(plan=plan, title="Information")
        assert titles(explore(client, value="civic_participation")) == ["Participation"]

    def test_every_cycle_is_shown_until_one_is_chosen(self, client, government):
        CommitmentFactory(plan=public_plan(government, cycle_year=2022), title="Older")
        CommitmentFactory(plan=public_plan(government, cycle_year=2024), title="Newer")
        response = explore(client, cycle="")
        assert sorted(titles(response)) == ["Newer", "Older"]
        assert '<option value="" selected>' in response.content.decode().split('id="id_cycle"')[1]

    def test_by_plan_cycle(self, client, government):
        CommitmentFactory(plan=public_plan(government, cycle_year=2022), title="Older")
        CommitmentFactory(plan=public_plan(government, cycle_year=2024), title="Newer")
        assert titles(explore(client, cycle="2022")) == ["Older"]

    def test_by_completion_of_the_latest_published_assessment(self, client):
        plan = public_plan()
        complete = CommitmentFactory(plan=plan, title="Complete")
        published_assessment(complete, completion="complete", early_results="major")
        limited = CommitmentFactory(plan=plan, title="Limited")
        published_assessment(limited, completion="limited")
        CommitmentFactory(plan=plan, title="Not assessed")
        assert titles(explore(client, completion="complete")) == ["Complete"]
        assert titles(explore(client, completion="limited")) == ["Limited"]
        assert titles(explore(client, early_results="major")) == ["Complete"]

    def test_an_unpublished_review_does_not_count(self, client):
        commitment = CommitmentFactory(plan=public_plan(), title="Draft review")
        CommitmentAssessmentFactory(review__plan=commitment.plan, commitment=commitment, completion="complete")
        assert titles(explore(client, completion="complete")) == []
        response = explore(client)
        assert response.context["commitments"][0].irm is None
        assert "Completion:" not in response.content.decode()

    def test_the_latest_published_assessment_wins(self, client):
        commitment = CommitmentFactory(plan=public_plan(), title="Reassessed", access_to_information=True)
        earlier = timezone.now() - datetime.timedelta(days=400)
        published_assessment(
            commitment, kind=ReviewKind.ACTION_PLAN_REVIEW, published_at=earlier, completion="limited", promising="yes"
        )
        published_assessment(commitment, completion="complete")
        assert titles(explore(client, completion="complete")) == ["Reassessed"]
        assert titles(explore(client, completion="limited")) == []
        # The results report did not score "promising": the action plan review's value still holds.
        assert titles(explore(client, promising="yes")) == ["Reassessed"]

    def test_by_promising(self, client):
        plan = public_plan()
        promising = CommitmentFactory(plan=plan, title="Promising")
        published_assessment(promising, kind=ReviewKind.ACTION_PLAN_REVIEW, promising="yes")
        other = CommitmentFactory(plan=plan, title="Not promising")
        published_assessment(other, kind=ReviewKind.ACTION_PLAN_REVIEW, promising="no")
        assert titles(explore(client, promising="yes")) == ["Promising"]
        assert titles(explore(client, promising="no")) == ["Not promising"]

    def test_by_starred(self, client):
        plan = public_plan()
        review = ReviewFactory(plan=plan, kind=ReviewKind.RESULTS_REPORT, published=True, uses_older_method=True)
        starred = CommitmentFactory(plan=plan, title="Starred")
        stars = {"specificity": "high", "potential_impact": "transformative", "completion": "complete"}
        assert CommitmentAssessmentFactory(review=review, commitment=starred, **stars).starred
        plain = CommitmentFactory(plan=plan, title="Not starred")
        CommitmentAssessmentFactory(review=review, commitment=plain, completion="limited")
        assert titles(explore(client, starred="yes")) == ["Starred"]
        assert titles(explore(client, starred="no")) == ["Not starred"]
        page = explore(client, starred="yes").content.decode()
        assert "★" in page and 'Completion: <span class="badge text-bg-success">Complete</span>' in page

    def test_filters_combine_with_the_search(self, client, government, other_government):
        CommitmentFactory(plan=public_plan(government), title="French contracting")
        CommitmentFactory(plan=public_plan(other_government), title="Mexican contracting")
        CommitmentFactory(plan=public_plan(other_government), title="Mexican budgets")
        assert titles(explore(client, q="contracting", government="mex")) == ["Mexican contracting"]

    @pytest.mark.parametrize(
        "params",
        [
            {"government": "atlantis"},
            {"region": "moon"},
            {"policy_area": "no-such-area"},
            {"value": "nothing"},
            {"cycle": "abc"},
            {"cycle": "1999"},
            {"completion": "perfect"},
            {"early_results": "1"},
            {"starred": "maybe"},
            {"promising": ["yes", "no"]},
            {"page": "abc"},
            {"page": "9999"},
            {"q": "x" * 500},
            {"q": "\x00 null"},
            {"q": '"unclosed -quote or'},
        ],
    )
    def test_malformed_values_never_fail(self, client, params):
        CommitmentFactory(plan=public_plan(), title="Open data")
        explore(client, **params)

    def test_a_malformed_value_is_shown_as_an_error_and_ignored(self, client):
        CommitmentFactory(plan=public_plan(), title="Open data")
        response = explore(client, government="atlantis")
        assert response.context["filter"].errors
        assert titles(response) == ["Open data"]

    def test_an_unset_choice_reads_any(self, client):
        page = explore(client).content.decode()
        assert '<option value="" selected>Any</option>' in page
        assert "---------" not in page
        assert '<option value="" selected>Cualquiera</option>' in client.get("/es" + URL[3:]).content.decode()

    def test_the_form_labels_every_field(self, client):
        page = explore(client).content.decode()
        for name in ("q", "government", "region", "policy_area", "value", "cycle", "completion", "starred"):
            assert f'for="id_{name}"' in page


class TestResultsHeading:
    def test_no_match_says_what_to_try_and_offers_every_commitment(self, client):
        CommitmentFactory(plan=public_plan(), title="Open data")
        page = explore(client, q="zzzz").content.decode()
        assert "No commitment matches this search. Try other or fewer words, or remove some filters." in page
        assert f'<a href="{URL}">Show every commitment</a>' in page

    def test_the_number_of_results_is_written_for_the_reader(self, client, monkeypatch):
        plan = public_plan()
        CommitmentFactory.create_batch(3, plan=plan)
        assert "3 commitments" in explore(client).content.decode()
        # Thousands of commitments without creating them: the heading reads the paginator's count.
        monkeypatch.setattr(Paginator, "count", 12345)
        assert "12,345 commitments" in explore(client).content.decode()
        french = client.get("/fr" + URL[3:]).content.decode()
        assert "12\xa0345 engagements" in french


class TestPagination:
    def test_twenty_a_page_and_the_links_keep_the_filters(self, client):
        plan = public_plan()
        for number in range(1, 26):
            CommitmentFactory(plan=plan, number=number, title=f"Open data {number}", civic_participation=True)
        CommitmentFactory(plan=plan, number=99, title="Closed", access_to_information=True)
        response = explore(client, q="open", value="civic_participation")
        assert len(titles(response)) == 20
        assert response.context["page_obj"].paginator.count == 25
        page = response.content.decode()
        assert "q=open&amp;value=civic_participation&amp;page=2" in page
        second = explore(client, q="open", value="civic_participation", page=2)
        assert len(titles(second)) == 5
        assert "Closed" not in titles(second)
