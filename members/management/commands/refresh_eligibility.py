"""Run the yearly eligibility refresh now, in this process, through the same code as the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from members.models import EligibilityAssessment, RefreshRun
from members.tasks import refresh_eligibility


class Command(BaseCommand):
    help = (
        "Import every source in ELIGIBILITY_SOURCES, then recompute the year's eligibility assessments. "
        "Exits with status 1 if any source failed or the run stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=timezone.now().year, help="Default: the current year.")
        parser.add_argument(
            "--recompute-only", action="store_true", help="Skip the sources; recompute from stored observations."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = RefreshRun.objects.create(year=options["year"], recompute_only=options["recompute_only"])
        try:
            refresh_eligibility(run.pk)
        except Exception as error:
            # The run recorded the failure itself; say so instead of a traceback.
            raise CommandError(f"Refresh {run.year} failed: {type(error).__name__}: {error}") from None
        run.refresh_from_db()
        assessments = EligibilityAssessment.objects.for_year(run.year)
        self.stdout.write(
            f"Refresh {run.year}: {run.sources_done} of {run.sources_total} sources, {run.rows_read} rows read, "
            f"{run.rows_imported} new or changed observations imported."
        )
        self.stdout.write(
            f"Assessments {run.year}: {assessments.count()} governments, {assessments.eligible().count()} eligible, "
            f"{len(run.changed_governments)} changed since {run.year - 1}"
            + (f" ({', '.join(run.changed_governments)})." if run.changed_governments else ".")
        )
        for error in run.errors:
            self.stderr.write(f"{error['source']}: {error['message']}" if error["source"] else error["message"])
        if run.errors:
            raise CommandError(f"Refresh {run.year} finished with {len(run.errors)} error(s).")
        self.stdout.write(self.style.SUCCESS(f"Refresh {run.year} finished."))
