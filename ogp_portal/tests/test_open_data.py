"""The open data page and downloads: schema, stable identifiers, and nothing private in any file."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from action_plans.models import ActionPlan, PlanStatus
from action_plans.tests.factories import ActionPlanFactory, CommentFactory, CommitmentFactory
from members.models import User
from ogp_portal.open_data.datasets import DATASETS

from .open_data_helpers import SECRETS, body_of, build_world, csv_rows, json_rows

FORMATS = ["csv", "json"]


def download(client, dataset, fmt="json"):
    response = client.get(reverse("open_data:download", args=[dataset, fmt]))
    assert response.status_code == 200
    return response


@pytest.fixture
def world(government):
    return build_world(government)


class TestSchemaPage:
    def test_lists_every_dataset_column_type_and_both_formats(self, client, world):
        response = client.get(reverse("open_data:index"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "CC BY 4.0" in html
        for dataset in DATASETS.values():
            assert f'id="{dataset.slug}"' in html
            assert reverse("open_data:download", args=[dataset.slug, "csv"]) in html
            assert reverse("open_data:download", args=[dataset.slug, "json"]) in html
            for column in dataset.columns:
                assert f"<code>{column.name}</code>" in html
        assert "FRA-2024-07" in html and "FRA-2024-P6" in html
        # Coded values are explained with their labels.
        assert "<code>in_implementation</code> (In implementation)" in html

    def test_lists_exactly_the_columns_of_each_downloaded_csv(self, client, world):
        """Read as a user would: each dataset's section of the page against the header of the file it offers."""
        html = client.get(reverse("open_data:index")).content.decode()
        for slug in DATASETS:
            section = re.search(rf'<section aria-labelledby="{slug}".*?</section>', html, re.DOTALL).group(0)
            listed = re.findall(r'<th scope="row"><code>([^<]+)</code></th>', section)
            header = next(csv.reader(io.StringIO(body_of(download(client, slug, "csv")))))
            assert listed == header, slug

    def test_lists_only_the_plan_statuses_a_row_can_hold(self, client, world):
        html = client.get(reverse("open_data:index")).content.decode()
        section = re.search(r'<section aria-labelledby="action-plans".*?</section>', html, re.DOTALL).group(0)
        assert "<code>submitted</code>" in section and "<code>ended</code>" in section
        assert "<code>co_creation</code>" not in section and "<code>public_comment</code>" not in section

    def test_is_translated(self, client, world):
        response = client.get("/fr/open-data/")
        assert response.status_code == 200
        assert 'lang="fr"' in response.content.decode()

    def test_every_role_reads_the_page_and_downloads(self, role_client, world):
        _role, client = role_client
        assert client.get(reverse("open_data:index")).status_code == 200
        response = client.get(reverse("open_data:download", args=["commitments", "csv"]))
        assert response.status_code == 200
        assert len(csv_rows(response)) == 3


class TestDownloads:
    @pytest.mark.parametrize("dataset", list(DATASETS))
    def test_csv_header_and_json_keys_are_the_documented_columns(self, client, world, dataset):
        names = DATASETS[dataset].column_names
        response = download(client, dataset, "csv")
        assert body_of(response).splitlines()[0].split(",") == names
        rows = json_rows(download(client, dataset, "json"))
        assert rows and all(list(row) == names for row in rows)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_files_are_utf8_attachments_named_with_the_date(self, client, world, fmt):
        response = download(client, "governments", fmt)
        assert "charset=utf-8" in response["Content-Type"]
        today = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == f'attachment; filename="ogp-governments-{today}.{fmt}"'

    @pytest.mark.parametrize("path", ["/en/open-data/unknown.csv", "/en/open-data/commitments.xml"])
    def test_unknown_dataset_or_format_is_404(self, client, world, path):
        assert client.get(path).status_code == 404

    def test_non_ascii_text_survives(self, client, government, world):
        government.name_fr = "République française"
        government.save()
        assert "République française" in body_of(download(client, "governments", "csv"))
        assert json_rows(download(client, "governments"))[0]["name_fr"] == "République française"


