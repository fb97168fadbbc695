"""The permission matrix of every participation view x every role (GET pages and POST actions)."""

import pytest
from django.urls import reverse

from members.models import Forum, ForumMembership, PointOfContactRequest, Subscription
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the login page
DONE = "done"  # the action ran: a redirect elsewhere
ROLES = ["anonymous", "civil", "poc", "other_poc", "staff", "irm"]
EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 200)}
SUPPORT_UNIT_ONLY = {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": 200, "irm": 403}
FRANCE_FORUM_MANAGERS = {"anonymous": LOGIN, "civil": 403, "poc": 200, "other_poc": 403, "staff": 200, "irm": 403}
NOBODY_FINDS_IT = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 404)}


@pytest.fixture
def world(government, other_government, civil):
    """France has a forum with a pending request; Mexico has one too; civil's organisation; a pending request."""
    forum = Forum.objects.create(government=government, name="Forum France")
    mexico_forum = Forum.objects.create(government=other_government, name="Foro México")
    requester = UserFactory(username="requester")
    membership = ForumMembership.objects.create(forum=forum, user=requester, motivation="secret motivation")
    mexico_membership = ForumMembership.objects.create(forum=mexico_forum, user=requester)
    poc_request = PointOfContactRequest.objects.create(
        user=requester, government=government, agency="A", title="T", official_email="t@gouv.fr", justification="J"
    )
    return {
        "forum": forum,
        "membership": membership,
        "mexico_membership": mexico_membership,
        "poc_request": poc_request,
        "organisation": civil.organisations.get(),
    }


GET_MATRIX = [
    (
        "members:poc-request-create",
        {"slug": "fra"},
        {"anonymous": LOGIN, "civil": 200, "poc": 403, "other_poc": 403, "staff": 200, "irm": 200},
    ),
    ("members:poc-request-create", {"slug": "atlantis"}, NOBODY_FINDS_IT),
    ("members:poc-request-list", {}, SUPPORT_UNIT_ONLY),
    ("members:organisation-list", {}, EVERYONE),
    ("members:organisation-create", {}, SIGNED_IN),
    ("members:organisation-detail", {"slug": "@organisation.slug"}, EVERYONE),
    ("members:organisation-detail", {"slug": "atlantis"}, dict.fromkeys(ROLES, 404)),
    (
        "members:organisation-update",
        {"slug": "@organisation.slug"},
        {"anonymous": LOGIN, "civil": 200, "poc": 403, "other_poc": 403, "staff": 200, "irm": 403},
    ),
    ("members:forum-edit", {"slug": "fra"}, FRANCE_FORUM_MANAGERS),
    ("members:forum-edit", {"slug": "atlantis"}, NOBODY_FINDS_IT),
    ("members:forum-meeting-create", {"slug": "fra"}, FRANCE_FORUM_MANAGERS),
    ("members:forum-join", {"slug": "fra"}, SIGNED_IN),
    ("members:government-detail", {"slug": "fra"}, EVERYONE),
]


def resolve(world, spec):
    resolved = {}
    for key, value in spec.items():
        if isinstance(value, str) and value.startswith("@"):
            name, _, attribute = value[1:].partition(".")
            value = getattr(world[name], attribute) if attribute else world[name].pk
        resolved[key] = value
    return resolved


def outcome(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("login")) else DONE
    return response.status_code


@pytest.mark.parametrize(("view", "kwargs", "expected"), GET_MATRIX, ids=[f"{r[0]}{r[1]}" for r in GET_MATRIX])
def test_pages_answer_each_role_as_the_matrix_says(role_client, world, view, kwargs, expected):
    role, client = role_client
    response = client.get(reverse(view, kwargs=resolve(world, kwargs)))
    assert outcome(response) == expected[role], f"{role} on {view}"


