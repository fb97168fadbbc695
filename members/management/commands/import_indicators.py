"""Import one indicator file (portal, V-Dem or EIU format): all of it, or nothing if any row is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.indicator_formats import ImportFormat
from members.models import IndicatorImport
from members.sources import fetch_source


class Command(BaseCommand):
    help = (
        "Import an indicator file. Every row is checked first: if any is wrong, each error is printed, "
        "nothing is imported and the command exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file to import: a path, or an http(s) address.")
        parser.add_argument("--format", required=True, choices=ImportFormat.values, help="The file's layout.")
        parser.add_argument("--year", type=int, help="The year of an EIU table without a Year column.")
        parser.add_argument("--vintage", help="The edition of the source, e.g. 'V-Dem v15'.")

    def handle(self, *args: Any, **options: Any) -> None:
        location: str = options["file"]
        if "://" not in location:
            location = str(Path(location).resolve())  # relative to where the command was typed
        try:
            content = fetch_source(location, timeout=settings.ELIGIBILITY_DOWNLOAD_TIMEOUT)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {location}: {getattr(error, 'strerror', None) or error}") from None
        name = location if "://" in location else Path(location).name
        indicator_import = IndicatorImport.objects.run(
            content, options["format"], source_name=name, year=options["year"], vintage=options["vintage"]
        )
        if not indicator_import.succeeded:
            for error in indicator_import.errors:
                self.stderr.write(error)
            raise CommandError(f"{name}: {len(indicator_import.errors)} error(s), nothing imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{name}: {indicator_import.rows_read} rows read, "
                f"{indicator_import.rows_imported} new or changed observations imported."
            )
        )
