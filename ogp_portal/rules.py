"""Who may do what: every permission rule of the portal, in one place.

Roles (a user may hold several):
- Support Unit staff: members of the `SUPPORT_UNIT_GROUP` group (and superusers);
- government point of contact: a `PointOfContact` row, for one government;
- civil society: `User.is_civil_society`, optionally with organisations;
- IRM researcher: `ResearcherAssignment` rows, per plan (or every plan of a government).

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
# (Names differ from Django's model permissions on purpose: these are object rules, not admin rights.)


@rules.predicate
def is_point_of_contact_of_letter_government(user: Any, letter: Any) -> bool:
    return letter is not None and is_point_of_contact_of(user, letter.government)


@rules.predicate
def is_published_letter(user: Any, letter: Any) -> bool:
    return letter is not None and letter.status == "published"


@rules.predicate
def is_national_government(user: Any, government: Any) -> bool:
    return government is not None and government.kind == "national"


# Reading: published letters are public; the others are the government's and the Support Unit's.
rules.add_perm(
    "members.view_letter",
    is_published_letter | is_point_of_contact_of_letter_government | is_support_unit,
)
# Drafting, editing and submitting (the letter's status is checked by the model methods).
rules.add_perm("members.draft_letter", is_national_government & (is_point_of_contact_of | is_support_unit))
rules.add_perm("members.change_letter", is_point_of_contact_of_letter_government | is_support_unit)
# Reviewing, accepting, returning and publishing.
rules.add_perm("members.review_letter", is_support_unit)


# --- Participation: point-of-contact requests, organisations, forums, subscriptions ---
@rules.predicate
def is_signed_in(user: Any) -> bool:
    return user.is_authenticated and user.is_active


@rules.predicate
def is_point_of_contact(user: Any) -> bool:
    return user.is_authenticated and user.point_of_contact is not None


@rules.predicate
def is_organisation_member(user: Any, organisation: Any) -> bool:
    return is_signed_in(user) and organisation is not None and organisation.has_member(user)


# Any signed-in user may ask to represent a government, except someone who already represents one.
rules.add_perm("members.request_point_of_contact", is_signed_in & ~is_point_of_contact)
rules.add_perm("members.decide_point_of_contact_request", is_support_unit)
# Organisations: anyone signed in creates and joins; members (and staff) edit; staff verify.
rules.add_perm("members.add_organisation", is_signed_in)
rules.add_perm("members.join_organisation", is_signed_in)
rules.add_perm("members.change_organisation", is_organisation_member | is_support_unit)
rules.add_perm("members.verify_organisation", is_support_unit)
# A forum is run by its government's points of contact (never another government's) and the Support Unit;
# pending requests to join (with their motivation) are visible to them only.
rules.add_perm("members.manage_forum", is_point_of_contact_of | is_support_unit)
rules.add_perm("members.join_forum", is_signed_in)
rules.add_perm("members.subscribe", is_signed_in)

# --- OGP Local applications ---


@rules.predicate
def is_local_applicant(user: Any, application: Any) -> bool:
    return user.is_authenticated and user.is_active and application is not None and application.applicant_id == user.pk


rules.add_perm("members.view_local_application", is_local_applicant | is_support_unit)
rules.add_perm("members.decide_local_application", is_support_unit)

# --- Action plans ---
# Plans, versions, comments and progress are public to read; these rules are about acting.
# Objects passed are the plan (for anything inside a plan) or the shadow plan.


@rules.predicate
def is_point_of_contact_of_plan_government(user: Any, plan: Any) -> bool:
    return plan is not None and is_point_of_contact_of(user, plan.government)


@rules.predicate
def is_shadow_plan_author(user: Any, shadow_plan: Any) -> bool:
    return shadow_plan is not None and is_organisation_member(user, shadow_plan.organisation)


@rules.predicate
def is_published_shadow_plan(user: Any, shadow_plan: Any) -> bool:
    return shadow_plan is not None and shadow_plan.status == "published"


plan_editor = is_point_of_contact_of_plan_government | is_support_unit

# Starting a plan (the object is the government).
rules.add_perm("action_plans.add_plan", is_point_of_contact_of | is_support_unit)
# Editing the draft, publishing versions, the documents repository, comment periods, submission,
# the self-assessment (the plan's status is checked by the model methods).
rules.add_perm("action_plans.change_plan", plan_editor)
# Public comment is for civil society; the government and staff answer with reasoned responses.
rules.add_perm("action_plans.comment_on_plan", is_civil_society)
rules.add_perm("action_plans.reply_to_comment", is_civil_society | plan_editor)
rules.add_perm("action_plans.report_comment", is_signed_in)
rules.add_perm("action_plans.moderate_comment", plan_editor)
rules.add_perm("action_plans.respond_to_comment", plan_editor)
# Implementation: the government reports, civil society assesses for itself.
rules.add_perm("action_plans.report_progress", plan_editor)
rules.add_perm("action_plans.assess_progress", is_civil_society)
# Shadow plans: civil society organisations propose their own.
rules.add_perm("action_plans.add_shadow_plan", is_civil_society)
rules.add_perm("action_plans.change_shadow_plan", is_shadow_plan_author | is_support_unit)
rules.add_perm("action_plans.view_shadow_plan", is_published_shadow_plan | is_shadow_plan_author | is_support_unit)

# --- IRM reviews ---
# Objects passed are the plan (starting a review) or the review. Before public comment a draft is the
# assigned researchers' and staff's, and from sharing on its government's too; outsiders get 404.


@rules.predicate
def is_researcher_assigned_to_plan(user: Any, plan: Any) -> bool:
    return is_signed_in(user) and plan is not None and user.is_irm_researcher_for_plan(plan)


@rules.predicate
def is_researcher_assigned_to_review(user: Any, review: Any) -> bool:
    return review is not None and is_researcher_assigned_to_plan(user, review.plan)


@rules.predicate
def is_public_review(user: Any, review: Any) -> bool:
    return review is not None and review.is_public


@rules.predicate
def is_point_of_contact_of_shared_review(user: Any, review: Any) -> bool:
    return review is not None and review.status != "research" and is_point_of_contact_of(user, review.plan.government)


review_editor = is_researcher_assigned_to_review | is_support_unit

rules.add_perm("irm.assign_researcher", is_support_unit)
rules.add_perm("irm.start_review", is_researcher_assigned_to_plan | is_support_unit)
rules.add_perm("irm.view_review", is_public_review | is_point_of_contact_of_shared_review | review_editor)
# Writing, scoring, moving the review along and answering its comments.
rules.add_perm("irm.change_review", review_editor)
# Who may comment when is the review's own rule (the government while shared, anyone during public comment).
rules.add_perm("irm.comment_on_review", is_signed_in & ~review_editor)
rules.add_perm("irm.view_confidential_comments", review_editor)

# --- Accountability: procedural review and the Response Policy (the Support Unit's work) ---


@rules.predicate
def is_public_case(user: Any, case: Any) -> bool:
    return case is not None and case.is_public


rules.add_perm("irm.view_accountability", is_support_unit)
rules.add_perm("irm.decide_procedural_review", is_support_unit)
rules.add_perm("irm.manage_response_policy", is_support_unit)
rules.add_perm("irm.view_response_policy_case", is_public_case | is_support_unit)
