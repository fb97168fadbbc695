"""OGP's IRM scales: every value stored as its slug with its exact label, and the starred rule on a table of cases.

French labels come with the catalogues (done at the end); here the English label is asserted, and
that the label is translatable (lazy, resolved in the active language).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise

from action_plans.models import OGPValue
from irm.models import (
    CommitmentAssessment,
    Completion,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    ReviewKind,
    Specificity,
    Verifiability,
    YesNo,
    fields_for,
    is_starred,
)

from .comment_helpers import plan_of, review_of
from .factories import CommitmentAssessmentFactory

# (scale, field of CommitmentAssessment, [(slug, exact OGP label), ...])
SCALES = [
    (Verifiability, "verifiable", [("verifiable", "Verifiable"), ("not_verifiable", "Not verifiable")]),
    (YesNo, "open_government_lens", [("yes", "Yes"), ("no", "No")]),
    (YesNo, "promising", [("yes", "Yes"), ("no", "No")]),
    (
        PotentialForResults,
        "potential_for_results",
        [("unclear", "Unclear"), ("modest", "Modest"), ("substantial", "Substantial")],
    ),
    (
        Completion,
        "completion",
        [
            ("no_evidence", "No evidence available"),
            ("not_started", "Not started"),
            ("limited", "Limited"),
            ("substantial", "Substantial"),
            ("complete", "Complete"),
        ],
    ),
    (
        EarlyResults,
        "early_results",
        [
            ("worsened", "Worsened"),
            ("did_not_change", "Did not change"),
            ("marginal", "Marginal"),
            ("major", "Major"),
            ("outstanding", "Outstanding"),
        ],
    ),
    (Specificity, "specificity", [("none", "None"), ("low", "Low"), ("medium", "Medium"), ("high", "High")]),
    (
        PotentialImpact,
        "potential_impact",
        [("none", "None"), ("minor", "Minor"), ("moderate", "Moderate"), ("transformative", "Transformative")],
    ),
]
VALUES = [(scale, name, slug, label) for scale, name, values in SCALES for slug, label in values]


@pytest.mark.parametrize(("scale", "name", "values"), SCALES, ids=[f"{row[1]}" for row in SCALES])
def test_each_scale_has_exactly_ogps_values_in_order(scale, name, values):
    assert [(choice.value, str(choice.label)) for choice in scale] == values
    assert CommitmentAssessment._meta.get_field(name).choices == scale.choices


@pytest.mark.django_db
@pytest.mark.parametrize(("scale", "name", "slug", "label"), VALUES, ids=[f"{row[1]}={row[2]}" for row in VALUES])
def test_every_value_is_stored_as_its_slug_and_read_with_its_translated_label(scale, name, slug, label):
    # Scored alone, so that no other rule (not verifiable, promising without the lens) gets in the way.
    blank = {"verifiable": "", "open_government_lens": "", "potential_for_results": "", "promising": ""}
    assessment = CommitmentAssessmentFactory(**{**blank, name: slug})
    assessment.refresh_from_db()
    assert getattr(assessment, name) == slug
    display = getattr(assessment, f"get_{name}_display")
    assert display() == label
    assert isinstance(scale(slug).label, Promise)  # translatable, resolved when shown
    with translation.override("fr"):
        assert str(scale(slug).label)  # resolved in French (the words come with the catalogues)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [row[1] for row in SCALES])
def test_the_database_refuses_a_value_outside_the_scale(name):
    assessment = CommitmentAssessmentFactory(verifiable="", open_government_lens="", potential_for_results="")
    # Short enough for every column (PostgreSQL would refuse a longer one for its length): the check refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentAssessment.objects.filter(pk=assessment.pk).update(**{name: "zz"})


# --- The starred rule ---------------------------------------------------------------------------------------

STARRED = {
    "specificity": "medium",
    "relevant_values": {"access_to_information"},
    "potential_impact": "moderate",
    "completion": "substantial",
}

STARRED_CASES = [
    ("all four conditions met", {}, True),
    ("high specificity", {"specificity": "high"}, True),
    ("transformative impact", {"potential_impact": "transformative"}, True),
    ("complete", {"completion": "complete"}, True),
    ("civic participation alone", {"relevant_values": {"civic_participation"}}, True),
    ("public accountability alone", {"relevant_values": {"public_accountability"}}, True),
    ("technology with a core value", {"relevant_values": {"technology_and_innovation", "civic_participation"}}, True),
    ("low specificity", {"specificity": "low"}, False),
    ("no specificity", {"specificity": "none"}, False),
    ("specificity not scored", {"specificity": ""}, False),
    ("relevant to no value", {"relevant_values": set()}, False),
    ("technology and innovation alone", {"relevant_values": {"technology_and_innovation"}}, False),
    ("minor impact", {"potential_impact": "minor"}, False),
    ("no impact", {"potential_impact": "none"}, False),
    ("impact not scored", {"potential_impact": ""}, False),
    ("limited completion", {"completion": "limited"}, False),
    ("not started", {"completion": "not_started"}, False),
    ("no evidence available", {"completion": "no_evidence"}, False),
    ("completion not scored", {"completion": ""}, False),
]


@pytest.mark.parametrize(("case", "change", "starred"), STARRED_CASES, ids=[row[0] for row in STARRED_CASES])
def test_starred_rule(case, change, starred):
    assert is_starred(**{**STARRED, **change}) is starred


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "change", "starred"), STARRED_CASES, ids=[row[0] for row in STARRED_CASES])
def test_starred_flag_is_derived_on_save(case, change, starred, government, irm):
    values = {**STARRED, **change}
    review = review_of(plan_of(government, commitments=1), "research", uses_older_method=True)
    data = {
        "specificity": values["specificity"],
        "potential_impact": values["potential_impact"],
        "completion": values["completion"],
        **{f"relevant_{value.value}": value.value in values["relevant_values"] for value in OGPValue},
    }
    assessment = CommitmentAssessment.objects.record(review, review.plan.commitments.get(), data, by=irm)
    assessment.refresh_from_db()
    assert assessment.starred is starred


@pytest.mark.django_db
def test_starred_is_recomputed_on_every_save_and_never_typed(government):
    review = review_of(plan_of(government, commitments=1), "research", uses_older_method=True)
    assessment = CommitmentAssessmentFactory(
        review=review,
        commitment=review.plan.commitments.get(),
        verifiable="",
        open_government_lens="",
        potential_for_results="",
        promising="",
        specificity="high",
        potential_impact="moderate",
        completion="complete",
    )
    assert assessment.starred is True
    assessment.completion = "limited"
    assessment.save()
    assessment.refresh_from_db()
    assert assessment.starred is False
    assessment.starred = True  # typed: overwritten by the rule
    assessment.save()
    assessment.refresh_from_db()
    assert assessment.starred is False
    assert "starred" not in fields_for(review)


# --- Not verifiable: not assessed further -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "other",
    [
        {"open_government_lens": "yes"},
        {"potential_for_results": "modest"},
        {"promising": "no"},
        {"relevant_civic_participation": True},
    ],
)
def test_a_not_verifiable_commitment_refuses_other_scores_and_nothing_is_saved(other, government, irm):
    review = review_of(plan_of(government, commitments=1), "research")
    commitment = review.plan.commitments.get()
    with pytest.raises(ValidationError) as refused:
        CommitmentAssessment.objects.record(review, commitment, {"verifiable": "not_verifiable", **other}, by=irm)
    assert refused.value.error_dict["__all__"][0].code == "not_reviewable"
    assert not CommitmentAssessment.objects.exists()


@pytest.mark.django_db
def test_a_not_verifiable_commitment_alone_is_recorded(government, irm):
    review = review_of(plan_of(government, commitments=1), "research")
    assessment = CommitmentAssessment.objects.record(
        review, review.plan.commitments.get(), {"verifiable": "not_verifiable", "explanation": "Vague."}, by=irm
    )
    assert assessment.is_reviewable is False
    assert assessment.explanation == "Vague."


@pytest.mark.django_db
def test_a_commitment_outside_the_lens_cannot_be_promising(government, irm):
    review = review_of(plan_of(government, commitments=1), "research")
    with pytest.raises(ValidationError) as refused:
        CommitmentAssessment.objects.record(
            review,
            review.plan.commitments.get(),
            {"verifiable": "verifiable", "open_government_lens": "no", "promising": "yes"},
            by=irm,
        )
    assert "promising" in refused.value.error_dict
    assert not CommitmentAssessment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "older", "expected"),
    [
        (
            ReviewKind.ACTION_PLAN_REVIEW,
            False,
            {"verifiable", "open_government_lens", "potential_for_results", "promising"},
        ),
        (ReviewKind.RESULTS_REPORT, False, {"completion", "early_results"}),
        (ReviewKind.ACTION_PLAN_REVIEW, True, {"specificity", "potential_impact", "completion", "early_results"}),
        (ReviewKind.CO_CREATION_BRIEF, False, set()),
    ],
)
def test_each_kind_of_review_scores_its_own_indicators(kind, older, expected, government):
    review = review_of(plan_of(government, commitments=0), "research", kind=kind, uses_older_method=older)
    scored = {name for name in fields_for(review) if not name.startswith("relevant_") and name != "explanation"}
    assert scored == expected
