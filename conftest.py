"""Project-wide fixtures: a fast hasher, plain static storage, and the cast of users.

The cast, one per role of the permission matrix:
- `staff`: Support Unit staff;
- `poc`: point of contact of `government` (France);
- `other_poc`: point of contact of `other_government` (Mexico);
- `civil`: civil society, member of an organisation;
- `irm`: IRM researcher assigned to `government`;
- anonymous: the plain `client`.
"""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from irm.models import ResearcherAssignment
from members.roles import make_support_unit_staff
from members.tests.factories import GovernmentFactory, OrganisationFactory, UserFactory
from ogp_portal.celery import app as celery_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Figures are computed on every request in tests (the cache may be a Redis shared by every test).
    settings.PUBLIC_FIGURES_CACHE_SECONDS = 0
    # The manifest only exists after collectstatic; tests read files straight from static/.
    # Uploaded files go to a temporary folder of the test's own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in French leaves French active in this thread; each test starts in English."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly in tests, Redis or not; the real-worker test turns this off for itself."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def government(db):
    return GovernmentFactory(iso3="FRA", slug="fra", name="France")


@pytest.fixture
def other_government(db):
    return GovernmentFactory(iso3="MEX", slug="mex", name="Mexico", region="americas")


@pytest.fixture
def staff(db):
    user = UserFactory(username="staff", first_name="Samira")
    make_support_unit_staff(user)
    return user


@pytest.fixture
def poc(government, staff, django_capture_on_commit_callbacks):
    user = UserFactory(username="poc")
    with django_capture_on_commit_callbacks(execute=True):
        government.grant_point_of_contact(user, by=staff)
    return user


@pytest.fixture
def other_poc(other_government, staff, django_capture_on_commit_callbacks):
    user = UserFactory(username="other_poc")
    with django_capture_on_commit_callbacks(execute=True):
        other_government.grant_point_of_contact(user, by=staff)
    return user


@pytest.fixture
def civil(db):
    user = UserFactory(username="civil", is_civil_society=True)
    OrganisationFactory(name="Regards Citoyens").members.add(user)
    return user


@pytest.fixture
def irm(government, staff):
    user = UserFactory(username="irm")
    ResearcherAssignment.assign(user, government, by=staff)
    return user


ROLES = ["anonymous", "civil", "poc", "other_poc", "staff", "irm"]


@pytest.fixture(params=ROLES)
def role_client(request, db):
    """A client logged in as each role in turn: `(role name, client)`."""
    client = Client()
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return request.param, client


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (Playwright cannot download browsers here)."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package."
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous, so Django's async guard is lifted meanwhile.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
