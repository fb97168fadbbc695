"""The IRM's assessment of one commitment in one review, on OGP's scales."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plans.models import OGPValue
from members.constraints import choices_constraint
from members.models import AuditEntry

from .reviews import EDITABLE_STATUSES, Review, ReviewKind
from .scales import (
    Completion,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    Verifiability,
    YesNo,
    is_starred,
)

if TYPE_CHECKING:
    from action_plans.models import Commitment
    from members.models import User

RELEVANCE_FIELDS = tuple(f"relevant_{value.value}" for value in OGPValue)
# Everything a researcher scores (the starred flag is derived, never typed).
ASSESSMENT_FIELDS = (
    "verifiable",
    "open_government_lens",
    *RELEVANCE_FIELDS,
    "potential_for_results",
    "promising",
    "completion",
    "early_results",
    "specificity",
    "potential_impact",
    "explanation",
)
# What each kind of review scores; the older method scored specificity, impact and completion together.
FIELDS_BY_KIND = {
    ReviewKind.ACTION_PLAN_REVIEW: (
        "verifiable",
        "open_government_lens",
        *RELEVANCE_FIELDS,
        "potential_for_results",
        "promising",
    ),
    ReviewKind.RESULTS_REPORT: ("completion", "early_results"),
}
OLDER_METHOD_FIELDS = ("specificity", *RELEVANCE_FIELDS, "potential_impact", "completion", "early_results")
# A not-verifiable commitment is "not reviewable": none of these may be scored.
SCORED_AFTER_VERIFIABILITY = (
    "open_government_lens",
    *RELEVANCE_FIELDS,
    "potential_for_results",
    "promising",
    "completion",
    "early_results",
)


def fields_for(review: Review) -> tuple[str, ...]:
    """The indicators a researcher scores in this review (none in a co-creation brief)."""
    if review.uses_older_method:
        return (*OLDER_METHOD_FIELDS, "explanation") if review.is_assessing else ()
    scored = FIELDS_BY_KIND.get(review.kind, ())
    return (*scored, "explanation") if scored else ()


class CommitmentAssessmentQuerySet(models.QuerySet["CommitmentAssessment"]):
    def published(self) -> CommitmentAssessmentQuerySet:
        return self.filter(review__status=Review.Status.PUBLISHED)

    def record(
        self, review: Review, commitment: Commitment, data: Mapping[str, Any], *, by: User
    ) -> CommitmentAssessment:
        """Score one commitment in a review from the form's cleaned data; audited. Creates or updates.

        Refused when the review cannot be edited (`not_editable`), the commitment is of another plan
        (`other_plan`), or the scores contradict each other (see `CommitmentAssessment.clean`).
        """
        if commitment.plan_id != review.plan_id:
            raise ValidationError(_("This commitment is not part of the reviewed plan."), code="other_plan")
        allowed = fields_for(review)
        with transaction.atomic():
            locked = Review.objects.select_for_update().get(pk=review.pk)
            if locked.status not in EDITABLE_STATUSES:
                raise ValidationError(
                    _("A review that is “%(status)s” cannot be edited."),
                    code="not_editable",
                    params={"status": locked.get_status_display()},
                )
            assessment = self.filter(review=locked, commitment=commitment).first() or CommitmentAssessment(
                review=locked, commitment=commitment
            )
            before = {name: getattr(assessment, name) for name in allowed}
            for name in allowed:
                if name in data:
                    setattr(assessment, name, data[name])
            assessment.full_clean(exclude=["review", "commitment"])
            assessment.updated_at = timezone.now()
            assessment.save()
            changed = sorted(name for name in allowed if before[name] != getattr(assessment, name))
            AuditEntry.objects.log(
                locked,
                "irm_review.commitment_assessed",
                actor=by,
                commitment=commitment.pk,
                changed_fields=changed,
                starred=assessment.starred,
            )
        return assessment


class CommitmentAssessment(models.Model):
    """One commitment scored in one review. Values are slugs; labels are translated at display time."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("review"))
    commitment = models.ForeignKey(
        "action_plans.Commitment",
        on_delete=models.CASCADE,
        related_name="irm_assessments",
        verbose_name=_("commitment"),
    )
    verifiable = models.CharField(_("verifiable"), max_length=16, choices=Verifiability.choices, blank=True)
    open_government_lens = models.CharField(
        _("open government lens"),
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text=_(
            "Does the commitment set out to make a policy area, institutions or decision-making process more "
            "transparent, participatory or accountable to the public?"
        ),
    )
    relevant_access_to_information = models.BooleanField(_("relevant to access to information"), default=False)
    relevant_civic_participation = models.BooleanField(_("relevant to civic participation"), default=False)
    relevant_public_accountability = models.BooleanField(_("relevant to public accountability"), default=False)
    relevant_technology_and_innovation = models.BooleanField(_("relevant to technology and innovation"), default=False)
    potential_for_results = models.CharField(
        _("potential for results"), max_length=16, choices=PotentialForResults.choices, blank=True
    )
    promising = models.CharField(_("promising commitment"), max_length=3, choices=YesNo.choices, blank=True)
    completion = models.CharField(_("completion"), max_length=16, choices=Completion.choices, blank=True)
    early_results = models.CharField(
        _("early results: did it open government?"), max_length=16, choices=EarlyResults.choices, blank=True
    )
    specificity = models.CharField(_("specificity"), max_length=8, choices=Specificity.choices, blank=True)
    potential_impact = models.CharField(
        _("potential impact"), max_length=16, choices=PotentialImpact.choices, blank=True
    )
    # Derived from the older-method scores on every save; never typed.
    starred = models.BooleanField(_("starred commitment"), default=False, editable=False)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("The evidence behind the scores."))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = CommitmentAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["commitment__number"]
        verbose_name = _("commitment assessment")
        verbose_name_plural = _("commitment assessments")
        constraints = [
            models.UniqueConstraint(fields=["review", "commitment"], name="irm_assessment_one_per_commitment"),
            choices_constraint("verifiable", Verifiability, "irm_assessment_verifiable_valid", blank=True),
            choices_constraint("open_government_lens", YesNo, "irm_assessment_lens_valid", blank=True),
            choices_constraint(
                "potential_for_results", PotentialForResults, "irm_assessment_potential_valid", blank=True
            ),
            choices_constraint("promising", YesNo, "irm_assessment_promising_valid", blank=True),
            choices_constraint("completion", Completion, "irm_assessment_completion_valid", blank=True),
            choices_constraint("early_results", EarlyResults, "irm_assessment_early_results_valid", blank=True),
            choices_constraint("specificity", Specificity, "irm_assessment_specificity_valid", blank=True),
            choices_constraint("potential_impact", PotentialImpact, "irm_assessment_impact_valid", blank=True),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.commitment.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.starred = self.compute_starred()
        super().save(*args, **kwargs)

    def relevant_values(self) -> list[OGPValue]:
        return [value for value in OGPValue if getattr(self, f"relevant_{value.value}")]

    @property
    def is_reviewable(self) -> bool:
        """A not-verifiable commitment is "not reviewable": it is not assessed further."""
        return self.verifiable != Verifiability.NOT_VERIFIABLE

    def compute_starred(self) -> bool:
        return is_starred(
            specificity=self.specificity,
            relevant_values={value.value for value in self.relevant_values()},
            potential_impact=self.potential_impact,
            completion=self.completion,
        )

    def clean(self) -> None:
        if not self.is_reviewable:
            scored = [name for name in SCORED_AFTER_VERIFIABILITY if getattr(self, name)]
            if scored:
                raise ValidationError(
                    _("A commitment that is not verifiable is not assessed further: leave the other scores empty."),
                    code="not_reviewable",
                )
        if self.promising == YesNo.YES and self.open_government_lens == YesNo.NO:
            raise ValidationError(
                {"promising": _("A commitment outside the open government lens cannot be promising.")},
                code="promising_without_lens",
            )
