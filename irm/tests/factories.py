"""Reviews and their parts as rows (not through the transitions), for tests that start mid-lifecycle."""

import datetime

import factory
from django.utils import timezone

from action_plans.models import PlanStatus
from action_plans.tests.factories import ActionPlanFactory
from members.tests.factories import UserFactory

from ..models import CommitmentAssessment, Review, ReviewComment, ReviewKind, ReviewStatus


class ReviewFactory(factory.django.DjangoModelFactory):
    """An action plan review, in research, of a submitted plan in implementation."""

    class Meta:
        model = Review

    plan = factory.SubFactory(
        ActionPlanFactory,
        status=PlanStatus.IN_IMPLEMENTATION,
        submitted_at=datetime.datetime(2025, 8, 20, 12, tzinfo=datetime.UTC),
    )
    kind = ReviewKind.ACTION_PLAN_REVIEW
    summary = "The plan is ambitious.\n\nCo-creation was open."

    class Params:
        public_comment = factory.Trait(
            status=ReviewStatus.PUBLIC_COMMENT,
            shared_at=factory.LazyFunction(timezone.now),
            comment_opens_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3)),
            comment_closes_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=11)),
        )
        published = factory.Trait(
            status=ReviewStatus.PUBLISHED,
            shared_at=factory.LazyFunction(timezone.now),
            comment_opens_on=datetime.date(2025, 11, 1),
            comment_closes_on=datetime.date(2025, 11, 30),
            finalised_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
            forum_meets_regularly="yes",
            forum_rules_public="yes",
            repository_public="yes",
        )


class CommitmentAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentAssessment

    review = factory.SubFactory(ReviewFactory)
    commitment = factory.SubFactory(
        "action_plans.tests.factories.CommitmentFactory", plan=factory.SelfAttribute("..review.plan")
    )
    verifiable = "verifiable"
    open_government_lens = "yes"
    relevant_access_to_information = True
    potential_for_results = "modest"
    promising = "no"


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewComment

    review = factory.SubFactory(ReviewFactory, public_comment=True)
    author = factory.SubFactory(UserFactory, is_civil_society=True)
    stage = "public"
    body = "The completion of commitment 2 is overstated."
