"""Settings shared by every environment. Environment-specific files import this."""

from datetime import timedelta

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .env import (
    BASE_DIR,
    database_from_env,
    env,
    env_bool,
    env_float,
    env_floats,
    env_int,
    env_list,
    filesystem_transport_options,
    page_cache_from_env,
)

SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    # Our apps first so their templates and translations win.
    "cms",
    "editorial.moderation",
    "editorial.social",
    "editorial.campaigns",
    "grants",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
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
    "cms.csp.SklaidaCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The app directories loader is ours: it translates labels that Wagtail's
            # templates hard-code in English (cms/template_loaders.py).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.filesystem.Loader", "cms.template_loaders.Loader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {"default": database_from_env(VAR_DIR / "sklaida.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Lithuanian first and default, English available.
LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
# Input formats as Lithuanians type dates (cms/formats/lt/formats.py: 2026.12.31 too).
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Our catalogue first, then our translations of what the upstream catalogues lack
# (docs/i18n.md); the packages' own catalogues come after both.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_upstream"]
TIME_ZONE = "Europe/Vilnius"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: SMTP when EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "sklaida@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Sklaida"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.moderation.finish.publish_approved"
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Decoding costs ~6 bytes a pixel whatever the file size (a 15 KB PNG of 11000 x 11000
# took ~700 MB for one thumbnail): 40 Mpx (~250 MB) fits a 2-core server with a few GB
# running 3 web and 2 worker processes, and still takes a 36 Mpx camera's photo.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # such a photo as a high-quality JPEG

# Jobs. With no broker configured the embedded filesystem transport keeps
# messages under var/celery so `make run` works without Redis; production uses Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
CELERY_EMBEDDED_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_transport_options(CELERY_EMBEDDED_DIR)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND")
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's tasks mostly wait on the network (a social delivery: ~60 ms of calls for
# ~8 ms of CPU), so each worker process runs several at once in threads; one process
# per core uses the cores (docs/operations.md, docs/decisions/delivery-pipeline.md).
# Each thread keeps its own database connection: processes × concurrency connections.
CELERY_WORKER_POOL = env("CELERY_WORKER_POOL", "threads")
CELERY_WORKER_CONCURRENCY = env_int("CELERY_WORKER_CONCURRENCY", 8)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_DB_REUSE_MAX = 1000  # see cms/celery.py: connections are kept between tasks
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled": {"task": "cms.tasks.publish_scheduled", "schedule": 60.0},
    "relay-deliveries": {"task": "social.relay_deliveries", "schedule": 30.0},
    # Each person's daily digest at their hour (Europe/Vilnius); see cms/digests.py.
    "daily-digests": {"task": "cms.tasks.send_daily_digests", "schedule": 900.0},
}
# Give up quickly when the broker is down: the outbox relay sends the work later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3

# Social publishing pipeline (seconds); see editorial/social/services/.
SOCIAL_DELIVERY_LEASE_SECONDS = env_int("SOCIAL_DELIVERY_LEASE_SECONDS", 180)
SOCIAL_RELAY_AFTER_SECONDS = env_int("SOCIAL_RELAY_AFTER_SECONDS", 60)
SOCIAL_RETRY_BASE_SECONDS = env_float("SOCIAL_RETRY_BASE_SECONDS", 10)
SOCIAL_RETRY_MAX_SECONDS = env_float("SOCIAL_RETRY_MAX_SECONDS", 3600)
SOCIAL_MAX_ATTEMPTS = env_int("SOCIAL_MAX_ATTEMPTS", 8)
# The longest one attempt may spend calling a network: the deadline the pipeline
# passes to the adapter. The lease (above) is kept ahead of each call (plus the
# margin), so no other worker takes a delivery mid-send. (An adapter called
# without a deadline allows SOCIAL_SEND_MAX_SECONDS, 120 s by default.)
SOCIAL_SEND_DEADLINE_SECONDS = env_float("SOCIAL_SEND_DEADLINE_SECONDS", 600)
SOCIAL_LEASE_MARGIN_SECONDS = env_float("SOCIAL_LEASE_MARGIN_SECONDS", 30)
# A network's Retry-After is honoured up to a day (Instagram's quota window).
SOCIAL_RETRY_AFTER_MAX_SECONDS = env_float("SOCIAL_RETRY_AFTER_MAX_SECONDS", 86400)
# Longer waits are kept in the database and enqueued by the relay when due.
SOCIAL_COUNTDOWN_MAX_SECONDS = env_float("SOCIAL_COUNTDOWN_MAX_SECONDS", 5)
# (connect, read) timeouts of calls to the networks.
SOCIAL_HTTP_TIMEOUT = env_floats("SOCIAL_HTTP_TIMEOUT", (5, 20))

# Wagtail's own background work (reference index, search index) goes to Celery.
TASKS = {"default": {"BACKEND": "cms.tasks_backend.CeleryTaskBackend"}}

# Secrets kept in the database (channel credentials) are encrypted with this key.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")

# Content-Security-Policy (django-csp): nothing inline anywhere on the public site; the
# admin adds CSP_ADMIN_UPDATE for Wagtail's own inline styles
# (docs/decisions/admin-access-and-csp.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Wagtail 8's admin renders inline scripts (InlinePanel, date widgets, filters) with
# per-request content and re-inserts them from JavaScript: no hash or nonce can cover them.
CSP_ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}

LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Login brute force (django-axes; cms/lockout.py, docs/operations.md): an account is
# locked after LOGIN_FAILURE_LIMIT failures, an address after the higher per-address
# limit, both for LOGIN_LOCKOUT_MINUTES after the last failure.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # axes wants to be last
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "cms.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "cms.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.lockout.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)  # proxies adding X-Forwarded-For
AXES_SENSITIVE_PARAMETERS = ["password"]
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # lockouts, not every start-up

# Anonymous visitors are served public pages from a cache purged on publish (home/cache.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "home.cache.PublicPageCacheMiddleware",
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": page_cache_from_env(VAR_DIR / "page-cache"),
}

# Assignments (editorial.moderation): due-tomorrow and overdue reminders, each told once
# (event keys), run every morning in the installation's time zone.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["remind-assignments-due"] = {
    "task": "moderation.remind_assignments_due",
    "schedule": crontab(hour=7, minute=0),
}

# Funding (grants): reminders 14, 7, 2 and 1 days before call deadlines and report due
# dates, each sent once (grants/deadlines.py), every morning in the library's time zone.
CELERY_BEAT_SCHEDULE["remind-grant-deadlines"] = {
    "task": "grants.remind_deadlines",
    "schedule": crontab(hour=7, minute=5),
}

# Contests (editorial.campaigns): entrants' personal data are erased this many days
# after the draw (or after closing, when never drawn), every night (docs/decisions/contests.md).
CONTEST_RETENTION_DAYS = env_int("CONTEST_RETENTION_DAYS", 90)
CELERY_BEAT_SCHEDULE["erase-contest-entries"] = {
    "task": "campaigns.erase_contest_entries",
    "schedule": crontab(hour=3, minute=30),
}
# Polls (editorial.campaigns, docs/guide/polls.md): votes one address may cast in one poll
# (a library's public computers share an address; the per-browser token is the first rule).
POLL_VOTES_PER_ADDRESS = env_int("POLL_VOTES_PER_ADDRESS", 20)
