"""The portal's public figures, computed in the database in a fixed number of queries whatever the data size.

Only public data counts: plans past drafting (a draft's commitments may still change) and published IRM
reviews. A commitment scored in two published reviews (the older method scored completion at mid-term
and at the end) counts once, with the results report's score.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from action_plans.models import DRAFTING_STATUSES, ActionPlan, Commitment, PlanStatus, PolicyArea, due_date_for
from irm.models import CommitmentAssessment, Review, ReviewKind, ReviewStatus
from irm.models.scales import HIGH_COMPLETION, STRONG_EARLY_RESULTS
from members.models import Cohort, EligibilityAssessment, Government, Region

# Plans past drafting: their commitments are final and public.
PUBLIC_PLAN_STATUSES = tuple(status for status in PlanStatus if status not in DRAFTING_STATUSES)
# How many open comment periods the home page lists, soonest closing first.
DEADLINES_SHOWN = 5


def public_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(status__in=PUBLIC_PLAN_STATUSES)


def public_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.filter(plan__status__in=PUBLIC_PLAN_STATUSES)


def final_assessments(field: str) -> QuerySet[CommitmentAssessment]:
    """One published score of `field` per commitment of a public plan: the results report's when it has one."""
    superseded = CommitmentAssessment.objects.published().filter(
        commitment=OuterRef("commitment"), review__kind=ReviewKind.RESULTS_REPORT, **{f"{field}__gt": ""}
    )
    return (
        CommitmentAssessment.objects.published()
        .filter(**{f"{field}__gt": ""})
        .filter(commitment__plan__status__in=PUBLIC_PLAN_STATUSES)
        .exclude(Q(review__kind=ReviewKind.ACTION_PLAN_REVIEW) & Exists(superseded))
    )


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Membership:
    national: int
    local: int
    population: int
    cohort_members: dict[str, int]


def membership() -> Membership:
    members = Q(status__in=Government.MEMBER_STATUSES)
    national = members & Q(kind=Government.Kind.NATIONAL)
    row = Government.objects.aggregate(
        national=Count("pk", filter=national),
        local=Count("pk", filter=members & Q(kind=Government.Kind.LOCAL)),
        # Local governments live inside a national one: adding them would count people twice.
        population=Sum("population", filter=national),
        odd=Count("pk", filter=national & Q(cohort=Cohort.ODD)),
        even=Count("pk", filter=national & Q(cohort=Cohort.EVEN)),
    )
    return Membership(
        national=row["national"],
        local=row["local"],
        population=row["population"] or 0,
        cohort_members={Cohort.ODD: row["odd"], Cohort.EVEN: row["even"]},
    )


@dataclass(frozen=True)
class Completion:
    assessed: int
    high: int

    @property
    def high_percent(self) -> int | None:
        return percent(self.high, self.assessed)


def completion() -> Completion:
    row = final_assessments("completion").aggregate(
        assessed=Count("pk"), high=Count("pk", filter=Q(completion__in=HIGH_COMPLETION))
    )
    return Completion(assessed=row["assessed"], high=row["high"])


@dataclass(frozen=True)
class DueDate:
    date: datetime.date
    cohort: str
    members: int

    @property
    def cohort_label(self) -> str:
        return Cohort(self.cohort).label


def next_due_date(cohort_members: dict[str, int], today: datetime.date | None = None) -> DueDate:
    """The next 31 August (a setting) and the cohort whose plans are due then: odd years, odd cohort."""
    today = today or timezone.localdate()
    due = due_date_for(today.year)
    if due < today:
        due = due_date_for(today.year + 1)
    cohort = Cohort.ODD if due.year % 2 else Cohort.EVEN
    return DueDate(date=due, cohort=cohort, members=cohort_members[cohort])


def open_plan_comment_periods(today: datetime.date | None = None) -> list[ActionPlan]:
    today = today or timezone.localdate()
    plans = ActionPlan.objects.filter(
        status=PlanStatus.PUBLIC_COMMENT, comment_opens_on__lte=today, comment_closes_on__gte=today
    )
    return list(plans.select_related("government").order_by("comment_closes_on", "pk")[:DEADLINES_SHOWN])


