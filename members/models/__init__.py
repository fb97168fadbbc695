from .audit import AuditEntry
from .governments import Government, GovernmentKind, GovernmentQuerySet, MembershipStatus, Region
from .people import Organisation, OrganisationMembership, PointOfContact, User

__all__ = [
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
