"""What the review pages show, computed once in Python so the templates stay plain: scale badges,
the lifecycle actions open to an editor now, and what changed between the draft and the final report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from action_plans.models import Commitment, OGPValue

from ..models import CommitmentAssessment, Review, ReviewStatus
from ..models.assessments import RELEVANCE_FIELDS
from ..templatetags.irm_badges import EMPTY, GOOD, NEGATIVE, NEUTRAL, STRONG, scale_value

# Minimum requirements: not met is a finding against the government, so it reads as a warning sign.
REQUIREMENT_TONES = {"yes": STRONG, "no": NEGATIVE}


@dataclass
class Badge:
    """A scale's name, its value's translated label, and the classes that colour it (the text says it all)."""

    label: str
    text: str
    classes: str = NEUTRAL


@dataclass
class CommitmentRow:
    commitment: Commitment
    assessment: CommitmentAssessment | None
    badges: list[Badge]
    assess_url: str = ""


@dataclass
class Action:
    """A lifecycle step: a POST button (`form` False: a link to its own form page), blocked while `blockers`."""

    label: str
    url: str
    blockers: list[str] = field(default_factory=list)
    form: bool = False


@dataclass
class Change:
    label: str
    before: str
    after: str


def field_label(model: type[models.Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def value_text(model: type[models.Model], name: str, value: Any) -> str:
    """A stored value as a reader sees it: the translated label of a slug, Yes/No for a flag, a dash for nothing."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if not value:
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def assessment_badges(assessment: CommitmentAssessment, names: Iterable[str], *, older_method: bool) -> list[Badge]:
    """The scores of one commitment, in the order the review assesses them; empty scores are left out."""
    badges = []
    for name in names:
        if name == "explanation":
            continue
        if name in RELEVANCE_FIELDS:
            if getattr(assessment, name):
                value = OGPValue(name.removeprefix("relevant_"))
                badges.append(Badge(_("Relevant to"), str(value.label), GOOD))
            continue
        if getattr(assessment, name):
            badges.append(Badge(field_label(CommitmentAssessment, name), *scale_value(assessment, name)))
    if older_method:
        badges.append(Badge(field_label(CommitmentAssessment, "starred"), *scale_value(assessment, "starred")))
    return badges


def commitment_rows(
    review: Review,
    commitments: Iterable[Commitment],
    assessments: Mapping[int, CommitmentAssessment],
    names: tuple[str, ...],
    *,
    can_assess: bool,
) -> list[CommitmentRow]:
    rows = []
    for commitment in commitments:
        assessment = assessments.get(commitment.pk)
        badges = assessment_badges(assessment, names, older_method=review.uses_older_method) if assessment else []
        url = reverse("irm:assessment-edit", args=[review.pk, commitment.pk]) if can_assess else ""
        rows.append(CommitmentRow(commitment, assessment, badges, url))
    return rows


def minimum_requirement_badges(review: Review, names: Iterable[str]) -> list[Badge]:
    badges = []
    for name in names:
        value = getattr(review, name)
        text = value_text(Review, name, value) if value else _("Not confirmed yet")
        badges.append(Badge(field_label(Review, name), text, REQUIREMENT_TONES.get(value, EMPTY)))
    return badges


def lifecycle_actions(review: Review) -> list[Action]:
    """The moves open to an editor at the review's status, each with what still stands in its way."""
    status = review.status

    def url(name: str) -> str:
        return reverse(f"irm:{name}", args=[review.pk])

    if status == ReviewStatus.RESEARCH:
        return [Action(_("Share the draft with the government"), url("review-share"), review.sharing_blockers())]
    if status == ReviewStatus.SHARED:
        return [Action(_("Open public comment"), url("review-open-comment"), form=True)]
    if status == ReviewStatus.PUBLIC_COMMENT:
        label = (
            _("Change the comment dates") if review.comment_period_state() == "upcoming" else _("Extend public comment")
        )
        return [
            Action(label, url("review-open-comment"), form=True),
            Action(
                _("End public comment and prepare the final report"),
                url("review-finalise"),
                review.finalisation_blockers(),
            ),
        ]
    if status == ReviewStatus.FINAL:
        return [Action(_("Publish the final report"), url("review-publish"), review.sharing_blockers())]
    return []


def changes_since_draft(review: Review, numbers: Mapping[int, int]) -> list[Change]:
    """`Review.changes_since_draft`, labelled; `numbers` gives each commitment's number by id."""
    changes = []
    for commitment_id, name, before, after in review.changes_since_draft():
        if commitment_id is None:
            label, model = field_label(Review, name), Review
        else:
            label = _("Commitment %(number)s · %(field)s") % {
                "number": numbers.get(commitment_id, "?"),
                "field": field_label(CommitmentAssessment, name),
            }
            model = CommitmentAssessment
        changes.append(Change(label, value_text(model, name, before), value_text(model, name, after)))
    return changes
