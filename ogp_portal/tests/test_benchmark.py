"""The benchmark's parts, at a tiny scale: the world it loads, its statistics and its HTTP client (no timings)."""

import csv
import http.server
import threading
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from action_plans.models import ActionPlan, Comment, Commitment, Milestone, ReasonedResponse
from irm.models import CommitmentAssessment, Review
from members.models import Government, User
from ogp_portal.benchmark import load, memory, views, world

TINY = world.Sizes(governments=4, plans_per_government=2, commitments_per_plan=3, milestones_per_commitment=2, users=3)


@pytest.fixture
def loaded(db):
    return world.load(TINY)


def test_the_world_has_the_sizes_asked_for(loaded):
    assert Government.objects.filter(slug__startswith="bench-").count() == 4
    assert ActionPlan.objects.count() == TINY.plans == 8
    assert Commitment.objects.count() == TINY.commitments == 24
    assert Milestone.objects.count() == 48
    assert Comment.objects.count() == TINY.comments == 120
    assert User.objects.filter(username__startswith="bench-user-").count() == 3
    assert loaded.count(Comment) == 120


def test_the_world_is_consistent(loaded):
    for government in Government.objects.filter(kind="local"):
        assert government.parent.kind == "national"
    for comment in Comment.objects.select_related("commitment", "parent", "version"):
        assert comment.commitment.plan_id == comment.plan_id == comment.version.plan_id
        if comment.parent:
            assert comment.parent.commitment_id == comment.commitment_id and comment.parent.parent_id is None
    for assessment in CommitmentAssessment.objects.select_related("review", "commitment"):
        assert assessment.commitment.plan_id == assessment.review.plan_id
    # The plan in implementation has no results report yet; each ended plan has a published one.
    assert Review.objects.published().count() == ActionPlan.objects.filter(status="ended").count() == 4
    assert ReasonedResponse.objects.count() == Comment.objects.threads().count() == 24
    plan = ActionPlan.objects.get(pk=loaded.plan_id)
    assert plan.status == "in_implementation" and plan.commitments.count() == 3
    assert Government.objects.filter(slug=loaded.government_slug, kind="national").exists()


def test_the_world_leaves_the_sequences_ready_and_drops_cleanly(loaded):
    # A row created normally after the load gets a fresh id (the sequences were moved past the loaded ids).
    user = User.objects.create_user("after-the-load")
    assert user.pk > loaded.ranges[User][1]
    loaded.drop()
    assert Comment.objects.count() == Commitment.objects.count() == Government.objects.count() == 0
    assert list(User.objects.values_list("username", flat=True)) == ["after-the-load"]


def test_the_world_is_deterministic(db):
    first = world.load(TINY)
    titles = list(Commitment.objects.order_by("pk").values_list("title", flat=True))
    first.drop()
    world.load(TINY)
    assert list(Commitment.objects.order_by("pk").values_list("title", flat=True)) == titles


def test_percentiles_on_known_latencies():
    latencies = [n / 1000 for n in range(100, 0, -1)]  # 1 ms .. 100 ms, in any order
    assert load.percentile(latencies, 0.50) == 0.050
    assert load.percentile(latencies, 0.95) == 0.095
    result = load.Result("page", "/", latencies=latencies, seconds=2.0)
    assert (result.requests, result.per_second) == (100, 50.0)
    assert round(result.p50_ms, 6) == 50.0 and round(result.p95_ms, 6) == 95.0
    assert load.percentile([0.2], 0.95) == 0.2


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's gthread workers

    def do_GET(self):
        status = 404 if self.path == "/missing" else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_the_client_sends_the_requests_asked_for_and_counts_statuses():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        result = load.measure("page", "/", host="127.0.0.1", port=port, requests=25, concurrency=3)
        missing = load.measure("missing", "/missing", host="127.0.0.1", port=port, requests=4, concurrency=2)
    finally:
        server.shutdown()
        server.server_close()
    assert result.requests == 25 and result.statuses == {200: 25} and result.ok
    assert missing.statuses == {404: 4} and not missing.ok
    assert "page" in load.table([result, missing]) and "404x4" in load.table([result, missing])


def test_export_lines_are_reassembled_across_chunks():
    chunks = [b"id,title\r\n1,", b'"two\n\nparagraphs"\r', b"\n2,plain\r\n"]
    rows = list(csv.reader(memory.lines_of(chunks)))
    assert rows == [["id", "title"], ["1", "two\n\nparagraphs"], ["2", "plain"]]


def test_the_command_refuses_sqlite_at_full_scale(db):
    # Seen as SQLite whatever the test database is: on PostgreSQL this would start the real, long run.
    with mock.patch.object(connection, "vendor", "sqlite"), pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark", "--scale", "1")


def test_the_minimal_view_answers_ok():
    response = views.minimal(RequestFactory().get("/benchmark/minimal/"))
    assert response.status_code == 200 and response.content == b"ok"


def test_the_search_term_is_in_some_titles_only(loaded):
    matching = Commitment.objects.filter(title__icontains=loaded.search_term).count()
    assert 0 < matching < Commitment.objects.count()
