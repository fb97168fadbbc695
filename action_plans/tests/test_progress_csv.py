"""The progress CSV: every error reported with its line, and nothing applied unless the whole file is valid."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from action_plans import progress_csv
from action_plans.models import Milestone, MilestoneProgress, MilestoneStatus, PlanStatus
from members.models import AuditEntry

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

TODAY = datetime.date(2026, 12, 2)
IDS = {11, 12, 13}
NUMBERS = {(1, 1): 11, (1, 2): 12, (2, 1): 13}
HEADER = "milestone_id,status,as_of,note,evidence_url\n"


def parse(text: str | bytes) -> progress_csv.ParseResult:
    data = text.encode() if isinstance(text, str) else text
    return progress_csv.parse(data, milestone_ids=IDS, numbers=NUMBERS, today=TODAY)


def messages(result: progress_csv.ParseResult) -> list[str]:
    return [error.message for error in result.errors]


class TestParse:
    def test_a_valid_file_gives_its_rows(self):
        result = parse(
            HEADER + "11,complete,2026-11-30,All published,https://example.org/a\n"
            '12,Substantial,2026-12-02,"Two, of three",\n'
            "13,not started,2026-01-01,,\n"
        )
        assert result.is_valid and not result.errors
        assert [(row.line, row.milestone_id, row.status) for row in result.rows] == [
            (2, 11, "complete"),
            (3, 12, "substantial"),
            (4, 13, "not_started"),
        ]
        assert result.rows[1].note == "Two, of three"
        assert result.rows[0].as_of == datetime.date(2026, 11, 30)

    def test_commitment_and_milestone_numbers_name_a_milestone(self):
        result = parse("commitment,milestone,status,as_of\n2,1,limited,2026-12-01\n")
        assert result.is_valid and result.rows[0].milestone_id == 13

    def test_columns_in_any_order_with_a_byte_order_mark_and_blank_lines(self):
        result = parse("\ufeffas_of,status,milestone_id\n2026-12-01,limited,11\n\n2026-12-01,complete,12\n")
        assert result.is_valid and [row.line for row in result.rows] == [2, 4]

    def test_an_unknown_milestone_or_one_of_another_plan(self):
        result = parse(HEADER + "11,complete,2026-12-01,,\n99,complete,2026-12-01,,\nabc,complete,2026-12-01,,\n")
        assert messages(result) == [
            "Line 3: there is no milestone 99 in this plan.",
            "Line 4: there is no milestone abc in this plan.",
        ]
        assert result.rows == [] and not result.is_valid

    def test_digits_that_are_not_ascii_are_an_error_by_line(self):
        # "²" passes str.isdigit() but not int(): it must be reported, not crash the upload.
        assert messages(parse(HEADER + "1²,complete,2026-12-01,,\n")) == [
            "Line 2: there is no milestone 1² in this plan."
        ]
        result = parse("commitment,milestone,status,as_of\n²,1,limited,2026-12-01\n")
        assert len(messages(result)) == 1 and not result.is_valid

    def test_unknown_numbers(self):
        result = parse("commitment,milestone,status,as_of\n3,1,limited,2026-12-01\n")
        assert messages(result) == ["Line 2: this plan has no milestone 1 in commitment 3."]

    def test_a_bad_status(self):
        result = parse(HEADER + "11,done,2026-12-01,,\n")
        assert messages(result) == ["Line 2: “done” is not a status (not_started, limited, substantial or complete)."]

    def test_a_bad_date(self):
        result = parse(HEADER + "11,limited,01/12/2026,,\n12,limited,,,\n")
        assert messages(result) == [
            "Line 2: “01/12/2026” is not a date (YYYY-MM-DD).",
            "Line 3: “” is not a date (YYYY-MM-DD).",
        ]

    def test_a_future_date(self):
        result = parse(HEADER + "11,limited,2026-12-03,,\n")
        assert messages(result) == ["Line 2: 2026-12-03 is in the future."]

    def test_a_bad_url(self):
        result = parse(HEADER + "11,limited,2026-12-01,,not a link\n12,limited,2026-12-01,,http://example.org\n")
        assert messages(result) == [
            "Line 2: “not a link” is not an https:// link.",
            "Line 3: “http://example.org” is not an https:// link.",
        ]

    def test_several_errors_on_one_line_are_all_reported(self):
        result = parse(HEADER + "99,done,tomorrow,,ftp://x\n")
        assert len(result.errors) == 4 and {error.line for error in result.errors} == {2}

    def test_a_missing_column(self):
        assert messages(parse("milestone_id,as_of\n11,2026-12-01\n")) == ["Line 1: missing column status."]
        assert messages(parse("status,as_of\nlimited,2026-12-01\n")) == ["Line 1: missing column milestone_id."]

    def test_an_unknown_or_repeated_column(self):
        assert messages(parse("milestone_id,staus,status,as_of\n")) == [
            "Line 1: unknown column staus (the columns are milestone_id, status, as_of, note, evidence_url)."
        ]
        assert messages(parse("milestone_id,status,status,as_of\n")) == ["Line 1: the column status appears twice."]

    @pytest.mark.parametrize("data", [b"", b"   \n\n"])
    def test_an_empty_file(self, data):
        assert messages(parse(data)) == ["The file is empty."]

    def test_a_header_without_rows(self):
        assert messages(parse(HEADER)) == ["The file has a header line but no rows."]

    def test_not_utf8(self):
        data = (HEADER + "11,limited,2026-12-01,Réunion,\n").encode("latin-1")
        assert messages(parse(data)) == ["Line 2 is not UTF-8 text: save the file as “CSV UTF-8”."]

    @pytest.mark.parametrize("separator", [";", "\t"])
    def test_a_wrong_delimiter(self, separator):
        text = (
            separator.join(["milestone_id", "status", "as_of"]) + "\n" + separator.join(["11", "limited", "2026-12-01"])
        )
        result = parse(text + "\n")
        assert len(result.errors) == 1 and result.errors[0].line is None
        assert "not separated by commas" in result.errors[0].message

    def test_duplicate_rows_name_the_first_line(self):
        result = parse(HEADER + "11,limited,2026-12-01,,\n12,limited,2026-12-01,,\n11,complete,2026-12-02,,\n")
        assert messages(result) == ["Line 4: this milestone is already on line 2; give one status per milestone."]

    def test_too_many_values_on_a_line(self):
        result = parse(HEADER + "11,limited,2026-12-01,note,https://example.org,extra\n")
        assert messages(result) == ["Line 2: 6 values for 5 columns."]

    def test_a_line_number_counts_quoted_line_breaks(self):
        result = parse(HEADER + '11,limited,2026-12-01,"first line\nsecond line",\n12,done,2026-12-01,,\n')
        assert messages(result) == ["Line 4: “done” is not a status (not_started, limited, substantial or complete)."]

    def test_a_too_large_file(self):
        data = (HEADER + "11,limited,2026-12-01,,\n").encode() + b" " * progress_csv.MAX_CSV_BYTES
        assert messages(parse(data)) == ["The file is larger than 512 KB: split it into several files."]

    def test_too_many_rows(self, monkeypatch):
        monkeypatch.setattr(progress_csv, "MAX_ROWS", 2)
        result = parse(HEADER + "11,limited,2026-12-01,,\n12,limited,2026-12-01,,\n13,limited,2026-12-01,,\n")
        assert messages(result) == ["The file has more than 2 rows: split it into several files."]


# --- Applying: one transaction, through Milestone.report_progress -------------------------


@pytest.fixture
def plan(government):
    plan = ActionPlanFactory(government=government, in_implementation=True)
    for number in (1, 2):
        commitment = CommitmentFactory(plan=plan, number=number)
        MilestoneFactory(commitment=commitment, number=1)
        MilestoneFactory(commitment=commitment, number=2)
    return plan


def csv_for(milestones, status="complete", day="2026-12-01") -> bytes:
    return (HEADER + "".join(f"{m.pk},{status},{day},Note {m.pk},\n" for m in milestones)).encode()


@pytest.mark.django_db
class TestApply:
    def test_applies_every_row_through_report_progress_audited(self, plan, poc):
        milestones = list(Milestone.objects.filter(commitment__plan=plan))
        ids, numbers = progress_csv.plan_milestones(plan)
        result = progress_csv.parse(csv_for(milestones), milestone_ids=ids, numbers=numbers, today=TODAY)
        summary = progress_csv.apply(plan, result.rows, by=poc)
        assert summary == {"reports": 4, "per_status": {"complete": 4}}
        assert set(Milestone.objects.filter(commitment__plan=plan).values_list("status", flat=True)) == {"complete"}
        assert AuditEntry.objects.filter(action="milestone.progress_reported").count() == 4
        assert AuditEntry.objects.for_object(plan).get(action="action_plan.progress_uploaded").data["reports"] == 4

    def test_milestones_of_another_plan_are_unknown(self, plan, government):
        stranger = MilestoneFactory(commitment=CommitmentFactory(plan=ActionPlanFactory(government=government)))
        ids, numbers = progress_csv.plan_milestones(plan)
        result = progress_csv.parse(csv_for([stranger]), milestone_ids=ids, numbers=numbers, today=TODAY)
        assert messages(result) == [f"Line 2: there is no milestone {stranger.pk} in this plan."]

    def test_nothing_is_applied_when_one_row_is_refused(self, plan, poc):
        milestones = list(Milestone.objects.filter(commitment__plan=plan))
        rows = [
            progress_csv.ProgressRow(2 + index, m.pk, "complete", TODAY, "", "") for index, m in enumerate(milestones)
        ]
        # The last row's milestone was deleted after the file was checked.
        Milestone.objects.filter(pk=milestones[-1].pk).delete()
        with pytest.raises(ValidationError):
            progress_csv.apply(plan, rows, by=poc)
        assert not MilestoneProgress.objects.exists()
        assert set(Milestone.objects.values_list("status", flat=True)) == {"not_started"}
        assert not AuditEntry.objects.filter(
            action__in=["milestone.progress_reported", "action_plan.progress_uploaded"]
        ).exists()


# --- The upload page ------------------------------------------------------------------------


def upload(client: Client, plan, data: bytes, name: str = "progress.csv"):
    return client.post(
        reverse("action_plans:progress-upload", args=[plan.pk]), {"file": SimpleUploadedFile(name, data)}
    )


@pytest.fixture
def poc_client(poc):
    client = Client()
    client.force_login(poc)
    return client


@pytest.mark.django_db
class TestUploadPage:
    def test_a_valid_file_is_applied_and_summarised(self, plan, poc_client):
        milestones = list(Milestone.objects.filter(commitment__plan=plan))
        response = upload(poc_client, plan, csv_for(milestones[:3], status="substantial"), "ok.csv")
        assert response.status_code == 302
        assert response["Location"] == reverse("action_plans:plan-progress", args=[plan.pk])
        page = poc_client.get(response["Location"])
        assert "3 progress reports recorded (Substantial: 3)." in page.text
        assert MilestoneProgress.objects.count() == 3

    def test_an_invalid_file_lists_its_errors_by_line_and_applies_nothing(self, plan, poc_client):
        milestones = list(Milestone.objects.filter(commitment__plan=plan))
        data = (
            csv_for(milestones) + b"99999,complete,2026-12-01,,\n" + f"{milestones[0].pk},done,2026-12-01,,\n".encode()
        )
        response = upload(poc_client, plan, data)
        assert response.status_code == 200
        assert "Nothing was recorded: the file has 2 problems." in response.text
        assert "Line 6: there is no milestone 99999 in this plan." in response.text
        assert "Line 7: “done” is not a status" in response.text
        assert not MilestoneProgress.objects.exists()
        assert set(Milestone.objects.values_list("status", flat=True)) == {MilestoneStatus.NOT_STARTED}

    def test_an_empty_upload_is_refused_by_the_form(self, plan, poc_client):
        response = upload(poc_client, plan, b"")
        assert response.status_code == 200 and "The submitted file is empty." in response.text

    def test_a_too_large_upload_is_refused_by_the_form(self, plan, poc_client):
        response = upload(poc_client, plan, b"x" * (progress_csv.MAX_CSV_BYTES + 1))
        assert response.status_code == 200 and "split it into several files" in response.text
        assert not MilestoneProgress.objects.exists()

    def test_a_plan_not_in_implementation_refuses_the_file(self, plan, poc_client):
        milestones = list(Milestone.objects.filter(commitment__plan=plan))
        ActionPlanFactory._meta.model.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
        response = upload(poc_client, plan, csv_for(milestones))
        assert response.status_code == 200
        assert "Progress is reported once the plan is in implementation" in response.text
        assert not MilestoneProgress.objects.exists()

    def test_the_page_documents_the_columns_and_lists_the_milestone_ids(self, plan, poc_client):
        response = poc_client.get(reverse("action_plans:progress-upload", args=[plan.pk]))
        assert response.status_code == 200
        for column in ("milestone_id", "status", "as_of", "note", "evidence_url"):
            assert f"<code>{column}</code>" in response.text
        for milestone in Milestone.objects.filter(commitment__plan=plan):
            assert f"<code>{milestone.pk}</code>" in response.text
