from .audit import AuditEntry
from .eligibility import CriterionOverride, EligibilityAssessment, RecomputeResult
from .email_preferences import EmailOptOut
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
from .letters import LetterOfIntent, LetterStatus
from .local import LocalApplication, LocalApplicationStatus
from .participation import (
    DigestItem,
    Forum,
    ForumMeeting,
    ForumMembership,
    ForumMembershipStatus,
    PointOfContactRequest,
    RequestStatus,
    Subscription,
    SubscriptionFrequency,
)
from .people import Organisation, OrganisationMembership, PointOfContact, User
from .refresh import RefreshRun, RefreshRunStatus

__all__ = [
    "Forum",
    "ForumMeeting",
    "ForumMembership",
    "ForumMembershipStatus",
    "LetterOfIntent",
    "LetterStatus",
    "LocalApplication",
    "LocalApplicationStatus",
    "PointOfContactRequest",
    "RequestStatus",
    "DigestItem",
    "Subscription",
    "SubscriptionFrequency",
    "ALLOWED_STATUS_CHANGES",
    "Cohort",
    "GovernmentContact",
    "StatusChange",
    "AuditEntry",
    "EmailOptOut",
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
