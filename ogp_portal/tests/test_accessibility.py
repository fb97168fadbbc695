"""WCAG 2.1 AA: axe-core finds no violation on any public page type nor on the main forms, in a small world.

One live server and one browser: each test loops over its pages and fails once, listing every page that
has violations (rule, impact, help, first elements), so one run shows the whole picture.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views import defaults
from playwright.sync_api import expect

from action_plans.models import ActionPlan, Comment, MilestoneStatus, PlanVersion, ShadowPlanStatus
from action_plans.models.versions import snapshot_of
from action_plans.tests.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    MilestoneFactory,
    ShadowCommitmentFactory,
    ShadowPlanFactory,
)
from action_plans.tests.test_comments_models import close_period
from irm.models import ResearcherAssignment
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.models import Forum, ForumMembership, Government, LetterStatus, MembershipStatus
from members.tests.factories import GovernmentFactory, UserFactory
from members.tests.test_letters_transitions import YEAR, complete_letter, make_eligible
from ogp_portal.tests.axe import describe, keep_offline, violations
from ogp_portal.tests.browser import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class World:
    france: Government
    georgia: Government
    public_comment: Any
    commented: Any
    comment: Any
    implementation: Any
    reviewed: Any
    published_review: Any
    draft_review: Any
    shadow: Any
    organisation: Any
    letter: Any


@pytest.fixture
def world(government, other_government, staff, poc, civil, irm, django_capture_on_commit_callbacks) -> World:
    """France, a member with a forum, three plans (public comment, implementation, reviewed), IRM reviews,
    a shadow plan and letters; Georgia, eligible and not yet a member, with its point of contact."""
    organisation = civil.organisations.get()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        forum = Forum.objects.create(government=government, name="Forum ouvert", rules="We meet every quarter.")
        ForumMembership.objects.create(forum=forum, user=civil, organisation=organisation, status="accepted")
        forum.record_meeting(date=today - datetime.timedelta(days=10), by=poc, summary="Priorities for plan 7.")
        GovernmentFactory(local=True, parent=government, name="Paris", slug="fra-paris")

        # Plan 7, in public comment: two published versions, comments on the draft, a reply, a response.
        plan = ActionPlanFactory(government=government, number=7, title="Seventh action plan")
        first = CommitmentFactory(plan=plan, number=1, title="Open contracting")
        MilestoneFactory(commitment=first, number=1)
        CommitmentFactory(plan=plan, number=2, title="Beneficial ownership register")
        plan.publish_version(by=poc, note="First draft")
        first.title = "Open contracting for all public bodies"
        first.save(update_fields=["title"])
        plan.publish_version(by=poc, note="After the forum")
        plan.open_comment_period(opens_on=today, closes_on=today + datetime.timedelta(days=13), by=poc)
        comment = Comment.objects.post(
            plan=plan, author=civil, organisation=organisation, body="Publish within **30 days**.",
            commitment=first, field="description", paragraph_index=0,
        )  # fmt: skip
        Comment.objects.post(plan=plan, author=poc, body="Thank you, we will look at it.", parent=comment)
        Comment.objects.post(plan=plan, author=civil, body="Add a milestone on training.")
        plan.refresh_from_db()

        # Plan 6, in implementation: its final version, progress on milestones, an IRM review being written.
        implementation = ActionPlanFactory(
            government=government, number=6, title="Sixth action plan", in_implementation=True,
            submitted_at=timezone.now() - datetime.timedelta(days=200),
        )  # fmt: skip
        for number in (1, 2):
            commitment = CommitmentFactory(plan=implementation, number=number, title=f"Open budget {number}")
            MilestoneFactory(commitment=commitment, number=1)
        PlanVersion.objects.create(
            plan=implementation, number=1, snapshot=snapshot_of(implementation), published_by=poc
        )
        for status, milestone in zip(
            (MilestoneStatus.SUBSTANTIAL, MilestoneStatus.COMPLETE),
            [c.milestones.get() for c in implementation.commitments.order_by("number")],
            strict=True,
        ):
            milestone.report_progress(status=status, by=poc, reported_on=today, note="Dataset published.")
        draft_review = ReviewFactory(plan=implementation, researcher=irm)
        CommitmentAssessmentFactory(review=draft_review, commitment=implementation.commitments.first())

        # Plan 5: a published IRM review with its assessments.
        reviewed = ActionPlanFactory(
            government=government, number=5, title="Fifth action plan", in_implementation=True, cycle_year=2023,
            start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2025, 8, 31),
            submitted_at=timezone.now() - datetime.timedelta(days=900),
        )  # fmt: skip
        published_review = ReviewFactory(plan=reviewed, researcher=irm, published=True)
        for number, potential in ((1, "substantial"), (2, "modest")):
            CommitmentAssessmentFactory(
                review=published_review, potential_for_results=potential, promising="yes" if number == 1 else "no",
                commitment=CommitmentFactory(plan=reviewed, number=number, title=f"Open justice {number}"),
            )  # fmt: skip
        PlanVersion.objects.create(plan=reviewed, number=1, snapshot=snapshot_of(reviewed), published_by=poc)

        shadow = ShadowPlanFactory(
            government=government, organisation=organisation, created_by=civil,
            status=ShadowPlanStatus.PUBLISHED, published_at=timezone.now(),
        )  # fmt: skip
        ShadowCommitmentFactory(shadow_plan=shadow, number=1)

        # Georgia: eligible, not a member; its point of contact may write the letter of intent.
        georgia = GovernmentFactory(iso3="GEO", slug="geo", name="Georgia", status=MembershipStatus.ELIGIBLE)
        georgia.grant_point_of_contact(UserFactory(username="joining_poc"), by=staff)
        make_eligible(georgia)
        letter = complete_letter(other_government, staff, status=LetterStatus.PUBLISHED)

    # A reasoned response needs the period over; it is then moved back around today, for the comment form.
    period = (plan.comment_opens_on, plan.comment_closes_on)
    close_period(plan)
    comment.respond(by=poc, disposition="partly_included", reason="Within 60 days, as a first step.", commitment=first)
    ActionPlan.objects.filter(pk=plan.pk).update(comment_opens_on=period[0], comment_closes_on=period[1])
    plan.refresh_from_db()
    assert ResearcherAssignment.objects.filter(user=irm, government=government).exists()
    return World(
        france=government, georgia=georgia, public_comment=plan, commented=first, comment=comment,
        implementation=implementation, reviewed=reviewed, published_review=published_review,
        draft_review=draft_review, shadow=shadow, organisation=organisation, letter=letter,
    )  # fmt: skip


def url(name: str, *args: Any, language: str = "en", query: str = "") -> str:
    with translation.override(language):
        return reverse(name, args=args) + query


# (label, callable from the world to a path).
PUBLIC_PAGES = [
    ("home", lambda w: url("home")),
    ("statistics", lambda w: url("statistics")),
    ("government list", lambda w: url("members:government-list")),
    ("government page", lambda w: url("members:government-detail", w.france.slug)),
    ("eligibility table", lambda w: url("members:eligibility-table", YEAR)),
    ("plan list", lambda w: url("action_plans:plan-list")),
    ("plan page (public comment)", lambda w: w.public_comment.get_absolute_url()),
    ("plan page (implementation)", lambda w: w.implementation.get_absolute_url()),
    ("plan progress", lambda w: url("action_plans:plan-progress", w.implementation.pk)),
    ("commitment page", lambda w: w.commented.get_absolute_url()),
    ("version compare", lambda w: url("action_plans:version-compare", w.public_comment.pk)),
    ("comment list", lambda w: url("action_plans:comment-list", w.public_comment.pk)),
    ("comment thread", lambda w: w.comment.get_absolute_url()),
    ("responses report", lambda w: url("action_plans:plan-responses", w.public_comment.pk)),
    ("shadow plan page", lambda w: w.shadow.get_absolute_url()),
    ("commitment explorer", lambda w: url("action_plans:commitment-explorer", query="?q=open")),
    ("organisation list", lambda w: url("members:organisation-list")),
    ("organisation page", lambda w: url("members:organisation-detail", w.organisation.slug)),
    ("letter list", lambda w: url("members:letter-list")),
    ("published letter", lambda w: w.letter.get_absolute_url()),
    ("OGP Local about", lambda w: url("members:local-about")),
    ("IRM review list", lambda w: url("irm:review-list")),
    ("published IRM review", lambda w: w.published_review.get_absolute_url()),
    ("open data", lambda w: url("open_data:index")),
    ("API documentation", lambda w: "/api/v1/"),
    ("login", lambda w: url("login")),
    ("signup", lambda w: url("members:signup")),
    ("password reset", lambda w: url("password_reset")),
    ("404 page", lambda w: url("members:government-detail", "nowhere")),
    ("500 page", lambda w: SERVER_ERROR_PATH),
    # The same templates in French: the lang attribute and translated names must still pass.
    ("government page (fr)", lambda w: url("members:government-detail", w.france.slug, language="fr")),
    ("plan page (fr)", lambda w: url("action_plans:plan-detail", w.public_comment.pk, language="fr")),
    ("published IRM review (fr)", lambda w: url("irm:review-detail", w.published_review.pk, language="fr")),
    ("login (fr)", lambda w: url("login", language="fr")),
]

# (username, [(label, path)]): each form signed in as the role that uses it.
FORM_PAGES = [
    ("civil", [
        ("403 page", lambda w: url("members:government-update", w.france.slug)),
        ("comment form", lambda w: url("action_plans:comment-create", w.public_comment.pk)),
        ("paragraph comment form", lambda w: url(
            "action_plans:comment-create", w.public_comment.pk,
            query=f"?commitment={w.commented.pk}&field=description&paragraph=0",
        )),
        ("subscriptions", lambda w: url("members:subscription-list")),
    ]),
    ("poc", [
        ("plan edit form", lambda w: url("action_plans:plan-update", w.public_comment.pk)),
        ("commitment form", lambda w: url("action_plans:commitment-update", w.public_comment.pk, w.commented.pk)),
        ("new commitment form", lambda w: url("action_plans:commitment-create", w.public_comment.pk)),
        ("plan page as its point of contact", lambda w: w.public_comment.get_absolute_url()),
    ]),
    ("joining_poc", [
        ("letter of intent form", lambda w: url("members:letter-create", w.georgia.slug)),
    ]),
    ("irm", [
        ("review edit form", lambda w: url("irm:review-edit", w.draft_review.pk)),
        ("assessment form", lambda w: url(
            "irm:assessment-edit", w.draft_review.pk, w.implementation.commitments.order_by("number").first().pk
        )),
        ("IRM workspace", lambda w: url("irm:workspace")),
    ]),
    ("staff", [
        ("accountability dashboard", lambda w: url("irm:accountability")),
        ("Response Policy case form", lambda w: url("irm:case-create")),
        ("Response Policy case list", lambda w: url("irm:case-list")),
        ("Support Unit home", lambda w: url("members:staff-home")),
    ]),
]  # fmt: skip

# Pages another piece of issue 7 is still building: the lead removes a line once its page is done.
EXPECTED_STATUS = {"404 page": 404, "500 page": 500}
EXPECTED_STATUS.update({f"403 page as {role}": 403 for role in ("civil",)})
SERVER_ERROR_PATH = "/en/__server-error__/"

PHONE = {"width": 375, "height": 812}
PHONE_PAGES = ["government page", "plan page (public comment)", "commitment page", "published IRM review", "login"]


def serve_the_500_page(page, live_server) -> None:
    """The 500 page as Django's handler renders it (no request context), served at a path of the live server."""
    html = defaults.server_error(RequestFactory().get("/")).content
    page.route(f"{live_server.url}{SERVER_ERROR_PATH}", lambda route: route.fulfill(status=500, body=html))


