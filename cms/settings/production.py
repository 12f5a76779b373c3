"""Production: everything secret or host-specific comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401

DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters in production"
    )
if env("DATABASE_URL") is None:
    raise ImproperlyConfigured("DATABASE_URL must be set in production (PostgreSQL)")
if not env("FIELD_ENCRYPTION_KEY"):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY must be set in production (a Fernet key: 32 url-safe base64 bytes)"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
