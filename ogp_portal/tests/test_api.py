"""The read-only JSON API: every endpoint's list and detail, filters, pagination, errors and what it never shows."""

import datetime
import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from action_plans.models import PlanStatus, ReasonedResponse
from action_plans.tests.factories import (
    ActionPlanFactory,
    CommentFactory,
    CommitmentFactory,
    MilestoneFactory,
    PolicyAreaFactory,
)
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.models import EligibilityAssessment
from members.tests.factories import GovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
SUBMITTED = datetime.datetime(2024, 8, 20, 12, tzinfo=datetime.UTC)


def eligibility(government, year, *, eligible=True, **fields):
    defaults = {
        "ruleset_version": "2024",
        "total": 14 if eligible else 6,
        "maximum": 16,
        "core_result": "met" if eligible else "not_met",
        "values_check": "not_applicable",
        "eligible": eligible,
        "trace": {"secret": "internal trace"},
        "review_note": "Internal review note",
    }
    return EligibilityAssessment.objects.create(government=government, year=year, **{**defaults, **fields})


@pytest.fixture
def world(government, other_government, staff):
    """France's public 2024 plan (two commitments, one reviewed and published), its draft 2026 plan, Mexico's plan."""
    plan = ActionPlanFactory(
        government=government,
        number=5,
        title="Fifth national action plan",
        cycle_year=2024,
        status=PlanStatus.IN_IMPLEMENTATION,
        submitted_at=SUBMITTED,
    )
    area = PolicyAreaFactory(slug="open-contracting", name="Open contracting")
    first = CommitmentFactory(plan=plan, number=7, title="Open contracting data", civic_participation=True)
    first.policy_areas.add(area)
    MilestoneFactory(commitment=first, number=1, description="Publish the contracts")
    MilestoneFactory(commitment=first, number=2, description="Train the buyers")
    second = CommitmentFactory(plan=plan, number=8, title="Beneficial ownership register")
    draft = ActionPlanFactory(government=government, number=6, cycle_year=2026, title="Draft sixth plan")
    CommitmentFactory(plan=draft, number=1, title="Secret draft commitment")
    mexico_plan = ActionPlanFactory(
        government=other_government, number=3, cycle_year=2025, status=PlanStatus.SUBMITTED, submitted_at=SUBMITTED
    )
    CommitmentFactory(plan=mexico_plan, number=1, title="Mexican commitment")

    review = ReviewFactory(plan=plan, kind="results_report", published=True)
    CommitmentAssessmentFactory(
        review=review,
        commitment=first,
        completion="complete",
        early_results="major",
        verifiable="",
        open_government_lens="",
        potential_for_results="",
        promising="",
        explanation="Fully delivered.",
    )
    CommitmentAssessmentFactory(
        review=review,
        commitment=second,
        completion="limited",
        early_results="marginal",
        verifiable="",
        open_government_lens="",
        potential_for_results="",
        promising="",
    )
    draft_review = ReviewFactory(plan=plan, kind="action_plan_review")
    CommitmentAssessmentFactory(review=draft_review, commitment=first, explanation="Unpublished research notes")

    author = UserFactory(username="camille", first_name="Camille", last_name="Martin", email="camille@example.org")
    answered = CommentFactory(plan=plan, commitment=first, author=author, body="Please publish the contracts.")
    ReasonedResponse.objects.create(
        comment=answered, disposition="included", reason="Added as milestone 1.", commitment=first, responded_by=staff
    )
    hidden = CommentFactory(plan=plan, author=author, body="Hidden insult", is_hidden=True, hidden_reason="Abuse")
    CommentFactory(plan=plan, author=author, parent=hidden, body="Reply in a hidden conversation")
    CommentFactory(plan=plan, author=author, parent=answered, body="Thank you")
    CommentFactory(plan=draft, author=author, body="Comment on the draft")

    eligibility(government, 2024, eligible=True)
    eligibility(other_government, 2024, eligible=False)
    eligibility(government, 2023, eligible=True)
    return {"plan": plan, "first": first, "second": second, "review": review, "answered": answered}


def get(client, path, **params):
    return client.get(f"{API}{path}", params)


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- Identifiers -------------------------------------------------------------------------------


