from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString

from ..charts import eligibility_history_svg
from ..scoring import INDICATORS, Criterion, render_explanation

register = template.Library()


@register.filter
def explain(explanation: Mapping[str, Any] | None) -> str:
    """A stored trace explanation, in the reader's language."""
    return render_explanation(explanation) if explanation else ""


@register.filter
def criterion_label(slug: str) -> str:
    return Criterion(slug).label if slug in Criterion.values else slug


@register.filter
def indicator_label(slug: str) -> str:
    return str(INDICATORS[slug].verbose_name) if slug in INDICATORS else slug


@register.simple_tag
def indicator_value(indicator: str, value: str) -> str:
    return INDICATORS[indicator].value_label(value) if indicator in INDICATORS else value


@register.simple_tag
def eligibility_chart(assessments: Iterable[Any], chart_id: str = "eligibility-chart") -> SafeString:
    history = [
        (assessment.year, {criterion: getattr(assessment, criterion) for criterion in Criterion.values})
        for assessment in sorted(assessments, key=lambda assessment: assessment.year)
    ]
    return eligibility_history_svg(history, chart_id=chart_id)
