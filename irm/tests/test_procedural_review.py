"""Two-strike escalation and the Steering Committee's decisions: consecutive contrary cycles place a member under
procedural review (a status change with a reason, audited, its points of contact emailed); lifting it or
designating the member inactive is recorded by staff; spent cycles never re-open a review."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from members.models import AuditEntry, Government, StatusChange

from ..accountability import recompute
from ..models import ProceduralReview
from .test_accountability_rules import delivered_plan, published_review

pytestmark = pytest.mark.django_db

# Before the latest plan (2023, ended 31 August 2025) is 12 months past its end: no no-plan finding.
TODAY = datetime.date(2026, 6, 1)


def contrary_plan(government, number, cycle_year):
    """A delivered plan whose published action plan review found the minimum requirements not met."""
    plan = delivered_plan(government, number, cycle_year)
    published_review(plan, forum_meets_regularly="no")
    return plan


def clean_plan(government, number, cycle_year):
    plan = delivered_plan(government, number, cycle_year)
    published_review(plan)
    return plan


def statuses(government):
    return list(government.status_changes.order_by("pk").values_list("to_status", flat=True))


class TestEscalation:
    def test_two_consecutive_contrary_cycles_place_the_member_under_procedural_review(
        self, government, poc, django_capture_on_commit_callbacks
    ):
        contrary_plan(government, 1, 2021)
        contrary_plan(government, 2, 2023)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            outcome = recompute(government, TODAY)
        review = outcome.procedural_review
        assert (review.first_cycle_year, review.second_cycle_year, review.status) == (2021, 2023, "open")
        assert len(outcome.findings) == 2
        government.refresh_from_db()
        assert government.status == Government.Status.UNDER_PROCEDURAL_REVIEW
        change = StatusChange.objects.get(government=government)
        assert (change.from_status, change.to_status, change.actor) == ("member", "under_procedural_review", None)
        assert change.reason == "Acted contrary to process in 2 consecutive action plan cycles (2021 to 2023)."
        entry = AuditEntry.objects.for_object(government).get(action="procedural_review.opened")
        assert entry.data == {"procedural_review": review.pk, "first_cycle_year": 2021, "second_cycle_year": 2023}
        subjects = sorted(message.subject for message in mail.outbox if message.to == [poc.email])
        assert subjects == [
            "France: membership status is now “Under procedural review”",
            "France: the 2021 cycle was found contrary to process",
            "France: the 2023 cycle was found contrary to process",
        ]

    def test_non_consecutive_contrary_cycles_do_not(self, government):
        contrary_plan(government, 1, 2021)
        clean_plan(government, 2, 2023)
        contrary_plan(government, 3, 2025)
        outcome = recompute(government, TODAY)
        assert outcome.procedural_review is None and len(outcome.findings) == 2
        assert not ProceduralReview.objects.exists() and government.status_changes.count() == 0

    def test_a_missing_cycle_is_filled_by_the_no_plan_finding(self, government):
        """2021 contrary; no plan delivered within 12 months of its end (2023 cycle): two in a row."""
        contrary_plan(government, 1, 2021)
        review = recompute(government, datetime.date(2024, 9, 1)).procedural_review
        assert (review.first_cycle_year, review.second_cycle_year) == (2021, 2023)

    def test_one_contrary_cycle_is_one_strike_only(self, government):
        contrary_plan(government, 1, 2023)
        assert recompute(government, TODAY).procedural_review is None
        government.refresh_from_db()
        assert government.status == Government.Status.MEMBER

    def test_the_number_of_consecutive_cycles_is_a_setting(self, government, settings):
        settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES = 3
        contrary_plan(government, 1, 2019)
        contrary_plan(government, 2, 2021)
        assert recompute(government, datetime.date(2023, 1, 1)).procedural_review is None
        contrary_plan(government, 3, 2023)
        review = recompute(government, TODAY).procedural_review
        assert (review.first_cycle_year, review.second_cycle_year) == (2019, 2023)
        assert StatusChange.objects.get().reason.startswith("Acted contrary to process in 3 consecutive")

    def test_running_twice_opens_one_review(self, government):
        contrary_plan(government, 1, 2021)
        contrary_plan(government, 2, 2023)
        assert recompute(government, TODAY).procedural_review is not None
        again = recompute(government, TODAY)
        assert again.procedural_review is None and again.findings == []
        assert ProceduralReview.objects.count() == 1 and government.status_changes.count() == 1

    @pytest.mark.parametrize("status", ["suspended", "inactive", "withdrawn"])
    def test_a_member_not_active_is_not_placed_under_procedural_review(self, government, status):
        Government.objects.filter(pk=government.pk).update(status=status)
        contrary_plan(government, 1, 2021)
        contrary_plan(government, 2, 2023)
        assert recompute(government, TODAY).procedural_review is None
        assert not ProceduralReview.objects.exists()

    def test_a_member_under_eligibility_review_can_be(self, government):
        Government.objects.filter(pk=government.pk).update(status="under_eligibility_review")
        contrary_plan(government, 1, 2021)
        contrary_plan(government, 2, 2023)
        assert recompute(government, TODAY).procedural_review is not None


@pytest.fixture
def under_review(government):
    contrary_plan(government, 1, 2021)
    contrary_plan(government, 2, 2023)
    review = recompute(government, TODAY).procedural_review
    government.refresh_from_db()
    return review


class TestDecisions:
    def test_lifting_makes_the_government_a_member_again(
        self, government, under_review, staff, poc, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            under_review.lift(
                by=staff,
                decision="  The Steering Committee lifted the review on 2 May 2027.  ",
                resolution_url="https://www.opengovpartnership.org/resolution-2027",
            )
        under_review.refresh_from_db()
        assert under_review.status == "lifted" and under_review.decided_by == staff
        assert under_review.decision == "The Steering Committee lifted the review on 2 May 2027."
        assert under_review.resolution_url == "https://www.opengovpartnership.org/resolution-2027"
        government.refresh_from_db()
        assert government.status == Government.Status.MEMBER
        change = government.status_changes.order_by("-pk").first()
        assert (change.to_status, change.actor, change.reason) == (
            "member",
            staff,
            "The Steering Committee lifted the review on 2 May 2027.",
        )
        entry = AuditEntry.objects.for_object(government).get(action="procedural_review.lifted")
        assert entry.actor == staff and entry.data["resolution_url"].endswith("resolution-2027")
        assert [message.subject for message in mail.outbox] == ["France: membership status is now “Member (active)”"]

    def test_designating_inactive(self, government, under_review, staff):
        under_review.designate_inactive(by=staff, decision="Designated inactive by the Steering Committee.")
        under_review.refresh_from_db()
        government.refresh_from_db()
        assert under_review.status == "inactive" and under_review.resolution_url == ""
        assert government.status == Government.Status.INACTIVE
        assert statuses(government) == ["under_procedural_review", "inactive"]
        assert AuditEntry.objects.for_object(government).filter(action="procedural_review.inactive").exists()

    @pytest.mark.parametrize("decision", ["", "   "])
    def test_a_decision_is_required_and_nothing_changes_without_one(self, government, under_review, staff, decision):
        with pytest.raises(ValidationError) as error:
            under_review.lift(by=staff, decision=decision)
        assert error.value.code == "decision_required"
        under_review.refresh_from_db()
        government.refresh_from_db()
        assert under_review.is_open and government.status == Government.Status.UNDER_PROCEDURAL_REVIEW

    def test_the_resolution_link_must_be_https(self, government, under_review, staff):
        with pytest.raises(ValidationError) as error:
            under_review.lift(by=staff, decision="Lifted.", resolution_url="http://example.org/resolution")
        assert error.value.code == "not_https"
        under_review.refresh_from_db()
        assert under_review.is_open

    def test_a_decided_review_cannot_be_decided_again(self, government, under_review, staff):
        under_review.lift(by=staff, decision="Lifted.")
        stale = ProceduralReview.objects.get(pk=under_review.pk)
        stale.status = "open"  # as a page loaded before the decision
        with pytest.raises(ValidationError) as error:
            stale.designate_inactive(by=staff, decision="Inactive.")
        assert error.value.code == "already_decided"
        government.refresh_from_db()
        assert government.status == Government.Status.MEMBER and statuses(government)[-1] == "member"


class TestAfterALift:
    def test_the_same_cycles_never_reopen_a_review(self, government, under_review, staff):
        under_review.lift(by=staff, decision="Lifted.")
        assert recompute(government, TODAY).procedural_review is None
        assert recompute(government, datetime.date(2027, 1, 2)).procedural_review is None
        assert ProceduralReview.objects.count() == 1

    def test_one_new_contrary_cycle_after_it_is_one_strike(self, government, under_review, staff):
        under_review.lift(by=staff, decision="Lifted.")
        contrary_plan(government, 3, 2025)
        assert recompute(government, TODAY).procedural_review is None
        government.refresh_from_db()
        assert government.status == Government.Status.MEMBER

    def test_two_new_consecutive_contrary_cycles_open_a_new_review(self, government, under_review, staff):
        under_review.lift(by=staff, decision="Lifted.")
        contrary_plan(government, 3, 2025)
        contrary_plan(government, 4, 2027)
        review = recompute(government, TODAY).procedural_review
        assert (review.first_cycle_year, review.second_cycle_year) == (2025, 2027)
        government.refresh_from_db()
        assert government.status == Government.Status.UNDER_PROCEDURAL_REVIEW
        assert statuses(government) == ["under_procedural_review", "member", "under_procedural_review"]

    def test_a_member_designated_inactive_then_reinstated_starts_counting_afresh(self, government, under_review, staff):
        under_review.designate_inactive(by=staff, decision="Inactive.")
        government.refresh_from_db()
        government.change_status("member", reason="Reinstated by the Steering Committee.", by=staff)
        assert recompute(government, TODAY).procedural_review is None
        contrary_plan(government, 3, 2025)
        contrary_plan(government, 4, 2027)
        assert recompute(government, TODAY).procedural_review.second_cycle_year == 2027
