"""Public comment in headless Chromium against the live portal: the point of contact opens the comment
period, a civil society user comments on a paragraph, the point of contact answers it once the period
has closed, then submits the plan."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from action_plans.models import Comment, PlanStatus
from ogp_portal.tests.browser import log_in

from .test_comments_models import SECOND, close_period, published_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_answer_and_submit(live_server, page, government, poc, civil):
    plan, commitment = published_plan(government, poc)
    today = timezone.localdate()

    # The point of contact opens a 14-day comment period from the plan page.
    log_in(page, live_server, "poc")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Open the comment period").click()
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Closes on (last day for comments)").fill((today + datetime.timedelta(days=13)).isoformat())
    page.get_by_role("button", name="Open the comment period").click()
    expect(page.get_by_role("status").first).to_contain_text("The public comment period is set.")
    expect(page.get_by_test_id("comment-period")).to_contain_text("Open")
    page.get_by_role("button", name="Log out").click()

    # A civil society user comments on the second paragraph of the commitment, for their organisation.
    log_in(page, live_server, "civil")
    page.goto(f"{live_server.url}{commitment.get_absolute_url()}")
    page.locator(f"#c{commitment.pk}-description-1").get_by_role("link", name="Comment on this paragraph").click()
    expect(page.locator("blockquote")).to_contain_text(SECOND)
    page.get_by_label("Your comment").fill("Train them **twice** a year, with civil society.")
    page.get_by_label("On behalf of").select_option(label="Regards Citoyens")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.get_by_role("status").first).to_contain_text("Your comment has been posted.")
    expect(page.locator(".comment-body strong")).to_have_text("twice")
    page.goto(f"{live_server.url}{commitment.get_absolute_url()}")
    expect(page.locator(f"#c{commitment.pk}-description-1")).to_contain_text("1 comment on this paragraph")
    page.get_by_role("button", name="Log out").click()
    comment = Comment.objects.get()
    assert (comment.paragraph_index, comment.paragraph_text) == (1, SECOND)

    # The period closes; the point of contact answers the comment, then submits the plan.
    close_period(plan)
    log_in(page, live_server, "poc")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_test_id("unanswered-count")).to_contain_text("1 still without a reasoned response")
    page.get_by_role("link", name="Give a reasoned response").click()
    page.get_by_label("Partly included").check()
    page.get_by_label("Reason").fill("Training once a year, with civil society invited.")
    page.get_by_label("Taken up in commitment").select_option(label=f"1. {commitment.title}")
    page.get_by_role("button", name="Save the reasoned response").click()
    expect(page.get_by_role("status").first).to_contain_text("The reasoned response has been saved.")
    expect(page.get_by_test_id("reasoned-response")).to_contain_text("Partly included")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Submit the plan").click()
    page.get_by_role("button", name="Submit the final plan").click()
    expect(page.get_by_role("status").first).to_contain_text("The action plan has been submitted.")
    expect(page.locator(".badge").filter(has_text="Submitted").first).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == poc
