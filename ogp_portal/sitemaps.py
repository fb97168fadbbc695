"""The sitemap of public pages: an index of sections, each paged, every page in each language with hreflang links.

Built by hand rather than with django.contrib.sitemaps, whose i18n mode lists every item of a section in memory
before paging: with hundreds of thousands of commitments a page of the sitemap would hold them all.
Here a page reads one slice of its queryset.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import translation

from action_plans.models import ActionPlan, Commitment, PlanVersion
from irm.models import Review
from members.models import EligibilityAssessment, Government

# A sitemap file lists 50,000 URLs at most; each item is listed once per language.
ITEMS_PER_PAGE = 50_000 // len(settings.LANGUAGES)

PUBLIC_PAGES = (
    "home",
    "statistics",
    "open_data:index",
    "members:government-list",
    "action_plans:plan-list",
    "action_plans:commitment-explorer",
    "irm:review-list",
)


@dataclass(frozen=True)
class Section:
    name: str
    items: Callable[[], Sequence[Any]]
    location: Callable[[Any], str]
    lastmod: Callable[[Any], Any] = lambda item: None

    def page_count(self) -> int:
        items = self.items()
        total = items.count() if isinstance(items, QuerySet) else len(items)
        return max(math.ceil(total / ITEMS_PER_PAGE), 1)

    def page(self, number: int) -> list[Any]:
        start = (number - 1) * ITEMS_PER_PAGE
        return list(self.items()[start : start + ITEMS_PER_PAGE])


def _readable_plans() -> QuerySet[ActionPlan]:
    """Plans with something public to read: past drafting, or a draft with a published version (in public
    comment there always is one), which is what the public reads of a draft. A draft never published shows
    nothing yet."""
    published = Exists(PlanVersion.objects.filter(plan=OuterRef("pk")))
    return ActionPlan.objects.past_drafting() | ActionPlan.objects.filter(published)


SECTIONS = {
    section.name: section
    for section in (
        Section("pages", lambda: PUBLIC_PAGES, reverse),
        Section("governments", lambda: Government.objects.only("slug").order_by("pk"), lambda g: g.get_absolute_url()),
        # Each assessed year's table, not /eligibility/: that redirects to the latest, and a sitemap lists no redirect.
        Section(
            "eligibility",
            lambda: EligibilityAssessment.objects.order_by("year").values_list("year", flat=True).distinct(),
            lambda year: reverse("members:eligibility-table", args=[year]),
        ),
        Section(
            "action-plans",
            lambda: _readable_plans().only("pk", "updated_at").order_by("pk"),
            lambda plan: plan.get_absolute_url(),
            lambda plan: plan.updated_at,
        ),
        # A commitment of a draft is public only if the latest published version holds it (a snapshot, not a
        # row to filter on), so the commitments of drafts are left out: their plan's page lists them.
        Section(
            "commitments",
            lambda: (
                Commitment.objects.filter(plan__in=ActionPlan.objects.past_drafting())
                .only("pk", "plan_id", "updated_at")
                .order_by("pk")
            ),
            lambda commitment: commitment.get_absolute_url(),
            lambda commitment: commitment.updated_at,
        ),
        Section(
            "irm-reviews",
            lambda: Review.objects.published().only("pk", "published_at").order_by("pk"),
            lambda review: review.get_absolute_url(),
            lambda review: review.published_at,
        ),
    )
}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def index_locations() -> list[str]:
    """The URL of every page of every section (one COUNT query a section)."""
    sitemap = reverse("sitemap")
    return [
        absolute(f"{sitemap}?section={section.name}" + (f"&p={number}" if number > 1 else ""))
        for section in SECTIONS.values()
        for number in range(1, section.page_count() + 1)
    ]


@dataclass(frozen=True)
class Entry:
    location: str
    lastmod: Any
    alternates: list[tuple[str, str]]


def entries(section: Section, number: int) -> list[Entry]:
    """One entry per item and language, each linking to the item in every language (and x-default)."""
    result = []
    for item in section.page(number):
        locations = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                locations[code] = absolute(section.location(item))
        alternates = [*locations.items(), ("x-default", locations[settings.LANGUAGE_CODE])]
        lastmod = section.lastmod(item)
        result.extend(Entry(location, lastmod, alternates) for location in locations.values())
    return result