def open_review_comment_periods(today: datetime.date | None = None) -> list[Review]:
    today = today or timezone.localdate()
    reviews = Review.objects.filter(
        status=ReviewStatus.PUBLIC_COMMENT, comment_opens_on__lte=today, comment_closes_on__gte=today
    )
    return list(reviews.select_related("plan__government").order_by("comment_closes_on", "pk")[:DEADLINES_SHOWN])


def home_statistics(today: datetime.date | None = None) -> dict:
    """Everything the home page shows, in seven queries."""
    members = membership()
    return {
        "members": members,
        "plan_count": public_plans().count(),
        "commitment_count": public_commitments().count(),
        "completion": completion(),
        "next_due": next_due_date(members.cohort_members, today),
        "open_plans": open_plan_comment_periods(today),
        "open_reviews": open_review_comment_periods(today),
    }


# --- The statistics page's charts ----------------------------------------------------------------


def commitments_by_policy_area() -> list[tuple[str, int]]:
    """(area name, commitments of public plans) for each area with any, most first; then those without."""
    public = Q(commitments__plan__status__in=PUBLIC_PLAN_STATUSES)
    areas = (
        PolicyArea.objects.annotate(count=Count("commitments", filter=public))
        .filter(count__gt=0)
        .order_by("-count", "name")
    )
    rows = [(area.localized_name, area.count) for area in areas]
    untagged = public_commitments().filter(policy_areas__isnull=True).count()
    if untagged:
        rows.append((gettext("No policy area"), untagged))
    return rows


@dataclass(frozen=True)
class CycleResults:
    cycle_year: int
    completion_assessed: int = 0
    high_completion: int = 0
    early_results_assessed: int = 0
    strong_early_results: int = 0

    @property
    def high_completion_percent(self) -> int | None:
        return percent(self.high_completion, self.completion_assessed)

    @property
    def strong_early_results_percent(self) -> int | None:
        return percent(self.strong_early_results, self.early_results_assessed)


def results_by_cycle() -> list[CycleResults]:
    """Completion and early results of each plan cycle, from published IRM assessments, oldest cycle first."""
    year = "commitment__plan__cycle_year"
    completion_rows = (
        final_assessments("completion")
        .values(year)
        .annotate(assessed=Count("pk"), high=Count("pk", filter=Q(completion__in=HIGH_COMPLETION)))
        .order_by()
    )
    results_rows = (
        final_assessments("early_results")
        .values(year)
        .annotate(assessed=Count("pk"), strong=Count("pk", filter=Q(early_results__in=STRONG_EARLY_RESULTS)))
        .order_by()
    )
    by_year: dict[int, dict[str, int]] = {}
    for row in completion_rows:
        by_year.setdefault(row[year], {}).update(completion_assessed=row["assessed"], high_completion=row["high"])
    for row in results_rows:
        by_year.setdefault(row[year], {}).update(
            early_results_assessed=row["assessed"], strong_early_results=row["strong"]
        )
    return [CycleResults(cycle_year=cycle, **counts) for cycle, counts in sorted(by_year.items())]


@dataclass(frozen=True)
class RegionEligibility:
    region: str
    assessed: int
    eligible: int
    average_percent: Decimal | None

    @property
    def label(self) -> str:
        return Region(self.region).label

    @property
    def not_eligible(self) -> int:
        return self.assessed - self.eligible


def eligibility_by_region() -> tuple[int | None, list[RegionEligibility]]:
    """The latest assessed year and, for each region with assessments that year, the average score and counts."""
    year = EligibilityAssessment.objects.aggregate(latest=Max("year"))["latest"]
    if year is None:
        return None, []
    rows = (
        EligibilityAssessment.objects.filter(year=year)
        .values("government__region")
        .annotate(assessed=Count("pk"), eligible=Count("pk", filter=Q(eligible=True)), average=Avg("percent"))
        .order_by()
    )
    found = {row["government__region"]: row for row in rows}
    regions = [
        RegionEligibility(
            region=region,
            assessed=found[region]["assessed"],
            eligible=found[region]["eligible"],
            average_percent=None
            if found[region]["average"] is None
            else Decimal(str(found[region]["average"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        )
        for region in Region.values
        if region in found
    ]
    return year, regions
