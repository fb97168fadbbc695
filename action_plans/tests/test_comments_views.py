"""Comment pages end to end: the comment period, posting on the plan, a commitment or a paragraph,
replies, reports and moderation, as the people who use them see them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from action_plans.models import ActionPlan, Comment, CommentReport, Commitment, PlanStatus
from action_plans.models.comments import COMMENT_MAX_LENGTH

from .factories import ActionPlanFactory
from .test_comments_models import FIRST, SECOND, audit, close_period, open_period, published_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(government, poc):
    return published_plan(government, poc)


@pytest.fixture
def plan(setup):
    return setup[0]


@pytest.fixture
def commitment(setup):
    return setup[1]


@pytest.fixture
def open_plan(plan, poc):
    return open_period(plan, poc)


class TestCommentPeriod:
    def url(self, plan):
        return reverse("action_plans:plan-comment-period", args=[plan.pk])

    def test_the_point_of_contact_opens_it(self, plan, poc):
        response = client_for(poc).post(self.url(plan), {"opens_on": "2030-03-01", "closes_on": "2030-03-14"})
        assert response.status_code == 302 and response["Location"].endswith("#comments")
        plan.refresh_from_db()
        assert plan.status == PlanStatus.PUBLIC_COMMENT
        assert (plan.comment_opens_on, plan.comment_closes_on) == (
            datetime.date(2030, 3, 1),
            datetime.date(2030, 3, 14),
        )
        assert audit(plan, "action_plan.comment_period_opened").get().actor == poc

    def test_a_period_too_short_shows_the_rule_and_changes_nothing(self, plan, poc):
        response = client_for(poc).post(self.url(plan), {"opens_on": "2030-03-01", "closes_on": "2030-03-13"})
        assert response.status_code == 200
        assert "A public comment period lasts at least 14 days; this one lasts 13." in response.text
        assert 'value="2030-03-13"' in response.text
        plan.refresh_from_db()
        assert plan.status == PlanStatus.CO_CREATION and plan.comment_opens_on is None

    def test_without_a_published_version_it_is_refused(self, government, poc):
        plan = ActionPlanFactory(government=government, number=2)
        response = client_for(poc).post(self.url(plan), {"opens_on": "2030-03-01", "closes_on": "2030-03-31"})
        assert "Publish a version of the draft first" in response.text
        plan.refresh_from_db()
        assert plan.status == PlanStatus.CO_CREATION

    def test_after_submission_it_cannot_be_opened(self, plan, poc):
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
        response = client_for(poc).post(self.url(plan), {"opens_on": "2030-03-01", "closes_on": "2030-03-31"})
        assert "can no longer be opened for comment" in response.text

    @pytest.mark.parametrize(
        ("shift", "badge", "sentence"),
        [(30, "Upcoming", "Public comment opens on"), (0, "Open", "Public comment is open from"),
         (-30, "Closed", "Public comment was open from")],
    )  # fmt: skip
    def test_the_plan_page_shows_where_the_period_stands(self, open_plan, client, shift, badge, sentence):
        delta = datetime.timedelta(days=shift)
        ActionPlan.objects.filter(pk=open_plan.pk).update(
            comment_opens_on=open_plan.comment_opens_on + delta, comment_closes_on=open_plan.comment_closes_on + delta
        )
        response = client.get(open_plan.get_absolute_url())
        assert badge in response.text and sentence in response.text


class TestPosting:
    def create_url(self, plan):
        return reverse("action_plans:comment-create", args=[plan.pk])

    def test_civil_society_comments_on_the_plan_from_its_page(self, open_plan, civil):
        client = client_for(civil)
        page = client.get(open_plan.get_absolute_url())
        assert "Comment on the whole plan" in page.text
        organisation = civil.organisations.get()
        response = client.post(
            self.create_url(open_plan), {"body": "Please add **open data**.", "organisation": organisation.pk}
        )
        comment = Comment.objects.get()
        assert response["Location"] == comment.get_absolute_url()
        assert comment.organisation == organisation
        page = client.get(open_plan.get_absolute_url())
        assert "<strong>open data</strong>" in page.text
        assert "Regards Citoyens" in page.text and civil.display_name in page.text
        assert "1 still without a reasoned response" in page.text

    def test_a_paragraph_comment_quotes_its_paragraph(self, open_plan, commitment, civil):
        client = client_for(civil)
        page = client.get(commitment.get_absolute_url())
        link = f"{self.create_url(open_plan)}?commitment={commitment.pk}&amp;field=description&amp;paragraph=1"
        assert link in page.text and "Comment on this paragraph" in page.text
        form = client.get(link.replace("&amp;", "&"))
        assert SECOND in form.text and "version 1" in form.text
        client.post(
            self.create_url(open_plan),
            {"body": "Train them twice a year.", "commitment": commitment.pk, "field": "description",
             "paragraph_index": 1, "paragraph_text": SECOND},
        )  # fmt: skip
        comment = Comment.objects.get()
        assert (comment.commitment, comment.field, comment.paragraph_index, comment.paragraph_text) == (
            commitment,
            "description",
            1,
            SECOND,
        )
        page = client.get(commitment.get_absolute_url())
        assert "1 comment on this paragraph" in page.text

    def test_the_form_quotes_the_published_title_not_the_live_draft(self, open_plan, commitment, civil):
        Commitment.objects.filter(pk=commitment.pk).update(title="Unpublished draft title", number=9)
        form = client_for(civil).get(
            self.create_url(open_plan), {"commitment": commitment.pk, "field": "description", "paragraph": 1}
        )
        assert form.status_code == 200
        assert "Commitment 1 (Open contracting)" in form.text
        assert "Unpublished draft title" not in form.text
        heading = client_for(civil).get(self.create_url(open_plan), {"commitment": commitment.pk}).text
        assert "Comment on commitment 1" in heading and "Unpublished draft title" not in heading

    def test_an_unknown_paragraph_is_404(self, open_plan, commitment, civil):
        response = client_for(civil).get(
            self.create_url(open_plan), {"commitment": commitment.pk, "field": "description", "paragraph": 7}
        )
        assert response.status_code == 404

    @pytest.mark.parametrize("role", ["poc", "staff", "irm", "other_poc"])
    def test_other_roles_are_refused_with_403(self, open_plan, role, request):
        response = client_for(request.getfixturevalue(role)).post(self.create_url(open_plan), {"body": "Hello"})
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_a_closed_period_is_a_form_error_and_the_text_is_kept(self, open_plan, civil):
        close_period(open_plan)
        response = client_for(civil).post(self.create_url(open_plan), {"body": "Late thoughts."})
        assert response.status_code == 200
        assert "The public comment period is not open." in response.text and "Late thoughts." in response.text
        assert not Comment.objects.exists()

    def test_a_comment_too_long_is_refused_and_kept(self, open_plan, civil):
        body = "a" * (COMMENT_MAX_LENGTH + 1)
        response = client_for(civil).post(self.create_url(open_plan), {"body": body})
        assert f"A comment is at most {COMMENT_MAX_LENGTH} characters long" in response.text
        assert body in response.text
        assert not Comment.objects.exists()

    def test_the_rate_limit_says_so_and_keeps_the_text(self, open_plan, civil, settings):
        settings.COMMENT_RATE_LIMIT_COUNT = 2
        client = client_for(civil)
        client.post(self.create_url(open_plan), {"body": "One."})
        client.post(self.create_url(open_plan), {"body": "Two."})
        response = client.post(self.create_url(open_plan), {"body": "Three, carefully written."})
        assert "You have posted 2 comments in the last 10 minutes" in response.text
        assert "Three, carefully written." in response.text
        assert Comment.objects.count() == 2

    def test_a_double_submit_posts_once(self, open_plan, civil):
        client = client_for(civil)
        first = client.post(self.create_url(open_plan), {"body": "Only once please."})
        second = client.post(self.create_url(open_plan), {"body": "Only once please."})
        assert Comment.objects.count() == 1
        assert first["Location"] == second["Location"]

    def test_someone_elses_organisation_is_refused(self, open_plan, civil):
        from members.tests.factories import OrganisationFactory

        response = client_for(civil).post(
            self.create_url(open_plan), {"body": "For them.", "organisation": OrganisationFactory().pk}
        )
        assert "Select a valid choice" in response.text and not Comment.objects.exists()

    def test_anonymous_readers_are_invited_to_sign_in(self, open_plan, client):
        assert "Sign in to comment." in client.get(open_plan.get_absolute_url()).text


INJECTIONS = [
    ("<script>alert('x')</script>", "<script>alert", "&lt;script&gt;"),
    ('<img src="x" onerror="alert(1)">', "<img", "&lt;img"),
    ("[click](javascript:alert(1))", 'href="javascript:', "click</a>"),
    ("[click](JaVaScRiPt:alert(1))", "href=", "click</a>"),
    ("[click](jav&#x61;script:alert(1))", "href=", "click</a>"),
    ('<a href="https://example.org" onclick="steal()">x</a>', '<a href="https://example.org" onclick', "&lt;a href"),
    ("![tracker](https://evil.example/pixel.png)", "<img", "![tracker]"),
    ("[ok](https://example.org)", "javascript", 'href="https://example.org" rel="nofollow noopener"'),
    ("<div style='position:fixed'>covering</div>", "<div style", "&lt;div"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text", "x</a>"),
]


class TestSanitisation:
    @pytest.mark.parametrize(("body", "absent", "present"), INJECTIONS)
    def test_comments_never_carry_script_or_raw_html(self, open_plan, civil, body, absent, present):
        comment = Comment.objects.post(plan=open_plan, author=civil, body=body)
        text = Client().get(comment.get_absolute_url()).text
        section = text[text.index(f'id="comment-{comment.pk}"') :]
        section = section[: section.index("</article>")]
        assert absent not in section
        assert present in section


class TestRepliesReportsModeration:
    @pytest.fixture
    def comment(self, open_plan, civil):
        return Comment.objects.post(plan=open_plan, author=civil, body="The budget is missing.")

    def test_the_point_of_contact_replies_and_a_reply_to_a_reply_joins_the_thread(self, comment, poc, civil):
        client_for(poc).post(
            reverse("action_plans:comment-reply", args=[comment.plan_id, comment.pk]), {"body": "It is in annex 2."}
        )
        reply = Comment.objects.get(parent=comment)
        response = client_for(civil).post(
            reverse("action_plans:comment-reply", args=[comment.plan_id, reply.pk]), {"body": "Thanks."}
        )
        second = Comment.objects.get(body="Thanks.")
        assert second.parent == comment
        assert response["Location"] == f"{comment.get_absolute_url()}#comment-{second.pk}"
        page = Client().get(comment.get_absolute_url()).text
        assert "It is in annex 2." in page and "Thanks." in page

    def test_a_reply_after_the_period_is_a_form_error(self, comment, civil):
        close_period(comment.plan)
        response = client_for(civil).post(
            reverse("action_plans:comment-reply", args=[comment.plan_id, comment.pk]), {"body": "Still here."}
        )
        assert response.status_code == 400 and "Still here." in response.text
        assert "not open" in response.text

    def test_anyone_signed_in_reports_once(self, comment, irm):
        url = reverse("action_plans:comment-report", args=[comment.plan_id, comment.pk])
        client = client_for(irm)
        first = client.post(url, {"reason": "Off topic."}, follow=True)
        assert "a moderator will look at this comment" in first.text
        second = client.post(url, {"reason": "Again."}, follow=True)
        assert "You have already reported this comment." in second.text
        assert CommentReport.objects.get().reason == "Off topic."

    def test_the_point_of_contact_hides_with_a_reason_shown_to_the_public(self, comment, poc, civil):
        comment.report(by=civil, reason="Mine, by mistake.")
        listing = client_for(poc).get(reverse("action_plans:plan-moderation", args=[comment.plan_id]))
        assert "The budget is missing." in listing.text and "Mine, by mistake." in listing.text
        url = reverse("action_plans:comment-moderate", args=[comment.plan_id, comment.pk])
        client_for(poc).post(url, {"action": "hide", "reason": "Duplicate of another comment."})
        comment.refresh_from_db()
        assert comment.is_hidden
        public = Client().get(comment.plan.get_absolute_url()).text
        assert "This comment was hidden by a moderator: Duplicate of another comment." in public
        assert "The budget is missing." not in public
        moderator = client_for(poc).get(comment.plan.get_absolute_url()).text
        assert "Hidden text (moderators only)" in moderator and "The budget is missing." in moderator

    def test_hiding_without_a_reason_changes_nothing(self, comment, staff):
        url = reverse("action_plans:comment-moderate", args=[comment.plan_id, comment.pk])
        response = client_for(staff).post(url, {"action": "hide", "reason": ""})
        assert response.status_code == 200 and "This field is required." in response.text
        comment.refresh_from_db()
        assert not comment.is_hidden

    def test_a_second_hide_is_refused_not_turned_into_a_restore(self, comment, staff):
        url = reverse("action_plans:comment-moderate", args=[comment.plan_id, comment.pk])
        client_for(staff).post(url, {"action": "hide", "reason": "Spam."})
        response = client_for(staff).post(url, {"action": "hide", "reason": "Spam."})
        assert "already hidden" in response.text
        comment.refresh_from_db()
        assert comment.is_hidden

    def test_restoring(self, comment, staff):
        comment.hide(by=staff, reason="Spam.")
        url = reverse("action_plans:comment-moderate", args=[comment.plan_id, comment.pk])
        client_for(staff).post(url, {"action": "restore", "reason": "Not spam after all."})
        comment.refresh_from_db()
        assert not comment.is_hidden
        assert audit(comment, "comment.restored").get().data["reason"] == "Not spam after all."

    def test_a_long_thread_shows_its_latest_replies_in_lists_and_pages_the_conversation(self, comment, civil, settings):
        settings.COMMENTS_PER_PAGE = 20
        now = timezone.now()
        Comment.objects.bulk_create(
            Comment(
                plan=comment.plan, parent=comment, author=civil, body=f"Reply number {n:02d}.",
                created_at=now + datetime.timedelta(seconds=n),
            )
            for n in range(30)
        )  # fmt: skip
        page = Client().get(comment.plan.get_absolute_url()).text
        shown = [n for n in range(30) if f"Reply number {n:02d}." in page]
        assert shown == [27, 28, 29]
        assert page.index("Reply number 27.") < page.index("Reply number 29.")
        assert "27 more replies — open the conversation" in page
        assert f'href="{comment.get_absolute_url()}">27 more replies' in page

        conversation = Client().get(comment.get_absolute_url()).text
        assert [n for n in range(30) if f"Reply number {n:02d}." in conversation] == list(range(20, 30))
        assert "Page 2 of 2" in conversation and "?page=1" in conversation
        first = Client().get(comment.get_absolute_url(), {"page": 1}).text
        assert [n for n in range(30) if f"Reply number {n:02d}." in first] == list(range(20))

    def test_comments_are_paginated_on_the_plan_page(self, open_plan, civil, settings):
        settings.COMMENTS_PER_PAGE = 2
        now = timezone.now()
        Comment.objects.bulk_create(
            Comment(plan=open_plan, author=civil, body=f"Comment number {n}.", created_at=now) for n in range(5)
        )
        page = Client().get(open_plan.get_absolute_url()).text
        assert "Page 1 of 3" in page and "?comments=2#comments" in page
        second = Client().get(open_plan.get_absolute_url(), {"comments": 3}).text
        assert second.count('class="card mb-3" id="comment-') == 1


def test_commenting_on_a_first_paragraph_is_anchored_on_the_commitment_page(government, poc, civil):
    plan, commitment = published_plan(government, poc)
    open_period(plan, poc)
    Comment.objects.post(
        plan=plan, author=civil, body="Thirty days is slow.", commitment=commitment, field="description",
        paragraph_index=0,
    )  # fmt: skip
    page = Client().get(commitment.get_absolute_url()).text
    assert FIRST in page and "Thirty days is slow." in page
    assert 'data-testid="paragraph-comments"' in page


@pytest.mark.parametrize("query", [{"about": "²"}, {"commitment": "²"}, {"about": "abc"}, {"page": "abc"}])
def test_the_comment_list_ignores_malformed_filters(client, plan, query):
    # "²" passes str.isdigit() but int() refuses it: the list shows every comment instead of a 500.
    response = client.get(reverse("action_plans:comment-list", args=[plan.pk]), query)
    assert response.status_code == 200
