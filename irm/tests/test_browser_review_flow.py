"""An IRM review in headless Chromium against the live portal: the researcher drafts an action plan review,
shares it and opens public comment, a civil society user comments, the researcher answers once the period has
closed and publishes, and the published assessment shows on the commitment page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from irm.models import Review, ReviewComment, ReviewStatus
from members.models import AuditEntry
from ogp_portal.tests.browser import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_researcher_drafts_public_comments_and_publishes(live_server, page, government, irm, civil):
    plan = ActionPlanFactory(
        government=government,
        title="Fifth national action plan",
        status=PlanStatus.IN_IMPLEMENTATION,
        submitted_at=timezone.now() - datetime.timedelta(days=30),
    )
    commitment = CommitmentFactory(plan=plan, number=1, title="Open beneficial ownership register")
    today = timezone.localdate()

    # The researcher starts the action plan review from the workspace and writes it.
    log_in(page, live_server, "irm")
    page.goto(f"{live_server.url}/en/irm/work/")
    page.get_by_role("link", name="Start the action plan review").click()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("status").first).to_contain_text("The review has started.")
    review = Review.objects.get(plan=plan)
    page.get_by_role("link", name="Edit the summary and minimum requirements").click()
    page.get_by_label("Summary").fill("A plan with one ambitious commitment.\n\nThe forum met regularly.")
    for requirement in ("forum_meets_regularly", "forum_rules_public", "repository_public"):
        page.locator(f'input[name="{requirement}"][value="yes"]').check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("status").first).to_contain_text("The review has been saved.")

    page.goto(f"{live_server.url}/en/irm/reviews/{review.pk}/commitments/{commitment.pk}/")
    page.locator('input[name="verifiable"][value="verifiable"]').check()
    page.locator('input[name="open_government_lens"][value="yes"]').check()
    page.get_by_label("relevant to access to information").check()
    page.locator('input[name="potential_for_results"][value="substantial"]').check()
    page.locator('input[name="promising"][value="yes"]').check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Commitment 1 has been assessed.")

    # Shared with the government, then out for public comment for the minimum 14 days.
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    page.get_by_role("button", name="Share the draft with the government").click()
    page.get_by_role("link", name="Open public comment").click()
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Closes on (last day for comments)").fill((today + datetime.timedelta(days=13)).isoformat())
    page.get_by_role("button", name="Open public comment").click()
    expect(page.get_by_role("status").first).to_contain_text("Public comment on the draft is set.")
    expect(page.get_by_test_id("review-comment-period")).to_contain_text("Open")
    log_out(page)

    # A civil society user comments on the public draft, about the commitment.
    log_in(page, live_server, "civil")
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    page.get_by_label("Your comment").fill("The register only covers listed companies.")
    page.get_by_label("About commitment").select_option(label=f"1. {commitment.title}")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.get_by_role("status").first).to_contain_text("Your comment has been posted.")
    log_out(page)
    comment = ReviewComment.objects.get()
    assert (comment.author, comment.commitment, comment.stage) == (civil, commitment, "public")

    # The period closes; the researcher answers, ends public comment and publishes.
    Review.objects.filter(pk=review.pk).update(
        comment_opens_on=today - datetime.timedelta(days=20), comment_closes_on=today - datetime.timedelta(days=1)
    )
    log_in(page, live_server, "irm")
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(page.get_by_test_id("review-unanswered-count")).to_contain_text("1 still unanswered")
    page.get_by_label("Answer this comment").fill("Noted: the final report says the register is partial.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_role("status").first).to_contain_text("The answer has been saved.")
    page.get_by_role("button", name="End public comment and prepare the final report").click()
    page.get_by_role("button", name="Publish the final report").click()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED
    assert AuditEntry.objects.for_object(review).filter(action="irm_review.published", actor=irm).exists()
    log_out(page)

    # Anyone now reads the assessment on the commitment page, and the answered comment on the review.
    page.goto(f"{live_server.url}{commitment.get_absolute_url()}")
    assessment = page.get_by_test_id("irm-assessments")
    expect(assessment).to_contain_text("Action plan review")
    expect(assessment).to_contain_text("Verifiable")
    expect(assessment).to_contain_text("Substantial")
    expect(assessment).to_contain_text("Promising")
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(page.get_by_test_id("answer")).to_contain_text("the register is partial")
