import datetime

import factory

from members.tests.factories import GovernmentFactory, UserFactory

from ..models import ActionPlan, Comment, Commitment, Milestone, PlanStatus, PolicyArea


class ActionPlanFactory(factory.django.DjangoModelFactory):
    """A two-year plan of the 2025 cycle, in co-creation."""

    class Meta:
        model = ActionPlan

    government = factory.SubFactory(GovernmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action plan {n}")
    cycle_year = 2025
    start_date = datetime.date(2025, 9, 1)
    end_date = datetime.date(2027, 8, 31)

    class Params:
        public_comment = factory.Trait(
            status=PlanStatus.PUBLIC_COMMENT,
            comment_opens_on=datetime.date(2025, 5, 1),
            comment_closes_on=datetime.date(2025, 5, 31),
        )
        in_implementation = factory.Trait(status=PlanStatus.IN_IMPLEMENTATION)


class PolicyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyArea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Policy area {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    description = "First paragraph of the commitment.\n\nSecond paragraph of the commitment."
    access_to_information = True
    start_date = datetime.date(2025, 9, 1)
    end_date = datetime.date(2027, 6, 30)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    description = "Publish the open dataset"
    start_date = datetime.date(2025, 9, 1)
    end_date = datetime.date(2026, 6, 30)
    responsible_agency = "Ministry of Public Service"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    plan = factory.SubFactory(ActionPlanFactory)
    author = factory.SubFactory(UserFactory, is_civil_society=True)
    body = "Please add a milestone on open contracting."


# --- Implementation and shadow plans (appended by the implementation topic) ---


class ShadowPlanFactory(factory.django.DjangoModelFactory):
    """A draft shadow plan; pass `organisation` (its members are its authors)."""

    class Meta:
        model = "action_plans.ShadowPlan"

    government = factory.SubFactory(GovernmentFactory)
    organisation = factory.SubFactory("members.tests.factories.OrganisationFactory")
    title = factory.Sequence(lambda n: f"Shadow plan {n}")
    summary = "Our proposals for open contracting."


class ShadowCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "action_plans.ShadowCommitment"

    shadow_plan = factory.SubFactory(ShadowPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Proposed commitment {n}")
    description = "Publish every public contract."
    access_to_information = True
