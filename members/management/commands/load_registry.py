"""Load every UN member state into the government registry (idempotent).

Codes, regions and populations come from `members/data/un_member_states.csv`;
names in English, French and Spanish from pycountry's ISO 3166 data and its
translations. Membership statuses are never touched: eligibility is assessed
for members and non-members alike.
"""

import csv
import gettext
from pathlib import Path

import pycountry
from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import Government

DATA = Path(__file__).resolve().parents[2] / "data" / "un_member_states.csv"

# Where pycountry's translation reads oddly or formally in a list of countries.
NAME_OVERRIDES = {
    ("CIV", "es"): "Côte d'Ivoire",
    ("RUS", "en"): "Russia",
    ("RUS", "fr"): "Russie",
    ("RUS", "es"): "Rusia",
    ("COD", "en"): "Democratic Republic of the Congo",
    ("COD", "es"): "República Democrática del Congo",
    ("FSM", "en"): "Micronesia",
    ("FSM", "fr"): "Micronésie",
    ("FSM", "es"): "Micronesia",
    ("LAO", "es"): "Laos",
    ("SYR", "es"): "Siria",
    ("KOR", "es"): "Corea del Sur",
    ("PRK", "es"): "Corea del Norte",
    ("IRN", "es"): "Irán",
    ("BOL", "es"): "Bolivia",
    ("VEN", "es"): "Venezuela",
    ("TZA", "es"): "Tanzania",
    ("MDA", "es"): "Moldavia",
}


def country_names(iso3: str) -> dict[str, str]:
    country = pycountry.countries.get(alpha_3=iso3)
    short = getattr(country, "common_name", None) or country.name
    names = {"en": short}
    for language in ("fr", "es"):
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]).gettext
        translated = translate(short)
        names[language] = translated if translated != short or short == country.name else translate(country.name)
    return {language: NAME_OVERRIDES.get((iso3, language), name) for language, name in names.items()}


class Command(BaseCommand):
    help = "Create or update every UN member state in the government registry."

    @transaction.atomic
    def handle(self, *args, **options):
        created = updated = 0
        with DATA.open(encoding="utf-8", newline="") as data:
            for row in csv.DictReader(data):
                names = country_names(row["iso3"])
                defaults = {
                    "kind": Government.Kind.NATIONAL,
                    "slug": row["iso3"].lower(),
                    "region": row["region"],
                    "population": int(row["population"]),
                    "is_un_member": True,
                    "name_fr": names["fr"],
                    "name_es": names["es"],
                }
                government, was_created = Government.objects.get_or_create(
                    iso3=row["iso3"], defaults={**defaults, "name": names["en"]}
                )
                if not was_created:
                    # An existing name may have been corrected by staff: keep it.
                    Government.objects.filter(pk=government.pk).update(**defaults)
                created += was_created
                updated += not was_created
        self.stdout.write(self.style.SUCCESS(f"Registry: {created} governments created, {updated} updated."))
