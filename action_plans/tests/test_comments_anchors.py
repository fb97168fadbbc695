"""A paragraph comment keeps its anchor across versions: next to its paragraph while the paragraph's
text is still there (wherever it moved), "on an earlier version" with the quote once it changed."""

import pytest
from django.test import Client

from action_plans.models import Comment, Commitment

from .test_comments_models import FIRST, SECOND, THIRD, open_period, published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(government, poc, civil):
    plan, commitment = published_plan(government, poc)
    open_period(plan, poc)
    comment = Comment.objects.post(
        plan=plan, author=civil, body="Thirty days is too slow.", commitment=commitment, field="description",
        paragraph_index=0,
    )  # fmt: skip
    return plan, commitment, comment


def publish_with(plan, commitment, poc, *paragraphs):
    Commitment.objects.filter(pk=commitment.pk).update(description="\n\n".join(paragraphs))
    plan.publish_version(by=poc)


def commitment_page(commitment):
    return Client().get(commitment.get_absolute_url()).text


def comments_section(page):
    return page[page.index('id="comments"') :]


def test_on_version_1_the_comment_sits_next_to_its_paragraph(setup):
    _, commitment, _ = setup
    page = commitment_page(commitment)
    paragraph = page[page.index(f'id="c{commitment.pk}-description-0"') :]
    paragraph = paragraph[: paragraph.index("</details>")]
    assert FIRST in paragraph and "Thirty days is too slow." in paragraph
    assert "On an earlier version" not in page


def test_editing_that_paragraph_and_publishing_v2_moves_it_to_an_earlier_version(setup, poc):
    plan, commitment, _ = setup
    publish_with(plan, commitment, poc, "Publish every public contract within 10 days.", SECOND, THIRD)
    page = commitment_page(commitment)
    assert 'data-testid="paragraph-comments"' not in page
    section = comments_section(page)
    assert "On an earlier version (version 1)" in section
    assert FIRST in section and "Thirty days is too slow." in section
    plan_page = Client().get(plan.get_absolute_url()).text
    assert "On an earlier version (version 1)" in plan_page and FIRST in plan_page


def test_editing_another_paragraph_only_keeps_it_anchored(setup, poc):
    plan, commitment, _ = setup
    publish_with(plan, commitment, poc, FIRST, "Train procurement officers every year.", THIRD)
    page = commitment_page(commitment)
    assert "On an earlier version" not in page
    paragraph = page[page.index(f'id="c{commitment.pk}-description-0"') :]
    assert "Thirty days is too slow." in paragraph[: paragraph.index("</details>")]


def test_a_paragraph_that_moved_keeps_its_comment(setup, poc):
    plan, commitment, comment = setup
    publish_with(plan, commitment, poc, "A new opening paragraph.", FIRST, SECOND, THIRD)
    page = commitment_page(commitment)
    assert "On an earlier version" not in page
    moved = page[page.index(f'id="c{commitment.pk}-description-1"') :]
    assert "Thirty days is too slow." in moved[: moved.index("</details>")]
    assert f"#c{commitment.pk}-description-1" in comments_section(page)
    comment.refresh_from_db()
    assert comment.paragraph_index == 0 and comment.version.number == 1


def test_new_comments_anchor_to_the_latest_version(setup, poc, civil):
    plan, commitment, _ = setup
    publish_with(plan, commitment, poc, "Publish within 10 days.", SECOND)
    newer = Comment.objects.post(
        plan=plan, author=civil, body="Better.", commitment=commitment, field="description", paragraph_index=0
    )
    assert (newer.version.number, newer.paragraph_text) == (2, "Publish within 10 days.")