def test_a_later_plan_of_the_same_cycle_adds_its_number_and_the_first_keeps_its_id(client, government):
    ActionPlanFactory(government=government, number=5, cycle_year=2024, status=PlanStatus.SUBMITTED)
    assert [plan["id"] for plan in results(get(client, "/action-plans/"))] == ["FRA-2024"]
    ActionPlanFactory(government=government, number=7, cycle_year=2024, status=PlanStatus.SUBMITTED)
    assert sorted(plan["id"] for plan in results(get(client, "/action-plans/"))) == ["FRA-2024", "FRA-2024-P7"]
    assert get(client, "/action-plans/FRA-2024-P7/").json()["number"] == 7
    assert get(client, "/action-plans/FRA-2024/").json()["number"] == 5
    assert get(client, "/action-plans/FRA-2024-P5/").status_code == 404


def test_local_governments_are_named_by_slug(client, government):
    local = GovernmentFactory(kind="local", iso3="", parent=government, slug="paris", name="Paris")
    ActionPlanFactory(government=local, number=1, cycle_year=2024, status=PlanStatus.SUBMITTED)
    body = get(client, "/governments/paris/").json()
    assert body["id"] == "paris"
    assert body["parent"]["id"] == "FRA"
    assert get(client, "/action-plans/paris-2024/").json()["government"]["id"] == "paris"


# --- Governments ---------------------------------------------------------------------------------


def test_government_list_and_detail(client, world):
    listed = results(get(client, "/governments/"))
    assert [government["id"] for government in listed] == ["FRA", "MEX"]
    body = get(client, "/governments/FRA/").json()
    assert body["name"] == "France"
    assert body["url"] == "http://testserver/en/governments/fra/"
    assert body["api_url"] == "http://testserver/api/v1/governments/FRA/"
    assert body["links"]["action_plans"] == "http://testserver/api/v1/action-plans/?government=FRA"


def test_government_filters(client, world):
    assert [g["id"] for g in results(get(client, "/governments/", region="americas"))] == ["MEX"]
    assert [g["id"] for g in results(get(client, "/governments/", status="member", kind="national"))] == [
        "FRA",
        "MEX",
    ]


def test_government_contacts_and_their_emails_are_not_shown(client, government):
    government.contacts.create(name="Jean Dupont", email="jean.dupont@gouv.fr")
    content = get(client, "/governments/FRA/").content.decode()
    assert "jean.dupont@gouv.fr" not in content and "Jean Dupont" not in content


# --- Eligibility ---------------------------------------------------------------------------------


def test_eligibility_list_detail_and_filters(client, world):
    assert len(results(get(client, "/eligibility-assessments/"))) == 3
    body = get(client, "/eligibility-assessments/FRA/2024/").json()
    assert (body["id"], body["eligible"], body["total"]) == ("FRA/2024", True, 14)
    assert body["url"] == "http://testserver/en/eligibility/2024/"
    assert [a["id"] for a in results(get(client, "/eligibility-assessments/", year=2024, eligible="false"))] == [
        "MEX/2024"
    ]
    assert [a["id"] for a in results(get(client, "/eligibility-assessments/", government="FRA"))] == [
        "FRA/2024",
        "FRA/2023",
    ]


def test_eligibility_never_shows_the_internal_trace_and_review(client, world):
    content = get(client, "/eligibility-assessments/").content.decode()
    assert "internal trace" not in content and "Internal review note" not in content


# --- Action plans --------------------------------------------------------------------------------


def test_plan_list_shows_public_plans_only(client, world):
    listed = results(get(client, "/action-plans/"))
    assert sorted(plan["id"] for plan in listed) == ["FRA-2024", "MEX-2025"]
    assert get(client, "/action-plans/FRA-2026/").status_code == 404
    assert "Draft sixth plan" not in get(client, "/action-plans/").content.decode()


def test_plan_detail_links_to_its_page_and_resources(client, world):
    body = get(client, "/action-plans/FRA-2024/").json()
    assert body["title"] == "Fifth national action plan"
    assert body["status"] == "in_implementation"
    assert body["url"] == f"http://testserver/en/action-plans/{world['plan'].pk}/"
    assert body["government"] == {
        "id": "FRA",
        "name": "France",
        "api_url": "http://testserver/api/v1/governments/FRA/",
    }
    assert body["links"]["commitments"] == "http://testserver/api/v1/commitments/?plan=FRA-2024"


def test_plan_filters(client, world):
    assert [p["id"] for p in results(get(client, "/action-plans/", government="MEX"))] == ["MEX-2025"]
    assert [p["id"] for p in results(get(client, "/action-plans/", cycle_year=2024))] == ["FRA-2024"]
    assert [p["id"] for p in results(get(client, "/action-plans/", status="submitted"))] == ["MEX-2025"]


# --- Commitments ---------------------------------------------------------------------------------


