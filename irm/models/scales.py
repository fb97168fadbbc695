"""OGP's IRM indicator scales, stored as slugs with translated labels, and the starred-commitment rule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from action_plans.models import CORE_OGP_VALUES


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Verifiability(models.TextChoices):
    VERIFIABLE = "verifiable", _("Verifiable")
    NOT_VERIFIABLE = "not_verifiable", _("Not verifiable")


class PotentialForResults(models.TextChoices):
    UNCLEAR = "unclear", _("Unclear")
    MODEST = "modest", _("Modest")
    SUBSTANTIAL = "substantial", _("Substantial")


class Completion(models.TextChoices):
    NO_EVIDENCE = "no_evidence", _("No evidence available")
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class EarlyResults(models.TextChoices):
    """ "Did it open government?"""

    WORSENED = "worsened", _("Worsened")
    DID_NOT_CHANGE = "did_not_change", _("Did not change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")


class Specificity(models.TextChoices):
    """Older method (plans before 2021)."""

    NONE = "none", pgettext_lazy("specificity", "None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PotentialImpact(models.TextChoices):
    """Older method (plans before 2020)."""

    NONE = "none", pgettext_lazy("potential impact", "None")
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    TRANSFORMATIVE = "transformative", _("Transformative")


# "High completion" and "strong early results", as the IRM groups them.
HIGH_COMPLETION = (Completion.SUBSTANTIAL, Completion.COMPLETE)
STRONG_EARLY_RESULTS = (EarlyResults.MAJOR, EarlyResults.OUTSTANDING)
# Completion levels that count as progress (the "no progress on any commitment" procedural rule).
SOME_PROGRESS = (Completion.LIMITED, Completion.SUBSTANTIAL, Completion.COMPLETE)


def is_starred(
    *, specificity: str, relevant_values: set[str] | frozenset[str], potential_impact: str, completion: str
) -> bool:
    """OGP's starred rule (since 2014): specific, relevant to a core value, ambitious and (nearly) complete.

    Medium or high specificity, relevant to at least one of access to information, civic participation
    and public accountability (technology and innovation alone does not count), moderate or
    transformative potential impact, substantial or complete completion.
    """
    return (
        specificity in (Specificity.MEDIUM, Specificity.HIGH)
        and any(value in relevant_values for value in CORE_OGP_VALUES)
        and potential_impact in (PotentialImpact.MODERATE, PotentialImpact.TRANSFORMATIVE)
        and completion in HIGH_COMPLETION
    )
