"""What each API object shows: public fields only, its stable id, its portal page and links to related resources.

Serializers read only what the views' querysets fetched (select_related, prefetch_related and the
`with_plan_ids` annotation), so a page costs the same queries whatever its size.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from action_plans.models import ActionPlan, Comment, Commitment, Milestone, OGPValue
from irm.models import CommitmentAssessment
from members.models import EligibilityAssessment, Government

from . import identifiers as ids
from .filters import ASSESSING_KINDS, PUBLIC_PLAN_STATUSES


class LinkedSerializer(serializers.ModelSerializer):
    """Builds absolute links: portal pages in English (any language prefix works), API resources."""

    def absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def portal_url(self, name: str, *args: Any) -> str:
        with translation.override("en"):
            return self.absolute(reverse(name, args=args))

    def api_detail(self, basename: str, identifier: str) -> str:
        return self.absolute(reverse(f"api:{basename}-detail", kwargs={"id": identifier}))

    def api_list(self, basename: str, **query: str) -> str:
        return self.absolute(f"{reverse(f'api:{basename}-list')}?{urlencode(query)}")

    def government_ref(self, government: Government) -> dict[str, str]:
        identifier = ids.government_id(government)
        return {"id": identifier, "name": government.name, "api_url": self.api_detail("government", identifier)}

    def plan_ref(self, obj: Any, plan: ActionPlan) -> dict[str, str]:
        identifier = ids.public_plan_id(obj, plan)
        return {"id": identifier, "title": plan.title, "api_url": self.api_detail("plan", identifier)}


class GovernmentSerializer(LinkedSerializer):
    id = serializers.SerializerMethodField(help_text=_("ISO 3166 alpha-3 code; a local government's slug."))
    url = serializers.SerializerMethodField(help_text=_("The government's page on the portal."))
    api_url = serializers.SerializerMethodField(help_text=_("This resource in the API."))
    parent = serializers.SerializerMethodField(help_text=_("A local government's country (id, name, API link)."))
    links = serializers.SerializerMethodField(
        help_text=_("API lists of its eligibility assessments, action plans, commitments and comments.")
    )

    class Meta:
        model = Government
        fields = [
            "id",
            "url",
            "api_url",
            "kind",
            "name",
            "name_fr",
            "name_es",
            "region",
            "status",
            "cohort",
            "population",
            "is_un_member",
            "is_founding_member",
            "member_since",
            "lead_agency",
            "website",
            "parent",
            "links",
        ]

    def get_id(self, government: Government) -> str:
        return ids.government_id(government)

    def get_url(self, government: Government) -> str:
        return self.portal_url("members:government-detail", government.slug)

    def get_api_url(self, government: Government) -> str:
        return self.api_detail("government", ids.government_id(government))

    def get_parent(self, government: Government) -> dict[str, str] | None:
        return self.government_ref(government.parent) if government.parent_id else None

    def get_links(self, government: Government) -> dict[str, str]:
        identifier = ids.government_id(government)
        return {
            "eligibility_assessments": self.api_list("eligibility-assessment", government=identifier),
            "action_plans": self.api_list("plan", government=identifier),
            "commitments": self.api_list("commitment", government=identifier),
            "comments": self.api_list("comment", government=identifier),
        }


class EligibilityAssessmentSerializer(LinkedSerializer):
    id = serializers.SerializerMethodField(help_text=_("Government id and year, e.g. FRA/2024."))
    url = serializers.SerializerMethodField(help_text=_("The year's eligibility table on the portal."))
    api_url = serializers.SerializerMethodField(help_text=_("This resource in the API."))
    government = serializers.SerializerMethodField(help_text=_("The government assessed (id, name, API link)."))

    class Meta:
        model = EligibilityAssessment
        fields = [
            "id",
            "url",
            "api_url",
            "government",
            "year",
            "ruleset_version",
            "fiscal_transparency",
            "access_to_information",
            "asset_disclosure",
            "citizen_engagement",
            "total",
            "maximum",
            "percent",
            "core_result",
            "values_check",
            "eligible",
            "changed",
            "computed_at",
        ]

    def get_id(self, assessment: EligibilityAssessment) -> str:
        return ids.eligibility_id(assessment)

    def get_url(self, assessment: EligibilityAssessment) -> str:
        return self.portal_url("members:eligibility-table", assessment.year)

    def get_api_url(self, assessment: EligibilityAssessment) -> str:
        return self.api_detail("eligibility-assessment", self.get_id(assessment))

    def get_government(self, assessment: EligibilityAssessment) -> dict[str, str]:
        return self.government_ref(assessment.government)


class PlanSerializer(LinkedSerializer):
    id = serializers.SerializerMethodField(
        help_text=_("Government id and cycle year, e.g. FRA-2024 (a later plan of the same cycle adds -P<number>).")
    )
    url = serializers.SerializerMethodField(help_text=_("The plan's page on the portal."))
    api_url = serializers.SerializerMethodField(help_text=_("This resource in the API."))
    government = serializers.SerializerMethodField(help_text=_("The government (id, name, API link)."))
    links = serializers.SerializerMethodField(
        help_text=_("API lists of its commitments, IRM assessments and comments.")
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "url",
            "api_url",
            "government",
            "number",
            "title",
            "cycle_year",
            "length_years",
            "status",
            "start_date",
            "end_date",
            "submitted_at",
            "implementation_started_at",
            "ended_at",
            "links",
        ]
        # "Title" alone is also a person's job title, and translated as one.
        extra_kwargs = {"status": {"choices": PUBLIC_PLAN_STATUSES}, "title": {"help_text": _("The plan's title.")}}

    def get_id(self, plan: ActionPlan) -> str:
        return ids.public_plan_id(plan, plan)

    def get_url(self, plan: ActionPlan) -> str:
        return self.portal_url("action_plans:plan-detail", plan.pk)

    def get_api_url(self, plan: ActionPlan) -> str:
        return self.api_detail("plan", self.get_id(plan))

    def get_government(self, plan: ActionPlan) -> dict[str, str]:
        return self.government_ref(plan.government)

    def get_links(self, plan: ActionPlan) -> dict[str, str]:
        identifier = self.get_id(plan)
        return {
            "commitments": self.api_list("commitment", plan=identifier),
            "irm_assessments": self.api_list("irm-assessment", plan=identifier),
            "comments": self.api_list("comment", plan=identifier),
        }


class MilestoneSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField(help_text=_("Commitment id, a dot and the milestone's number."))
    # Named as in the open-data milestones: the government's reported progress, not a workflow status.
    progress = serializers.CharField(source="status")

    class Meta:
        model = Milestone
        fields = ["id", "number", "description", "start_date", "end_date", "responsible_agency", "progress"]

    def get_id(self, milestone: Milestone) -> str:
        return ids.milestone_id(milestone, self.context["commitment_id"])


class CommitmentSerializer(LinkedSerializer):
    id = serializers.SerializerMethodField(help_text=_("Plan id and the commitment's number, e.g. FRA-2024-07."))
    url = serializers.SerializerMethodField(help_text=_("The commitment's page on the portal."))
    api_url = serializers.SerializerMethodField(help_text=_("This resource in the API."))
    plan = serializers.SerializerMethodField(help_text=_("The action plan (id, title, API link)."))
    government = serializers.SerializerMethodField(help_text=_("The government (id, name, API link)."))
    ogp_values = serializers.SerializerMethodField(
        help_text=_("OGP values it is relevant to, as the plan states them.")
    )
    policy_areas = serializers.SerializerMethodField(help_text=_("Slugs of its policy areas."))
    milestones = serializers.SerializerMethodField(
        help_text=_("Its milestones, in order: id, number, description, dates, responsible agency, progress.")
    )
    links = serializers.SerializerMethodField(help_text=_("API list of its IRM assessments."))

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "api_url",
            "plan",
            "government",
            "number",
            "title",
            "short_title",
            "problem",
            "description",
            "theory_of_change",
            "values_relevance",
            "additional_information",
            "ogp_values",
            "policy_areas",
            "lead_agency",
            "supporting_institutions",
            "start_date",
            "end_date",
            "milestones",
            "links",
        ]
        extra_kwargs = {"title": {"help_text": _("The commitment's title.")}}

    def get_id(self, commitment: Commitment) -> str:
        return ids.commitment_id(commitment, ids.public_plan_id(commitment, commitment.plan))

    def get_url(self, commitment: Commitment) -> str:
        return self.portal_url("action_plans:commitment-detail", commitment.plan_id, commitment.pk)

    def get_api_url(self, commitment: Commitment) -> str:
        return self.api_detail("commitment", self.get_id(commitment))

    def get_plan(self, commitment: Commitment) -> dict[str, str]:
        return self.plan_ref(commitment, commitment.plan)

    def get_government(self, commitment: Commitment) -> dict[str, str]:
        return self.government_ref(commitment.plan.government)

    def get_ogp_values(self, commitment: Commitment) -> list[str]:
        return [value.value for value in commitment.ogp_values()]

    def get_policy_areas(self, commitment: Commitment) -> list[str]:
        return sorted(area.slug for area in commitment.policy_areas.all())

    def get_milestones(self, commitment: Commitment) -> list[dict[str, Any]]:
        context = {**self.context, "commitment_id": self.get_id(commitment)}
        return MilestoneSerializer(commitment.milestones.all(), many=True, context=context).data

    def get_links(self, commitment: Commitment) -> dict[str, str]:
        return {"irm_assessments": self.api_list("irm-assessment", commitment=self.get_id(commitment))}


class IRMAssessmentSerializer(LinkedSerializer):
    id = serializers.SerializerMethodField(
        help_text=_("Commitment id and the kind of review, e.g. FRA-2024-07/results_report.")
    )
    url = serializers.SerializerMethodField(help_text=_("The published IRM review on the portal."))
    api_url = serializers.SerializerMethodField(help_text=_("This resource in the API."))
    commitment = serializers.SerializerMethodField(help_text=_("The commitment assessed (id, title, API link)."))
    plan = serializers.SerializerMethodField(help_text=_("The action plan (id, title, API link)."))
    government = serializers.SerializerMethodField(help_text=_("The government (id, name, API link)."))
    review_kind = serializers.ChoiceField(
        source="review.kind", choices=ASSESSING_KINDS, help_text=_("Kind of IRM review.")
    )
    uses_older_method = serializers.BooleanField(
        source="review.uses_older_method", help_text=_("Assessed under the method used before 2021.")
    )
    published_at = serializers.DateTimeField(
        source="review.published_at", help_text=_("When the review was published.")
    )
    relevant_values = serializers.SerializerMethodField(help_text=_("OGP values the IRM found it relevant to."))

    class Meta:
        model = CommitmentAssessment
        fields = [
            "id",
            "url",
            "api_url",
            "commitment",
            "plan",
            "government",
            "review_kind",
            "uses_older_method",
            "published_at",
            "verifiable",
            "open_government_lens",
            "relevant_values",
            "potential_for_results",
            "promising",
            "completion",
            "early_results",
            "specificity",
            "potential_impact",
            "starred",
            "explanation",
        ]

    def _commitment_id(self, assessment: CommitmentAssessment) -> str:
        return ids.commitment_id(assessment.commitment, ids.public_plan_id(assessment, assessment.commitment.plan))

    def get_id(self, assessment: CommitmentAssessment) -> str:
        return ids.irm_assessment_id(self._commitment_id(assessment), assessment.review.kind)

    def get_url(self, assessment: CommitmentAssessment) -> str:
        return self.portal_url("irm:review-detail", assessment.review_id)

    def get_api_url(self, assessment: CommitmentAssessment) -> str:
        return self.api_detail("irm-assessment", self.get_id(assessment))

    def get_commitment(self, assessment: CommitmentAssessment) -> dict[str, str]:
        identifier = self._commitment_id(assessment)
        return {
            "id": identifier,
            "title": assessment.commitment.title,
            "api_url": self.api_detail("commitment", identifier),
        }

    def get_plan(self, assessment: CommitmentAssessment) -> dict[str, str]:
        return self.plan_ref(assessment, assessment.commitment.plan)

    def get_government(self, assessment: CommitmentAssessment) -> dict[str, str]:
        return self.government_ref(assessment.commitment.plan.government)

    def get_relevant_values(self, assessment: CommitmentAssessment) -> list[str]:
        return [value.value for value in OGPValue if getattr(assessment, f"relevant_{value.value}")]


class CommentSerializer(LinkedSerializer):
    id = serializers.SerializerMethodField(help_text=_("C and the comment's number, e.g. C42."))
    url = serializers.SerializerMethodField(help_text=_("The comment on the portal."))
    api_url = serializers.SerializerMethodField(help_text=_("This resource in the API."))
    plan = serializers.SerializerMethodField(help_text=_("The action plan commented on (id, title, API link)."))
    government = serializers.SerializerMethodField(help_text=_("The government (id, name, API link)."))
    commitment = serializers.SerializerMethodField(help_text=_("Id of the commitment commented on, if any."))
    in_reply_to = serializers.SerializerMethodField(help_text=_("Id of the comment this one answers, if any."))
    on_self_assessment = serializers.SerializerMethodField(
        help_text=_("Whether it comments on the government's self-assessment rather than the plan.")
    )
    section = serializers.CharField(source="field", help_text=_("Section of the commitment text, if any."))
    paragraph = serializers.CharField(source="paragraph_text", help_text=_("The paragraph quoted, if any."))
    author = serializers.SerializerMethodField(help_text=_("The author's name as the portal shows it."))
    organisation = serializers.SerializerMethodField(help_text=_("The organisation the author spoke for, if any."))
    response = serializers.SerializerMethodField(
        help_text=_(
            "The government's reasoned response: disposition, reason, commitment it was taken up in, date; "
            "null if none."
        )
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "url",
            "api_url",
            "plan",
            "government",
            "commitment",
            "in_reply_to",
            "on_self_assessment",
            "section",
            "paragraph",
            "author",
            "organisation",
            "body",
            "created_at",
            "response",
        ]

    def _plan_id(self, comment: Comment) -> str:
        return ids.public_plan_id(comment, comment.plan)

    def get_url(self, comment: Comment) -> str:
        with translation.override("en"):
            return self.absolute(comment.get_absolute_url())

    def get_id(self, comment: Comment) -> str:
        return ids.comment_id(comment)

    def get_in_reply_to(self, comment: Comment) -> str | None:
        # The parent's id from its key alone (`comment_id` only reads `pk`): no query for the parent row.
        return ids.comment_id(Comment(pk=comment.parent_id)) if comment.parent_id else None

    def get_api_url(self, comment: Comment) -> str:
        return self.api_detail("comment", ids.comment_id(comment))

    def get_plan(self, comment: Comment) -> dict[str, str]:
        return self.plan_ref(comment, comment.plan)

    def get_government(self, comment: Comment) -> dict[str, str]:
        return self.government_ref(comment.plan.government)

    def get_commitment(self, comment: Comment) -> str | None:
        return ids.commitment_id(comment.commitment, self._plan_id(comment)) if comment.commitment_id else None

    def get_on_self_assessment(self, comment: Comment) -> bool:
        return comment.self_assessment_id is not None

    def get_author(self, comment: Comment) -> str:
        return comment.author.display_name

    def get_organisation(self, comment: Comment) -> str | None:
        return comment.organisation.name if comment.organisation_id else None

    def get_response(self, comment: Comment) -> dict[str, Any] | None:
        response = getattr(comment, "response", None)
        if response is None:
            return None
        taken_up_in = response.commitment
        return {
            "disposition": response.disposition,
            "reason": response.reason,
            "commitment": ids.commitment_id(taken_up_in, self._plan_id(comment)) if taken_up_in else None,
            "responded_at": serializers.DateTimeField().to_representation(response.responded_at),
        }
