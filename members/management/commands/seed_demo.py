"""A realistic demo world: real OGP members, local governments, organisations, one login per role.

Idempotent: running it again updates the same rows and never duplicates them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from action_plans.demo import seed_action_plans
from irm.demo import seed_irm
from irm.models import ResearcherAssignment
from members.models import (
    Cohort,
    Government,
    GovernmentContact,
    Organisation,
    OrganisationMembership,
    PointOfContact,
    StatusChange,
    User,
)
from members.roles import make_support_unit_staff

MEMBER, WITHDRAWN, SUSPENDED, NOT_MEMBER = (
    Government.Status.MEMBER,
    Government.Status.WITHDRAWN,
    Government.Status.SUSPENDED,
    Government.Status.NOT_MEMBER,
)

# The eight founders of 20 September 2011, then other real members as
# (ISO 3166 alpha-3, year joined, status). Names and regions come from the registry.
FOUNDERS = ["BRA", "IDN", "MEX", "NOR", "PHL", "ZAF", "GBR", "USA"]
COUNTRIES = [
    ("ARG", 2012, MEMBER),
    ("ARM", 2011, MEMBER),
    ("AUS", 2015, MEMBER),
    ("AZE", 2011, SUSPENDED),
    ("CAN", 2011, MEMBER),
    ("CHL", 2011, MEMBER),
    ("COL", 2011, MEMBER),
    ("CRI", 2012, MEMBER),
    ("CIV", 2015, MEMBER),
    ("EST", 2011, MEMBER),
    ("FIN", 2013, MEMBER),
    ("FRA", 2014, MEMBER),
    ("GEO", 2011, MEMBER),
    ("DEU", 2016, MEMBER),
    ("GHA", 2011, MEMBER),
    ("GTM", 2011, MEMBER),
    ("HUN", 2012, WITHDRAWN),
    ("IRL", 2014, MEMBER),
    ("ITA", 2011, MEMBER),
    ("JOR", 2011, MEMBER),
    ("KEN", 2011, MEMBER),
    ("KOR", 2011, MEMBER),
    ("MNG", 2013, MEMBER),
    ("MAR", 2018, MEMBER),
    ("NLD", 2011, MEMBER),
    ("NZL", 2013, MEMBER),
    ("NGA", 2016, MEMBER),
    ("PRY", 2011, MEMBER),
    ("PER", 2011, MEMBER),
    ("PRT", 2017, MEMBER),
    ("SEN", 2018, MEMBER),
    ("ESP", 2011, MEMBER),
    ("LKA", 2015, MEMBER),
    ("TUN", 2014, MEMBER),
    ("TUR", 2011, WITHDRAWN),
    ("UKR", 2011, MEMBER),
    ("URY", 2011, MEMBER),
    # Not members: eligibility is assessed for them too.
    ("IND", None, NOT_MEMBER),
    ("JPN", None, NOT_MEMBER),
    ("EGY", None, NOT_MEMBER),
]
# (slug, name, country ISO3): OGP Local members since the 2016 pioneers.
LOCAL_GOVERNMENTS = [
    ("fra-paris", "Paris", "FRA"),
    ("arg-buenos-aires", "Buenos Aires", "ARG"),
    ("esp-madrid", "Madrid", "ESP"),
    ("kor-seoul", "Seoul", "KOR"),
    ("ken-elgeyo-marakwet", "Elgeyo Marakwet County", "KEN"),
    ("gbr-scotland", "Scotland", "GBR"),
    ("geo-tbilisi", "Tbilisi", "GEO"),
]
# (slug, name, country ISO3, website, focus areas, verified)
ORGANISATIONS = [
    (
        "regards-citoyens",
        "Regards Citoyens",
        "FRA",
        "https://www.regardscitoyens.org",
        "Open parliament, open data",
        True,
    ),
    (
        "fundar",
        "Fundar, Centro de Análisis e Investigación",
        "MEX",
        "https://fundar.org.mx",
        "Fiscal transparency",
        True,
    ),
    (
        "directorio-legislativo",
        "Directorio Legislativo",
        "ARG",
        "https://directoriolegislativo.org",
        "Legislative openness",
        True,
    ),
    ("mzalendo", "Mzalendo Trust", "KEN", "https://mzalendo.com", "Parliamentary monitoring", True),
    ("mysociety", "mySociety", "GBR", "https://www.mysociety.org", "Civic technology, right to information", False),
    (
        "open-knowledge-brasil",
        "Open Knowledge Brasil",
        "BRA",
        "https://ok.org.br",
        "Open data, fiscal transparency",
        False,
    ),
]
LEAVING_REASONS = {
    WITHDRAWN: "The government informed the Steering Committee that it withdraws from OGP.",
    SUSPENDED: "Designated inactive then suspended by the Steering Committee under the Response Policy.",
}
DEMO_PASSWORD = "ogp-demo-2026"
DEMO_ELIGIBILITY_YEARS = (2024, 2025)


class Command(BaseCommand):
    help = "Create or update the demo world and one login per role (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo logins share a published password.",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: refusing to create demo logins with a published password. "
                "Pass --allow-production if this really is a demo site."
            )
        with transaction.atomic():
            governments = self.seed_governments()
            organisations = self.seed_organisations(governments)
            logins = self.seed_logins(governments, organisations)
            plans = seed_action_plans()
            # Reviews and accountability on those plans; last, as the findings follow from everything above.
            plans += seed_irm()
        # The demo sources (settings.ELIGIBILITY_SOURCES) hold two years, so the
        # public table and the review queue have something to show.
        for year in DEMO_ELIGIBILITY_YEARS:
            call_command("refresh_eligibility", "--year", str(year), stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Government.objects.national().count()} national and "
                f"{Government.objects.local().count()} local governments, {Organisation.objects.count()} organisations."
            )
        )
        for line in plans:
            self.stdout.write(f"Created {line}.")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<10} {role}")

    def seed_governments(self) -> dict[str, Government]:
        call_command("load_registry", stdout=self.stdout)
        history = [(iso3, 2011, MEMBER) for iso3 in FOUNDERS] + [row for row in COUNTRIES if row[1]]
        governments = {government.iso3: government for government in Government.objects.national()}
        for iso3, year, status in history:
            government = governments[iso3]
            government.member_since = year
            government.is_founding_member = iso3 in FOUNDERS
            government.cohort = Cohort.EVEN if year % 2 == 0 else Cohort.ODD
            government.save(update_fields=["member_since", "is_founding_member", "cohort"])
            if not government.status_changes.exists():
                self.record_history(government, year, status)
        for slug, name, iso3 in LOCAL_GOVERNMENTS:
            parent = governments[iso3]
            governments[slug], _ = Government.objects.update_or_create(
                slug=slug,
                defaults={
                    "kind": Government.Kind.LOCAL,
                    "name": name,
                    "parent": parent,
                    "region": parent.region,
                    "member_since": 2016 if slug in {"fra-paris", "esp-madrid", "kor-seoul"} else 2020,
                    "status": MEMBER,
                },
            )
        france = governments["FRA"]
        if not france.lead_agency:
            france.lead_agency = "Direction interministérielle de la transformation publique"
            france.website = "https://www.modernisation.gouv.fr"
            france.save(update_fields=["lead_agency", "website"])
            GovernmentContact.objects.create(
                government=france, name="Claire Martin", title="OGP coordinator", agency=france.lead_agency
            )
        return governments

    def record_history(self, government: Government, year: int, status: str) -> None:
        """Past status changes, dated when they happened: demo history, not live transitions."""
        joined = datetime(year, 9, 20, tzinfo=UTC)
        steps = [(NOT_MEMBER, MEMBER, joined, f"Letter of intent accepted; joined OGP in {year}.")]
        if status != MEMBER:
            steps.append((MEMBER, status, datetime(2017, 9, 21, tzinfo=UTC), LEAVING_REASONS[status]))
        for from_status, to_status, when, reason in steps:
            StatusChange.objects.create(
                government=government, from_status=from_status, to_status=to_status, reason=reason, created_at=when
            )
        government.status = status
        government.save(update_fields=["status"])

    def seed_organisations(self, governments: dict[str, Government]) -> dict[str, Organisation]:
        organisations = {}
        for slug, name, iso3, website, focus, verified in ORGANISATIONS:
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "country": governments[iso3],
                    "website": website,
                    "focus_areas": focus,
                    "is_verified": verified,
                },
            )
        return organisations

    def seed_logins(self, governments, organisations) -> list[tuple[str, str]]:
        staff = self.user("staff", "Samira", "Haddad", "staff@example.org")
        make_support_unit_staff(staff)

        poc = self.user("poc", "Claire", "Martin", "poc@example.org")
        mexico_poc = self.user("poc_mex", "Diego", "Hernández", "poc.mex@example.org")
        for user, iso3, title in [
            (poc, "FRA", "OGP coordinator"),
            (mexico_poc, "MEX", "Coordinador de gobierno abierto"),
        ]:
            if not PointOfContact.objects.filter(user=user).exists():
                governments[iso3].grant_point_of_contact(user, by=staff, title=title)

        civil = self.user("civil", "Amina", "Otieno", "civil@example.org", civil_society=True)
        OrganisationMembership.objects.get_or_create(user=civil, organisation=organisations["regards-citoyens"])
        OrganisationMembership.objects.get_or_create(user=civil, organisation=organisations["mzalendo"])

        irm = self.user("irm", "Jonas", "Berg", "irm@example.org")
        ResearcherAssignment.assign(irm, governments["FRA"], by=staff, conflict_of_interest="None declared.")

        self.user("public", "Pat", "Reader", "public@example.org")
        return [
            ("staff", "Support Unit staff (also the Django admin at /admin/)"),
            ("poc", "point of contact of France"),
            ("poc_mex", "point of contact of Mexico (another government)"),
            ("civil", "civil society, member of Regards Citoyens and Mzalendo Trust"),
            ("irm", "IRM researcher assigned to France"),
            ("public", "a signed-in user with no role"),
        ]

    def user(self, username, first_name, last_name, email, civil_society=False) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "is_civil_society": civil_society,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
