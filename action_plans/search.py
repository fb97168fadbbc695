"""Full-text search over the commitments of public plans: PostgreSQL's text search, or a plain SQLite fallback.

`commitment_search(text)` is the one entry point; it picks the backend by `connection.vendor`. Both
backends filter and order a queryset (`results`) and give each shown commitment a `highlight`, an HTML
snippet in which the matched words are wrapped in `<mark>`. Commitment texts are never trusted: every
snippet is escaped first, and only our own `<mark>` tags are added.

The text search configuration is 'simple' (lower-cased words, no stemming, no stop words): the portal's
commitments are written in English, French and Spanish, and an English stemmer would mangle the other
two. On PostgreSQL each commitment's weighted document is a stored, GIN-indexed column (migration 0004,
which also holds the weights: a match in the title ranks above one in the description, above the rest).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet, TextField, Value
from django.db.models.expressions import Col
from django.db.models.functions import Concat
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Commitment

SEARCH_CONFIG = "simple"
# The texts searched, as migration 0004's stored document weighs them (the SQLite fallback reads the same ones).
SEARCHED_FIELDS = (
    "title",
    "short_title",
    "description",
    "problem",
    "theory_of_change",
    "values_relevance",
    "additional_information",
)
# The snippet is taken from the commitment's own words about what it does, then about the problem.
HIGHLIGHT_FIELDS = ("description", "problem")
SNIPPET_CHARS = 240
# ts_headline marks matches with these; the snippet is escaped, then they become <mark> tags.
START, STOP = "\x02", "\x03"
MARKED = re.compile(f"{START}(.*?){STOP}", re.S)
WORD = re.compile(r"\w+")


def _document_field() -> SearchVectorField:
    """A stand-in for the column: a Col needs a field's name, column and model, never its class."""
    field = SearchVectorField()
    field.set_attributes_from_name("search_document")
    field.model = Commitment
    return field


class StoredDocument(Expression):
    """The commitment's stored document (PostgreSQL only): a column of the queried commitments' table alias."""

    output_field = SearchVectorField()
    _target = _document_field()

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> Col:
        # A Col follows the table's alias when the query is relabelled, e.g. inside a subquery.
        return Col(query.get_initial_alias(), self._target)


class CommitmentSearch(Protocol):
    text: str

    def results(self, queryset: QuerySet[Commitment]) -> QuerySet[Commitment]: ...

    def highlight(self, commitments: Iterable[Commitment]) -> None: ...


def commitment_search(text: str) -> CommitmentSearch:
    """The search for `text` on this database: PostgreSQL's full-text search, or the SQLite fallback."""
    if connection.vendor == "postgresql":
        return PostgresSearch(text)
    return PlainSearch(text)


class PostgresSearch:
    """websearch syntax ("quoted phrases", -excluded, or), ranked by SearchRank, highlighted by ts_headline."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")

    def results(self, queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
        return (
            queryset.alias(document=StoredDocument())
            .filter(document=self.query)
            .annotate(rank=SearchRank(F("document"), self.query))
            .order_by("-rank", "plan_id", "number")
        )

    def highlight(self, commitments: Iterable[Commitment]) -> None:
        """One query for the page: ts_headline is costly, so it runs on the shown rows only."""
        commitments = list(commitments)
        separator = Value("\n\n", output_field=TextField())
        text = Concat(*_interleave([F(name) for name in HIGHLIGHT_FIELDS], separator), output_field=TextField())
        headline = SearchHeadline(
            text,
            self.query,
            config=SEARCH_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        headlines = dict(
            Commitment.objects.filter(pk__in=[c.pk for c in commitments])
            .annotate(headline=headline)
            .values_list("pk", "headline")
        )
        for commitment in commitments:
            commitment.highlight = marked_snippet(headlines.get(commitment.pk) or "")


class PlainSearch:
    """SQLite (development, tests): every word must appear in some field; matches are marked in Python."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = list(dict.fromkeys(word.lower() for word in WORD.findall(text)))

    def results(self, queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
        if not self.words:
            return queryset.none()
        for word in self.words:
            in_some_field = Q()
            for name in SEARCHED_FIELDS:
                in_some_field |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(in_some_field)
        return queryset.order_by("plan_id", "number")

    def highlight(self, commitments: Iterable[Commitment]) -> None:
        for commitment in commitments:
            commitment.highlight = highlighted_excerpt(_snippet_source(commitment, self.words), self.words)


def _interleave(items: list[Any], separator: Any) -> list[Any]:
    joined: list[Any] = []
    for item in items:
        if joined:
            joined.append(separator)
        joined.append(item)
    return joined


def _snippet_source(commitment: Commitment, words: list[str]) -> str:
    """The first highlight field that mentions a word, else the first that is not empty."""
    texts = [getattr(commitment, name) or "" for name in HIGHLIGHT_FIELDS]
    for text in texts:
        if any(word in text.lower() for word in words):
            return text
    return next((text for text in texts if text), "")


def marked_snippet(headline: str) -> SafeString:
    """ts_headline's output, escaped, with its match markers turned into <mark> tags."""
    parts = []
    position = 0
    for match in MARKED.finditer(headline):
        parts.append(escape(_unmarked(headline[position : match.start()])))
        parts.append(format_html("<mark>{}</mark>", _unmarked(match.group(1))))
        position = match.end()
    parts.append(escape(_unmarked(headline[position:])))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def _unmarked(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


def highlighted_excerpt(text: str, words: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters of `text` around its first matched word, escaped, words wrapped in <mark>."""
    text = " ".join(text.split())
    if not text:
        return mark_safe("")
    lowered = text.lower()
    first = min((found for word in words if (found := lowered.find(word)) >= 0), default=0)
    start = max(0, first - length // 3)
    if start:
        # Start on a word boundary, not in the middle of a word.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    excerpt = text[start:end]
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)
    parts = ["… " if start else ""]
    position = 0
    for match in pattern.finditer(excerpt) if words else ():
        parts.append(escape(excerpt[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group(0)))
        position = match.end()
    parts.append(escape(excerpt[position:]))
    parts.append(" …" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)
