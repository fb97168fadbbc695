"""Run the daily action plan job now, in this process, through the same code as the worker."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from action_plans.tasks import advance_action_plans


def iso_date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise CommandError(f"--today must be a date such as 2027-01-01, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Start the implementation of submitted plans whose start date has come, end the plans whose end "
        "date has passed, and record the plans not delivered before 1 January. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD); for demos and tests.")

    def handle(self, *args: Any, today: str | None = None, **options: Any) -> None:
        counts = advance_action_plans(iso_date(today) if today else None)
        self.stdout.write(
            f"Implementation started: {counts['started']}; ended: {counts['ended']}; "
            f"not delivered before 1 January: {counts['missed_deadline']}."
        )
