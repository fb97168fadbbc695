"""Run the daily action plan job now, in this process, through the same code as the worker."""

from __future__ import annotations

from action_plans.tasks import advance_action_plans
from ogp_portal.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "Start the implementation of submitted plans whose start date has come, end the plans whose end "
        "date has passed, and record the plans not delivered before 1 January. Safe to run again."
    )

    def task(self, today: str | None) -> dict[str, int]:
        return advance_action_plans(today)

    def report(self, counts: dict[str, int]) -> str:
        return (
            f"Implementation started: {counts['started']}; ended: {counts['ended']}; "
            f"not delivered before 1 January: {counts['missed_deadline']}."
        )
