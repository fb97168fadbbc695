"""The read-only JSON API: public objects only, found by their stable ids, in a fixed number of queries.

Each queryset is where "public" is decided for its resource; nothing else filters visibility.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework import viewsets
from rest_framework.settings import api_settings

from action_plans.models import ActionPlan, Comment, Commitment
from irm.models import CommitmentAssessment, Review
from members.models import EligibilityAssessment, Government

from . import filters, serializers
from . import identifiers as ids
from .docs import endpoints
from .pagination import CursorPagination

# More objects never share one id prefix: the plans of a government's cycle, at most a handful.
MAX_CANDIDATES = 20


class StableIdViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail by stable id; GET (and HEAD, OPTIONS) only: writes get 405."""

    lookup_url_kwarg = "id"
    # Some ids hold a slash (FRA/2024); any malformed one still reaches `get_object` and gets a JSON 404.
    lookup_value_regex = r".+"
    # Turns an id into a filter finding candidates (None: the id is malformed).
    lookup: Callable[[str], Q | None]

    def identify(self, obj: Any) -> str:
        return self.get_serializer(obj).data["id"]

    def get_object(self) -> Any:
        identifier = self.kwargs[self.lookup_url_kwarg]
        lookup = type(self).lookup(identifier)
        if lookup is not None:
            for candidate in self.get_queryset().filter(lookup)[:MAX_CANDIDATES]:
                # Only the canonical spelling names an object (FRA-2024-5 is unknown when FRA-2024 is right).
                if str(self.identify(candidate)) == identifier:
                    return candidate
        raise Http404


class GovernmentViewSet(StableIdViewSet):
    serializer_class = serializers.GovernmentSerializer
    filterset_class = filters.GovernmentFilter
    lookup = staticmethod(ids.government_lookup)

    def get_queryset(self) -> QuerySet[Government]:
        return Government.objects.select_related("parent").order_by("pk")

    def identify(self, obj: Government) -> str:
        return ids.government_id(obj)


class EligibilityAssessmentViewSet(StableIdViewSet):
    serializer_class = serializers.EligibilityAssessmentSerializer
    filterset_class = filters.EligibilityAssessmentFilter
    lookup = staticmethod(ids.eligibility_lookup)

    def get_queryset(self) -> QuerySet[EligibilityAssessment]:
        # The trace and the Support Unit's review (who, when, note) are internal: deferred, never shown.
        return EligibilityAssessment.objects.select_related("government").defer("trace", "review_note").order_by("pk")


class PlanViewSet(StableIdViewSet):
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter
    lookup = staticmethod(ids.plan_lookup)

    def get_queryset(self) -> QuerySet:
        return ids.with_plan_ids(ActionPlan.objects.past_drafting().select_related("government").order_by("pk"))


class CommitmentViewSet(StableIdViewSet):
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    lookup = staticmethod(ids.commitment_lookup)

    def get_queryset(self) -> QuerySet:
        commitments = (
            Commitment.objects.filter(plan__in=ActionPlan.objects.past_drafting())
            .select_related("plan__government")
            .prefetch_related("milestones", "policy_areas")
            .order_by("pk")
        )
        return ids.with_plan_ids(commitments, "plan")


class IRMAssessmentViewSet(StableIdViewSet):
    serializer_class = serializers.IRMAssessmentSerializer
    filterset_class = filters.IRMAssessmentFilter
    lookup = staticmethod(ids.irm_assessment_lookup)

    def get_queryset(self) -> QuerySet:
        assessments = (
            CommitmentAssessment.objects.filter(
                review__status=Review.Status.PUBLISHED, commitment__plan__in=ActionPlan.objects.past_drafting()
            )
            .select_related("review", "commitment__plan__government")
            .defer("review__draft_snapshot", "review__summary")
            .order_by("pk")
        )
        return ids.with_plan_ids(assessments, "commitment__plan")


class CommentViewSet(StableIdViewSet):
    serializer_class = serializers.CommentSerializer
    filterset_class = filters.CommentFilter
    lookup = staticmethod(ids.comment_lookup)

    def get_queryset(self) -> QuerySet:
        # Hidden comments, and replies in a conversation a moderator hid, are no longer public.
        comments = (
            Comment.objects.filter(is_hidden=False, plan__in=ActionPlan.objects.past_drafting())
            .exclude(parent__is_hidden=True)
            .select_related("plan__government", "commitment", "author", "organisation", "response__commitment")
            .order_by("pk")
        )
        return ids.with_plan_ids(comments, "plan")


def documentation(request: HttpRequest) -> HttpResponse:
    """The API's documentation page: each endpoint, its filters, an example and its fields."""
    context = {
        "endpoints": endpoints(request),
        "page_size": api_settings.PAGE_SIZE,
        "max_page_size": CursorPagination.max_page_size,
    }
    return render(request, "api/documentation.html", context)
