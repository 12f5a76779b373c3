"""Reading configuration from the environment, with one-line errors.

Settings modules call these helpers so a wrong value stops start-up with a
sentence an operator understands instead of a traceback from deep inside Django.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def database_from_env(default_sqlite_path):
    """The default database: DATABASE_URL when set, otherwise a local SQLite file."""
    url = env("DATABASE_URL")
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    if "://" not in url:
        raise ImproperlyConfigured(
            "DATABASE_URL is malformed: expected postgres://user:password@host:port/name"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL is malformed: it must name a scheme and a database"
        )
    return config
