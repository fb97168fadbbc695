"""Posting and answering comments on IRM drafts: the permission matrix over the six roles, the review page's
comment section (form, answers, pagination, query budget), refusals shown with the text kept."""

import datetime
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEntry
from members.tests.factories import UserFactory

from ..models import ReviewComment, ReviewStatus
from ..views.comments import review_comments_context
from .comment_helpers import client_for, plan_of, review_of
from .factories import ReviewCommentFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
OK = "ok"


@pytest.fixture
def plan(government):
    return plan_of(government)


def assert_outcome(response, expected, role):
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), role
    elif expected == OK:
        assert response.status_code == 302, role
        assert "#comment-" in response["Location"] and not response["Location"].startswith(reverse("login")), role
    else:
        assert response.status_code == expected, role


def render_section(user, review, query=""):
    """The review page's comment section as helper A's review page includes it."""
    request = RequestFactory().get(f"/?{query}")
    request.user = user or AnonymousUser()
    context = {"review": review, **review_comments_context(request, review)}
    return unescape(render_to_string("irm/includes/_review_comments.html", context, request=request))


# --- comment_create ---------------------------------------------------------------------------------

# The review's status, {role: outcome of posting a comment}. Editors (staff, the assigned researcher) answer,
# they do not comment (403); outsiders of a draft get 404.
CREATE_MATRIX = [
    (
        ReviewStatus.RESEARCH,
        {"anonymous": LOGIN, "civil": 404, "poc": 404, "other_poc": 404, "staff": 403, "irm": 403},
    ),
    (
        ReviewStatus.SHARED,
        {"anonymous": LOGIN, "civil": 404, "poc": OK, "other_poc": 404, "staff": 403, "irm": 403},
    ),
    (
        ReviewStatus.PUBLIC_COMMENT,
        {"anonymous": LOGIN, "civil": OK, "poc": OK, "other_poc": OK, "staff": 403, "irm": 403},
    ),
    (
        ReviewStatus.FINAL,
        {"anonymous": LOGIN, "civil": 400, "poc": 400, "other_poc": 400, "staff": 403, "irm": 403},
    ),
    (
        ReviewStatus.PUBLISHED,
        {"anonymous": LOGIN, "civil": 400, "poc": 400, "other_poc": 400, "staff": 403, "irm": 403},
    ),
]


@pytest.mark.parametrize(("status", "expected"), CREATE_MATRIX, ids=[row[0] for row in CREATE_MATRIX])
def test_posting_a_comment_answers_each_role_as_the_matrix_says(role_client, plan, status, expected):
    role, client = role_client
    review = review_of(plan, status)
    response = client.post(reverse("irm:comment-create", args=[review.pk]), {"body": "My comment on the draft."})
    assert_outcome(response, expected[role], role)
    assert review.comments.count() == (1 if expected[role] == OK else 0)


def test_posting_on_an_unknown_review_is_404(civil):
    assert client_for(civil).post(reverse("irm:comment-create", args=[999999]), {"body": "x"}).status_code == 404


def test_getting_the_comment_url_is_405(role_client, plan):
    _, client = role_client
    review = review_of(plan)
    assert client.get(reverse("irm:comment-create", args=[review.pk])).status_code == 405


def test_a_comment_is_posted_with_its_commitment_organisation_and_confidentiality(plan, civil):
    review = review_of(plan)
    commitment = plan.commitments.get(number=2)
    organisation = civil.organisations.get()
    response = client_for(civil).post(
        reverse("irm:comment-create", args=[review.pk]),
        {
            "body": "  Commitment 2 was completed.  ",
            "commitment": commitment.pk,
            "organisation": organisation.pk,
            "is_confidential": "on",
        },
    )
    comment = review.comments.get()
    assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.body, comment.commitment, comment.organisation, comment.is_confidential, comment.stage) == (
        "Commitment 2 was completed.",
        commitment,
        organisation,
        True,
        "public",
    )
    assert AuditEntry.objects.for_object(review).filter(action="irm_review.commented", actor=civil).exists()