def audit(page, live_server, label: str, path: str) -> str | None:
    """Load one page and run axe on it: a description of what is wrong, or None."""
    expected_status = EXPECTED_STATUS.get(label, 200)
    response = page.goto(f"{live_server.url}{path}")
    if response is None or response.status != expected_status:
        return f"{label} ({path}): HTTP {response.status if response else 'no response'}, expected {expected_status}"
    if path.startswith("/fr/") and page.locator("html").get_attribute("lang") != "fr":
        return f"{label} ({path}): <html lang> is not fr"
    found = violations(page)
    return describe(f"{label} ({path})", found) if found else None


def fail_if_any(problems: list[str | None], outside: list[str]) -> None:
    problems = [problem for problem in problems if problem]
    if outside:
        problems.append("Requests left the live server: " + ", ".join(sorted(set(outside))))
    assert not problems, "\n\n" + "\n\n".join(problems)


def test_public_pages_have_no_wcag_violations(live_server, page, world):
    outside = keep_offline(page, live_server)
    serve_the_500_page(page, live_server)
    problems = []
    for label, path_of in PUBLIC_PAGES:
        problems.append(audit(page, live_server, label, path_of(world)))
    fail_if_any(problems, outside)


def test_main_forms_have_no_wcag_violations(live_server, page, world):
    outside = keep_offline(page, live_server)
    problems = []
    for username, pages in FORM_PAGES:
        log_in(page, live_server, username)
        problems.append(audit(page, live_server, f"profile of {username}", url("members:profile")))
        for label, path_of in pages:
            problems.append(audit(page, live_server, f"{label} as {username}", path_of(world)))
        log_out(page)
    fail_if_any(problems, outside)


