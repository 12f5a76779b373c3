"""Settings shared by every environment. Environment-specific files import this."""

from django.utils.translation import gettext_lazy as _

from .env import (
    BASE_DIR,
    database_from_env,
    env,
    env_bool,
    env_list,
    filesystem_transport_options,
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
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
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
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
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
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
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

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
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_DB_REUSE_MAX = 1000  # see cms/celery.py: connections are kept between tasks
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled": {"task": "cms.tasks.publish_scheduled", "schedule": 60.0},
    "relay-deliveries": {"task": "social.relay_deliveries", "schedule": 30.0},
}
# Give up quickly when the broker is down: the outbox relay sends the work later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3

# Social publishing pipeline (seconds); see editorial/social/services.py.
SOCIAL_DELIVERY_LEASE_SECONDS = int(env("SOCIAL_DELIVERY_LEASE_SECONDS", "180"))
SOCIAL_RELAY_AFTER_SECONDS = int(env("SOCIAL_RELAY_AFTER_SECONDS", "60"))
SOCIAL_RETRY_BASE_SECONDS = float(env("SOCIAL_RETRY_BASE_SECONDS", "10"))
SOCIAL_RETRY_MAX_SECONDS = float(env("SOCIAL_RETRY_MAX_SECONDS", "3600"))
SOCIAL_MAX_ATTEMPTS = int(env("SOCIAL_MAX_ATTEMPTS", "8"))
# The longest one attempt may spend calling a network; the lease is kept ahead of
# each call (plus the margin), so no other worker takes a delivery mid-send.
SOCIAL_SEND_DEADLINE_SECONDS = float(env("SOCIAL_SEND_DEADLINE_SECONDS", "600"))
SOCIAL_LEASE_MARGIN_SECONDS = float(env("SOCIAL_LEASE_MARGIN_SECONDS", "30"))
# A network's Retry-After is honoured up to a day (Instagram's quota window).
SOCIAL_RETRY_AFTER_MAX_SECONDS = float(env("SOCIAL_RETRY_AFTER_MAX_SECONDS", "86400"))
# Longer waits are kept in the database and enqueued by the relay when due.
SOCIAL_COUNTDOWN_MAX_SECONDS = float(env("SOCIAL_COUNTDOWN_MAX_SECONDS", "5"))
# (connect, read) timeouts of calls to the networks.
SOCIAL_HTTP_TIMEOUT = tuple(float(x) for x in env("SOCIAL_HTTP_TIMEOUT", "5,20").split(","))

# Wagtail's own background work (reference index, search index) goes to Celery.
TASKS = {"default": {"BACKEND": "cms.tasks_backend.CeleryTaskBackend"}}

# Secrets kept in the database (channel credentials) are encrypted with this key.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")

LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