def test_a_double_submit_posts_once_and_lands_on_the_same_comment(plan, civil):
    review = review_of(plan)
    client = client_for(civil)
    url = reverse("irm:comment-create", args=[review.pk])
    first = client.post(url, {"body": "Twice by mistake."})
    second = client.post(url, {"body": "Twice by mistake."})
    assert review.comments.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("status", "user", "body", "message"),
    [
        (ReviewStatus.FINAL, "civil", "Too late, but here it is.", "This review is not open for comment."),
        (ReviewStatus.PUBLIC_COMMENT, "civil", "   ", "Write your comment."),
        (ReviewStatus.PUBLIC_COMMENT, "civil", "x" * 5001, "A comment is at most 5000 characters long."),
    ],
    ids=["not_open", "empty", "too_long"],
)
def test_a_refused_comment_is_shown_with_its_text_kept(plan, request, status, user, body, message):
    review = review_of(plan, status)
    response = client_for(request.getfixturevalue(user)).post(
        reverse("irm:comment-create", args=[review.pk]), {"body": body, "commitment": plan.commitments.first().pk}
    )
    assert response.status_code == 400
    assert message in response.text
    if body.strip():
        assert body[:200] in response.text
    assert response.context["form"]["commitment"].value() == str(plan.commitments.first().pk)
    assert not review.comments.exists()


def test_a_comment_before_public_comment_opens_is_refused_with_the_reason(plan, civil):
    today = timezone.localdate()
    review = review_of(
        plan,
        comment_opens_on=today + datetime.timedelta(days=2),
        comment_closes_on=today + datetime.timedelta(days=20),
    )
    response = client_for(civil).post(reverse("irm:comment-create", args=[review.pk]), {"body": "Early bird."})
    assert response.status_code == 400 and "not open for comment" in response.text and "Early bird." in response.text


def test_the_government_only_refusal_is_shown_when_a_contact_loses_the_role_meanwhile(plan, poc, staff):
    review = review_of(plan, ReviewStatus.SHARED)
    client = client_for(poc)
    # The page was open before the role was revoked; the review is still readable only for the IRM and staff,
    # so the post is refused as for any outsider.
    poc.point_of_contact.revoke(by=staff)
    assert client.post(reverse("irm:comment-create", args=[review.pk]), {"body": "Still mine?"}).status_code == 404
    assert not review.comments.exists()


def test_another_plans_commitment_is_a_form_error(plan, government, civil):
    review = review_of(plan)
    other = plan_of(government, commitments=1).commitments.get()
    response = client_for(civil).post(
        reverse("irm:comment-create", args=[review.pk]), {"body": "About another plan.", "commitment": other.pk}
    )
    assert response.status_code == 400 and "About another plan." in response.text
    assert not review.comments.exists()


# --- comment_answer --------------------------------------------------------------------------------

ANSWER_MATRIX = {
    "public": {"anonymous": LOGIN, "civil": 403, "poc": 403, "other_poc": 403, "staff": OK, "irm": OK},
    # A confidential comment by civil society: its author reads it (403), others of the public do not (404).
    "confidential": {"anonymous": LOGIN, "civil": 403, "poc": 404, "other_poc": 404, "staff": OK, "irm": OK},
    # The government's comment on a shared draft: outsiders of the draft get 404.
    "shared": {"anonymous": LOGIN, "civil": 404, "poc": 403, "other_poc": 404, "staff": OK, "irm": OK},
}


@pytest.mark.parametrize("case", list(ANSWER_MATRIX))
def test_answering_answers_each_role_as_the_matrix_says(role_client, plan, civil, poc, case):
    role, client = role_client
    if case == "shared":
        comment = ReviewCommentFactory(review=review_of(plan, ReviewStatus.SHARED), author=poc, stage="government")
    else:
        comment = ReviewCommentFactory(review=review_of(plan), author=civil, is_confidential=case == "confidential")
    response = client.post(reverse("irm:comment-answer", args=[comment.pk]), {"answer": "Thank you."})
    assert_outcome(response, ANSWER_MATRIX[case][role], role)
    comment.refresh_from_db()
    assert (comment.answer == "Thank you.") == (ANSWER_MATRIX[case][role] == OK)


