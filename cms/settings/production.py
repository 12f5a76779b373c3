"""Production: everything secret or host-specific comes from the environment."""

from .base import *  # noqa: F401
from .env import SettingsError, env_int, env_url

DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise SettingsError(
        "SECRET_KEY must be set to a random value of at least 50 characters in production"
    )
if env("DATABASE_URL") is None:
    raise SettingsError("DATABASE_URL must be set in production (PostgreSQL)")
if not env("FIELD_ENCRYPTION_KEY"):
    raise SettingsError(
        "FIELD_ENCRYPTION_KEY must be set in production (a Fernet key: 32 url-safe base64 bytes)"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise SettingsError("ALLOWED_HOSTS must list the site's host names in production")
# The embedded filesystem broker loses messages and is not shared between servers.
if env("CELERY_BROKER_URL") in (None, "filesystem://"):
    raise SettingsError("CELERY_BROKER_URL must be set in production, e.g. redis://host:6379/0")
# Links in e-mails and the image URLs given to networks are built from it.
WAGTAILADMIN_BASE_URL = env_url("WAGTAILADMIN_BASE_URL")

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production sits behind one HTTPS proxy (docs/operations.md): the login lockout counts
# the address it reports in X-Forwarded-For, not the proxy's own.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview panel shows the page in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"

SILENCED_SYSTEM_CHECKS = [
    # X_FRAME_OPTIONS is SAMEORIGIN on purpose (Wagtail preview), see above.
    "security.W019",
    # HSTS preloading is a one-way decision for the whole domain; the operator opts in
    # with SECURE_HSTS_PRELOAD=true once every subdomain serves HTTPS.
    "security.W021",
]
