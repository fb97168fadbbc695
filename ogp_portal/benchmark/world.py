"""A large, deterministic synthetic world for the benchmark, written straight into the database.

Rows are streamed into PostgreSQL with COPY (SQLite, for tests at a tiny scale, gets multi-row
INSERTs): going through the models would take hours at 2,000,000 comments. The rows still respect
every database constraint, and columns the generator does not name get their model default, so a
field added to a model later does not break the load. Every row gets an explicit id above the
table's current highest one: `World` remembers those ranges, which is what `drop` deletes.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from action_plans.models import (
    ActionPlan,
    Comment,
    Commitment,
    Disposition,
    Milestone,
    PlanVersion,
    PolicyArea,
    ReasonedResponse,
)
from irm.models import CommitmentAssessment, Review
from members.models import Government, Region, StatusChange, User

SEED = 20110920  # The Open Government Declaration's date: any fixed number would do.

WORDS = (  # noqa: SIM905 (a paragraph of words reads better than a list of strings)
    "open data budget transparency procurement contracts beneficial ownership parliament justice access "
    "information civic participation public accountability digital services health education water climate "
    "land gender youth police audit integrity lobbying asset declarations whistleblower protection media "
    "freedom local councils extractive industries fiscal openness service delivery complaints grievance "
    "registry portal standards interoperability inclusion disability elections anti-corruption oversight "
    "environment forests fisheries energy mining infrastructure housing transport"
).split()
# In one commitment title in fifty: what the explorer search looks for, a topic rather than a common word.
RARE_WORD = "cadastre"
AGENCIES = ("Ministry of Finance", "Ministry of Justice", "Open Government Office", "National Audit Office")


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind; `for_scale(1.0)` is the size the issue asks for."""

    governments: int = 2000
    plans_per_government: int = 10
    commitments_per_plan: int = 20
    milestones_per_commitment: int = 2
    comments_per_commitment: int = 5
    users: int = 2000

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        return cls(governments=max(4, round(2000 * scale)), users=max(10, round(2000 * scale)))

    @property
    def plans(self) -> int:
        return self.governments * self.plans_per_government

    @property
    def commitments(self) -> int:
        return self.plans * self.commitments_per_plan

    @property
    def comments(self) -> int:
        return self.commitments * self.comments_per_commitment


@dataclass
class World:
    """What was loaded: the id range of each table (inclusive), in load order, and sample rows to request."""

    ranges: dict[type[models.Model], tuple[int, int]] = field(default_factory=dict)
    government_slug: str = ""
    plan_id: int = 0
    search_term: str = ""

    def count(self, model: type[models.Model]) -> int:
        first, last = self.ranges.get(model, (1, 0))
        return last - first + 1

    def drop(self) -> None:
        """Delete every loaded row, children first (one DELETE per table, by id range)."""
        with connection.cursor() as cursor:
            for model, (first, last) in reversed(self.ranges.items()):
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id BETWEEN %s AND %s", [first, last])


# --- Writing rows -------------------------------------------------------------------------------


def _column_defaults(model: type[models.Model], given: Sequence[str]) -> list[tuple[models.Field, Any]]:
    """The columns the generator leaves out, each with the value a new model instance would have."""
    filled = []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in given or getattr(model_field, "generated", False):
            continue
        if model_field.has_default():
            value = model_field.get_default()
        elif model_field.null:
            value = None
        elif model_field.blank and isinstance(model_field, (models.CharField, models.TextField)):
            value = ""
        else:
            raise ValueError(f"The benchmark world gives no value for {model.__name__}.{model_field.name}.")
        filled.append((model_field, value))
    return filled


def _copy_text(value: Any) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _LineStream:
    """A read()-able file over generated COPY lines, so a table is never held in memory whole."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.buffer = ""

    def read(self, size: int = -1) -> str:
        size = 1 << 16 if size is None or size < 0 else size
        while len(self.buffer) < size:
            chunk = "".join(line for _, line in zip(range(2000), self.lines, strict=False))
            if not chunk:
                break
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    readline = read


def write_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (values for `columns`, attnames) into the model's table, other columns at their defaults."""
    extra = _column_defaults(model, columns)
    names = [*columns, *(model_field.attname for model_field, _ in extra)]
    db_columns = [model._meta.get_field(name).column if name != "id" else "id" for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(column) for column in db_columns)
    if connection.vendor == "postgresql":
        tail = "\t" + "\t".join(_copy_text(value) for _, value in extra) if extra else ""
        lines = ("\t".join(map(_copy_text, row)) + tail + "\n" for row in rows)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({column_list}) FROM STDIN", _LineStream(lines))
        return
    fields = [model._meta.get_field(name) if name != "id" else model._meta.pk for name in names]
    extra_values = [value for _, value in extra]
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            values = [*row, *extra_values]
            batch.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)])
            if len(batch) >= 500:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(highest=models.Max("pk"))["highest"] or 0) + 1


