"""IRM scale values drawn as readable badges: the translated label always written out, colour only as a hint.

Every tone is a Bootstrap `text-bg-*` class whose text and background contrast at least 4.5:1 (WCAG AA
for small text; checked by irm/tests/test_review_display.py against the Bootstrap stylesheet we serve).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import CommitmentAssessment, YesNo

register = template.Library()

STRONG = "text-bg-success"
GOOD = "text-bg-info"
WEAK = "text-bg-warning"
NEGATIVE = "text-bg-danger"
NEUTRAL = "text-bg-secondary"
EMPTY = "text-bg-light border"
STARRED = "text-bg-dark"
TONE_CLASSES = (STRONG, GOOD, WEAK, NEGATIVE, NEUTRAL, EMPTY, STARRED)

# The tone of each value of each scale, from weakest to strongest result.
TONES: dict[str, dict[Any, str]] = {
    "verifiable": {"verifiable": STRONG, "not_verifiable": NEUTRAL},
    "open_government_lens": {"yes": STRONG, "no": NEUTRAL},
    "promising": {"yes": STRONG, "no": NEUTRAL},
    "potential_for_results": {"unclear": NEUTRAL, "modest": GOOD, "substantial": STRONG},
    "completion": {
        "no_evidence": EMPTY,
        "not_started": NEUTRAL,
        "limited": WEAK,
        "substantial": GOOD,
        "complete": STRONG,
    },
    "early_results": {
        "worsened": NEGATIVE,
        "did_not_change": NEUTRAL,
        "marginal": WEAK,
        "major": GOOD,
        "outstanding": STRONG,
    },
    "specificity": {"none": NEUTRAL, "low": WEAK, "medium": GOOD, "high": STRONG},
    "potential_impact": {"none": NEUTRAL, "minor": WEAK, "moderate": GOOD, "transformative": STRONG},
}
BOOLEAN_TONES = {True: STRONG, False: EMPTY}


def field_label(name: str) -> str:
    return str(CommitmentAssessment._meta.get_field(name).verbose_name)


def scale_value(assessment: Any, name: str) -> tuple[str, str]:
    """(label, css classes) of one scale of an assessment; an empty value reads "Not assessed"."""
    value = getattr(assessment, name)
    if name == "starred":
        return (str(_("Starred")), STARRED) if value else (str(_("Not starred")), EMPTY)
    if isinstance(value, bool):
        return str(YesNo.YES.label if value else YesNo.NO.label), BOOLEAN_TONES[value]
    if not value:
        return str(_("Not assessed")), EMPTY
    field = CommitmentAssessment._meta.get_field(name)
    label = dict(field.flatchoices).get(value, value)
    return str(label), TONES.get(name, {}).get(value, NEUTRAL)


@register.inclusion_tag("irm/includes/_scale_badge.html")
def scale_badge(assessment: Any, name: str, with_label: bool = False) -> dict[str, Any]:
    """`{% scale_badge assessment "completion" %}`: the value as a badge; `with_label=True` names the scale too."""
    label, classes = scale_value(assessment, name)
    return {
        "label": label,
        "classes": classes,
        "scale": field_label(name) if with_label else "",
        "starred": name == "starred" and bool(getattr(assessment, name)),
    }


@register.filter
def scale_label(assessment: Any, name: str) -> str:
    """The value's translated label only: `{{ assessment|scale_label:"completion" }}`."""
    return scale_value(assessment, name)[0]


@register.filter
def scale_field_label(assessment: Any, name: str) -> str:
    """The scale's own name, translated (the assessment argument lets templates chain it like `scale_label`)."""
    return field_label(name)
