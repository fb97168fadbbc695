"""Published reviews on the plan, commitment and government pages: readable badges (text, contrast, translated
labels), the per-plan summary chart with its table, the government's list."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from action_plans.tests.factories import CommitmentFactory

from ..charts import PANEL_COLOURS
from ..models import (
    CommitmentAssessment,
    Completion,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    ReviewKind,
    ReviewStatus,
    Specificity,
    Verifiability,
    YesNo,
)
from ..templatetags.irm_badges import TONE_CLASSES, TONES, scale_value
from ..views.display import GOVERNMENT_REVIEWS_SHOWN
from .comment_helpers import client_for, plan_of, ready_review, review_of
from .factories import CommitmentAssessmentFactory

pytestmark = pytest.mark.django_db

SCALES = {
    "verifiable": Verifiability,
    "open_government_lens": YesNo,
    "promising": YesNo,
    "potential_for_results": PotentialForResults,
    "completion": Completion,
    "early_results": EarlyResults,
    "specificity": Specificity,
    "potential_impact": PotentialImpact,
}


def badge(assessment, name, **options):
    extra = " with_label=True" if options.get("with_label") else ""
    template = Template("{% load irm_badges %}{% scale_badge assessment name" + extra + " %}")
    return template.render(Context({"assessment": assessment, "name": name})).strip()


# --- Badges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCALES))
def test_every_value_of_every_scale_is_a_badge_with_its_label_written_out(name):
    for choice in SCALES[name]:
        assessment = CommitmentAssessment(**{name: choice.value})
        html = badge(assessment, name)
        assert f">{choice.label}</span>" in html, (name, choice)
        classes = re.search(r'class="badge ([^"]+)"', html).group(1)
        assert classes in TONE_CLASSES
        assert choice.value in TONES[name], "every value has its own tone"


def test_an_empty_value_reads_not_assessed_and_booleans_yes_or_no():
    assessment = CommitmentAssessment(relevant_civic_participation=True)
    assert ">Not assessed</span>" in badge(assessment, "completion")
    assert ">Yes</span>" in badge(assessment, "relevant_civic_participation")
    assert ">No</span>" in badge(assessment, "relevant_public_accountability")


def test_a_badge_can_name_its_scale():
    html = badge(CommitmentAssessment(completion="substantial"), "completion", with_label=True)
    assert ">Completion: Substantial</span>" in html


def test_the_starred_badge_says_so_in_words():
    assert "Starred</span>" in badge(CommitmentAssessment(starred=True), "starred")
    assert ">Not starred</span>" in badge(CommitmentAssessment(starred=False), "starred")


def test_labels_follow_the_readers_language():
    assessment = CommitmentAssessment(early_results="outstanding")
    for language in ("fr", "es", "en"):
        with translation.override(language):
            assert scale_value(assessment, "early_results")[0] == str(EarlyResults.OUTSTANDING.label)


def contrast(first, second):
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_rgb(colour):
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def test_every_badge_tone_meets_wcag_aa_contrast_in_the_stylesheet_we_serve():
    css = (Path(settings.BASE_DIR) / "static/vendor/bootstrap/bootstrap.min.css").read_text()
    for classes in TONE_CLASSES:
        name = classes.split()[0]
        pattern = (
            re.escape(f".{name}{{color:")
            + r"(#[0-9a-fA-F]{3,6})!important;background-color:RGBA\(var\(--bs-([a-z]+)-rgb\)"
        )
        rule = re.search(pattern, css)
        assert rule, name
        background = re.search(rf"--bs-{rule.group(2)}-rgb:(\d+),(\d+),(\d+)", css).groups()
        ratio = contrast(hex_rgb(rule.group(1)), tuple(int(c) for c in background))
        assert ratio >= 4.5, (name, round(ratio, 2))


def test_chart_bars_stand_out_from_the_white_background():
    for colour in PANEL_COLOURS:
        assert contrast(hex_rgb(colour), (255, 255, 255)) >= 3, colour


# --- Plan page ------------------------------------------------------------------------------------


def scored_plan(government, irm):
    """Five commitments: a published action plan review (2 promising, potential 1 unclear / 3 modest /
    1 not assessed because not verifiable) and a published results report (completion and early results)."""
    plan = plan_of(government, commitments=5)
    apr = ready_review(plan, irm, ReviewStatus.PUBLISHED)
    rows = apr.assessments.order_by("commitment__number")
    values = [("unclear", "no"), ("modest", "yes"), ("modest", "yes"), ("modest", "no"), (None, None)]
    for assessment, (potential, promising) in zip(rows, values, strict=True):
        if potential is None:
            CommitmentAssessment.objects.filter(pk=assessment.pk).update(
                verifiable="not_verifiable", open_government_lens="", potential_for_results="", promising="",
                relevant_access_to_information=False,
            )  # fmt: skip
        else:
            CommitmentAssessment.objects.filter(pk=assessment.pk).update(
                potential_for_results=potential, promising=promising
            )
    report = review_of(plan, ReviewStatus.PUBLISHED, kind=ReviewKind.RESULTS_REPORT)
    completion = ["complete", "complete", "substantial", "not_started", ""]
    early = ["major", "outstanding", "marginal", "did_not_change", ""]
    for commitment, done, opened in zip(plan.commitments.order_by("number"), completion, early, strict=True):
        CommitmentAssessmentFactory(
            review=report, commitment=commitment, completion=done, early_results=opened, verifiable="",
            open_government_lens="", relevant_access_to_information=False, potential_for_results="", promising="",
        )  # fmt: skip
    return plan


def table_counts(html):
    table = html[
        html.index('data-testid="irm-summary-table"') : html.index("</table>", html.index("irm-summary-table"))
    ]
    counts = {}
    for body in re.findall(r"<tbody>(.*?)</tbody>", table, re.S):
        scale = re.search(r'<th scope="rowgroup"[^>]*>([^<]+)</th>', body).group(1)
        rows = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', body)
        counts[scale] = {label: int(count) for label, count in rows}
    return counts


def test_the_plan_page_draws_the_summary_chart_and_its_table_with_the_right_counts(government, irm, client):
    plan = scored_plan(government, irm)
    html = unescape(client.get(plan.get_absolute_url()).text)
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="irm-summary-\d+-title', html)
    assert (
        f'<title id="irm-summary-{plan.pk}-title">IRM assessment of the commitments of “{plan.title}”</title>' in html
    )
    assert table_counts(html) == {
        "Potential for results": {"Unclear": 1, "Modest": 3, "Substantial": 0, "Not assessed": 1},
        "Completion": {
            "No evidence available": 0, "Not started": 1, "Limited": 0, "Substantial": 1, "Complete": 2,
            "Not assessed": 1,
        },
        "Early results: did it open government?": {
            "Worsened": 0, "Did not change": 1, "Marginal": 1, "Major": 1, "Outstanding": 1, "Not assessed": 1,
        },
    }  # fmt: skip
    assert "2 promising commitments" in html
    assert "starred" not in html.lower().split('id="irm-reviews"')[1].split("</section>")[0]
    # The bars carry their counts in text too.
    assert "<title>Completion · Complete: 2</title>" in html


def test_older_method_plans_count_their_starred_commitments(government, irm, client):
    plan = plan_of(government, commitments=3)
    review = ready_review(plan, irm, ReviewStatus.PUBLISHED, uses_older_method=True)
    starred = dict(specificity="high", potential_impact="transformative", completion="complete")
    for assessment, fields in zip(
        review.assessments.order_by("commitment__number"), [starred, starred, {"specificity": "low"}], strict=True
    ):
        for name, value in {"potential_for_results": "", "promising": "", "open_government_lens": "", **fields}.items():
            setattr(assessment, name, value)
        assessment.save()
    assert review.assessments.filter(starred=True).count() == 2
    html = unescape(client.get(plan.get_absolute_url()).text)
    assert "2 starred commitments" in html and "promising commitment" not in html
    assert table_counts(html)["Completion"]["Complete"] == 2


def test_no_summary_before_a_review_is_published(government, irm, client):
    plan = plan_of(government)
    ready_review(plan, irm, ReviewStatus.FINAL)
    html = client.get(plan.get_absolute_url()).text
    assert "irm-plan-summary" not in html and "<svg" not in html.split('id="irm-reviews"')[1]


def test_a_published_co_creation_brief_is_listed_without_a_summary(government, client):
    plan = plan_of(government, commitments=0)
    brief = review_of(plan, ReviewStatus.PUBLISHED, kind=ReviewKind.CO_CREATION_BRIEF)
    html = client.get(plan.get_absolute_url()).text
    assert f'href="{brief.get_absolute_url()}">Co-creation brief</a>' in html and "irm-plan-summary" not in html


def test_the_plan_page_lists_a_draft_in_public_comment_as_a_draft_open_for_comment(government, irm, client):
    plan = plan_of(government)
    draft = ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT)
    html = unescape(client.get(plan.get_absolute_url()).text)
    assert f'href="{draft.get_absolute_url()}"' in html
    assert "Draft: Public comment" in html and "open for comment until" in html


# --- Commitment page --------------------------------------------------------------------------------


def test_the_commitment_page_shows_each_published_assessment_as_badges(government, irm, client):
    plan = scored_plan(government, irm)
    second = plan.commitments.get(number=2)
    CommitmentAssessment.objects.filter(commitment=second, review__kind=ReviewKind.ACTION_PLAN_REVIEW).update(
        explanation="The commitment opens procurement data.", relevant_civic_participation=True
    )
    html = unescape(client.get(second.get_absolute_url()).text)
    section = html[html.index('class="mb-4" id="irm-assessment"') :]
    assert section.index("Action plan review, published on") < section.index("Results report, published on")
    for label, value in [
        ("Verifiable", "Verifiable"),
        ("Open government lens", "Yes"),
        ("Potential for results", "Modest"),
        ("Promising commitment", "Yes"),
        ("Completion", "Complete"),
        ("Early results: did it open government?", "Outstanding"),
    ]:
        assert re.search(
            rf"<dt[^>]*>{re.escape(label)}</dt>\s*<dd[^>]*><span class=\"badge [^\"]+\">{value}</span>", section
        ), label
    assert 'Access to information: <span class="badge text-bg-success">Relevant</span>' in section
    assert 'Civic participation: <span class="badge text-bg-success">Relevant</span>' in section
    assert 'Public accountability: <span class="badge text-bg-light border">Not relevant</span>' in section
    assert "The commitment opens procurement data." in section
    assert "Read the action plan review" in section and "Read the results report" in section
    assert "Specificity" not in section and "Starred" not in section


def test_a_not_verifiable_commitment_shows_only_that(government, irm, client):
    plan = scored_plan(government, irm)
    fifth = plan.commitments.get(number=5)
    section = unescape(client.get(fifth.get_absolute_url()).text).split('class="mb-4" id="irm-assessment"')[1]
    first_article = section.split("</article>")[0]
    assert ">Not verifiable</span>" in first_article and "is not assessed further" in first_article
    assert "Potential for results" not in first_article and "Relevance to OGP values" not in first_article


def test_older_method_assessments_show_specificity_impact_and_the_starred_badge(government, irm, client):
    plan = plan_of(government, commitments=1)
    review = ready_review(plan, irm, ReviewStatus.PUBLISHED, uses_older_method=True)
    assessment = review.assessments.get()
    for name, value in dict(
        specificity="medium", potential_impact="moderate", completion="substantial", potential_for_results="",
        promising="", open_government_lens="",
    ).items():  # fmt: skip
        setattr(assessment, name, value)
    assessment.save()
    section = unescape(client.get(plan.commitments.get().get_absolute_url()).text).split(
        'class="mb-4" id="irm-assessment"'
    )[1]
    assert "assessed under the older method" in section
    assert ">Medium</span>" in section and ">Moderate</span>" in section and ">Substantial</span>" in section
    assert "Starred</span>" in section and "Starred commitment" in section


def test_no_assessment_section_without_a_published_review(government, irm, client):
    plan = plan_of(government, commitments=1)
    ready_review(plan, irm, ReviewStatus.PUBLIC_COMMENT)
    assert 'class="mb-4" id="irm-assessment"' not in client.get(plan.commitments.get().get_absolute_url()).text


# --- Government page --------------------------------------------------------------------------------


def test_the_government_page_lists_its_published_reviews_latest_first(government, other_government, irm, client):
    older = review_of(plan_of(government, commitments=0, number=1), ReviewStatus.PUBLISHED)
    newer = review_of(plan_of(government, commitments=0, number=2), ReviewStatus.PUBLISHED)
    type(older).objects.filter(pk=older.pk).update(published_at=timezone.now() - timezone.timedelta(days=30))
    draft = review_of(plan_of(government, commitments=0, number=3), ReviewStatus.FINAL)
    foreign = review_of(plan_of(other_government, commitments=0), ReviewStatus.PUBLISHED)
    html = client_for(irm).get(government.get_absolute_url()).text
    section = html.split('id="irm-reviews"')[1].split("</section>")[0]
    assert section.index(newer.get_absolute_url()) < section.index(older.get_absolute_url())
    assert newer.plan.title in section and "Action plan review" in section
    assert draft.get_absolute_url() not in section and foreign.get_absolute_url() not in section
    assert f'href="{reverse("irm:review-list")}"' not in section


def test_the_government_page_shows_a_bounded_list_with_a_link_to_all(government, client):
    for number in range(GOVERNMENT_REVIEWS_SHOWN + 1):
        review_of(plan_of(government, commitments=0, number=number + 1), ReviewStatus.PUBLISHED)
    section = client.get(government.get_absolute_url()).text.split('id="irm-reviews"')[1].split("</section>")[0]
    assert section.count('<th scope="row">') == GOVERNMENT_REVIEWS_SHOWN
    assert (
        f'href="{reverse("irm:review-list")}"' in section
        and f"The {GOVERNMENT_REVIEWS_SHOWN} latest reviews." in section
    )


def test_the_government_page_says_when_nothing_is_published(government, client):
    CommitmentFactory(plan=plan_of(government, commitments=0))
    assert "The IRM has not published a review" in unescape(client.get(government.get_absolute_url()).text)