def test_commitment_detail_nests_its_milestones(client, world):
    body = get(client, "/commitments/FRA-2024-07/").json()
    assert body["title"] == "Open contracting data"
    assert body["plan"]["id"] == "FRA-2024"
    assert body["government"]["id"] == "FRA"
    assert body["ogp_values"] == ["access_to_information", "civic_participation"]
    assert body["policy_areas"] == ["open-contracting"]
    assert [(m["id"], m["description"]) for m in body["milestones"]] == [
        ("FRA-2024-07.1", "Publish the contracts"),
        ("FRA-2024-07.2", "Train the buyers"),
    ]
    # The same keys as the open-data milestones, as the documentation says.
    keys = ["id", "number", "description", "start_date", "end_date", "responsible_agency", "progress"]
    assert list(body["milestones"][0]) == keys
    plan, commitment = world["plan"], world["first"]
    assert body["url"] == f"http://testserver/en/action-plans/{plan.pk}/commitments/{commitment.pk}/"


def test_commitments_of_drafts_are_not_shown(client, world):
    assert sorted(c["id"] for c in results(get(client, "/commitments/"))) == [
        "FRA-2024-07",
        "FRA-2024-08",
        "MEX-2025-01",
    ]
    assert "Secret draft commitment" not in get(client, "/commitments/").content.decode()
    assert get(client, "/commitments/FRA-2026-01/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"government": "FRA"}, ["FRA-2024-07", "FRA-2024-08"]),
        ({"plan": "MEX-2025"}, ["MEX-2025-01"]),
        ({"policy_area": "open-contracting"}, ["FRA-2024-07"]),
        ({"ogp_value": "civic_participation"}, ["FRA-2024-07"]),
        ({"cycle_year": "2025"}, ["MEX-2025-01"]),
        ({"government": "FRA", "ogp_value": "access_to_information"}, ["FRA-2024-07", "FRA-2024-08"]),
    ],
)
def test_commitment_filters(client, world, params, expected):
    assert [c["id"] for c in results(get(client, "/commitments/", **params))] == expected


# --- IRM assessments -----------------------------------------------------------------------------


def test_irm_assessments_come_from_published_reviews_only(client, world):
    listed = results(get(client, "/irm-assessments/"))
    assert [a["id"] for a in listed] == ["FRA-2024-07/results_report", "FRA-2024-08/results_report"]
    assert "Unpublished research notes" not in get(client, "/irm-assessments/").content.decode()
    assert get(client, "/irm-assessments/FRA-2024-07/action_plan_review/").status_code == 404


def test_irm_assessment_detail(client, world):
    body = get(client, "/irm-assessments/FRA-2024-07/results_report/").json()
    assert (body["completion"], body["early_results"], body["review_kind"]) == ("complete", "major", "results_report")
    assert body["commitment"]["id"] == "FRA-2024-07"
    assert body["plan"]["id"] == "FRA-2024"
    assert body["explanation"] == "Fully delivered."
    assert body["url"] == f"http://testserver/en/irm/reviews/{world['review'].pk}/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"completion": "complete"}, ["FRA-2024-07/results_report"]),
        ({"early_results": "marginal"}, ["FRA-2024-08/results_report"]),
        (
            {"plan": "FRA-2024", "review_kind": "results_report"},
            ["FRA-2024-07/results_report", "FRA-2024-08/results_report"],
        ),
        ({"review_kind": "action_plan_review"}, []),
        ({"commitment": "FRA-2024-08"}, ["FRA-2024-08/results_report"]),
        ({"government": "MEX"}, []),
        ({"starred": "true"}, []),
        ({"starred": "false", "promising": "no"}, []),
    ],
)
def test_irm_assessment_filters(client, world, params, expected):
    assert [a["id"] for a in results(get(client, "/irm-assessments/", **params))] == expected


def test_irm_assessment_starred_and_promising_filters_find_matches(client, government):
    review = ReviewFactory(plan__government=government, plan__cycle_year=2018, published=True, uses_older_method=True)
    CommitmentAssessmentFactory(
        review=review,
        commitment__number=3,
        specificity="high",
        potential_impact="transformative",
        completion="complete",
        promising="yes",
    )
    assert [a["id"] for a in results(get(client, "/irm-assessments/", starred="true"))] == [
        "FRA-2018-03/action_plan_review"
    ]
    assert len(results(get(client, "/irm-assessments/", promising="yes"))) == 1


# --- Comments ------------------------------------------------------------------------------------