def test_answering_an_unknown_comment_is_404(irm):
    assert client_for(irm).post(reverse("irm:comment-answer", args=[999999]), {"answer": "x"}).status_code == 404


def test_getting_the_answer_url_is_405(role_client, plan):
    _, client = role_client
    comment = ReviewCommentFactory(review=review_of(plan))
    assert client.get(reverse("irm:comment-answer", args=[comment.pk])).status_code == 405


def test_a_researcher_of_another_plan_cannot_answer(plan, government, staff):
    from ..models import ResearcherAssignment

    elsewhere = UserFactory()
    ResearcherAssignment.assign(elsewhere, government, by=staff, plan=plan_of(government, commitments=1))
    comment = ReviewCommentFactory(review=review_of(plan))
    response = client_for(elsewhere).post(reverse("irm:comment-answer", args=[comment.pk]), {"answer": "Mine?"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.answer == ""


def test_an_answer_redirects_to_the_comment_and_can_be_revised(plan, irm):
    comment = ReviewCommentFactory(review=review_of(plan))
    client = client_for(irm)
    url = reverse("irm:comment-answer", args=[comment.pk])
    response = client.post(url, {"answer": "We checked."})
    assert response["Location"] == f"{comment.review.get_absolute_url()}#comment-{comment.pk}"
    client.post(url, {"answer": "We checked, and changed the score."})
    comment.refresh_from_db()
    assert comment.answer == "We checked, and changed the score." and comment.answered_by == irm


@pytest.mark.parametrize(
    ("published", "answer", "message"),
    [(False, "  ", "Write the answer."), (True, "Too late.", "its answers can no longer change")],
    ids=["empty", "review_published"],
)
def test_a_refused_answer_is_shown_with_its_text_kept(plan, irm, published, answer, message):
    review = review_of(plan, ReviewStatus.PUBLISHED if published else ReviewStatus.PUBLIC_COMMENT)
    comment = ReviewCommentFactory(review=review, answer="Before.", answered_at=timezone.now())
    response = client_for(irm).post(reverse("irm:comment-answer", args=[comment.pk]), {"answer": answer})
    assert response.status_code == 400 and message in response.text
    if answer.strip():
        assert answer in response.text
    comment.refresh_from_db()
    assert comment.answer == "Before."


# --- The review page's comment section ------------------------------------------------------------


def test_the_section_lists_comments_by_stage_with_author_organisation_commitment_and_answer(plan, poc, civil, irm):
    review = review_of(plan)
    ReviewCommentFactory(review=review, author=poc, stage="government", body="The government's view.")
    commitment = plan.commitments.get(number=3)
    answered = ReviewCommentFactory(
        review=review, author=civil, organisation=civil.organisations.get(), commitment=commitment, body="Civil view."
    )
    answered.give_answer("We agree.", by=irm)
    html = render_section(None, review)
    assert html.index("The government's comments before publication") < html.index("The government's view.")
    assert html.index("The government's view.") < html.index("Public comments") < html.index("Civil view.")
    assert "Regards Citoyens" in html and "About commitment 3: Commitment number 3" in html
    assert "We agree." in html and "The IRM's answer" in html
    assert f'id="comment-{answered.pk}"' in html


def test_the_public_sees_a_log_in_link_during_public_comment_and_signed_in_people_the_form(plan, civil):
    review = review_of(plan)
    anonymous = render_section(None, review)
    assert "Log in to comment." in anonymous and 'name="body"' not in anonymous
    html = render_section(civil, review)
    assert 'name="body"' in html and 'name="is_confidential"' in html
    assert "Only the IRM researchers and the OGP Support Unit read a confidential comment" in html
    assert "Commitment number 2" in html and "Regards Citoyens" in html  # the plan's commitments, civil's organisation


def test_no_form_once_public_comment_closed(plan, civil):
    html = render_section(civil, review_of(plan, ReviewStatus.FINAL))
    assert 'name="body"' not in html and "Log in to comment." not in html


def test_only_the_government_gets_the_form_on_a_shared_draft(plan, poc, irm, staff):
    review = review_of(plan, ReviewStatus.SHARED)
    assert "Comment for the government" in render_section(poc, review)
    for editor in (irm, staff):
        assert 'name="body"' not in render_section(editor, review)


def test_editors_get_answer_forms_and_the_unanswered_count(plan, civil, irm, staff):
    review = review_of(plan)
    open_comment = ReviewCommentFactory(review=review, body="Unanswered one.")
    answered = ReviewCommentFactory(review=review, body="Answered one.")
    answered.give_answer("Done.", by=irm)
    for editor in (irm, staff):
        html = render_section(editor, review)
        assert "1 still unanswered" in html
        assert f'id="answer-{open_comment.pk}"' in html and "Answer this comment" in html
        assert f'id="answer-{answered.pk}"' in html and "Edit the answer" in html
    public = render_section(civil, review)
    assert "answer-" not in public and "still unanswered" not in public


def test_answers_cannot_be_edited_once_published(plan, irm):
    review = review_of(plan, ReviewStatus.PUBLISHED)
    comment = ReviewCommentFactory(review=review, answer="Final answer.", answered_at=timezone.now())
    html = render_section(irm, review)
    assert "Final answer." in html and f'id="answer-{comment.pk}"' not in html


def many_comments(review, count):
    authors = [UserFactory(is_civil_society=True) for _ in range(5)]
    commitments = list(review.plan.commitments.all())
    now = timezone.now()
    ReviewComment.objects.bulk_create(
        ReviewComment(
            review=review, author=authors[n % 5], stage="government" if n % 7 == 0 else "public",
            commitment=commitments[n % len(commitments)] if n % 2 else None, body=f"Comment number {n}.",
            is_confidential=n % 5 == 0, created_at=now - datetime.timedelta(minutes=count - n),
            answer="Answer." if n % 3 == 0 else "", answered_at=now if n % 3 == 0 else None,
        )
        for n in range(count)
    )  # fmt: skip


def test_comments_are_paginated(plan, irm, settings):
    settings.COMMENTS_PER_PAGE = 5
    review = review_of(plan)
    many_comments(review, 12)
    first = render_section(irm, review)
    assert first.count('<article class="card') == 5 and "Page 1 of 3" in first
    last = render_section(irm, review, "comments=3")
    assert last.count('<article class="card') == 2


@pytest.mark.parametrize("who", [None, "civil", "poc", "irm", "staff"])
def test_the_section_costs_the_same_queries_with_3_or_30_comments(plan, government, request, who, settings):
    settings.COMMENTS_PER_PAGE = 20
    user = request.getfixturevalue(who) if who else None
    small, big = review_of(plan), review_of(plan_of(government, commitments=30))
    many_comments(small, 3)
    many_comments(big, 30)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for review in (small, big):
        if user is not None:
            user = type(user).objects.get(pk=user.pk)  # a fresh request user, its role caches empty
        with CaptureQueriesContext(connection) as queries:
            render_section(user, review)
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 8, counts


def test_a_co_creation_brief_takes_comments_on_the_process_not_on_draft_commitments(government, civil):
    plan = plan_of(government, status="public_comment")
    review = review_of(plan, kind="co_creation_brief")
    assert 'name="commitment"' not in render_section(civil, review)
    client_for(civil).post(
        reverse("irm:comment-create", args=[review.pk]),
        {"body": "The forum met once.", "commitment": plan.commitments.first().pk},
    )
    assert review.comments.get().commitment is None
