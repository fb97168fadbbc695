from .comments import Comment, CommentReport, Disposition, ReasonedResponse
from .commitments import (
    CORE_OGP_VALUES,
    TEXT_FIELDS,
    Commitment,
    Milestone,
    MilestoneStatus,
    OGPValue,
    PolicyArea,
    split_paragraphs,
)
from .documents import PlanDocument
from .findings import FindingKind, ProcessFinding
from .implementation import CivilSocietyAssessment, MilestoneProgress, OverdueReminder
from .plans import (
    DRAFTING_STATUSES,
    IMPLEMENTATION_STATUSES,
    ActionPlan,
    PlanLength,
    PlanStatus,
    due_date_for,
)
from .selfassessment import SelfAssessment
from .shadow import ShadowCommitment, ShadowMilestone, ShadowPlan, ShadowPlanStatus
from .versions import PlanVersion

__all__ = [
    "CORE_OGP_VALUES",
    "DRAFTING_STATUSES",
    "IMPLEMENTATION_STATUSES",
    "TEXT_FIELDS",
    "ActionPlan",
    "CivilSocietyAssessment",
    "Comment",
    "CommentReport",
    "Commitment",
    "Disposition",
    "FindingKind",
    "Milestone",
    "MilestoneProgress",
    "MilestoneStatus",
    "OGPValue",
    "OverdueReminder",
    "PlanDocument",
    "PlanLength",
    "PlanStatus",
    "PlanVersion",
    "PolicyArea",
    "ProcessFinding",
    "ReasonedResponse",
    "SelfAssessment",
    "ShadowCommitment",
    "ShadowMilestone",
    "ShadowPlan",
    "ShadowPlanStatus",
    "due_date_for",
    "split_paragraphs",
]