def test_comments_show_visible_comments_of_public_plans_with_their_response(client, world):
    listed = results(get(client, "/comments/"))
    assert [c["body"] for c in listed] == ["Please publish the contracts.", "Thank you"]
    first = listed[0]
    assert first["author"] == "Camille Martin"
    assert first["commitment"] == "FRA-2024-07"
    assert first["response"]["disposition"] == "included"
    assert first["response"]["commitment"] == "FRA-2024-07"
    assert listed[1]["in_reply_to"] == first["id"]
    assert listed[1]["response"] is None


def test_comments_never_show_hidden_ones_emails_or_drafts(client, world):
    content = get(client, "/comments/").content.decode()
    for secret in ("Hidden insult", "Abuse", "Reply in a hidden conversation", "Comment on the draft", "@example.org"):
        assert secret not in content


def test_comment_detail_and_unknown_or_hidden_ones(client, world):
    answered = world["answered"]
    body = get(client, f"/comments/C{answered.pk}/").json()
    assert body["url"] == f"http://testserver/en/action-plans/{world['plan'].pk}/comments/{answered.pk}/"
    hidden = answered.plan.comments.get(is_hidden=True)
    assert get(client, f"/comments/C{hidden.pk}/").status_code == 404
    assert get(client, "/comments/not-a-number/").status_code == 404


def test_comment_filters(client, world):
    assert len(results(get(client, "/comments/", plan="FRA-2024"))) == 2
    assert results(get(client, "/comments/", government="MEX")) == []


# --- Across endpoints ----------------------------------------------------------------------------