# --- The world --------------------------------------------------------------------------------


def _iso3_codes(count: int, taken: set[str]) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = (f"{a}{b}{c}" for a in "XQZ" + letters for b in letters for c in letters)
    found: list[str] = []
    for code in codes:
        if code not in taken:
            found.append(code)
            taken.add(code)
            if len(found) == count:
                return found
    raise ValueError("Not enough free ISO 3166 alpha-3 codes for this many national governments.")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words))


def load(sizes: Sizes, *, progress: Callable[[str], None] = lambda message: None) -> World:
    """Load the world, table by table in dependency order, then refresh the sequences and statistics."""
    world = World(search_term=RARE_WORD)
    now = timezone.now()
    rng = random.Random(SEED)

    def table(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], count: int) -> int:
        first = _next_id(model)
        write_rows(model, ["id", *columns], ((first + offset, *row) for offset, row in enumerate(rows)))
        world.ranges[model] = (first, first + count - 1)
        progress(f"{model._meta.verbose_name_plural}: {count:,}")
        return first

    with transaction.atomic():
        user0 = table(
            User,
            ["username", "password", "is_civil_society"],
            ((f"bench-user-{n}", "!", True) for n in range(sizes.users)),
            sizes.users,
        )
        areas = list(PolicyArea.objects.filter(is_active=True).values_list("pk", flat=True)[:12])
        if not areas:
            area0 = table(
                PolicyArea,
                ["slug", "name"],
                ((f"bench-area-{n}", f"Benchmark area {n}") for n in range(8)),
                8,
            )
            areas = list(range(area0, area0 + 8))

        national = max(1, sizes.governments // 4)
        codes = _iso3_codes(national, set(Government.objects.exclude(iso3="").values_list("iso3", flat=True)))
        regions = Region.values
        gov0 = _next_id(Government)

        def governments() -> Iterator[tuple[Any, ...]]:
            for n in range(sizes.governments):
                is_national = n < national
                yield (
                    "national" if is_national else "local",
                    f"Benchmark {'Republic' if is_national else 'City'} {n}",
                    f"bench-{gov0 + n}",
                    codes[n] if is_national else "",
                    None if is_national else gov0 + n % national,
                    regions[n % len(regions)],
                    Government.Status.MEMBER,
                    "odd" if n % 2 else "even",
                    1_000_000 + n * 1000,
                    2011 + n % 14,
                    AGENCIES[n % len(AGENCIES)],
                )

        table(
            Government,
            [
                "kind",
                "name",
                "slug",
                "iso3",
                "parent_id",
                "region",
                "status",
                "cohort",
                "population",
                "member_since",
                "lead_agency",
            ],
            governments(),
            sizes.governments,
        )
        world.government_slug = f"bench-{gov0}"
        table(
            StatusChange,
            ["government_id", "from_status", "to_status", "reason", "created_at"],
            (
                (gov0 + n, "letter_submitted", "member", "Letter of intent accepted.", now)
                for n in range(sizes.governments)
            ),
            sizes.governments,
        )

        per_plan = sizes.plans_per_government
        plan0 = _next_id(ActionPlan)
        current_year = now.year

        def plan_year(plan_index: int) -> int:
            return current_year - 2 * (per_plan - plan_index % per_plan)

        def plans() -> Iterator[tuple[Any, ...]]:
            for p in range(sizes.plans):
                year = plan_year(p)
                last = p % per_plan == per_plan - 1
                yield (
                    gov0 + p // per_plan,
                    p % per_plan + 1,
                    f"Action plan {year}-{year + 2}",
                    year,
                    datetime.date(year, 9, 1),
                    datetime.date(year + 2, 8, 31),
                    ActionPlan.Status.IN_IMPLEMENTATION if last else ActionPlan.Status.ENDED,
                    datetime.datetime(year, 8, 20, 12, tzinfo=datetime.UTC),
                    datetime.datetime(year, 9, 1, 12, tzinfo=datetime.UTC),
                    None if last else datetime.datetime(year + 2, 9, 1, 12, tzinfo=datetime.UTC),
                )

        table(
            ActionPlan,
            [
                "government_id",
                "number",
                "title",
                "cycle_year",
                "start_date",
                "end_date",
                "status",
                "submitted_at",
                "implementation_started_at",
                "ended_at",
            ],
            plans(),
            sizes.plans,
        )
        # The plan page to request: the one in implementation, with its commitments and comments.
        world.plan_id = plan0 + per_plan - 1
        version0 = table(
            PlanVersion,
            ["plan_id", "number", "snapshot", "note", "published_at"],
            ((plan0 + p, 1, {"title": "Action plan", "commitments": []}, "", now) for p in range(sizes.plans)),
            sizes.plans,
        )

        per_commitment_plan = sizes.commitments_per_plan
        commitment0 = _next_id(Commitment)

        def commitments() -> Iterator[tuple[Any, ...]]:
            for c in range(sizes.commitments):
                p = c // per_commitment_plan
                year = plan_year(p)
                yield (
                    plan0 + p,
                    c % per_commitment_plan + 1,
                    (f"{RARE_WORD.capitalize()}: " if c % 50 == 0 else "") + _sentence(rng, 6).capitalize(),
                    _sentence(rng, 25),
                    _sentence(rng, 40) + "\n\n" + _sentence(rng, 30),
                    _sentence(rng, 20),
                    c % 2 == 0,
                    c % 3 == 0,
                    c % 4 != 0,
                    c % 5 == 0,
                    AGENCIES[c % len(AGENCIES)],
                    datetime.date(year, 9, 1),
                    datetime.date(year + 2, 8, 31),
                )

        table(
            Commitment,
            [
                "plan_id",
                "number",
                "title",
                "problem",
                "description",
                "theory_of_change",
                "access_to_information",
                "civic_participation",
                "public_accountability",
                "technology_and_innovation",
                "lead_agency",
                "start_date",
                "end_date",
            ],
            commitments(),
            sizes.commitments,
        )
        through = Commitment.policy_areas.through
        table(
            through,
            ["commitment_id", "policyarea_id"],
            ((commitment0 + c, areas[c % len(areas)]) for c in range(sizes.commitments)),
            sizes.commitments,
        )
        statuses = Milestone.Status.values
        per_milestone = sizes.milestones_per_commitment
        table(
            Milestone,
            ["commitment_id", "number", "description", "responsible_agency", "status"],
            (
                (
                    commitment0 + m // per_milestone,
                    m % per_milestone + 1,
                    _sentence(rng, 12),
                    AGENCIES[m % len(AGENCIES)],
                    statuses[m % len(statuses)],
                )
                for m in range(sizes.commitments * per_milestone)
            ),
            sizes.commitments * per_milestone,
        )

        per_comment = sizes.comments_per_commitment
        comment0 = _next_id(Comment)

        def comments() -> Iterator[tuple[Any, ...]]:
            for k in range(sizes.comments):
                c = k // per_comment
                p = c // per_commitment_plan
                position = k % per_comment
                # Every thread's later comments reply to its first one; one comment in fifty is hidden.
                yield (
                    plan0 + p,
                    commitment0 + c,
                    version0 + p,
                    comment0 + k - position if position else None,
                    user0 + k % sizes.users,
                    _sentence(rng, 18),
                    now - datetime.timedelta(minutes=k),
                    k % 50 == 49,
                )

        table(
            Comment,
            ["plan_id", "commitment_id", "version_id", "parent_id", "author_id", "body", "created_at", "is_hidden"],
            comments(),
            sizes.comments,
        )
        # Each thread's opening comment gets its reasoned response.
        threads = range(0, sizes.comments, per_comment)
        table(
            ReasonedResponse,
            ["comment_id", "disposition", "reason", "responded_at"],
            ((comment0 + k, Disposition.INCLUDED, "Taken into account in the final plan.", now) for k in threads),
            len(threads),
        )

        # Ended plans have a published results report, scoring each of their commitments.
        ended = [p for p in range(sizes.plans) if p % per_plan != per_plan - 1]
        review0 = table(
            Review,
            ["plan_id", "kind", "status", "summary", "published_at"],
            ((plan0 + p, "results_report", "published", _sentence(rng, 30), now) for p in ended),
            len(ended),
        )
        completions = ("not_started", "limited", "substantial", "complete")
        early = ("did_not_change", "marginal", "major", "outstanding")

        def assessments() -> Iterator[tuple[Any, ...]]:
            for r, p in enumerate(ended):
                for n in range(per_commitment_plan):
                    c = p * per_commitment_plan + n
                    yield (review0 + r, commitment0 + c, "verifiable", completions[c % 4], early[c % 4], "Evidence.")

        table(
            CommitmentAssessment,
            ["review_id", "commitment_id", "verifiable", "completion", "early_results", "explanation"],
            assessments(),
            len(ended) * per_commitment_plan,
        )

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(world.ranges)):
                cursor.execute(statement)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return world
