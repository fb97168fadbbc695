"""Version comparison: the pure functions of action_plans.diffs, on hand-made snapshots."""

import pytest

from action_plans.diffs import compare_commitments, compare_snapshots, diff_field, diff_lines, diff_words


def item(id=1, number=1, **fields):
    base = {
        "id": id,
        "number": number,
        "title": "Open contracting",
        "short_title": "",
        "problem": "",
        "description": "Publish every contract.",
        "theory_of_change": "",
        "values_relevance": "",
        "additional_information": "",
        "values": ["access_to_information"],
        "lead_agency": "Ministry of Finance",
        "supporting_institutions": "",
        "start_date": "2025-09-01",
        "end_date": "2027-06-30",
        "policy_areas": [],
        "milestones": [],
    }
    return {**base, **fields}


def snapshot(*commitments, title="Plan"):
    return {"title": title, "commitments": list(commitments)}


class TestWords:
    def test_identical_text_has_no_marks(self):
        assert diff_words("Same text.", "Same text.") == "Same text."

    def test_a_changed_word_is_removed_then_added(self):
        html = diff_words("Publish budgets yearly.", "Publish budgets monthly.")
        assert html.startswith("Publish budgets ")
        assert html.index("<del>") < html.index("yearly.") < html.index("<ins>") < html.index("monthly.")

    def test_changes_are_announced_in_words_not_colour_only(self):
        html = diff_words("a", "b")
        assert '<span class="visually-hidden">[removed: </span>a' in html
        assert '<span class="visually-hidden">[added: </span>b' in html

    def test_everything_is_escaped(self):
        html = diff_words("<b>old</b>", "<script>alert(1)</script> & new")
        assert "<script>" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html and "&amp;" in html

    def test_from_and_to_empty_text(self):
        assert "<ins>" in diff_words("", "New") and "<del>" not in diff_words("", "New")
        assert "<del>" in diff_words("Old", "") and "<ins>" not in diff_words("Old", "")


def test_lines_keep_unchanged_lines_and_mark_the_others():
    html = diff_lines(["1. Launch", "2. Train"], ["1. Launch", "2. Train staff", "3. Report"])
    assert '<div class="diff-line">1. Launch</div>' in html
    assert html.count("<del>") == 1 and html.count("<ins>") == 2
    assert "&lt;" in diff_lines([], ["<x>"])


class TestFields:
    def test_same_field_gives_none(self):
        assert diff_field("description", item(), item()) is None

    def test_values_are_named(self):
        diff = diff_field("values", item(), item(values=["access_to_information", "civic_participation"]))
        assert diff.label == "OGP values"
        assert "Civic participation" in diff.html

    def test_milestones_are_compared_line_by_line_with_readable_dates(self):
        before = item(milestones=[{"description": "Launch", "start_date": None, "end_date": "2026-06-30"}])
        after = item(
            milestones=[
                {"description": "Launch the register", "end_date": "2026-06-30", "responsible_agency": "Registry"}
            ]
        )
        diff = diff_field("milestones", before, after)
        assert "1. Launch (June 30, 2026)" in diff.before
        assert "1. Launch the register (June 30, 2026 · Registry)" in diff.after

    def test_policy_areas_use_the_names_given(self):
        diff = diff_field("policy_areas", item(), item(policy_areas=["health"]), {"health": "Health"})
        assert "Health" in diff.html and "health" not in diff.html

    def test_dates_are_formatted(self):
        diff = diff_field("end_date", item(), item(end_date="2027-08-31"))
        assert "June 30, 2027" in diff.html and "Aug. 31, 2027" in diff.html


class TestCommitments:
    def test_added(self):
        diff = compare_commitments(None, item())
        assert diff.change == "added"
        assert {field.field for field in diff.fields} >= {"title", "description"}

    def test_removed(self):
        assert compare_commitments(item(), None).change == "removed"

    def test_changed_lists_only_the_fields_that_changed(self):
        diff = compare_commitments(item(), item(title="Open contracting for all", lead_agency="Treasury"))
        assert diff.change == "changed"
        assert [field.field for field in diff.fields] == ["title", "lead_agency"]

    def test_unchanged(self):
        diff = compare_commitments(item(), item())
        assert diff.change == "unchanged" and diff.fields == []


class TestSnapshots:
    def test_commitments_are_matched_by_id_so_renumbering_is_a_change(self):
        before = snapshot(item(id=1, number=1, title="A"), item(id=2, number=2, title="B"))
        after = snapshot(item(id=2, number=1, title="B"), item(id=1, number=2, title="A"))
        diff = compare_snapshots(before, after)
        assert [(c.id, c.change) for c in diff.commitments] == [(2, "unchanged"), (1, "unchanged")]

    def test_added_removed_changed_and_counts(self):
        before = snapshot(item(id=1), item(id=2, title="Going"))
        after = snapshot(item(id=1, description="Publish every contract, monthly."), item(id=3, title="Coming"))
        diff = compare_snapshots(before, after)
        assert [(c.id, c.change) for c in diff.commitments] == [(1, "changed"), (3, "added"), (2, "removed")]
        assert diff.counts == {"added": 1, "removed": 1, "changed": 1, "unchanged": 0}
        assert diff.has_changes

    def test_the_plan_title(self):
        assert compare_snapshots(snapshot(title="Old"), snapshot(title="New")).title.field == "title"
        same = compare_snapshots(snapshot(item()), snapshot(item()))
        assert same.title is None and not same.has_changes


@pytest.mark.django_db
def test_a_real_snapshot_compares_with_itself_as_unchanged(staff):
    from .factories import CommitmentFactory, MilestoneFactory

    commitment = CommitmentFactory()
    MilestoneFactory(commitment=commitment)
    first = commitment.plan.publish_version(by=staff)
    second = commitment.plan.publish_version(by=staff)
    assert not compare_snapshots(first.snapshot, second.snapshot).has_changes