DETAILS = [
    "/governments/FRA/",
    "/eligibility-assessments/FRA/2024/",
    "/action-plans/FRA-2024/",
    "/commitments/FRA-2024-07/",
    "/irm-assessments/FRA-2024-07/results_report/",
]
LISTS = [
    "/governments/",
    "/eligibility-assessments/",
    "/action-plans/",
    "/commitments/",
    "/irm-assessments/",
    "/comments/",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_paginated(client, world, path):
    body = get(client, path, page_size=1).json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 1
    assert body["previous"] is None and "cursor=" in body["next"] and "page_size=1" in body["next"]
    second = client.get(body["next"]).json()
    assert second["previous"] is not None and second["results"] != body["results"]
    assert client.get(second["previous"]).json()["results"] == body["results"]


@pytest.mark.parametrize("path", LISTS)
def test_following_next_walks_every_object_once_in_the_order_they_were_added(client, world, path):
    everything = get(client, path, page_size=200).json()["results"]
    assert len(everything) >= 2
    walked, url = [], f"{API}{path}?page_size=1"
    while url:
        body = client.get(url).json()
        walked += body["results"]
        url = body["next"]
    assert walked == everything
    assert len({item["id"] for item in walked}) == len(walked)


def test_page_size_is_capped_and_a_malformed_cursor_is_404(client, world):
    response = get(client, "/governments/", page_size=100000)
    assert response.status_code == 200 and len(response.json()["results"]) <= 200
    assert get(client, "/governments/", cursor="not-a-cursor").status_code == 404


@pytest.mark.parametrize("path", DETAILS)
def test_every_object_carries_its_id_url_and_api_url(client, world, path):
    body = get(client, path).json()
    assert body["api_url"] == f"http://testserver{API}{path}"
    assert body["url"].startswith("http://testserver/en/")
    assert client.get(body["url"]).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/governments/XYZ/",
        "/governments/fra/",  # the slug of a national government is not its id
        "/eligibility-assessments/FRA/1999/",
        "/eligibility-assessments/FRA-2024/",
        "/action-plans/FRA-2024-P5/",  # not the canonical spelling: the first plan of a cycle has no suffix
        "/action-plans/nonsense/",
        "/commitments/FRA-2024-99/",
        "/commitments/FRA-2024-7/",
        "/irm-assessments/FRA-2024-07/nonsense/",
        "/comments/C999999/",
        "/comments/1/",  # a comment id starts with C
    ],
)
def test_unknown_ids_are_404(client, world, path):
    response = get(client, path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", [*LISTS, *DETAILS])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405(client, world, path, method):
    response = getattr(client, method)(f"{API}{path}", data={}, content_type="application/json")
    assert response.status_code == 405


def test_writes_are_405_whoever_asks_and_change_nothing(role_client, world):
    _role, client = role_client
    for method, path in [("post", "/action-plans/"), ("put", "/commitments/FRA-2024-07/"), ("delete", "/comments/")]:
        response = getattr(client, method)(f"{API}{path}", data={"title": "Changed"}, content_type="application/json")
        assert response.status_code == 405
    assert client.delete(f"{API}/comments/C{world['answered'].pk}/").status_code == 405
    world["first"].refresh_from_db()
    assert world["first"].title == "Open contracting data"
    assert world["answered"].plan.comments.filter(pk=world["answered"].pk).exists()


@pytest.mark.parametrize("role", ["anonymous", "civil", "poc", "other_poc", "staff", "irm"])
def test_every_role_can_read(client, world, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for path in [*LISTS, *DETAILS, "/"]:
        assert get(client, path).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/governments/", {"region": "atlantis"}, "region"),
        ("/governments/", {"status": "??"}, "status"),
        ("/eligibility-assessments/", {"year": "last"}, "year"),
        ("/eligibility-assessments/", {"eligible": "maybe"}, "eligible"),
        ("/eligibility-assessments/", {"government": "XYZ"}, "government"),
        ("/action-plans/", {"status": "co_creation"}, "status"),
        ("/action-plans/", {"cycle_year": "2024x"}, "cycle_year"),
        ("/commitments/", {"plan": "FRA-2026"}, "plan"),
        ("/commitments/", {"policy_area": "astrology"}, "policy_area"),
        ("/commitments/", {"ogp_value": "transparency"}, "ogp_value"),
        ("/irm-assessments/", {"completion": "half"}, "completion"),
        ("/irm-assessments/", {"starred": "yes"}, "starred"),
        ("/irm-assessments/", {"review_kind": "co_creation_brief"}, "review_kind"),
        ("/irm-assessments/", {"commitment": "FRA-2026-01"}, "commitment"),
        ("/comments/", {"plan": "garbage"}, "plan"),
    ],
)
def test_invalid_filter_values_are_400_with_the_reason(client, world, path, params, parameter):
    response = get(client, path, **params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert body[parameter][0]


@pytest.mark.parametrize("role", ["staff", "poc", "irm"])
def test_signed_in_users_see_exactly_what_the_public_sees(client, world, role, request):
    anonymous = {path: get(client, path).json() for path in LISTS}
    client.force_login(request.getfixturevalue(role))
    assert {path: get(client, path).json() for path in LISTS} == anonymous


def test_submitting_a_plan_publishes_it_in_the_api(client, world):
    plan = ActionPlanFactory(government=world["plan"].government, number=9, cycle_year=2027)
    assert get(client, "/action-plans/FRA-2027/").status_code == 404
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    plan.save()
    assert get(client, "/action-plans/FRA-2027/").status_code == 200


# --- Documentation page --------------------------------------------------------------------------


def test_documentation_lists_every_endpoint_filter_and_field(client, world):
    from ogp_portal.api.urls import router

    response = client.get(f"{API}/")
    assert response.status_code == 200
    content = response.content.decode()
    for prefix, viewset, _basename in router.registry:
        assert f"http://testserver{API}/{prefix}/" in content
        for name in viewset.filterset_class.base_filters:
            assert f"<code>{name}</code>" in content
        for name in viewset.serializer_class().fields:
            assert f"<code>{name}</code>" in content


def test_every_documented_field_and_filter_has_a_description(rf):
    from ogp_portal.api.docs import endpoints

    for endpoint in endpoints(rf.get("/api/v1/")):
        for row in endpoint["fields"] + endpoint["filters"]:
            assert str(row["description"]).strip(), (endpoint["basename"], row["name"])


def test_documentation_examples_work(client, world):
    from ogp_portal.api.docs import endpoints

    request = client.get(f"{API}/").wsgi_request
    for endpoint in endpoints(request):
        assert client.get(endpoint["example_url"]).status_code == 200, endpoint["example_url"]
        assert client.get(endpoint["list_url"]).status_code == 200


def test_every_link_of_the_documentation_answers_with_data_in_the_demo(client):
    """A new user clicks the examples on the demo portal: each names objects the demo has."""
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    page = client.get(f"{API}/").content.decode()
    links = [html.unescape(link) for link in re.findall(r'<a href="(http://testserver/api/v1/[^"]+)"', page)]
    assert len(links) == 11  # a list example for each endpoint, an object for each but comments
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        body = response.json()
        if "results" in body:
            everything = client.get(link.split("?")[0]).json()["results"]
            assert body["results"] or not everything, link
        else:
            assert link.endswith(f"/{body['id']}/"), link


def test_documentation_is_translated(client):
    response = client.get(f"{API}/", headers={"accept-language": "fr"})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_no_list_shows_an_email_address(client, world):
    for path in LISTS:
        assert "@example.org" not in get(client, path, page_size=200).content.decode(), path


def test_format_json_is_accepted(client, world):
    response = get(client, "/commitments/", format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
