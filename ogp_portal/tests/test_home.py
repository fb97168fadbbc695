"""The home page shows live figures from the data, never hard-coded ones, in a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from irm.models import ReviewKind
from irm.tests.factories import CommitmentAssessmentFactory, ReviewFactory
from members.tests.factories import GovernmentFactory

from .test_statistics import build_world

pytestmark = pytest.mark.django_db


def figure(page, testid):
    match = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    assert match, testid
    return match.group(1).strip()


@pytest.fixture
def world():
    return build_world()


def test_the_home_page_shows_the_figures_of_the_small_world(client, world):
    page = client.get(reverse("home")).text
    assert figure(page, "national-members") == "2"
    assert figure(page, "local-members") == "1"
    assert figure(page, "population") == "198,000,000"
    assert figure(page, "plan-count") == "2"
    assert figure(page, "commitment-count") == "5"
    assert figure(page, "high-completion") == "50%"
    assert "2 of the 4 commitments whose completion the IRM assessed" in page
    assert "National members only" in page


def test_the_figures_change_when_the_data_changes(client, world):
    GovernmentFactory(iso3="BRA", slug="bra", name="Brazil", population=1_000_000)
    plan = ActionPlanFactory(government=world["france"], number=7, status=PlanStatus.SUBMITTED)
    review = ReviewFactory(plan=plan, kind=ReviewKind.RESULTS_REPORT, published=True)
    for number in (1, 2):
        CommitmentAssessmentFactory(
            review=review, commitment=CommitmentFactory(plan=plan, number=number), completion="complete"
        )
    page = client.get(reverse("home")).text
    assert figure(page, "national-members") == "3"
    assert figure(page, "population") == "199,000,000"
    assert figure(page, "plan-count") == "3"
    assert figure(page, "commitment-count") == "7"
    assert figure(page, "high-completion") == "67%"  # 4 of 6


def test_no_assessment_yet(client, db):
    page = client.get(reverse("home")).text
    assert figure(page, "high-completion") == "No assessment yet"
    assert figure(page, "plan-count") == "0"
    assert "No public comment period is open right now." in page


def test_the_next_deadlines_link_to_what_is_open(client, world):
    page = client.get(reverse("home")).text
    today = timezone.localdate()
    due = datetime.date(today.year, 8, 31)
    if due < today:
        due = datetime.date(today.year + 1, 8, 31)
    cohort = "odd" if due.year % 2 else "even"
    assert formats.date_format(due) in page
    assert f"?kind=national&amp;cohort={cohort}" in page
    assert "national member of the" in page  # one member in each cohort of the small world
    assert world["in_comment"].get_absolute_url() in page
    assert "Mexico draft for comment" in page
    assert world["in_comment_review"].get_absolute_url() in page
    assert "Closed period" not in page


def test_no_colon_is_glued_to_a_date_in_french(client, world):
    """French puts a space before a colon; the separators the template writes itself are dashes."""
    page = client.get("/fr/").text
    start = page.index('data-testid="home-deadlines"')
    deadlines = page[start : page.index("</section>", start)]
    assert deadlines.count("<strong>") == 3
    assert "</strong>:" not in deadlines and "</strong> —" in deadlines


def test_the_figures_say_how_many_members_and_the_sign_up_link_is_named_as_in_the_menu(client, world):
    page = client.get(reverse("home")).text
    assert "2 national and 1 local members on this portal." in page
    assert f'<a class="btn btn-outline-secondary" href="{reverse("members:signup")}">Sign up</a>' in page


def test_the_home_page_links_to_every_public_section(client, db):
    page = client.get(reverse("home")).text
    for name in (
        "members:government-list",
        "action_plans:plan-list",
        "action_plans:commitment-explorer",
        "irm:review-list",
        "statistics",
        "open_data:index",
    ):
        assert f'href="{reverse(name)}"' in page, name


def test_drafts_and_unpublished_reviews_never_show(client, world):
    page = client.get(reverse("home")).text
    # France's draft has 4 commitments and Mexico's unpublished results report scores B1 complete.
    assert figure(page, "commitment-count") != "9"
    assert figure(page, "high-completion") == "50%"


def grow(count):
    for number in range(count):
        government = GovernmentFactory(population=1000, cohort="odd")
        plan = ActionPlanFactory(government=government, number=1, status=PlanStatus.ENDED)
        review = ReviewFactory(plan=plan, kind=ReviewKind.RESULTS_REPORT, published=True)
        CommitmentAssessmentFactory(review=review, commitment=CommitmentFactory(plan=plan), completion="limited")
        ActionPlanFactory(
            government=government,
            number=2,
            status=PlanStatus.PUBLIC_COMMENT,
            comment_opens_on=timezone.localdate(),
            comment_closes_on=timezone.localdate() + datetime.timedelta(days=30 + number),
        )


@pytest.mark.parametrize("count", [3, 30])
def test_the_home_page_runs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    grow(count)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("home")).text
    assert page.count('data-testid="open-plan"') == min(1 + count, 5)


def test_every_role_sees_the_home_page(role_client, world):
    _role, client = role_client
    assert client.get(reverse("home")).status_code == 200


LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"}}


@pytest.mark.django_db
def test_figures_are_recomputed_at_most_every_cache_period(client, settings, django_assert_max_num_queries):
    """With a cache period, a second visit reads the figures from the cache: it runs no figure query, and a
    new member shows once the period is over (here: once the cache is cleared)."""
    from django.core.cache import cache

    settings.CACHES = LOCAL_CACHE
    settings.PUBLIC_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    GovernmentFactory(status="member", kind="national")
    first = client.get(reverse("home"))
    GovernmentFactory(status="member", kind="national")
    with django_assert_max_num_queries(0):
        second = client.get(reverse("home"))
    assert first.context["members"] == second.context["members"]
    cache.clear()
    assert client.get(reverse("home")).context["members"].national == first.context["members"].national + 1
