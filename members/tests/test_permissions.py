"""The permission matrix: every view of the foundation x every role, plus the rules themselves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from members.models import EligibilityAssessment, RefreshRun

LOGIN_REDIRECT = 302
EVERYONE = dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200)
SUPPORT_UNIT_ONLY = {"anonymous": LOGIN_REDIRECT, "civil": 403, "poc": 403, "other_poc": 403, "staff": 200, "irm": 403}

# view name, URL arguments, {role: expected status on GET}
MATRIX = [
    ("home", {}, dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200)),
    ("members:government-list", {}, dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200)),
    (
        "members:government-detail",
        {"slug": "fra"},
        dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200),
    ),
    (
        "members:government-update",
        {"slug": "fra"},
        {"anonymous": LOGIN_REDIRECT, "civil": 403, "poc": 200, "other_poc": 403, "staff": 200, "irm": 403},
    ),
    (
        "members:government-update",
        {"slug": "atlantis"},
        {"anonymous": LOGIN_REDIRECT, "civil": 404, "poc": 404, "other_poc": 404, "staff": 404, "irm": 404},
    ),
    (
        "members:profile",
        {},
        {"anonymous": LOGIN_REDIRECT, "civil": 200, "poc": 200, "other_poc": 200, "staff": 200, "irm": 200},
    ),
    (
        "members:signup",
        {},
        {"anonymous": 200, "civil": 302, "poc": 302, "other_poc": 302, "staff": 302, "irm": 302},
    ),
    ("login", {}, dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200)),
    ("password_reset", {}, dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200)),
    (
        "password_change",
        {},
        {"anonymous": LOGIN_REDIRECT, "civil": 200, "poc": 200, "other_poc": 200, "staff": 200, "irm": 200},
    ),
    ("members:eligibility-latest", {}, EVERYONE),
    ("members:staff-home", {}, SUPPORT_UNIT_ONLY),
    ("members:indicator-import", {}, SUPPORT_UNIT_ONLY),
    ("members:refresh-list", {}, SUPPORT_UNIT_ONLY),
    ("members:eligibility-review", {"year": 2025}, SUPPORT_UNIT_ONLY),
    (
        "admin:index",
        {},
        {"anonymous": 302, "civil": 302, "poc": 302, "other_poc": 302, "staff": 200, "irm": 302},
    ),
    (
        "admin:members_government_changelist",
        {},
        {"anonymous": 302, "civil": 302, "poc": 302, "other_poc": 302, "staff": 200, "irm": 302},
    ),
]


@pytest.mark.parametrize(("view", "kwargs", "expected"), MATRIX, ids=[f"{row[0]}{row[1]}" for row in MATRIX])
def test_view_answers_each_role_as_the_matrix_says(role_client, government, view, kwargs, expected):
    role, client = role_client
    response = client.get(reverse(view, kwargs=kwargs))
    assert response.status_code == expected[role], f"{role} on {view}"
    if response.status_code == LOGIN_REDIRECT and role == "anonymous" and not view.startswith("admin:"):
        assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def eligibility_objects(government):
    """An assessment of France for 2025 and a refresh run, for the views that show one."""
    EligibilityAssessment.objects.recompute(2025)
    return {
        "assessment": EligibilityAssessment.objects.get(government=government, year=2025).pk,
        "run": RefreshRun.objects.create(year=2025).pk,
    }


OBJECT_VIEWS = [
    ("members:eligibility-table", lambda ids: [2025], EVERYONE),
    ("members:eligibility-csv", lambda ids: [2025], EVERYONE),
    ("members:refresh-detail", lambda ids: [ids["run"]], SUPPORT_UNIT_ONLY),
    ("members:refresh-status", lambda ids: [ids["run"]], SUPPORT_UNIT_ONLY),
    ("members:criterion-override", lambda ids: [ids["assessment"]], SUPPORT_UNIT_ONLY),
]


@pytest.mark.parametrize(("view", "args", "expected"), OBJECT_VIEWS, ids=[row[0] for row in OBJECT_VIEWS])
def test_views_of_eligibility_objects_answer_each_role_as_the_matrix_says(
    role_client, eligibility_objects, view, args, expected
):
    role, client = role_client
    response = client.get(reverse(view, args=args(eligibility_objects)))
    assert response.status_code == expected[role], f"{role} on {view}"


def test_confirming_an_assessment_is_for_support_unit_staff_only(role_client, eligibility_objects):
    role, client = role_client
    url = reverse("members:assessment-confirm", args=[eligibility_objects["assessment"]])
    response = client.post(url, {"note": "ok"})
    reviewed = EligibilityAssessment.objects.get(pk=eligibility_objects["assessment"]).reviewed_at is not None
    assert (response.status_code, reviewed) == {
        "anonymous": (LOGIN_REDIRECT, False),
        "staff": (302, True),
    }.get(role, (403, False))


def test_government_update_post_is_refused_for_read_only_roles(role_client, government):
    role, client = role_client
    response = client.post(
        reverse("members:government-update", args=["fra"]),
        {"lead_agency": "Hijacked", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"},
    )
    government.refresh_from_db()
    if role in {"poc", "staff"}:
        assert response.status_code == 302
        assert government.lead_agency == "Hijacked"
    else:
        assert response.status_code in {302, 403}
        assert government.lead_agency == ""


RULES = {
    # permission: roles that hold it for `government` (France)
    "members.change_government": {"poc", "staff"},
    "members.grant_point_of_contact": {"staff"},
    "members.change_government_status": {"staff"},
    "members.manage_eligibility": {"staff"},
    "members.view_audit_trail": {"poc", "staff"},
    "irm.view_research": {"irm", "staff"},
}


@pytest.mark.parametrize("permission", sorted(RULES))
@pytest.mark.parametrize("role", ["anonymous", "civil", "poc", "other_poc", "staff", "irm"])
def test_rule_holds_for_exactly_the_right_roles(request, government, permission, role):
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    assert user.has_perm(permission, government) is (role in RULES[permission])


def test_inactive_users_lose_every_role(government, poc, staff):
    for user in (poc, staff):
        user.is_active = False
        user.save()
        user.refresh_from_db()
        assert not user.has_perm("members.change_government", government)
