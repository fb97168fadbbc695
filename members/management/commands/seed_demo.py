"""A realistic demo world: real OGP members, local governments, organisations, one login per role.

Idempotent: running it again updates the same rows and never duplicates them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from irm.models import ResearcherAssignment
from members.models import Government, Organisation, OrganisationMembership, PointOfContact, Region, User
from members.roles import make_support_unit_staff

AFRICA, AMERICAS, ASIA, EUROPE = Region.AFRICA_MIDDLE_EAST, Region.AMERICAS, Region.ASIA_PACIFIC, Region.EUROPE
MEMBER, WITHDRAWN, SUSPENDED, NOT_MEMBER = (
    Government.Status.MEMBER,
    Government.Status.WITHDRAWN,
    Government.Status.SUSPENDED,
    Government.Status.NOT_MEMBER,
)

# (ISO 3166 alpha-3, name, region, year joined, status). The eight founders of
# 20 September 2011 come first.
FOUNDERS = [
    ("BRA", "Brazil", AMERICAS),
    ("IDN", "Indonesia", ASIA),
    ("MEX", "Mexico", AMERICAS),
    ("NOR", "Norway", EUROPE),
    ("PHL", "Philippines", ASIA),
    ("ZAF", "South Africa", AFRICA),
    ("GBR", "United Kingdom", EUROPE),
    ("USA", "United States", AMERICAS),
]
COUNTRIES = [
    ("ARG", "Argentina", AMERICAS, 2012, MEMBER),
    ("ARM", "Armenia", EUROPE, 2011, MEMBER),
    ("AUS", "Australia", ASIA, 2015, MEMBER),
    ("AZE", "Azerbaijan", EUROPE, 2011, SUSPENDED),
    ("CAN", "Canada", AMERICAS, 2011, MEMBER),
    ("CHL", "Chile", AMERICAS, 2011, MEMBER),
    ("COL", "Colombia", AMERICAS, 2011, MEMBER),
    ("CRI", "Costa Rica", AMERICAS, 2012, MEMBER),
    ("CIV", "Côte d'Ivoire", AFRICA, 2015, MEMBER),
    ("EST", "Estonia", EUROPE, 2011, MEMBER),
    ("FIN", "Finland", EUROPE, 2013, MEMBER),
    ("FRA", "France", EUROPE, 2014, MEMBER),
    ("GEO", "Georgia", EUROPE, 2011, MEMBER),
    ("DEU", "Germany", EUROPE, 2016, MEMBER),
    ("GHA", "Ghana", AFRICA, 2011, MEMBER),
    ("GTM", "Guatemala", AMERICAS, 2011, MEMBER),
    ("HUN", "Hungary", EUROPE, 2012, WITHDRAWN),
    ("IRL", "Ireland", EUROPE, 2014, MEMBER),
    ("ITA", "Italy", EUROPE, 2011, MEMBER),
    ("JOR", "Jordan", AFRICA, 2011, MEMBER),
    ("KEN", "Kenya", AFRICA, 2011, MEMBER),
    ("KOR", "Republic of Korea", ASIA, 2011, MEMBER),
    ("MNG", "Mongolia", ASIA, 2013, MEMBER),
    ("MAR", "Morocco", AFRICA, 2018, MEMBER),
    ("NLD", "Netherlands", EUROPE, 2011, MEMBER),
    ("NZL", "New Zealand", ASIA, 2013, MEMBER),
    ("NGA", "Nigeria", AFRICA, 2016, MEMBER),
    ("PRY", "Paraguay", AMERICAS, 2011, MEMBER),
    ("PER", "Peru", AMERICAS, 2011, MEMBER),
    ("PRT", "Portugal", EUROPE, 2017, MEMBER),
    ("SEN", "Senegal", AFRICA, 2018, MEMBER),
    ("ESP", "Spain", EUROPE, 2011, MEMBER),
    ("LKA", "Sri Lanka", ASIA, 2015, MEMBER),
    ("TUN", "Tunisia", AFRICA, 2014, MEMBER),
    ("TUR", "Türkiye", EUROPE, 2011, WITHDRAWN),
    ("UKR", "Ukraine", EUROPE, 2011, MEMBER),
    ("URY", "Uruguay", AMERICAS, 2011, MEMBER),
    # Not members: eligibility is assessed for them too.
    ("IND", "India", ASIA, None, NOT_MEMBER),
    ("JPN", "Japan", ASIA, None, NOT_MEMBER),
    ("EGY", "Egypt", AFRICA, None, NOT_MEMBER),
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
DEMO_PASSWORD = "ogp-demo-2026"


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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Government.objects.national().count()} national and "
                f"{Government.objects.local().count()} local governments, {Organisation.objects.count()} organisations."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<10} {role}")

    def seed_governments(self) -> dict[str, Government]:
        rows = [(iso3, name, region, 2011, MEMBER, True) for iso3, name, region in FOUNDERS]
        rows += [(iso3, name, region, year, status, False) for iso3, name, region, year, status in COUNTRIES]
        governments = {}
        for iso3, name, region, year, status, founder in rows:
            governments[iso3], _ = Government.objects.update_or_create(
                iso3=iso3,
                defaults={
                    "kind": Government.Kind.NATIONAL,
                    "name": name,
                    "slug": iso3.lower(),
                    "region": region,
                    "member_since": year,
                    "status": status,
                    "is_founding_member": founder,
                },
            )
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
        governments["FRA"].lead_agency = governments["FRA"].lead_agency or "Direction interministérielle du numérique"
        governments["FRA"].save(update_fields=["lead_agency"])
        return governments

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