POST_MATRIX = [
    (
        "members:poc-request-approve",
        {"pk": "@poc_request"},
        {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": DONE, "irm": 403},
    ),
    (
        "members:poc-request-refuse",
        {"pk": "@poc_request"},
        {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": DONE, "irm": 403},
    ),
    (
        "members:organisation-join",
        {"slug": "@organisation.slug"},
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], DONE)},
    ),
    (
        "members:organisation-leave",
        {"slug": "@organisation.slug"},
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], DONE)},
    ),
    (
        "members:organisation-verify",
        {"slug": "@organisation.slug"},
        {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": DONE, "irm": 403},
    ),
    (
        "members:organisation-unverify",
        {"slug": "@organisation.slug"},
        {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": DONE, "irm": 403},
    ),
    (
        "members:forum-membership-accept",
        {"slug": "fra", "pk": "@membership"},
        {"anonymous": LOGIN, "civil": 403, "poc": DONE, "other_poc": 403, "staff": DONE, "irm": 403},
    ),
    (
        "members:forum-membership-decline",
        {"slug": "fra", "pk": "@membership"},
        {"anonymous": LOGIN, "civil": 403, "poc": DONE, "other_poc": 403, "staff": DONE, "irm": 403},
    ),
    (
        # Mexico's request through France's address: nobody finds it, whatever their rights on France.
        "members:forum-membership-accept",
        {"slug": "fra", "pk": "@mexico_membership"},
        {"anonymous": LOGIN, "civil": 403, "poc": 404, "other_poc": 403, "staff": 404, "irm": 403},
    ),
    ("members:government-subscribe", {"slug": "fra"}, {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], DONE)}),
    ("members:government-unsubscribe", {"slug": "fra"}, {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], DONE)}),
]


@pytest.mark.parametrize(("view", "kwargs", "expected"), POST_MATRIX, ids=[f"{r[0]}{r[1]}" for r in POST_MATRIX])
def test_actions_answer_each_role_as_the_matrix_says(role_client, world, view, kwargs, expected):
    role, client = role_client
    url = reverse(view, kwargs=resolve(world, kwargs))
    data = {f"request-{world['poc_request'].pk}-reason": "Unknown at the ministry."}
    assert client.get(url).status_code == 405  # POST only, for everyone
    assert outcome(client.post(url, data)) == expected[role], f"{role} on {view}"


@pytest.mark.parametrize("role", ["anonymous", "civil", "other_poc", "irm"])
def test_refused_roles_change_nothing(client, world, role, request):
    """Whatever a role may not do leaves the data as it was."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    client.post(reverse("members:forum-membership-accept", kwargs={"slug": "fra", "pk": world["membership"].pk}))
    client.post(reverse("members:poc-request-approve", kwargs={"pk": world["poc_request"].pk}))
    client.post(reverse("members:organisation-verify", kwargs={"slug": world["organisation"].slug}))
    world["membership"].refresh_from_db()
    world["poc_request"].refresh_from_db()
    world["organisation"].refresh_from_db()
    assert world["membership"].status == "pending"
    assert world["poc_request"].status == "pending"
    assert not world["organisation"].is_verified


def test_a_point_of_contact_of_mexico_cannot_touch_frances_forum(client, world, other_poc):
    client.force_login(other_poc)
    france = {"slug": "fra"}
    assert client.get(reverse("members:forum-edit", kwargs=france)).status_code == 403
    assert client.post(reverse("members:forum-edit", kwargs=france), {"name": "Hijacked"}).status_code == 403
    assert client.get(reverse("members:forum-meeting-create", kwargs=france)).status_code == 403
    response = client.post(reverse("members:forum-meeting-create", kwargs=france), {"date": "2024-01-01"})
    assert response.status_code == 403
    world["forum"].refresh_from_db()
    assert world["forum"].name == "Forum France" and not world["forum"].meetings.exists()
    # The pending request's motivation is private to France's organisers.
    assert "secret motivation" not in client.get(reverse("members:government-detail", kwargs=france)).text
    assert "Manage the forum" not in client.get(reverse("members:government-detail", kwargs=france)).text


def test_pending_motivations_are_shown_to_the_forums_organisers_only(client, world, poc, civil):
    client.force_login(poc)
    assert "secret motivation" in client.get(reverse("members:forum-edit", kwargs={"slug": "fra"})).text
    for user in (civil, None):
        client.logout()
        if user:
            client.force_login(user)
        assert "secret motivation" not in client.get(reverse("members:government-detail", kwargs={"slug": "fra"})).text


def test_only_subscribed_users_are_unsubscribed_by_their_own_post(client, world, civil, government):
    other = UserFactory(username="other-subscriber")
    Subscription.objects.subscribe(other, government)
    client.force_login(civil)
    client.post(reverse("members:government-unsubscribe", kwargs={"slug": "fra"}))
    assert Subscription.objects.filter(user=other).exists()
