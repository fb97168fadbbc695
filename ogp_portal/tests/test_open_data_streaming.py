"""Downloads stream: a fixed number of queries per chunk of rows, one chunk in memory at a time."""

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.tests.factories import CommitmentFactory, MilestoneFactory
from ogp_portal.open_data import datasets
from ogp_portal.open_data.datasets import DATASETS

from .open_data_helpers import body_of, build_world, json_rows

# The most any dataset needs for one chunk of rows: commitments, their milestones and their policy areas.
MAX_QUERIES = 3


@pytest.fixture(params=[3, 30], ids=["3-rows", "30-rows"])
def world(request, government):
    return build_world(government, commitments=request.param)


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries, dataset, fmt):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("open_data:download", args=[dataset, fmt]))
        body_of(response)


def test_the_response_streams_every_row(client, world):
    response = client.get(reverse("open_data:download", args=["commitments", "json"]))
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    rows = json_rows(response)
    assert len(rows) == world.plan.commitments.count()
    assert sum(len(row["milestones"]) for row in rows) == 2 * len(rows)


def test_no_query_runs_before_the_first_row_is_asked_for(world):
    """The rows are a generator: building the response reads nothing, so nothing is held in a list."""
    with CaptureQueriesContext(connection) as queries:
        rows = DATASETS["commitments"].rows()
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        next(rows)
    assert len(queries) == 3  # the chunk of commitments, its milestones and its policy areas


def test_rows_are_read_one_chunk_at_a_time(monkeypatch, government):
    """With chunks of 2 rows, 6 commitments prefetch their milestones in 3 queries: only 2 rows are ever
    held together (the iterator, not a list of the queryset)."""
    monkeypatch.setattr(datasets, "CHUNK_SIZE", 2)
    plan = build_world(government, commitments=6).plan
    with CaptureQueriesContext(connection) as queries:
        rows = list(DATASETS["commitments"].rows())
    assert len(rows) == 6
    milestone_queries = [q for q in queries.captured_queries if 'FROM "action_plans_milestone"' in q["sql"]]
    assert len(milestone_queries) == 3
    assert plan.commitments.count() == 6


def test_a_large_export_streams_in_many_pieces(client, government):
    plan = build_world(government, commitments=1).plan
    for number in range(2, 120):
        MilestoneFactory(commitment=CommitmentFactory(plan=plan, number=number))
    response = client.get(reverse("open_data:download", args=["milestones", "csv"]))
    pieces = list(response.streaming_content)
    # A header, then one piece a row: never one big string.
    assert len(pieces) == 1 + 2 + 118
    assert max(len(piece) for piece in pieces) < 1000
