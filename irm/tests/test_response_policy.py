"""Response Policy cases: filing (members only, not in the future), every allowed step and every refused one,
suspension and resolution of the government's membership, who sees which case, and the pages that do it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEntry, Government
from members.tests.factories import GovernmentFactory

from ..models import ALLOWED_CASE_STEPS, CaseStatus, CaseStep, ResponsePolicyCase

pytestmark = pytest.mark.django_db

C = CaseStatus
FULL_PATH = [C.ACKNOWLEDGED, C.UNDER_REVIEW, C.STAGE_ONE, C.STAGE_TWO, C.SUSPENDED, C.RESOLVED]


def file_case(government, staff, **fields):
    data = {
        "filer_name": "Transparencia Ciudadana",
        "filer_type": "entity",
        "concern": "A new law restricts the foreign funding of NGOs.",
        "filed_on": datetime.date(2026, 3, 2),
        **fields,
    }
    return ResponsePolicyCase.objects.file(government, by=staff, **data)


def case_at(government, staff, status):
    """A case taken along the Response Policy up to `status` (through `advance`)."""
    case = file_case(government, staff)
    path = [C.ACKNOWLEDGED, C.NOT_ELIGIBLE] if status == C.NOT_ELIGIBLE else FULL_PATH
    for step in path[: path.index(status) + 1] if status != C.FILED else []:
        case.advance(step, by=staff, note=f"Moved to {step}.")
    return case


class TestFiling:
    def test_staff_file_a_case_audited(self, government, staff):
        case = file_case(government, staff, filer_name="  Transparencia Ciudadana  ")
        assert (case.status, case.filer_name, case.created_by) == (C.FILED, "Transparencia Ciudadana", staff)
        entry = AuditEntry.objects.for_object(case).get()
        assert (entry.action, entry.actor, entry.data) == (
            "response_policy.filed",
            staff,
            {"government": government.pk},
        )

    def test_a_case_filed_today_is_accepted_and_tomorrow_refused(self, government, staff):
        today = timezone.localdate()
        assert file_case(government, staff, filed_on=today).filed_on == today
        with pytest.raises(ValidationError) as error:
            file_case(government, staff, filed_on=today + datetime.timedelta(days=1))
        assert error.value.error_dict["filed_on"][0].code == "future"
        assert ResponsePolicyCase.objects.count() == 1

    @pytest.mark.parametrize("status", ["not_member", "eligible", "letter_submitted", "withdrawn"])
    def test_only_members_are_subject_to_the_response_policy(self, staff, status):
        outsider = GovernmentFactory(status=status)
        with pytest.raises(ValidationError) as error:
            file_case(outsider, staff)
        assert error.value.error_dict["government"][0].code == "not_member"
        assert not ResponsePolicyCase.objects.exists()

    def test_an_unknown_filer_type_or_an_empty_concern_is_refused_before_saving(self, government, staff):
        with pytest.raises(ValidationError) as error:
            file_case(government, staff, filer_type="individual", concern="  ")
        assert set(error.value.error_dict) == {"filer_type", "concern"}
        assert not ResponsePolicyCase.objects.exists() and not AuditEntry.objects.exists()


class TestLifecycle:
    def test_the_whole_path_to_suspension_and_resolution(
        self, government, staff, poc, django_capture_on_commit_callbacks
    ):
        case = file_case(government, staff)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            for step in FULL_PATH:
                case.advance(step, by=staff, note=f"  Decided: {step}.  ")
                government.refresh_from_db()
                assert government.status == ("suspended" if step == C.SUSPENDED else "member"), step
        steps = list(case.steps.values_list("from_status", "to_status", "note", "actor"))
        assert steps == [
            (before, after, f"Decided: {after}.", staff.pk)
            for before, after in zip([C.FILED, *FULL_PATH[:-1]], FULL_PATH, strict=True)
        ]
        changes = list(government.status_changes.order_by("pk").values_list("to_status", "reason", "actor"))
        assert changes == [
            ("suspended", "Decided: suspended.", staff.pk),
            ("member", "Decided: resolved.", staff.pk),
        ]
        actions = AuditEntry.objects.for_object(case).filter(action="response_policy.advanced")
        assert [entry.data["to_status"] for entry in actions.order_by("pk")] == FULL_PATH
        assert [message.subject for message in mail.outbox] == [
            "France: membership status is now “Suspended”",
            "France: membership status is now “Member (active)”",
        ]

    @pytest.mark.parametrize("status", [C.UNDER_REVIEW, C.STAGE_ONE, C.STAGE_TWO])
    def test_a_case_can_be_resolved_without_suspension(self, government, staff, status):
        case = case_at(government, staff, status)
        case.advance(C.RESOLVED, by=staff, note="The government repealed the law.")
        government.refresh_from_db()
        assert case.status == C.RESOLVED and government.status == Government.Status.MEMBER
        assert government.status_changes.count() == 0

    def test_a_concern_found_not_eligible_ends_the_case(self, government, staff):
        case = case_at(government, staff, C.NOT_ELIGIBLE)
        assert case.allowed_steps() == [] and not case.is_public

    @pytest.mark.parametrize(
        ("start", "target"),
        [
            (start, target)
            for start in [C.FILED, C.ACKNOWLEDGED, C.UNDER_REVIEW, C.STAGE_ONE, C.STAGE_TWO, C.SUSPENDED, C.RESOLVED]
            for target in C
            if target not in ALLOWED_CASE_STEPS[start]
        ],
    )
    def test_every_other_step_is_refused_and_changes_nothing(self, government, staff, start, target):
        case = case_at(government, staff, start)
        steps_before = CaseStep.objects.count()
        status_before = Government.objects.get(pk=government.pk).status
        with pytest.raises(ValidationError) as error:
            case.advance(target, by=staff, note="Trying.")
        assert error.value.code == "step_not_allowed"
        case.refresh_from_db()
        assert case.status == start and CaseStep.objects.count() == steps_before
        assert Government.objects.get(pk=government.pk).status == status_before

    def test_an_unknown_step_is_refused_cleanly(self, government, staff):
        case = file_case(government, staff)
        with pytest.raises(ValidationError) as error:
            case.advance("closed", by=staff, note="Closing.")
        assert error.value.code == "step_not_allowed"

    @pytest.mark.parametrize("note", ["", "   "])
    def test_a_step_needs_a_note(self, government, staff, note):
        case = file_case(government, staff)
        with pytest.raises(ValidationError) as error:
            case.advance(C.ACKNOWLEDGED, by=staff, note=note)
        assert error.value.code == "note_required"
        case.refresh_from_db()
        assert case.status == C.FILED and not case.steps.exists()

    @pytest.mark.parametrize(
        ("status", "public"),
        [(C.FILED, False), (C.ACKNOWLEDGED, False), (C.NOT_ELIGIBLE, False), (C.UNDER_REVIEW, True),
         (C.STAGE_ONE, True), (C.STAGE_TWO, True), (C.SUSPENDED, True), (C.RESOLVED, True)],
    )  # fmt: skip
    def test_a_case_is_public_once_found_eligible(self, government, staff, status, public):
        case = case_at(government, staff, status)
        assert case.is_public is public
        assert ResponsePolicyCase.objects.public().filter(pk=case.pk).exists() is public


class TestPages:
    @pytest.fixture
    def staff_client(self, client, staff):
        client.force_login(staff)
        return client

    def test_staff_file_a_case_through_the_form(self, staff_client, government, staff):
        response = staff_client.get(reverse("irm:case-create"))
        assert response.status_code == 200 and 'type="date"' in response.text
        data = {
            "government": government.pk,
            "filer_name": "Steering Committee member",
            "filer_type": "steering_committee_member",
            "concern": "Journalists were arrested.",
            "filed_on": "2026-03-02",
        }
        response = staff_client.post(reverse("irm:case-create"), data)
        case = ResponsePolicyCase.objects.get()
        assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
        assert (case.government, case.filer_type, case.filed_on) == (
            government,
            "steering_committee_member",
            datetime.date(2026, 3, 2),
        )

    def test_a_date_in_the_future_or_a_missing_field_is_shown_and_kept(self, staff_client, government):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        data = {"government": government.pk, "filer_name": "Someone", "filer_type": "entity", "concern": "",
                "filed_on": tomorrow}  # fmt: skip
        response = staff_client.post(reverse("irm:case-create"), data)
        assert response.status_code == 400
        assert "A letter of concern cannot be filed in the future." in response.text
        assert "This field is required." in response.text and 'value="Someone"' in response.text
        assert not ResponsePolicyCase.objects.exists()

    def test_only_members_can_be_chosen(self, staff_client, government):
        outsider = GovernmentFactory(name="Narnia", status="eligible")
        response = staff_client.get(reverse("irm:case-create"))
        assert "France" in response.text and "Narnia" not in response.text
        data = {"government": outsider.pk, "filer_name": "X", "filer_type": "entity", "concern": "Y",
                "filed_on": "2026-03-02"}  # fmt: skip
        response = staff_client.post(reverse("irm:case-create"), data)
        assert response.status_code == 400 and not ResponsePolicyCase.objects.exists()

    def test_the_case_page_shows_the_timeline_and_the_next_steps(self, staff_client, government, staff):
        case = case_at(government, staff, C.ACKNOWLEDGED)
        response = staff_client.get(case.get_absolute_url())
        assert response.status_code == 200
        assert "Letter of concern filed" in response.text and "Moved to acknowledged." in response.text
        assert [value for value, _label in response.context["step_form"].fields["to_status"].choices] == [
            C.NOT_ELIGIBLE,
            C.UNDER_REVIEW,
        ]
        assert "Not public" in response.text

    def test_staff_advance_the_case(self, staff_client, government, staff):
        case = case_at(government, staff, C.STAGE_TWO)
        url = reverse("irm:case-advance", args=[case.pk])
        response = staff_client.post(url, {"to_status": C.SUSPENDED, "note": "Suspended by the Steering Committee."})
        assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
        case.refresh_from_db()
        government.refresh_from_db()
        assert case.status == C.SUSPENDED and government.status == Government.Status.SUSPENDED
        response = staff_client.get(response["Location"])
        assert "The case is now “Suspended”." in response.text
        assert "Resolving the case makes the government an active member again." in response.text

    def test_a_refused_step_or_a_missing_note_changes_nothing_and_keeps_the_note(self, staff_client, government, staff):
        case = file_case(government, staff)
        url = reverse("irm:case-advance", args=[case.pk])
        response = staff_client.post(url, {"to_status": C.SUSPENDED, "note": "Straight to suspension."})
        assert response.status_code == 400 and "Straight to suspension." in response.text
        assert "Select a valid choice." in response.text
        response = staff_client.post(url, {"to_status": C.ACKNOWLEDGED, "note": " "})
        assert response.status_code == 400 and "Say what was decided, and by whom." in response.text
        case.refresh_from_db()
        assert case.status == C.FILED and not case.steps.exists()

    def test_a_closed_case_offers_no_step(self, staff_client, government, staff):
        case = case_at(government, staff, C.RESOLVED)
        response = staff_client.get(case.get_absolute_url())
        assert response.context["step_form"] is None
        assert "This case is closed: no further step is possible." in response.text
        response = staff_client.post(reverse("irm:case-advance", args=[case.pk]), {"to_status": C.FILED, "note": "x"})
        assert response.status_code == 400

    def test_the_public_list_shows_public_cases_only_and_staff_see_all(
        self, client, staff, government, other_government
    ):
        private = case_at(government, staff, C.ACKNOWLEDGED)
        public = case_at(other_government, staff, C.STAGE_ONE)
        response = client.get(reverse("irm:case-list"))
        assert list(response.context["cases"]) == [public]
        assert (
            "Mexico" in response.text and "Stage one actions" in response.text and "Acknowledged" not in response.text
        )
        assert private.get_absolute_url() not in response.text
        client.force_login(staff)
        response = client.get(reverse("irm:case-list"))
        assert set(response.context["cases"]) == {private, public} and "Not public" in response.text

    def test_the_list_is_paginated_with_a_fixed_number_of_queries(
        self, client, staff, government, django_assert_max_num_queries
    ):
        for index in range(3):
            ResponsePolicyCase.objects.create(
                government=government, filer_name=f"Filer {index}", filer_type="entity", concern="x",
                filed_on=datetime.date(2026, 1, 1), status=C.UNDER_REVIEW,
            )  # fmt: skip
        with django_assert_max_num_queries(4):
            assert client.get(reverse("irm:case-list")).status_code == 200
        for index in range(30):
            ResponsePolicyCase.objects.create(
                government=government, filer_name=f"Filer {index}", filer_type="entity", concern="x",
                filed_on=datetime.date(2026, 1, 1), status=C.UNDER_REVIEW,
            )  # fmt: skip
        with django_assert_max_num_queries(4):
            response = client.get(reverse("irm:case-list"))
        assert len(response.context["cases"]) == 20 and "Page 1 of 2" in response.text

    def test_the_case_page_has_a_fixed_number_of_queries(
        self, client, staff, government, django_assert_max_num_queries
    ):
        case = case_at(government, staff, C.STAGE_TWO)
        client.force_login(staff)
        with django_assert_max_num_queries(8):
            assert client.get(case.get_absolute_url()).status_code == 200
        for index in range(30):
            CaseStep.objects.create(
                case=case, from_status=C.STAGE_TWO, to_status=C.STAGE_TWO, note=f"n{index}", actor=staff
            )
        with django_assert_max_num_queries(8):
            response = client.get(case.get_absolute_url())
        assert response.text.count("n29") == 1
