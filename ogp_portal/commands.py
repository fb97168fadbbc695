"""The shape of every command that runs a daily beat task now, in this process, through the worker's code."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def iso_date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise CommandError(f"--today must be a date such as 2027-01-01, not {value!r}.") from error


class DailyJobCommand(BaseCommand):
    """Subclasses name the task (called with an ISO date or None) and say what its counts mean."""

    def task(self, today: str | None) -> dict[str, int]:
        raise NotImplementedError

    def report(self, counts: dict[str, int]) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD); for demos and tests.")

    def handle(self, *args: Any, today: str | None = None, **options: Any) -> None:
        self.stdout.write(self.report(self.task(iso_date(today) if today else None)))
