"""Acting contrary to process, computed from the data: findings per cycle, and the two-strike escalation.

A government's cycles are the cycle years of its plans and of its findings, in order; two cycles are
consecutive when no other cycle of that government lies between them. A cycle is contrary to process when
it has a finding of any kind:
- its plan was not delivered before 1 January after its due date (recorded by the action plans' daily task);
- no plan was delivered within PROCEDURAL_NO_PLAN_MONTHS months after the end of the previous plan
  (the finding is on that previous plan; its cycle is the one that followed it: the next plan's, or
  while there is none, the year the previous plan ended, when the next plan was due);
- a published review found the co-creation minimum requirements not met;
- a published results report found no progress on any commitment (every commitment whose completion it
  assessed was "not started" or "no evidence available").
PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES consecutive such cycles place the member under procedural review.

Everything here can run any number of times: findings are recorded once per plan and kind, and a run of
cycles opens at most one review. Cycles up to the last review's second cycle are spent: a member whose
review was lifted starts counting again from the cycle after it (it rectified that later instance).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from action_plans.models import DRAFTING_STATUSES, ActionPlan, FindingKind, ProcessFinding
from members.models import Government
from ogp_portal.i18n import site_language

from .models import ProceduralReview, Review, ReviewKind
from .models.reviews import ASSESSING_KINDS
from .models.scales import SOME_PROGRESS, Completion

# Completion levels that are an assessment of "no progress" (a blank completion is no assessment at all).
NO_PROGRESS = (Completion.NOT_STARTED, Completion.NO_EVIDENCE)

Cycles = list[tuple[int, bool]]
# Members deliver a plan every two years (odd- or even-year cohorts): the length of a cycle with no plan.
CYCLE_YEARS = 2


@dataclass
class Outcome:
    findings: list[ProcessFinding] = field(default_factory=list)
    procedural_review: ProceduralReview | None = None


@dataclass(frozen=True)
class AtRisk:
    """A member with contrary cycles in a row that one more would turn into a procedural review."""

    government: Government
    cycle_years: list[int]


def _delivered_on(plan: ActionPlan) -> datetime.date | None:
    return timezone.localdate(plan.submitted_at) if plan.submitted_at else None


def no_plan_deadline(plan: ActionPlan) -> datetime.date:
    """The last day on which the next plan is in time: PROCEDURAL_NO_PLAN_MONTHS months after `plan` ends."""
    return plan.end_date + relativedelta(months=settings.PROCEDURAL_NO_PLAN_MONTHS)


def record_missing_plans(government: Government, today: datetime.date) -> list[ProcessFinding]:
    """A plan delivered (or implemented) whose next plan was not delivered by the no-plan deadline: contrary
    to process. Judged from the day after the deadline; a plan delivered on the deadline itself is in time."""
    months = settings.PROCEDURAL_NO_PLAN_MONTHS
    plans = list(government.action_plans.order_by("number"))
    created = []
    for index, plan in enumerate(plans):
        if plan.status in DRAFTING_STATUSES:
            continue
        deadline = no_plan_deadline(plan)
        if today <= deadline:
            continue
        later = plans[index + 1 :]
        if any(other.submitted_at is None and other.status not in DRAFTING_STATUSES for other in later):
            # A later plan from imported history, delivered on an unknown date: not ours to judge.
            continue
        delivered = [day for day in map(_delivered_on, later) if day is not None]
        if delivered and min(delivered) <= deadline:
            continue
        finding, was_created = ProcessFinding.objects.record(
            plan=plan,
            kind=FindingKind.NO_PLAN_WITHIN_12_MONTHS,
            # The cycle that followed: the next plan's when there is one (a cohort change may have moved
            # it), else the year this plan ended, when the next one was due.
            cycle_year=later[0].cycle_year if later else plan.end_date.year,
            details=site_language(
                gettext_noop("No action plan was delivered by %(deadline)s, %(months)d months after %(end)s."),
                deadline=deadline.isoformat(),
                months=months,
                end=plan.end_date.isoformat(),
            ),
        )
        if was_created:
            created.append(finding)
        if not later:
            created += record_empty_cycles(plan, finding.cycle_year, deadline, today)
    return created


def record_empty_cycles(
    plan: ActionPlan, first_cycle_year: int, deadline: datetime.date, today: datetime.date
) -> list[ProcessFinding]:
    """Each further cycle that passes with no plan at all after `plan` is contrary to process too.

    Otherwise a member that stops delivering plans would have one finding and never two consecutive
    ones. Cohorts deliver every CYCLE_YEARS years: cycle k is judged CYCLE_YEARS x k years after the
    first deadline, and recorded without a plan (there is none to record it on).
    """
    created = []
    cycle = 1
    while today > deadline + relativedelta(years=CYCLE_YEARS * cycle):
        finding, was_created = ProcessFinding.objects.record(
            government=plan.government,
            kind=FindingKind.NO_PLAN_WITHIN_12_MONTHS,
            cycle_year=first_cycle_year + CYCLE_YEARS * cycle,
            details=site_language(
                gettext_noop("Still no action plan by %(deadline)s, since the previous one ended on %(end)s."),
                deadline=(deadline + relativedelta(years=CYCLE_YEARS * cycle)).isoformat(),
                end=plan.end_date.isoformat(),
            ),
        )
        if was_created:
            created.append(finding)
        cycle += 1
    return created


def record_review_findings(government: Government) -> list[ProcessFinding]:
    """Findings from published reviews (drafts never count): minimum requirements not met, and no progress
    on any commitment."""
    created = []
    reviews = Review.objects.published().filter(plan__government=government, kind__in=ASSESSING_KINDS)
    for review in reviews.minimum_requirements_not_met().select_related("plan"):
        with translation.override(settings.LANGUAGE_CODE):
            report = str(ReviewKind(review.kind).label).lower()
        finding, was_created = ProcessFinding.objects.record(
            plan=review.plan,
            kind=FindingKind.MINIMUM_REQUIREMENTS_NOT_MET,
            cycle_year=review.plan.cycle_year,
            details=site_language(
                gettext_noop("The IRM's %(report)s found the co-creation minimum requirements not met."),
                report=report,
            ),
        )
        if was_created:
            created.append(finding)
    # Some commitment assessed as not started or without evidence, and none with any progress.
    results = reviews.filter(kind=ReviewKind.RESULTS_REPORT, assessments__completion__in=NO_PROGRESS).distinct()
    for review in results.exclude(assessments__completion__in=SOME_PROGRESS).select_related("plan"):
        finding, was_created = ProcessFinding.objects.record(
            plan=review.plan,
            kind=FindingKind.NO_PROGRESS,
            cycle_year=review.plan.cycle_year,
            details=site_language(gettext_noop("The IRM's results report found no progress on any commitment.")),
        )
        if was_created:
            created.append(finding)
    return created


def cycles_of(plan_years: Iterable[int], contrary_years: Iterable[int]) -> Cycles:
    """The cycles in order, each with whether it was contrary to process."""
    contrary = set(contrary_years)
    return [(year, year in contrary) for year in sorted(set(plan_years) | contrary)]


def contrary_cycles(government: Government) -> Cycles:
    """The government's cycles in order, each with whether it was contrary to process."""
    return cycles_of(
        government.action_plans.values_list("cycle_year", flat=True),
        government.process_findings.values_list("cycle_year", flat=True),
    )


