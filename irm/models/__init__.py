from .assessments import ASSESSMENT_FIELDS, CommitmentAssessment, fields_for
from .assignments import ResearcherAssignment
from .procedural import ProceduralReview, ProceduralReviewStatus
from .response_policy import ALLOWED_CASE_STEPS, CaseStatus, CaseStep, FilerType, ResponsePolicyCase
from .review_comments import CommentStage, ReviewComment
from .reviews import EDITABLE_STATUSES, PUBLIC_STATUSES, Review, ReviewKind, ReviewStatus
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

__all__ = [
    "ALLOWED_CASE_STEPS",
    "ASSESSMENT_FIELDS",
    "EDITABLE_STATUSES",
    "PUBLIC_STATUSES",
    "CaseStatus",
    "CaseStep",
    "CommentStage",
    "CommitmentAssessment",
    "Completion",
    "EarlyResults",
    "FilerType",
    "PotentialForResults",
    "PotentialImpact",
    "ProceduralReview",
    "ProceduralReviewStatus",
    "ResearcherAssignment",
    "ResponsePolicyCase",
    "Review",
    "ReviewComment",
    "ReviewKind",
    "ReviewStatus",
    "Specificity",
    "Verifiability",
    "YesNo",
    "fields_for",
    "is_starred",
]
