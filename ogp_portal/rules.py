"""Who may do what: every permission rule of the portal, in one place.

Roles (a user may hold several):
- Support Unit staff: members of the `SUPPORT_UNIT_GROUP` group (and superusers);
- government point of contact: a `PointOfContact` row, for one government;
- civil society: `User.is_civil_society`, optionally with organisations;
- IRM researcher: `ResearcherAssignment` rows, per government.

Views ask `user.has_perm(name, obj)`; templates use `{% has_perm %}` from `rules`.
Public objects are readable by everyone, so the rules here are about acting.
"""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_support_unit(user: Any) -> bool:
    return user.is_authenticated and user.is_support_unit


@rules.predicate
def is_civil_society(user: Any) -> bool:
    return user.is_authenticated and user.is_active and user.is_civil_society


@rules.predicate
def is_point_of_contact_of(user: Any, government: Any) -> bool:
    if not user.is_authenticated or not user.is_active or government is None:
        return False
    contact = user.point_of_contact
    return contact is not None and contact.government_id == government.pk


@rules.predicate
def is_irm_researcher_for(user: Any, government: Any) -> bool:
    if not user.is_authenticated or not user.is_active or government is None:
        return False
    return government.pk in user.irm_government_ids


rules.add_perm("members.change_government", is_point_of_contact_of | is_support_unit)
rules.add_perm("members.grant_point_of_contact", is_support_unit)
rules.add_perm("members.change_government_status", is_support_unit)
rules.add_perm("members.manage_eligibility", is_support_unit)
rules.add_perm("members.view_audit_trail", is_point_of_contact_of | is_support_unit)
rules.add_perm("irm.view_research", is_irm_researcher_for | is_support_unit)

# --- Letters of intent ---

# --- Participation: point-of-contact requests, organisations, forums, subscriptions ---

# --- OGP Local applications ---
