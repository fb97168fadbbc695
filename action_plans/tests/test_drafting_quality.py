"""Quality hints on draft commitments: a table of cases over the pure functions of action_plans.quality."""

import datetime
from types import SimpleNamespace

import pytest

from action_plans.quality import commitment_hints, has_core_ogp_value, plan_hints

PLAN_END = datetime.date(2027, 8, 31)
IN_TIME = datetime.date(2027, 6, 30)
TOO_LATE = datetime.date(2027, 9, 30)


def commitment(**values):
    base = {
        "access_to_information": False,
        "civic_participation": False,
        "public_accountability": False,
        "technology_and_innovation": False,
        "end_date": IN_TIME,
    }
    return SimpleNamespace(**{**base, **values})


def milestone(description="Publish the register", end_date=IN_TIME):
    return SimpleNamespace(description=description, end_date=end_date)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, False),
        ({"technology_and_innovation": True}, False),  # only in addition to a core value
        ({"access_to_information": True}, True),
        ({"civic_participation": True}, True),
        ({"public_accountability": True}, True),
        ({"public_accountability": True, "technology_and_innovation": True}, True),
    ],
)
def test_has_core_ogp_value(values, expected):
    assert has_core_ogp_value(commitment(**values)) is expected


@pytest.mark.parametrize(
    ("values", "milestones", "expected"),
    [
        # A commitment that reads well has no hints.
        ({"access_to_information": True}, [milestone()], []),
        # Milestones: none, or none with both a deliverable and an end date.
        ({"access_to_information": True}, [], ["no_verifiable_milestone"]),
        ({"access_to_information": True}, [milestone(end_date=None)], ["no_verifiable_milestone"]),
        ({"access_to_information": True}, [milestone(description="  ")], ["no_verifiable_milestone"]),
        ({"access_to_information": True}, [milestone(end_date=None), milestone()], []),
        # OGP values: technology and innovation alone does not count.
        ({}, [milestone()], ["no_ogp_value"]),
        ({"technology_and_innovation": True}, [milestone()], ["no_ogp_value"]),
        ({"civic_participation": True, "technology_and_innovation": True}, [milestone()], []),
        # Ending after the plan: the commitment, or one of its milestones.
        ({"access_to_information": True, "end_date": TOO_LATE}, [milestone()], ["ends_after_plan"]),
        ({"access_to_information": True, "end_date": PLAN_END}, [milestone(end_date=PLAN_END)], []),
        ({"access_to_information": True}, [milestone(end_date=TOO_LATE)], ["milestone_ends_after_plan"]),
        ({"access_to_information": True, "end_date": None}, [milestone()], []),
        # Everything at once, in a fixed order.
        (
            {"technology_and_innovation": True, "end_date": TOO_LATE},
            [milestone(end_date=None)],
            ["no_verifiable_milestone", "no_ogp_value", "ends_after_plan"],
        ),
    ],
)
def test_commitment_hints(values, milestones, expected):
    hints = commitment_hints(commitment(**values), milestones, PLAN_END)
    assert [hint.code for hint in hints] == expected
    assert all(hint.message for hint in hints)


def test_without_a_plan_end_date_nothing_is_late():
    late = commitment(access_to_information=True, end_date=TOO_LATE)
    assert commitment_hints(late, [milestone(end_date=TOO_LATE)], None) == []


@pytest.mark.django_db
def test_plan_hints_read_prefetched_commitments_without_queries(django_assert_num_queries):
    from action_plans.models import Commitment

    from .factories import CommitmentFactory, MilestoneFactory

    weak = CommitmentFactory(access_to_information=False)
    MilestoneFactory(commitment=weak, end_date=None)
    good = CommitmentFactory(plan=weak.plan)
    MilestoneFactory(commitment=good)
    commitments = list(Commitment.objects.prefetch_related("milestones"))
    with django_assert_num_queries(0):
        hints = plan_hints(commitments, weak.plan.end_date)
    assert [hint.code for hint in hints[weak.pk]] == ["no_verifiable_milestone", "no_ogp_value"]
    assert hints[good.pk] == []
