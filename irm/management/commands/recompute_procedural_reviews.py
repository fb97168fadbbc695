"""Run the daily procedural review job now, in this process, through the same code as the worker."""

from __future__ import annotations

from irm.tasks import recompute_procedural_reviews
from ogp_portal.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "Record every member's contrary-to-process findings from the data and place under procedural review "
        "the members with consecutive cycles contrary to process. Safe to run again."
    )

    def task(self, today: str | None) -> dict[str, int]:
        return recompute_procedural_reviews(today)

    def report(self, counts: dict[str, int]) -> str:
        return f"Findings recorded: {counts['findings']}; procedural reviews opened: {counts['procedural_reviews']}."
