"""The open datasets: their columns (the schema page lists them) and the rows each streams.

Only public data goes in: governments, eligibility results, plans past drafting with their commitments and
milestones, the assessments of published IRM reviews, visible plan comments with their reasoned responses and
non-confidential comments on published IRM reviews with the IRM's answer. Never people (authors, emails,
contacts), drafts, hidden or confidential content. Every row carries stable public ids (`identifiers`), never
database keys, and a link to its page on the portal.

Each row function reads its queryset with `iterator(chunk_size=CHUNK_SIZE)`: a fixed number of queries per
chunk (prefetches included), and one chunk in memory at a time, however many rows there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from action_plans.models import DRAFTING_STATUSES, ActionPlan, Comment, Commitment, Milestone, OGPValue, PlanStatus
from action_plans.models.comments import Disposition
from action_plans.models.commitments import MilestoneStatus
from irm.models import CommitmentAssessment, Review, ReviewComment, ReviewKind
from irm.models.review_comments import CommentStage
from irm.models.scales import (
    Completion,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    Verifiability,
    YesNo,
)
from members.models import EligibilityAssessment, Government
from members.models.governments import Cohort, GovernmentKind, MembershipStatus, Region
from members.scoring import CoreResult, Criterion, ValuesCheck

from . import identifiers as ids

CHUNK_SIZE = 500

TYPES: dict[str, Promise] = {
    "id": _("stable identifier (text)"),
    "text": _("text"),
    "integer": _("whole number"),
    "decimal": _("decimal number"),
    "boolean": _("true or false"),
    "date": _("date (YYYY-MM-DD)"),
    "datetime": _("date and time (ISO 8601, UTC)"),
    "url": _("web address"),
    "list": _("list of texts (JSON: an array; CSV: joined by “; ”)"),
    "objects": _("list of objects (JSON: an array; CSV: the same array as JSON text)"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Promise | str
    choices: type[models.Choices] | None = None
    # Values of `choices` that no row of the dataset can hold (the statuses of plans still being drafted).
    never: tuple[str, ...] = ()

    @property
    def type_label(self) -> Promise:
        return TYPES[self.type]

    @property
    def allowed_values(self) -> list[tuple[Any, str]]:
        choices = self.choices.choices if self.choices else []
        return [(value, label) for value, label in choices if value not in self.never]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[dict[str, Any]]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _values(obj: Any, prefix: str = "") -> list[str]:
    return [value.value for value in OGPValue if getattr(obj, f"{prefix}{value.value}")]


# --- Governments ---------------------------------------------------------------------------------

GOVERNMENT_COLUMNS = (
    Column("id", "id", _("ISO 3166 alpha-3 code of a national government; the slug of a local one.")),
    Column("kind", "text", _("National or local government."), GovernmentKind),
    Column("name", "text", _("Name in English.")),
    Column("name_fr", "text", _("Name in French (empty when the same as in English).")),
    Column("name_es", "text", _("Name in Spanish (empty when the same as in English).")),
    Column("country", "id", _("For a local government: the id of its country.")),
    Column("region", "text", _("OGP region."), Region),
    Column("status", "text", _("Membership status today."), MembershipStatus),
    Column("cohort", "text", _("Whether its action plans are due in odd or even years."), Cohort),
    Column("member_since", "integer", _("Year it joined OGP.")),
    Column("is_founding_member", "boolean", _("One of the eight founding members of 2011.")),
    Column("population", "integer", _("Population.")),
    Column("lead_agency", "text", _("Ministry or agency that coordinates its OGP process.")),
    Column("website", "url", _("The government's own page on its OGP process.")),
    Column("url", "url", _("Its page on this portal.")),
)


def government_rows() -> Iterator[dict[str, Any]]:
    governments = Government.objects.select_related("parent").order_by("pk")
    for government in governments.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": ids.government_id(government),
            "kind": government.kind,
            "name": government.name,
            "name_fr": government.name_fr,
            "name_es": government.name_es,
            "country": ids.government_id(government.parent) if government.parent else None,
            "region": government.region,
            "status": government.status,
            "cohort": government.cohort,
            "member_since": government.member_since,
            "is_founding_member": government.is_founding_member,
            "population": government.population,
            "lead_agency": government.lead_agency,
            "website": government.website,
            "url": _absolute(government.get_absolute_url()),
        }


# --- Eligibility -------------------------------------------------------------------------------

ELIGIBILITY_COLUMNS = (
    Column("id", "id", _("Government id and year, e.g. FRA/2024.")),
    Column("government", "id", _("The government assessed.")),
    Column("year", "integer", _("Year of the assessment.")),
    Column("ruleset_version", "text", _("Version of OGP's eligibility rules applied.")),
    *(Column(criterion.value, "integer", _("Points for this criterion (empty: no data).")) for criterion in Criterion),
    Column("total", "integer", _("Points in all.")),
    Column("maximum", "integer", _("Points possible with the data available.")),
    Column("percent", "decimal", _("Total as a percentage of the maximum.")),
    Column("core_result", "text", _("Whether the core criteria are met."), CoreResult),
    Column("values_check", "text", _("Result of the OGP values check."), ValuesCheck),
    Column("eligible", "boolean", _("Eligible to take part in OGP that year.")),
    Column("changed", "boolean", _("The result differs from the previous year's.")),
    Column("computed_at", "datetime", _("When the result was computed.")),
)


def eligibility_rows() -> Iterator[dict[str, Any]]:
    assessments = EligibilityAssessment.objects.select_related("government").order_by("pk")
    for assessment in assessments.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": ids.eligibility_id(assessment),
            "government": ids.government_id(assessment.government),
            "year": assessment.year,
            "ruleset_version": assessment.ruleset_version,
            **{criterion: getattr(assessment, criterion) for criterion in Criterion.values},
            "total": assessment.total,
            "maximum": assessment.maximum,
            "percent": assessment.percent,
            "core_result": assessment.core_result,
            "values_check": assessment.values_check,
            "eligible": assessment.eligible,
            "changed": assessment.changed,
            "computed_at": assessment.computed_at,
        }


# --- Action plans ------------------------------------------------------------------------------

PLAN_COLUMNS = (
    Column("id", "id", _("Government id and cycle year, e.g. FRA-2024 (see the identifier rules).")),
    Column("government", "id", _("The government whose plan it is.")),
    Column("number", "integer", _("1 for the government's first plan.")),
    Column("title", "text", _("Title.")),
    Column("cycle_year", "integer", _("The year the plan was due.")),
    Column("length_years", "integer", _("Two or four years.")),
    Column("start_date", "date", _("Implementation start date.")),
    Column("end_date", "date", _("Implementation end date.")),
    Column("status", "text", _("Stage of the plan."), PlanStatus, never=DRAFTING_STATUSES),
    Column("submitted_at", "datetime", _("When the plan was delivered to OGP.")),
    Column("implementation_started_at", "datetime", _("When implementation started.")),
    Column("ended_at", "datetime", _("When implementation ended.")),
    Column("url", "url", _("Its page on this portal.")),
)


def plan_rows() -> Iterator[dict[str, Any]]:
    plans = (
        ActionPlan.objects.past_drafting()
        .select_related("government")
        .annotate(**{ids.LATER_IN_CYCLE: ids.later_in_cycle()})
        .order_by("pk")
    )
    for plan in plans.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": ids.plan_id(plan, getattr(plan, ids.LATER_IN_CYCLE)),
            "government": ids.government_id(plan.government),
            "number": plan.number,
            "title": plan.title,
            "cycle_year": plan.cycle_year,
            "length_years": plan.length_years,
            "start_date": plan.start_date,
            "end_date": plan.end_date,
            "status": plan.status,
            "submitted_at": plan.submitted_at,
            "implementation_started_at": plan.implementation_started_at,
            "ended_at": plan.ended_at,
            "url": _absolute(plan.get_absolute_url()),
        }


# --- Commitments and milestones ------------------------------------------------------------------

MILESTONE_COLUMNS = (
    Column("id", "id", _("Commitment id, a dot and the milestone number, e.g. FRA-2024-07.2.")),
    Column("commitment", "id", _("The commitment it belongs to.")),
    Column("number", "integer", _("Position in the commitment.")),
    Column("description", "text", _("The verifiable deliverable.")),
    Column("start_date", "date", _("Start date.")),
    Column("end_date", "date", _("End date.")),
    Column("responsible_agency", "text", _("Responsible agency.")),
    Column("progress", "text", _("Progress as the government reports it."), MilestoneStatus),
)

COMMITMENT_COLUMNS = (
    Column("id", "id", _("Plan id and two-digit commitment number, e.g. FRA-2024-07.")),
    Column("plan", "id", _("The action plan it belongs to.")),
    Column("government", "id", _("The government whose plan it is.")),
    Column("number", "integer", _("Number in the plan.")),
    Column("title", "text", _("Title.")),
    Column("short_title", "text", _("Short title.")),
    Column("problem", "text", _("The public problem the commitment addresses.")),
    Column("description", "text", _("What the commitment is.")),
    Column("theory_of_change", "text", _("How it will contribute to solving the problem.")),
    Column("values_relevance", "text", _("Why it is relevant to OGP values.")),
    Column("additional_information", "text", _("Budget, links to other programmes, the SDGs.")),
    Column("ogp_values", "list", _("OGP values it is relevant to, as the government states."), OGPValue),
    Column("policy_areas", "list", _("Policy areas (slugs).")),
    Column("lead_agency", "text", _("Lead implementing agency.")),
    Column("supporting_institutions", "text", _("Supporting institutions, one a line.")),
    Column("start_date", "date", _("Start date.")),
    Column("end_date", "date", _("End date.")),
    Column(
        "milestones",
        "objects",
        _("Its milestones, in order, each with the columns of the milestones dataset except “commitment”."),
    ),
    Column("url", "url", _("Its page on this portal.")),
)


def _milestone(milestone: Milestone, commitment_public_id: str) -> dict[str, Any]:
    return {
        "id": ids.milestone_id(milestone, commitment_public_id),
        "commitment": commitment_public_id,
        "number": milestone.number,
        "description": milestone.description,
        "start_date": milestone.start_date,
        "end_date": milestone.end_date,
        "responsible_agency": milestone.responsible_agency,
        "progress": milestone.status,
    }


def commitment_rows() -> Iterator[dict[str, Any]]:
    commitments = (
        Commitment.objects.filter(plan__in=ActionPlan.objects.past_drafting())
        .select_related("plan__government")
        .annotate(**{ids.LATER_IN_CYCLE: ids.later_in_cycle("plan")})
        .prefetch_related("milestones", "policy_areas")
        .order_by("pk")
    )
    for commitment in commitments.iterator(chunk_size=CHUNK_SIZE):
        plan_public_id = ids.plan_id(commitment.plan, getattr(commitment, ids.LATER_IN_CYCLE))
        public_id = ids.commitment_id(commitment, plan_public_id)
        milestones = [_milestone(milestone, public_id) for milestone in commitment.milestones.all()]
        for milestone in milestones:
            del milestone["commitment"]
        yield {
            "id": public_id,
            "plan": plan_public_id,
            "government": ids.government_id(commitment.plan.government),
            "number": commitment.number,
            "title": commitment.title,
            "short_title": commitment.short_title,
            "problem": commitment.problem,
            "description": commitment.description,
            "theory_of_change": commitment.theory_of_change,
            "values_relevance": commitment.values_relevance,
            "additional_information": commitment.additional_information,
            "ogp_values": _values(commitment),
            "policy_areas": sorted(area.slug for area in commitment.policy_areas.all()),
            "lead_agency": commitment.lead_agency,
            "supporting_institutions": commitment.supporting_institutions,
            "start_date": commitment.start_date,
            "end_date": commitment.end_date,
            "milestones": milestones,
            "url": _absolute(commitment.get_absolute_url()),
        }


def milestone_rows() -> Iterator[dict[str, Any]]:
    milestones = (
        Milestone.objects.filter(commitment__plan__in=ActionPlan.objects.past_drafting())
        .select_related("commitment__plan__government")
        .annotate(**{ids.LATER_IN_CYCLE: ids.later_in_cycle("commitment__plan")})
        .order_by("pk")
    )
    for milestone in milestones.iterator(chunk_size=CHUNK_SIZE):
        commitment = milestone.commitment
        plan_public_id = ids.plan_id(commitment.plan, getattr(milestone, ids.LATER_IN_CYCLE))
        yield _milestone(milestone, ids.commitment_id(commitment, plan_public_id))


# --- IRM assessments ----------------------------------------------------------------------------

IRM_ASSESSMENT_COLUMNS = (
    Column("id", "id", _("Commitment id and review kind, e.g. FRA-2024-07/action_plan_review.")),
    Column("commitment", "id", _("The commitment assessed.")),
    Column("plan", "id", _("The action plan reviewed.")),
    Column("review_kind", "text", _("The IRM product the assessment is part of."), ReviewKind),
    Column("uses_older_method", "boolean", _("Assessed under the method used before 2021.")),
    Column("published_at", "datetime", _("When the IRM published the review.")),
    Column("verifiable", "text", _("Whether the commitment is verifiable."), Verifiability),
    Column("open_government_lens", "text", _("Whether it has an open government lens."), YesNo),
    Column("relevant_values", "list", _("OGP values the IRM finds it relevant to."), OGPValue),
    Column("potential_for_results", "text", _("Potential for results."), PotentialForResults),
    Column("promising", "text", _("Whether the IRM finds it promising."), YesNo),
    Column("specificity", "text", _("Specificity (older method)."), Specificity),
    Column("potential_impact", "text", _("Potential impact (older method)."), PotentialImpact),
    Column("completion", "text", _("Completion."), Completion),
    Column("early_results", "text", _("Early results: did it open government?"), EarlyResults),
    Column("starred", "boolean", _("Starred commitment (older method), derived from the scores.")),
    Column("explanation", "text", _("The evidence behind the scores.")),
    Column("review_url", "url", _("The published review on this portal.")),
)


def irm_assessment_rows() -> Iterator[dict[str, Any]]:
    assessments = (
        CommitmentAssessment.objects.published()
        .filter(commitment__plan__in=ActionPlan.objects.past_drafting())
        .select_related("review", "commitment__plan__government")
        .annotate(**{ids.LATER_IN_CYCLE: ids.later_in_cycle("commitment__plan")})
        .order_by("pk")
    )
    for assessment in assessments.iterator(chunk_size=CHUNK_SIZE):
        plan_public_id = ids.plan_id(assessment.commitment.plan, getattr(assessment, ids.LATER_IN_CYCLE))
        commitment_public_id = ids.commitment_id(assessment.commitment, plan_public_id)
        review = assessment.review
        yield {
            "id": ids.irm_assessment_id(commitment_public_id, review.kind),
            "commitment": commitment_public_id,
            "plan": plan_public_id,
            "review_kind": review.kind,
            "uses_older_method": review.uses_older_method,
            "published_at": review.published_at,
            "verifiable": assessment.verifiable,
            "open_government_lens": assessment.open_government_lens,
            "relevant_values": _values(assessment, "relevant_"),
            "potential_for_results": assessment.potential_for_results,
            "promising": assessment.promising,
            "specificity": assessment.specificity,
            "potential_impact": assessment.potential_impact,
            "completion": assessment.completion,
            "early_results": assessment.early_results,
            "starred": assessment.starred,
            "explanation": assessment.explanation,
            "review_url": _absolute(review.get_absolute_url()),
        }


# --- Comments and their responses ------------------------------------------------------------------

COMMENT_COLUMNS = (
    Column("id", "id", _("C<number> for a comment on an action plan, IRMC<number> for one on an IRM report.")),
    Column("on", "text", _("“action_plan”, “self_assessment” or “irm_review”: what was commented on.")),
    Column("plan", "id", _("The action plan concerned.")),
    Column("irm_review", "id", _("For a comment on an IRM report: plan id and review kind.")),
    Column("commitment", "id", _("The commitment it is about, if any.")),
    Column("in_reply_to", "id", _("The comment this one replies to, if any.")),
    Column("stage", "text", _("For a comment on an IRM report: before publication or public comment."), CommentStage),
    Column("section", "text", _("The section of the commitment a paragraph comment quotes.")),
    Column("paragraph", "text", _("The paragraph it quotes, as published when the comment was made.")),
    Column("organisation", "text", _("The organisation the author spoke for, if any (authors are not published).")),
    Column("posted_at", "datetime", _("When it was posted.")),
    Column("body", "text", _("The comment.")),
    Column("response_disposition", "text", _("The government's reasoned response: what it did."), Disposition),
    Column("response_reason", "text", _("The reason the government gave, or the IRM's answer.")),
    Column("response_commitment", "id", _("The commitment the comment was taken up in, if any.")),
    Column("responded_at", "datetime", _("When it was answered.")),
    Column("url", "url", _("The comment on this portal.")),
)


def _plan_comment_rows() -> Iterator[dict[str, Any]]:
    # A visible reply in a hidden conversation is hidden with it on the portal, so it is left out here too.
    # Comments on a plan still being drafted wait for its submission, as in the API: until then the plan and
    # its commitments have no public id (the draft may still be renumbered).
    comments = (
        Comment.objects.filter(is_hidden=False, plan__in=ActionPlan.objects.past_drafting())
        .exclude(parent__is_hidden=True)
        .select_related("plan__government", "commitment", "organisation", "response__commitment")
        .annotate(**{ids.LATER_IN_CYCLE: ids.later_in_cycle("plan")})
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=CHUNK_SIZE):
        plan_public_id = ids.plan_id(comment.plan, getattr(comment, ids.LATER_IN_CYCLE))
        response = getattr(comment, "response", None)
        yield {
            "id": ids.comment_id(comment),
            "on": "self_assessment" if comment.self_assessment_id else "action_plan",
            "plan": plan_public_id,
            "irm_review": None,
            "commitment": ids.commitment_id(comment.commitment, plan_public_id) if comment.commitment else None,
            "in_reply_to": f"C{comment.parent_id}" if comment.parent_id else None,
            "stage": "",
            "section": comment.field,
            "paragraph": comment.paragraph_text,
            "organisation": comment.organisation.name if comment.organisation else "",
            "posted_at": comment.created_at,
            "body": comment.body,
            "response_disposition": response.disposition if response else "",
            "response_reason": response.reason if response else "",
            "response_commitment": (
                ids.commitment_id(response.commitment, plan_public_id) if response and response.commitment else None
            ),
            "responded_at": response.responded_at if response else None,
            "url": _absolute(comment.get_absolute_url()),
        }


def _review_comment_rows() -> Iterator[dict[str, Any]]:
    comments = (
        ReviewComment.objects.filter(review__status=Review.Status.PUBLISHED, is_confidential=False)
        .select_related("review__plan__government", "commitment", "organisation")
        .annotate(**{ids.LATER_IN_CYCLE: ids.later_in_cycle("review__plan")})
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=CHUNK_SIZE):
        plan_public_id = ids.plan_id(comment.review.plan, getattr(comment, ids.LATER_IN_CYCLE))
        yield {
            "id": ids.review_comment_id(comment),
            "on": "irm_review",
            "plan": plan_public_id,
            "irm_review": ids.review_id(plan_public_id, comment.review.kind),
            "commitment": ids.commitment_id(comment.commitment, plan_public_id) if comment.commitment else None,
            "in_reply_to": None,
            "stage": comment.stage,
            "section": "",
            "paragraph": "",
            "organisation": comment.organisation.name if comment.organisation else "",
            "posted_at": comment.created_at,
            "body": comment.body,
            "response_disposition": "",
            "response_reason": comment.answer,
            "response_commitment": None,
            "responded_at": comment.answered_at,
            "url": _absolute(comment.get_absolute_url()),
        }


def comment_rows() -> Iterator[dict[str, Any]]:
    return chain(_plan_comment_rows(), _review_comment_rows())


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "governments",
            _("Governments"),
            _("Every national and local government in the portal, members or not."),
            GOVERNMENT_COLUMNS,
            government_rows,
        ),
        Dataset(
            "eligibility-assessments",
            _("Eligibility assessments"),
            _("Each government's yearly eligibility result on OGP's four criteria and the values check."),
            ELIGIBILITY_COLUMNS,
            eligibility_rows,
        ),
        Dataset(
            "action-plans",
            _("Action plans"),
            _("Action plans delivered to OGP (plans still being drafted are not included)."),
            PLAN_COLUMNS,
            plan_rows,
        ),
        Dataset(
            "commitments",
            _("Commitments with their milestones"),
            _("The commitments of the delivered action plans, one a row, with their milestones nested."),
            COMMITMENT_COLUMNS,
            commitment_rows,
        ),
        Dataset(
            "milestones",
            _("Milestones"),
            _("The same milestones as in the commitments dataset, one a row, for spreadsheets."),
            MILESTONE_COLUMNS,
            milestone_rows,
        ),
        Dataset(
            "irm-assessments",
            _("IRM assessments"),
            _("The Independent Reporting Mechanism's assessment of each commitment, from published reviews only."),
            IRM_ASSESSMENT_COLUMNS,
            irm_assessment_rows,
        ),
        Dataset(
            "comments",
            _("Public comments and responses"),
            _(
                "Visible public comments on submitted action plans with the government's reasoned response, "
                "and non-confidential comments on published IRM reviews with the IRM's answer."
            ),
            COMMENT_COLUMNS,
            comment_rows,
        ),
    )
}