class TestStableIdentifiers:
    def test_commitments_milestones_and_assessments(self, client, world):
        commitment = json_rows(download(client, "commitments"))[0]
        assert commitment["id"] == "FRA-2024-01"
        assert commitment["plan"] == "FRA-2024" and commitment["government"] == "FRA"
        assert [m["id"] for m in commitment["milestones"]] == ["FRA-2024-01.1", "FRA-2024-01.2"]
        assert commitment["url"].endswith(f"/en/action-plans/{world.plan.pk}/commitments/{world.commitment.pk}/")
        assert commitment["policy_areas"] == ["open-contracting"]
        milestones = json_rows(download(client, "milestones"))
        assert [m["id"] for m in milestones[:2]] == ["FRA-2024-01.1", "FRA-2024-01.2"]
        assert milestones[0]["commitment"] == "FRA-2024-01"
        (assessment,) = json_rows(download(client, "irm-assessments"))
        assert assessment["id"] == "FRA-2024-01/action_plan_review"
        assert assessment["explanation"] == "Well designed"
        assert json_rows(download(client, "eligibility-assessments"))[0]["id"] == "FRA/2024"

    def test_local_governments_use_their_slug_and_name_their_country(self, client, world):
        rows = {row["id"]: row for row in json_rows(download(client, "governments"))}
        assert rows["paris"]["country"] == "FRA" and rows["FRA"]["country"] is None

    def test_a_second_plan_in_a_cycle_adds_its_number_and_the_first_keeps_its_id(self, client, government, world):
        second = ActionPlanFactory(government=government, number=9, cycle_year=2024, status="submitted")
        CommitmentFactory(plan=second, number=3)
        plans = {row["title"]: row["id"] for row in json_rows(download(client, "action-plans"))}
        assert plans["Fifth plan"] == "FRA-2024"
        assert plans[second.title] == "FRA-2024-P9"
        assert "FRA-2024-P9-03" in [row["id"] for row in json_rows(download(client, "commitments"))]

    def test_no_internal_database_ids(self, client, world):
        for dataset in DATASETS:
            for row in json_rows(download(client, dataset)):
                assert "pk" not in row and "id" in row
                assert not isinstance(row["id"], int)


class TestPrivacy:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("dataset", list(DATASETS))
    def test_nothing_private_in_any_export(self, client, world, staff, poc, dataset, fmt):
        body = body_of(download(client, dataset, fmt))
        for secret in SECRETS:
            assert secret not in body
        for email in User.objects.values_list("email", flat=True):
            assert email not in body
        assert "Draft plan" not in body

    def test_plans_in_drafting_are_left_out(self, client, world):
        assert [row["id"] for row in json_rows(download(client, "action-plans"))] == ["FRA-2024"]

    def test_comments_on_a_plan_being_drafted_wait_for_its_submission(self, client, world, civil):
        """The draft plan has no public id yet: its comments would point at a plan no dataset lists."""
        draft = ActionPlan.objects.get(title="Draft plan")
        CommentFactory(plan=draft, author=civil, body="Comment during co-creation")
        assert "Comment during co-creation" not in body_of(download(client, "comments", "csv"))
        ActionPlan.objects.filter(pk=draft.pk).update(status=PlanStatus.SUBMITTED)
        rows = [row for row in json_rows(download(client, "comments")) if row["body"] == "Comment during co-creation"]
        assert [row["plan"] for row in rows] == ["FRA-2026"]

    def test_comments_with_responses_and_irm_answers(self, client, world):
        rows = {row["id"]: row for row in json_rows(download(client, "comments"))}
        comment = rows[f"C{world.comment.pk}"]
        assert comment["commitment"] == "FRA-2024-01"
        assert comment["response_disposition"] == "included" and comment["response_reason"] == "Taken up"
        assert comment["response_commitment"] == "FRA-2024-01"
        assert comment["organisation"] == "Regards Citoyens"
        replies = [row for row in rows.values() if row["in_reply_to"] == f"C{world.comment.pk}"]
        assert [row["body"] for row in replies] == ["Thank you"]
        (irm,) = [row for row in rows.values() if row["on"] == "irm_review"]
        assert irm["id"].startswith("IRMC") and irm["irm_review"] == "FRA-2024/action_plan_review"
        assert irm["body"] == "Public IRM comment" and irm["response_reason"] == "Corrected"
        assert len(rows) == 3

    def test_csv_nests_milestones_as_json_and_joins_lists(self, client, world):
        row = csv_rows(download(client, "commitments", "csv"))[0]
        assert [m["id"] for m in json.loads(row["milestones"])] == ["FRA-2024-01.1", "FRA-2024-01.2"]
        assert row["ogp_values"] == "access_to_information"
