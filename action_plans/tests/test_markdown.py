"""The comment renderer reuses one Markdown converter per thread: nothing of one comment may reach the next."""

from action_plans.markdown import render_markdown


def test_a_link_reference_of_one_comment_does_not_resolve_in_the_next():
    first = render_markdown("See [the plan][1].\n\n[1]: https://example.org/plan")
    assert 'href="https://example.org/plan"' in first
    second = render_markdown("See [the plan][1].")
    assert "href" not in second
    assert "[the plan][1]" in second


def test_each_comment_starts_from_a_clean_converter():
    """A list left open at the end of one comment must not swallow the next one."""
    assert "<li>one</li>" in render_markdown("- one")
    assert render_markdown("**bold**") == "<p><strong>bold</strong></p>"
