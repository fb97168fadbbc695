"""Quality hints on a draft commitment: what OGP's guidance asks for, flagged to editors, never blocking.

Pure functions over plain attributes (a Commitment, a snapshot or a test's SimpleNamespace all do):
no database access, so the plan page computes them for every commitment from what it prefetched.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models.commitments import CORE_OGP_VALUES

MESSAGES = {
    "no_verifiable_milestone": _(
        "No verifiable milestone: add at least one milestone with a deliverable and an end date."
    ),
    "no_ogp_value": _(
        "No OGP value: tick access to information, civic participation or public accountability "
        "(technology and innovation counts only in addition to one of them)."
    ),
    "ends_after_plan": _("The commitment ends after the plan ends."),
    "milestone_ends_after_plan": _("A milestone ends after the plan ends."),
}


@dataclass(frozen=True)
class Hint:
    code: str

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message


def has_core_ogp_value(commitment: Any) -> bool:
    """Relevant to OGP values: technology and innovation alone does not count."""
    return any(getattr(commitment, value.value, False) for value in CORE_OGP_VALUES)


def is_verifiable(milestone: Any) -> bool:
    return bool((getattr(milestone, "description", "") or "").strip() and getattr(milestone, "end_date", None))


def commitment_hints(commitment: Any, milestones: Iterable[Any], plan_end: datetime.date | None) -> list[Hint]:
    """The hints for one commitment, in a fixed order; an empty list when it reads well."""
    milestones = list(milestones)
    hints = []
    if not any(is_verifiable(milestone) for milestone in milestones):
        hints.append(Hint("no_verifiable_milestone"))
    if not has_core_ogp_value(commitment):
        hints.append(Hint("no_ogp_value"))
    if plan_end is not None:
        end = getattr(commitment, "end_date", None)
        if end is not None and end > plan_end:
            hints.append(Hint("ends_after_plan"))
        if any(m.end_date is not None and m.end_date > plan_end for m in milestones):
            hints.append(Hint("milestone_ends_after_plan"))
    return hints


def plan_hints(commitments: Iterable[Any], plan_end: datetime.date | None) -> dict[int, list[Hint]]:
    """Hints by commitment id, for commitments whose `milestones.all()` is prefetched."""
    return {
        commitment.pk: commitment_hints(commitment, commitment.milestones.all(), plan_end) for commitment in commitments
    }
