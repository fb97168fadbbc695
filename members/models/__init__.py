from .audit import AuditEntry
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
from .people import Organisation, OrganisationMembership, PointOfContact, User

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
]
