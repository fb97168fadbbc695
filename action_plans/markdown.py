"""Comments are plain text or a small, safe subset of Markdown.

Two layers, so that neither has to be perfect: Markdown is run with its raw-HTML handling switched
off (typed HTML is shown as text), then the output goes through nh3 (the Rust `ammonia` sanitiser)
with a short list of tags, only http(s)/mailto links, and rel="nofollow noopener" on every link.
No images: an image URL would let a comment track its readers, so `![..](..)` stays as typed.
"""

from __future__ import annotations

import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _converter() -> markdown_lib.Markdown:
    converter = markdown_lib.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    # Raw HTML blocks and inline tags would otherwise pass through untouched; without these
    # processors Markdown escapes them like any other text.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    # Images stay as the text that was typed (no image is ever fetched by a reader's browser).
    for name in ("image_link", "image_reference", "short_image_ref"):
        converter.inlinePatterns.deregister(name)
    return converter


# Building a converter costs more than converting a comment, and a plan page shows a hundred of them.
# One per thread (gunicorn's gthread workers), reset after each use so no state leaks between comments.
_local = threading.local()


def _convert(text: str) -> str:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _converter()
    try:
        return converter.convert(text)
    finally:
        converter.reset()


def render_markdown(text: str) -> SafeString:
    """The comment's text as sanitised HTML, safe to insert in a page."""
    html = _convert(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 (sanitised by nh3 just above)
