"""The permission matrix of every comment, moderation, response, submission and self-assessment page,
over the six roles: anonymous, civil, poc (France), other_poc (Mexico), staff, irm."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from action_plans.models import ActionPlan, Comment, PlanStatus, SelfAssessment

from .test_comments_models import open_period, published_plan

pytestmark = pytest.mark.django_db

LOGIN = "login"
EVERYONE = dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 200)
EDITORS = {"anonymous": LOGIN, "civil": 403, "poc": 200, "other_poc": 403, "staff": 200, "irm": 403}
CIVIL_ONLY = {"anonymous": LOGIN, "civil": 200, "poc": 403, "other_poc": 403, "staff": 403, "irm": 403}
UNKNOWN_SIGNED_IN = {"anonymous": LOGIN, "civil": 404, "poc": 404, "other_poc": 404, "staff": 404, "irm": 404}
UNKNOWN_PUBLIC = dict.fromkeys(["anonymous", "civil", "poc", "other_poc", "staff", "irm"], 404)


@pytest.fixture
def objects(government, poc, civil):
    """A plan open for comment with one comment, and an ended plan with a self-assessment and its file."""
    plan, _ = published_plan(government, poc)
    open_period(plan, poc)
    comment = Comment.objects.post(plan=plan, author=civil, body="A comment.")
    ended = ActionPlan.objects.create(
        government=government, number=1, title="First plan", cycle_year=2021, status=PlanStatus.ENDED,
        start_date=datetime.date(2021, 9, 1), end_date=datetime.date(2023, 8, 31),
    )  # fmt: skip
    today = timezone.localdate()
    assessment = SelfAssessment(
        plan=ended, text="We did most of it.", comment_opens_on=today, comment_closes_on=today + datetime.timedelta(13)
    )
    assessment.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    assessment.save()
    return {"plan": plan.pk, "comment": comment.pk, "ended": ended.pk}


def kwargs_for(objects, kind):
    if kind == "plan":
        return {"pk": objects["plan"]}
    if kind == "comment":
        return {"plan_pk": objects["plan"], "pk": objects["comment"]}
    if kind == "ended":
        return {"pk": objects["ended"]}
    if kind == "unknown":
        return {"pk": 999999}
    return {"plan_pk": 999999, "pk": objects["comment"]}


# view name, which object, {role: status on GET}
GET_MATRIX = [
    ("action_plans:plan-comment-period", "plan", EDITORS),
    ("action_plans:plan-comment-period", "unknown", UNKNOWN_SIGNED_IN),
    ("action_plans:plan-submit", "plan", EDITORS),
    ("action_plans:plan-submit", "unknown", UNKNOWN_SIGNED_IN),
    ("action_plans:comment-list", "plan", EVERYONE),
    ("action_plans:comment-list", "unknown", UNKNOWN_PUBLIC),
    ("action_plans:comment-create", "plan", CIVIL_ONLY),
    ("action_plans:comment-create", "unknown", UNKNOWN_SIGNED_IN),
    ("action_plans:plan-moderation", "plan", EDITORS),
    ("action_plans:plan-moderation", "unknown", UNKNOWN_SIGNED_IN),
    ("action_plans:comment-detail", "comment", EVERYONE),
    ("action_plans:comment-detail", "unknown-comment", UNKNOWN_PUBLIC),
    ("action_plans:comment-moderate", "comment", EDITORS),
    ("action_plans:comment-moderate", "unknown-comment", UNKNOWN_SIGNED_IN),
    ("action_plans:comment-respond", "comment", EDITORS),
    ("action_plans:comment-respond", "unknown-comment", UNKNOWN_SIGNED_IN),
    ("action_plans:plan-responses", "plan", EVERYONE),
    ("action_plans:plan-responses", "unknown", UNKNOWN_PUBLIC),
    ("action_plans:self-assessment-detail", "ended", EVERYONE),
    ("action_plans:self-assessment-detail", "plan", UNKNOWN_PUBLIC),
    ("action_plans:self-assessment-file", "ended", EVERYONE),
    ("action_plans:self-assessment-publish", "plan", EDITORS),
    ("action_plans:self-assessment-publish", "unknown", UNKNOWN_SIGNED_IN),
    ("action_plans:self-assessment-comment-create", "ended", CIVIL_ONLY),
    ("action_plans:self-assessment-comment-create", "unknown", UNKNOWN_SIGNED_IN),
]


@pytest.mark.parametrize(("view", "kind", "expected"), GET_MATRIX, ids=[f"{v}-{k}" for v, k, _ in GET_MATRIX])
def test_get_answers_each_role_as_the_matrix_says(role_client, objects, view, kind, expected):
    role, client = role_client
    response = client.get(reverse(view, kwargs=kwargs_for(objects, kind)))
    response.close()  # a file download holds its file open until then
    if expected[role] == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), role
    else:
        assert response.status_code == expected[role], f"{role} on {view}"


POST_ONLY = ["action_plans:comment-reply", "action_plans:comment-report"]


@pytest.mark.parametrize("view", POST_ONLY)
def test_get_on_post_only_views_is_405(role_client, objects, view):
    _, client = role_client
    assert client.get(reverse(view, kwargs=kwargs_for(objects, "comment"))).status_code == 405


# view, data, {role: "ok" (a redirect that is not to the login page), "login", or a status}
POST_MATRIX = [
    (
        "action_plans:comment-reply",
        {"body": "A reply."},
        {"anonymous": LOGIN, "civil": "ok", "poc": "ok", "other_poc": 403, "staff": "ok", "irm": 403},
    ),
    ("action_plans:comment-report", {"reason": "Rude."}, {**dict.fromkeys(EVERYONE, "ok"), "anonymous": LOGIN}),
    (
        "action_plans:comment-moderate",
        {"action": "hide", "reason": "Spam."},
        {**EDITORS, "poc": "ok", "staff": "ok"},
    ),
    (
        "action_plans:comment-respond",
        {"disposition": "included", "reason": "Done."},
        {**EDITORS, "poc": "ok", "staff": "ok"},
    ),
]


@pytest.mark.parametrize(("view", "data", "expected"), POST_MATRIX, ids=[row[0] for row in POST_MATRIX])
def test_post_answers_each_role_as_the_matrix_says(role_client, objects, view, data, expected):
    role, client = role_client
    response = client.post(reverse(view, kwargs=kwargs_for(objects, "comment")), data)
    if expected[role] == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif expected[role] == "ok":
        assert response.status_code == 302 and not response["Location"].startswith(reverse("login")), role
    else:
        assert response.status_code == expected[role], role


def test_a_comment_of_another_plan_is_404(objects, civil, government, poc):
    from django.test import Client

    other, _ = published_plan(government, poc, number=9)
    client = Client()
    client.force_login(civil)
    url = reverse("action_plans:comment-detail", kwargs={"plan_pk": other.pk, "pk": objects["comment"]})
    assert client.get(url).status_code == 404
    url = reverse("action_plans:comment-report", kwargs={"plan_pk": other.pk, "pk": objects["comment"]})
    assert client.post(url).status_code == 404
