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


def test_the_gin_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'action_plans_commitment' AND indexname = %s",
            ["commitment_search_idx"],
        )
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition
    assert "to_tsvector('simple'::regconfig" in definition


def test_the_search_query_can_use_the_gin_index(plan):
    """The index serves the search only if the query's vector is the index's expression exactly."""
    CommitmentFactory(plan=plan, title="Open procurement")
    queryset = commitment_search("procurement").results(Commitment.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan_text = "\n".join(row[0] for row in cursor.fetchall())
    assert "commitment_search_idx" in plan_text
