"""Stable public identifiers: the same plan, commitment or comment keeps its id in every export and release.

- government: its ISO 3166 alpha-3 code (`FRA`); a local government: its slug (`paris`);
- action plan: government id and cycle year (`FRA-2024`). A government's first plan of a cycle (lowest
  number) keeps that id; any further plan of the same cycle adds `-P<plan number>` (`FRA-2024-P6`), so
  adding a second plan never renames the first;
- commitment: plan id and the two-digit commitment number (`FRA-2024-07`);
- milestone: commitment id, a dot and the milestone number (`FRA-2024-07.2`);
- eligibility assessment: government id and year (`FRA/2024`);
- IRM review: plan id and review kind (`FRA-2024/action_plan_review`); IRM assessment: commitment id and
  review kind (`FRA-2024-07/action_plan_review`);
- comments: `C<n>` on action plans, `IRMC<n>` on IRM reports.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from action_plans.models import ActionPlan

# The annotation `annotate_plan_ids` adds; read by `plan_id`.
LATER_IN_CYCLE = "open_data_later_in_cycle"


def later_in_cycle(path: str = "") -> Exists:
    """True when the plan at `path` (e.g. "plan", "commitment__plan"; "" for the plan itself) is not its
    government's first plan of that cycle."""
    prefix = f"{path}__" if path else ""
    return Exists(
        ActionPlan.objects.filter(
            government_id=OuterRef(f"{prefix}government_id"),
            cycle_year=OuterRef(f"{prefix}cycle_year"),
            number__lt=OuterRef(f"{prefix}number"),
        )
    )


def government_id(government: Any) -> str:
    return government.iso3 or government.slug


def plan_id(plan: Any, later: bool | None = None) -> str:
    """`later` is the `later_in_cycle` annotation; without it, one query finds out."""
    if later is None:
        later = ActionPlan.objects.filter(
            government_id=plan.government_id, cycle_year=plan.cycle_year, number__lt=plan.number
        ).exists()
    base = f"{government_id(plan.government)}-{plan.cycle_year}"
    return f"{base}-P{plan.number}" if later else base


def commitment_id(commitment: Any, plan_public_id: str) -> str:
    return f"{plan_public_id}-{commitment.number:02d}"


def milestone_id(milestone: Any, commitment_public_id: str) -> str:
    return f"{commitment_public_id}.{milestone.number}"


def eligibility_id(assessment: Any) -> str:
    return f"{government_id(assessment.government)}/{assessment.year}"


def review_id(plan_public_id: str, review_kind: str) -> str:
    return f"{plan_public_id}/{review_kind}"


def irm_assessment_id(commitment_public_id: str, review_kind: str) -> str:
    return f"{commitment_public_id}/{review_kind}"


def comment_id(comment: Any) -> str:
    return f"C{comment.pk}"


def review_comment_id(comment: Any) -> str:
    return f"IRMC{comment.pk}"
