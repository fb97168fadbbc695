"""The API's ids are the open-data exports' (`ogp_portal.open_data.identifiers` writes them); this module reads
them back.

Each `*_lookup` turns an id into a filter finding the candidates, or None when the id is malformed; the
caller keeps the candidate whose id is exactly the one asked for, so a non-canonical spelling is unknown.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from action_plans.models import ActionPlan
from members.models import Government
from ogp_portal.open_data.identifiers import (
    LATER_IN_CYCLE,
    comment_id,
    commitment_id,
    eligibility_id,
    government_id,
    irm_assessment_id,
    later_in_cycle,
    milestone_id,
    plan_id,
)

__all__ = [
    "LATER_IN_CYCLE",
    "comment_id",
    "commitment_id",
    "eligibility_id",
    "government_id",
    "irm_assessment_id",
    "milestone_id",
    "plan_id",
]

PLAN_ID = re.compile(r"^(?P<government>[^/]+)-(?P<year>\d{4})(?:-P(?P<number>\d+))?$")
COMMITMENT_ID = re.compile(r"^(?P<plan>[^/]+)-(?P<number>\d{2,})$")
ELIGIBILITY_ID = re.compile(r"^(?P<government>[^/]+)/(?P<year>\d{4})$")
IRM_ASSESSMENT_ID = re.compile(r"^(?P<commitment>[^/]+)/(?P<kind>[a-z_]+)$")
COMMENT_ID = re.compile(r"^C(?P<pk>\d+)$")


def with_plan_ids(queryset: QuerySet[Any], path: str = "") -> QuerySet[Any]:
    """Annotate what `plan_id` needs for the plan at `path` (one subquery, so a page costs no extra query)."""
    return queryset.annotate(**{LATER_IN_CYCLE: later_in_cycle(path)})


def public_plan_id(obj: Any, plan: ActionPlan) -> str:
    """The id of `plan`, read from the annotation `with_plan_ids` put on `obj` (the plan or a row under it)."""
    return plan_id(plan, getattr(obj, LATER_IN_CYCLE))


def government_lookup(value: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}kind": Government.Kind.NATIONAL, f"{prefix}iso3": value}) | Q(
        **{f"{prefix}kind": Government.Kind.LOCAL, f"{prefix}slug": value}
    )


def plan_lookup(value: str, prefix: str = "") -> Q | None:
    match = PLAN_ID.match(value)
    if match is None:
        return None
    lookup = government_lookup(match["government"], f"{prefix}government__") & Q(
        **{f"{prefix}cycle_year": int(match["year"])}
    )
    if match["number"]:
        lookup &= Q(**{f"{prefix}number": int(match["number"])})
    return lookup


def commitment_lookup(value: str, prefix: str = "") -> Q | None:
    match = COMMITMENT_ID.match(value)
    if match is None:
        return None
    plan = plan_lookup(match["plan"], f"{prefix}plan__")
    return None if plan is None else plan & Q(**{f"{prefix}number": int(match["number"])})


def eligibility_lookup(value: str) -> Q | None:
    match = ELIGIBILITY_ID.match(value)
    if match is None:
        return None
    return government_lookup(match["government"], "government__") & Q(year=int(match["year"]))


def irm_assessment_lookup(value: str) -> Q | None:
    match = IRM_ASSESSMENT_ID.match(value)
    if match is None:
        return None
    commitment = commitment_lookup(match["commitment"], "commitment__")
    return None if commitment is None else commitment & Q(review__kind=match["kind"])


def comment_lookup(value: str) -> Q | None:
    match = COMMENT_ID.match(value)
    return None if match is None else Q(pk=int(match["pk"]))
