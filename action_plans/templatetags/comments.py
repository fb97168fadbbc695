"""Template helpers of public comment: safe Markdown, and the comments next to a paragraph."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """A comment's text as sanitised HTML (see action_plans/markdown.py)."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def paragraph_thread(context: dict[str, Any], field: str, index: int) -> Any:
    """The comments shown next to paragraph `index` of `field` (from `commitment_comments_context`), or None."""
    threads = context.get("paragraph_threads") or {}
    return threads.get(f"{field}:{index}")
