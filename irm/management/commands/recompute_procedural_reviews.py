"""Run the daily procedural review job now, in this process, through the same code as the worker."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.tasks import recompute_procedural_reviews


def iso_date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise CommandError(f"--today must be a date such as 2027-01-01, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Record every member's contrary-to-process findings from the data and place under procedural review "
        "the members with consecutive cycles contrary to process. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD); for demos and tests.")

    def handle(self, *args: Any, today: str | None = None, **options: Any) -> None:
        counts = recompute_procedural_reviews(iso_date(today) if today else None)
        self.stdout.write(
            f"Findings recorded: {counts['findings']}; procedural reviews opened: {counts['procedural_reviews']}."
        )
