"""Settings for the OGP Portal, read from the environment (twelve-factor).

Every variable read here is listed, with a development value, in `.env.example`
and explained in the README. Environments differ only in their variables.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A `.env` file exists only on development machines (`make` creates it from
# `.env.example`); production sets real environment variables, which win anyway.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Production must say its secret and its hosts: a guessable default would be a
# vulnerability, so start-up stops instead.
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off (production mode) and {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set. Set them in the environment "
            "(see .env.example and the README's Production section), or set DEBUG=true "
            "for local development."
        )
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The project package is an app too, for its management commands (benchmark).
    "ogp_portal",
    "members",
    "action_plans",
    "irm",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "rules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ogp_portal.urls"
WSGI_APPLICATION = "ogp_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ogp_portal.open_data.context_processors.site_url",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------
# SQLite is only the embedded default for the quick start; production and CI
# use PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis but written through to the database, so a
    # Redis restart logs nobody out and `clearsessions` still has rows to prune.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery -----------------------------------------------------------------
# Without a broker the quick start runs every task in-process, right away.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="ogp_portal")
CELERY_TIMEZONE = "UTC"
# The beat schedule lives here, in code, so that it is reviewed like code.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "members.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
}

# --- Authentication ---------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "members:profile"
LOGOUT_REDIRECT_URL = "home"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Letters of intent and letters of support are private until published: they live
# outside MEDIA_ROOT and are served only through permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------
# The quick start prints emails on the console; production sets EMAIL_URL,
# e.g. smtp+tls://user:password@smtp.example.org:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OGP Portal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admins", address) for address in env.list("ADMINS", default=[])]

# --- Security (production behind a TLS-terminating proxy) -------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Portal -----------------------------------------------------------------
SUPPORT_UNIT_GROUP = "Support Unit"
# Absolute address of the portal, for links in emails sent by background tasks.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Yearly eligibility -------------------------------------------------------
# Where the yearly refresh reads its indicator files: a list of
# {"format": "long" | "vdem" | "eiu", "url": "https://... or a file path", "vintage": "...", "year": optional}.
# EIU tables have no year column: without "year" they count for the year being refreshed.
# The default is the demo files shipped in members/demo_data, so the quick start works
# offline; production sets ELIGIBILITY_SOURCES_JSON to the real sources (JSON text).
_DEMO_DATA = BASE_DIR / "members" / "demo_data"
ELIGIBILITY_SOURCES = [
    {"format": "long", "url": str(_DEMO_DATA / "indicators_long_2025.csv"), "vintage": ""},
    {"format": "vdem", "url": str(_DEMO_DATA / "vdem_extract_2025.csv"), "vintage": "V-Dem v15"},
    {"format": "eiu", "url": str(_DEMO_DATA / "eiu_democracy_index_2025.csv"), "vintage": ""},
]
if env.str("ELIGIBILITY_SOURCES_JSON", default=""):
    ELIGIBILITY_SOURCES = env.json("ELIGIBILITY_SOURCES_JSON")
    # A typo here would otherwise surface only once a year, when the refresh runs.
    if not isinstance(ELIGIBILITY_SOURCES, list) or not all(
        isinstance(source, dict) and {"format", "url"} <= source.keys() for source in ELIGIBILITY_SOURCES
    ):
        raise ImproperlyConfigured(
            'ELIGIBILITY_SOURCES_JSON must be a JSON list of objects, each with "format" and "url".'
        )
# The refresh runs every year on this date (04:00 UTC), for the current year.
ELIGIBILITY_REFRESH_MONTH = env.int("ELIGIBILITY_REFRESH_MONTH", default=3)
ELIGIBILITY_REFRESH_DAY = env.int("ELIGIBILITY_REFRESH_DAY", default=1)
ELIGIBILITY_DOWNLOAD_TIMEOUT = env.int("ELIGIBILITY_DOWNLOAD_TIMEOUT", default=60)
CELERY_BEAT_SCHEDULE["refresh-eligibility-yearly"] = {
    "task": "members.tasks.refresh_eligibility_for_current_year",
    "schedule": crontab(
        minute=0, hour=4, day_of_month=ELIGIBILITY_REFRESH_DAY, month_of_year=ELIGIBILITY_REFRESH_MONTH
    ),
}
# Scoring thresholds (read by members.scoring.Thresholds.from_settings; the ruleset's defaults).
# Bands are [lower bound, points] pairs from the highest bound down, as JSON in the environment.
ELIGIBILITY_CORE_PASS_RATIO = env.str("ELIGIBILITY_CORE_PASS_RATIO", default="0.75")
ELIGIBILITY_CIVIL_LIBERTIES_BANDS = env.json(
    "ELIGIBILITY_CIVIL_LIBERTIES_BANDS", default=[["7.5", 4], ["5", 3], ["2.5", 2]]
)
ELIGIBILITY_VALUES_CHECK_MINIMUM = env.str("ELIGIBILITY_VALUES_CHECK_MINIMUM", default="1")

# --- Action plans -------------------------------------------------------------
# Plans are due on this day of their cycle year (OGP: 31 August); a plan not delivered by the
# next 1 January moves its government to the other cohort.
ACTION_PLAN_DUE_MONTH = env.int("ACTION_PLAN_DUE_MONTH", default=8)
ACTION_PLAN_DUE_DAY = env.int("ACTION_PLAN_DUE_DAY", default=31)
# Implementation shorter than this is flagged (OGP's current rule; 18 under the older rules).
ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS = env.int("ACTION_PLAN_MIN_IMPLEMENTATION_MONTHS", default=20)
# The shortest public comment period on a draft plan or a self-assessment, in days.
PUBLIC_COMMENT_MIN_DAYS = env.int("PUBLIC_COMMENT_MIN_DAYS", default=14)
# Posting comments is limited to this many per user in this many minutes.
COMMENT_RATE_LIMIT_COUNT = env.int("COMMENT_RATE_LIMIT_COUNT", default=10)
COMMENT_RATE_LIMIT_MINUTES = env.int("COMMENT_RATE_LIMIT_MINUTES", default=10)
# Comments shown per page (plan, commitment and self-assessment threads).
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=20)
CELERY_BEAT_SCHEDULE["advance-action-plans-daily"] = {
    "task": "action_plans.tasks.advance_action_plans",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["send-overdue-milestone-digests-weekly"] = {
    "task": "action_plans.tasks.send_overdue_milestone_digests",
    "schedule": crontab(hour=6, minute=0, day_of_week="mon"),
}

# --- IRM reviews and accountability ------------------------------------------------
# An action plan review is due this many months after the plan's submission; a results report this
# many months after the plan's end (when completion is assessed).
IRM_ACTION_PLAN_REVIEW_MONTHS = env.int("IRM_ACTION_PLAN_REVIEW_MONTHS", default=4)
IRM_RESULTS_REPORT_MONTHS = env.int("IRM_RESULTS_REPORT_MONTHS", default=4)
# Public comment on an IRM draft lasts at least this many days.
IRM_PUBLIC_COMMENT_MIN_DAYS = env.int("IRM_PUBLIC_COMMENT_MIN_DAYS", default=14)
# Contrary to process: no new plan published this many months after the previous plan's end.
PROCEDURAL_NO_PLAN_MONTHS = env.int("PROCEDURAL_NO_PLAN_MONTHS", default=12)
# The co-creation minimum requirement: the forum meets at least every this many months.
FORUM_MEETING_MAX_GAP_MONTHS = env.int("FORUM_MEETING_MAX_GAP_MONTHS", default=6)
# Consecutive cycles contrary to process that place a member under procedural review.
PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES = env.int("PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES", default=2)
CELERY_BEAT_SCHEDULE["recompute-procedural-reviews-daily"] = {
    "task": "irm.tasks.recompute_procedural_reviews",
    "schedule": crontab(hour=3, minute=0),
}
CELERY_BEAT_SCHEDULE["flag-overdue-irm-reviews-daily"] = {
    "task": "irm.tasks.flag_overdue_reviews",
    "schedule": crontab(hour=3, minute=30),
}

# --- Read-only JSON API (/api/v1/) ---------------------------------------------------
# Public data only, the same for everyone: no authentication, so a session never widens what it shows.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ogp_portal.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
}

# --- Notification preferences ------------------------------------------------------
CELERY_BEAT_SCHEDULE["send-weekly-digests"] = {
    "task": "members.tasks.send_weekly_digests",
    "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
}

# --- Public figures ------------------------------------------------------------
# The home page's and the statistics page's figures are recomputed from the data at most this often (seconds).
PUBLIC_FIGURES_CACHE_SECONDS = env.int("PUBLIC_FIGURES_CACHE_SECONDS", default=300)

# --- Benchmark ------------------------------------------------------------------
# Serves /benchmark/minimal/, the baseline `manage.py benchmark` measures beside the real pages
# (always on with DEBUG).
BENCHMARK_ENABLED = env.bool("BENCHMARK_ENABLED", default=False)
