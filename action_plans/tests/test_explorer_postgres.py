"""PostgreSQL's side of the explorer: ranking, ts_headline highlights and the GIN index (CI runs these)."""

import pytest
from django.db import connection
from django.urls import reverse

from action_plans.models import Commitment, PlanStatus
from action_plans.search import commitment_search

from .factories import ActionPlanFactory, CommitmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search"),
]

URL = reverse("action_plans:commitment-explorer")


@pytest.fixture
def plan():
    return ActionPlanFactory(status=PlanStatus.IN_IMPLEMENTATION)


def titles(response):
    return [commitment.title for commitment in response.context["commitments"]]


def test_a_title_match_ranks_above_a_description_match_above_the_other_texts(client, plan):
    CommitmentFactory(plan=plan, number=1, title="Problem", problem="Nobody can read the procurement data.")
    CommitmentFactory(plan=plan, number=2, title="Description", description="Publish procurement data.")
    CommitmentFactory(plan=plan, number=3, title="Open procurement")
    response = client.get(URL, {"q": "procurement"})
    assert titles(response) == ["Open procurement", "Description", "Problem"]


def test_websearch_syntax_phrases_and_exclusions(client, plan):
    CommitmentFactory(plan=plan, number=1, title="Open contracting data")
    CommitmentFactory(plan=plan, number=2, title="Contracting open data")
    assert titles(client.get(URL, {"q": '"open contracting"'})) == ["Open contracting data"]
    assert titles(client.get(URL, {"q": "contracting -data"})) == []
    assert sorted(titles(client.get(URL, {"q": "open or nothing"}))) == [
        "Contracting open data",
        "Open contracting data",
    ]


def test_the_headline_marks_matches_and_escapes_the_text(client, plan):
    CommitmentFactory(
        plan=plan,
        title="Budgets",
        description='Publish <script>alert("x")</script> every budget line.',
        problem="Budget lines are secret.",
    )
    response = client.get(URL, {"q": "budget"})
    highlight = str(response.context["commitments"][0].highlight)
    assert "<mark>budget</mark>" in highlight
    assert "<script>alert" not in response.content.decode()
    assert "<script" not in highlight


def test_the_headline_escapes_what_is_not_a_tag(client, plan):
    CommitmentFactory(plan=plan, title="Maths", description="When 1 < 2 & 3 > 2, publish the budget.")
    highlight = str(client.get(URL, {"q": "budget"}).context["commitments"][0].highlight)
    assert "1 &lt; 2 &amp; 3 &gt; 2" in highlight
    assert "<mark>budget</mark>" in highlight


def test_the_stored_document_follows_the_commitment_s_texts(client, plan):
    """The database computes the document: an edited commitment is found by its new words only."""
    commitment = CommitmentFactory(plan=plan, title="Open procurement")
    assert titles(client.get(URL, {"q": "procurement"})) == ["Open procurement"]
    commitment.title = "Open contracting"
    commitment.save(update_fields=["title"])
    assert titles(client.get(URL, {"q": "procurement"})) == []
    assert titles(client.get(URL, {"q": "contracting"})) == ["Open contracting"]


def test_the_stored_document_is_never_selected_with_commitments(plan):
    """A commitment's vector is larger than its texts: ordinary queries must not carry it."""
    sql, _params = Commitment.objects.all().query.sql_with_params()
    assert "search_document" not in sql


def test_the_document_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'action_plans_commitment' AND indexname = %s",
            ["commitment_search_document_idx"],
        )
        (definition,) = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'commitment_search_idx'")
        assert cursor.fetchone() is None, "0004 replaces 0003's expression index"
    assert "USING gin (search_document)" in definition


def test_the_search_query_uses_the_gin_index_and_ranks_from_the_stored_document(plan):
    CommitmentFactory(plan=plan, title="Open procurement")
    queryset = commitment_search("procurement").results(Commitment.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan_text = "\n".join(row[0] for row in cursor.fetchall())
    assert "commitment_search_document_idx" in plan_text
    assert "to_tsvector" not in plan_text, "ranking must read the stored document, not rebuild it"


def test_the_search_works_inside_a_subquery(plan):
    """The document's column follows its table when Django relabels the query's aliases."""
    CommitmentFactory(plan=plan, number=1, title="Open procurement")
    CommitmentFactory(plan=plan, number=2, title="Open budgets")
    matches = commitment_search("procurement").results(Commitment.objects.all()).values("pk")
    assert list(Commitment.objects.filter(pk__in=matches).values_list("title", flat=True)) == ["Open procurement"]