def test_a_form_with_errors_has_no_wcag_violations(live_server, page, world):
    """Errors shown after a refused POST: messages and invalid fields need labels and contrast too."""
    outside = keep_offline(page, live_server)
    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}{url('irm:case-create')}")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="File the case").click()
    assert posted.value.status == 400
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    found = violations(page)
    fail_if_any([describe("case form with errors", found) if found else None], outside)


def test_pages_fit_a_phone_screen(live_server, page, world):
    """At 375 px the menu collapses, opens with its button and passes axe, and nothing scrolls sideways."""
    outside = keep_offline(page, live_server)
    page.set_viewport_size(PHONE)
    pages = dict(PUBLIC_PAGES)
    problems = []
    for label in PHONE_PAGES:
        page.goto(f"{live_server.url}{pages[label](world)}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            wide = page.evaluate(WIDER_THAN_THE_SCREEN, PHONE["width"])
            problems.append(f"{label}: {width}px wide; too wide: {wide}")
    assert page.locator("meta[name=viewport]").get_attribute("content") == "width=device-width, initial-scale=1"
    expect(page.locator("#main-nav")).to_be_hidden()
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.get_by_role("link", name="Action plans")).to_be_visible()
    found = violations(page)
    problems.append(describe("login on a phone, menu open", found) if found else None)
    fail_if_any(problems, outside)


# The innermost elements whose right edge passes the screen's: what to fix when a page scrolls sideways.
WIDER_THAN_THE_SCREEN = """width => {
  const over = e => e.getBoundingClientRect().right > width + 1;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '');
  const innermost = [...document.querySelectorAll('body *')].filter(e => over(e) && ![...e.children].some(over));
  return innermost.slice(0, 5).map(name);
}"""