def unspent(cycles: Cycles, spent: int) -> Cycles:
    """The cycles after `spent`, the second cycle of the government's last procedural review (0 for none)."""
    return [(year, contrary) for year, contrary in cycles if year > spent]


def latest_run(cycles: Cycles, needed: int) -> list[int] | None:
    """The latest `needed` consecutive contrary cycles, if there are."""
    for end in range(len(cycles), needed - 1, -1):
        window = cycles[end - needed : end]
        if all(contrary for _, contrary in window):
            return [year for year, _ in window]
    return None


def strikes(cycles: Cycles) -> list[int]:
    """The run of consecutive contrary cycles a further contrary cycle would extend: the run ending at the
    latest cycle, or at the one before it (the latest may still be found contrary, say by its results
    report). Empty when a cycle not contrary to process lies between the last finding and the latest cycle."""
    contrary_at = [index for index, (_, contrary) in enumerate(cycles) if contrary]
    if not contrary_at or len(cycles) - 1 - contrary_at[-1] > 1:
        return []
    run = []
    for year, contrary in reversed(cycles[: contrary_at[-1] + 1]):
        if not contrary:
            break
        run.append(year)
    return run[::-1]


def escalate(government: Government) -> ProceduralReview | None:
    """Open a procedural review for the latest run of consecutive contrary cycles not spent yet."""
    spent = government.procedural_reviews.aggregate(last=Max("second_cycle_year"))["last"] or 0
    run = latest_run(unspent(contrary_cycles(government), spent), settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES)
    if run is None:
        return None
    return ProceduralReview.open_for(government, run[0], run[-1])


def recompute(government: Government, today: datetime.date | None = None) -> Outcome:
    """Record what the data shows about one government and escalate if it must; idempotent."""
    today = today or timezone.localdate()
    outcome = Outcome()
    outcome.findings += record_missing_plans(government, today)
    outcome.findings += record_review_findings(government)
    outcome.procedural_review = escalate(government)
    return outcome


def recompute_all(today: datetime.date | None = None) -> dict[str, int]:
    """`recompute` for every member government; returns how many findings and reviews it opened."""
    counts = {"findings": 0, "procedural_reviews": 0}
    for government in Government.objects.members().order_by("pk"):
        outcome = recompute(government, today)
        counts["findings"] += len(outcome.findings)
        counts["procedural_reviews"] += outcome.procedural_review is not None
    return counts


def governments_at_risk() -> list[AtRisk]:
    """Members not under procedural review with unspent consecutive contrary cycles short of the number that
    escalates ("one strike" by default); a fixed number of queries however many governments."""
    needed = settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES
    finding_years: dict[int, set[int]] = defaultdict(set)
    for government_id, year in ProcessFinding.objects.values_list("government_id", "cycle_year"):
        finding_years[government_id].add(year)
    spent = dict(
        ProceduralReview.objects.order_by()
        .values("government_id")
        .annotate(last=Max("second_cycle_year"))
        .values_list("government_id", "last")
    )
    under_review = set(ProceduralReview.objects.open().values_list("government_id", flat=True))
    candidates = [pk for pk, years in finding_years.items() if pk not in under_review and max(years) > spent.get(pk, 0)]
    if not candidates:
        return []
    plan_years: dict[int, set[int]] = defaultdict(set)
    for government_id, year in ActionPlan.objects.filter(government_id__in=candidates).values_list(
        "government_id", "cycle_year"
    ):
        plan_years[government_id].add(year)
    governments = Government.objects.members().in_bulk(candidates)
    at_risk = []
    for pk, government in governments.items():
        run = strikes(unspent(cycles_of(plan_years[pk], finding_years[pk]), spent.get(pk, 0)))
        if 0 < len(run) < needed:
            at_risk.append(AtRisk(government, run))
    return sorted(at_risk, key=lambda item: (-item.cycle_years[-1], item.government.name))
