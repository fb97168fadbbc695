"""The permission matrix of every accountability and Response Policy page over the six roles: anonymous,
civil, poc (France), other_poc (Mexico), staff, irm (researcher of France). Refused POSTs change nothing.

Like every Support Unit page, staff pages send anonymous users to log in and give others 403; a Response
Policy case not public yet does not exist for anyone but staff (404)."""

import pytest
from django.urls import reverse

from members.models import Government, StatusChange

from ..accountability import recompute
from ..models import CaseStatus, CaseStep, ProceduralReview, ResponsePolicyCase
from .test_accountability_views import case
from .test_procedural_review import TODAY, contrary_plan

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "civil", "poc", "other_poc", "staff", "irm"]
EVERYONE = dict.fromkeys(ROLES, 200)
STAFF_ONLY = {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": 200, "irm": 403}
STAFF_ONLY_OR_404 = dict.fromkeys(ROLES, 404) | {"staff": 200}
UNKNOWN_SIGNED_IN = dict.fromkeys(ROLES, 404) | {"anonymous": LOGIN}
UNKNOWN_PUBLIC = dict.fromkeys(ROLES, 404)


@pytest.fixture
def objects(government):
    contrary_plan(government, 1, 2021)
    contrary_plan(government, 2, 2023)
    review = recompute(government, TODAY).procedural_review
    return {
        "review": review.pk,
        "public": case(government, CaseStatus.STAGE_ONE).pk,
        "private": case(government, CaseStatus.ACKNOWLEDGED).pk,
        "unknown": 999999,
    }


def url(view, objects, kind):
    return reverse(view) if kind is None else reverse(view, args=[objects[kind]])


def check(response, expected, role):
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), role
    elif expected == "ok":
        assert response.status_code == 302 and not response["Location"].startswith(reverse("login")), role
    else:
        assert response.status_code == expected, role


GET_MATRIX = [
    ("irm:accountability", None, STAFF_ONLY),
    ("irm:procedural-review-decide", "review", STAFF_ONLY),
    ("irm:procedural-review-decide", "unknown", UNKNOWN_SIGNED_IN),
    ("irm:case-list", None, EVERYONE),
    ("irm:case-create", None, STAFF_ONLY),
    ("irm:case-detail", "public", EVERYONE),
    ("irm:case-detail", "private", STAFF_ONLY_OR_404),
    ("irm:case-detail", "unknown", UNKNOWN_PUBLIC),
]


@pytest.mark.parametrize(("view", "kind", "expected"), GET_MATRIX, ids=[f"{v}-{k}" for v, k, _ in GET_MATRIX])
def test_get_answers_each_role_as_the_matrix_says(role_client, objects, view, kind, expected):
    role, client = role_client
    check(client.get(url(view, objects, kind)), expected[role], role)


@pytest.mark.parametrize(
    ("view", "kind"),
    [
        ("irm:case-advance", "public"),
        ("irm:accountability", None),
        ("irm:case-list", None),
        ("irm:case-detail", "public"),
    ],
)
def test_wrong_methods_are_405(role_client, objects, view, kind):
    _role, client = role_client
    method = client.get if view == "irm:case-advance" else client.post
    assert method(url(view, objects, kind)).status_code == 405


def snapshot(objects):
    """Everything a refused POST could have changed."""
    return (
        list(ProceduralReview.objects.values_list("pk", "status", "decision")),
        list(ResponsePolicyCase.objects.order_by("pk").values_list("pk", "status")),
        CaseStep.objects.count(),
        list(Government.objects.order_by("pk").values_list("pk", "status")),
        StatusChange.objects.count(),
    )


# view, object, data, {role: "ok" (a redirect, not to the login page), "login", or a status}
POST_MATRIX = [
    (
        "irm:procedural-review-decide",
        "review",
        {"outcome": "lift", "decision": "Lifted by the Steering Committee."},
        STAFF_ONLY | {"staff": "ok"},
    ),
    ("irm:procedural-review-decide", "unknown", {"outcome": "lift", "decision": "x"}, UNKNOWN_SIGNED_IN),
    (
        "irm:case-create",
        None,
        {"filer_name": "CIVICUS", "filer_type": "entity", "concern": "Arrests.", "filed_on": "2026-03-02"},
        STAFF_ONLY | {"staff": "ok"},
    ),
    (
        "irm:case-advance",
        "public",
        {"to_status": CaseStatus.STAGE_TWO, "note": "Stage two."},
        STAFF_ONLY | {"staff": "ok"},
    ),
    (
        "irm:case-advance",
        "private",
        {"to_status": CaseStatus.UNDER_REVIEW, "note": "Eligible."},
        UNKNOWN_SIGNED_IN | {"staff": "ok"},
    ),
    ("irm:case-advance", "unknown", {"to_status": CaseStatus.UNDER_REVIEW, "note": "x"}, UNKNOWN_SIGNED_IN),
]


@pytest.mark.parametrize(
    ("view", "kind", "data", "expected"), POST_MATRIX, ids=[f"{row[0]}-{row[1]}" for row in POST_MATRIX]
)
def test_post_answers_each_role_as_the_matrix_says_and_refusals_change_nothing(
    role_client, objects, government, view, kind, data, expected
):
    role, client = role_client
    if view == "irm:case-create":
        data = {**data, "government": government.pk}
    before = snapshot(objects)
    response = client.post(url(view, objects, kind), data)
    check(response, expected[role], role)
    if expected[role] == "ok":
        assert snapshot(objects) != before
    else:
        assert snapshot(objects) == before, role
