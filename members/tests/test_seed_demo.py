from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from irm.models import ResearcherAssignment
from members.management.commands.seed_demo import DEMO_PASSWORD
from members.models import Government, Organisation, PointOfContact, User

pytestmark = pytest.mark.django_db

FOUNDERS = {"BRA", "IDN", "MEX", "NOR", "PHL", "ZAF", "GBR", "USA"}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def test_seed_creates_a_realistic_world_with_a_login_per_role(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    assert set(Government.objects.filter(is_founding_member=True).values_list("iso3", flat=True)) == FOUNDERS
    assert Government.objects.national().members().exclude(iso3__in=FOUNDERS).count() >= 20
    assert Government.objects.local().count() >= 3
    assert all(len(code) == 3 for code in Government.objects.national().values_list("iso3", flat=True))
    assert Organisation.objects.count() >= 3
    assert User.objects.get(username="staff").is_support_unit
    assert PointOfContact.objects.get(user__username="poc").government.iso3 == "FRA"
    assert PointOfContact.objects.get(user__username="poc_mex").government.iso3 == "MEX"
    assert User.objects.get(username="civil").is_civil_society
    assert ResearcherAssignment.objects.get(user__username="irm").government.iso3 == "FRA"
    for username in ("staff", "poc", "poc_mex", "civil", "irm"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
        assert username in output
    assert DEMO_PASSWORD in output
    assert len(mail.outbox) == 2  # one notice per point of contact granted


def test_seed_is_idempotent(django_capture_on_commit_callbacks):
    seed()
    counts = [model.objects.count() for model in (Government, Organisation, User, PointOfContact)]
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    assert [model.objects.count() for model in (Government, Organisation, User, PointOfContact)] == counts
    assert mail.outbox == []


def test_seed_refuses_to_run_in_production_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusing to create demo logins"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_grant_support_unit_command(db):
    User.objects.create_user("samira")
    call_command("grant_support_unit", "samira", stdout=StringIO())
    user = User.objects.get(username="samira")
    assert user.is_staff and user.is_support_unit
    assert user.has_perm("members.change_government")
    with pytest.raises(CommandError, match="No account named"):
        call_command("grant_support_unit", "nobody", stdout=StringIO())
