"""The IRM sections of the plan, commitment and government pages: published reviews, their scores as badges
and a per-plan summary chart. Scores of a draft never show here, nor does any comment; the plan page links
to the drafts its reader may open (the public ones during public comment; earlier ones for the IRM, staff
and, once shared, the government). Each section costs a fixed number of queries, however many commitments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan, Commitment, OGPValue
from members.models import Government

from ..charts import Distribution, distribution, distributions_svg
from ..models import CommitmentAssessment, Review, ReviewKind, YesNo, fields_for
from ..models.assessments import RELEVANCE_FIELDS

# Published reviews listed on a government's page before "all reviews".
GOVERNMENT_REVIEWS_SHOWN = 10
KIND_ORDER = (ReviewKind.CO_CREATION_BRIEF, ReviewKind.ACTION_PLAN_REVIEW, ReviewKind.RESULTS_REPORT)
# Shown apart from the other scores: relevance per value as one list, the explanation as text.
NOT_BADGES = (*RELEVANCE_FIELDS, "explanation")


def kind_order(prefix: str = "") -> Case:
    return Case(
        *(When(**{f"{prefix}kind": kind}, then=Value(position)) for position, kind in enumerate(KIND_ORDER)),
        output_field=IntegerField(),
    )


# --- Plan page --------------------------------------------------------------------------------


@dataclass
class PlanSummary:
    """The plan's commitments over the scales of its published reviews, for the chart and its table."""

    distributions: list[Distribution]
    chart: SafeString
    chart_id: str
    promising_count: int | None
    starred_count: int | None
    sources: list[Review] = field(default_factory=list)


def _source(reviews: dict[str, Review], rows: list[dict[str, Any]], name: str, kinds: tuple[str, ...]) -> Review | None:
    """The first published review among `kinds` that scored `name` for some commitment."""
    for kind in kinds:
        review = reviews.get(kind)
        if review is not None and any(row[name] for row in rows if row["review_id"] == review.pk):
            return review
    return None


def plan_summary(plan: ActionPlan, published: list[Review]) -> PlanSummary | None:
    """Completion and early results from the results report (or, under the older method, the action plan
    review that scored them), potential for results and promising commitments from the action plan review,
    starred commitments from any published review. One query; None when nothing was scored."""
    reviews = {review.kind: review for review in published if review.is_assessing}
    if not reviews:
        return None
    rows = list(
        CommitmentAssessment.objects.filter(review__in=reviews.values()).values(
            "review_id", "commitment_id", "potential_for_results", "promising", "completion", "early_results", "starred"
        )
    )
    results = (ReviewKind.RESULTS_REPORT, ReviewKind.ACTION_PLAN_REVIEW)
    plan_review = (ReviewKind.ACTION_PLAN_REVIEW,)
    distributions: list[Distribution] = []
    sources: list[Review] = []
    for name, kinds in (("potential_for_results", plan_review), ("completion", results), ("early_results", results)):
        source = _source(reviews, rows, name, kinds)
        if source is None:
            continue
        item = distribution(name, [row[name] for row in rows if row["review_id"] == source.pk])
        if item is not None:
            distributions.append(item)
            if source not in sources:
                sources.append(source)
    action_plan_review = reviews.get(ReviewKind.ACTION_PLAN_REVIEW)
    promising = None
    if action_plan_review is not None and not action_plan_review.uses_older_method:
        promising = sum(
            1 for row in rows if row["review_id"] == action_plan_review.pk and row["promising"] == YesNo.YES
        )
    older = [review for review in reviews.values() if review.uses_older_method]
    starred = len({row["commitment_id"] for row in rows if row["starred"]}) if older else None
    if not distributions and promising is None and starred is None:
        return None
    chart_id = f"irm-summary-{plan.pk}"
    title = _("IRM assessment of the commitments of “%(title)s”") % {"title": plan.title}
    chart = distributions_svg(distributions, chart_id=chart_id, title=title) if distributions else SafeString("")
    return PlanSummary(distributions, chart, chart_id, promising, starred, sources)


def irm_plan_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """The plan's reviews the reader may open (published ones for everyone) and, once published, the summary."""
    reviews = list(
        Review.objects.visible_to(request.user)
        .filter(plan=plan)
        .annotate(kind_order=kind_order())
        .order_by("kind_order")
    )
    published = [review for review in reviews if review.is_published]
    return {"irm_reviews": reviews, "irm_plan_summary": plan_summary(plan, published)}


# --- Commitment page ----------------------------------------------------------------------------


def shown_fields(assessment: CommitmentAssessment) -> list[str]:
    """The scales a published review scored for this commitment, in the review form's order; a commitment
    that is not verifiable is not assessed further."""
    review = assessment.review
    if not assessment.is_reviewable:
        return ["verifiable"]
    names = [name for name in fields_for(review) if name not in NOT_BADGES]
    if review.uses_older_method:
        names.append("starred")
    return names


def irm_commitment_context(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    """This commitment's assessment in each published review of its plan; one query."""
    assessments = list(
        CommitmentAssessment.objects.published()
        .filter(commitment=commitment)
        .select_related("review")
        .annotate(kind_order=kind_order("review__"))
        .order_by("kind_order")
    )
    for assessment in assessments:
        assessment.badge_fields = shown_fields(assessment)
        scored = set(fields_for(assessment.review))
        assessment.relevance = (
            [(value.label, getattr(assessment, f"relevant_{value.value}")) for value in OGPValue]
            if assessment.is_reviewable and scored.intersection(RELEVANCE_FIELDS)
            else []
        )
    return {"irm_assessments": assessments}


# --- Government page ----------------------------------------------------------------------------


def irm_government_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """The government's published reviews, latest first, a bounded number; one query."""
    reviews = list(
        Review.objects.published()
        .filter(plan__government=government)
        .select_related("plan")
        .order_by("-published_at", "-pk")[: GOVERNMENT_REVIEWS_SHOWN + 1]
    )
    return {
        "irm_government_reviews": reviews[:GOVERNMENT_REVIEWS_SHOWN],
        "irm_government_reviews_more": len(reviews) > GOVERNMENT_REVIEWS_SHOWN,
    }
