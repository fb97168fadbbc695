"""The permission matrix: every view of the foundation x every role, plus the rules themselves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

LOGIN_REDIRECT = 302

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
