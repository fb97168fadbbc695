from .audit import AuditEntry
from .eligibility import CriterionOverride, EligibilityAssessment, RecomputeResult
from .governments import (
    ALLOWED_STATUS_CHANGES,
    Cohort,
    Government,
    GovernmentContact,
    GovernmentKind,
    GovernmentQuerySet,
    MembershipStatus,
    Region,
    StatusChange,
)
from .indicators import ImportStatus, IndicatorImport, IndicatorObservation
from .people import Organisation, OrganisationMembership, PointOfContact, User
from .refresh import RefreshRun, RefreshRunStatus

__all__ = [
    "ALLOWED_STATUS_CHANGES",
    "Cohort",
    "GovernmentContact",
    "StatusChange",
    "AuditEntry",
    "Government",
    "GovernmentKind",
    "GovernmentQuerySet",
    "MembershipStatus",
    "Organisation",
    "OrganisationMembership",
    "PointOfContact",
    "Region",
    "User",
    "CriterionOverride",
    "EligibilityAssessment",
    "ImportStatus",
    "IndicatorImport",
    "IndicatorObservation",
    "RecomputeResult",
    "RefreshRun",
    "RefreshRunStatus",
]
