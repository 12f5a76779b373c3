"""Reading configuration from the environment, with one-line errors.

Settings modules call these helpers so a wrong value stops start-up with a
sentence an operator understands instead of a traceback from deep inside Django:
`SettingsError` is an `ImproperlyConfigured`, and when nothing catches it the
process prints "Configuration error: <sentence>" and exits with status 78
(EX_CONFIG) instead of printing a traceback.
"""

import math
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

EX_CONFIG = 78

SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}


class SettingsError(ImproperlyConfigured):
    """A configuration value is missing or wrong; the message says which and how to fix it."""


def _report_settings_error(exc_type, exc, tb, _previous=sys.excepthook):
    if isinstance(exc, SettingsError):
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.stderr.flush()
        os._exit(EX_CONFIG)
    _previous(exc_type, exc, tb)


if not getattr(sys.excepthook, "_sklaida", False):
    _report_settings_error._sklaida = True
    sys.excepthook = _report_settings_error


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {value!r}") from None


def env_float(name, default):
    value = env(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise SettingsError(f"{name} must be a number, got {value!r}")
    return number


def env_floats(name, default):
    """A comma-separated list of numbers, e.g. "5,20"."""
    value = env(name)
    if value is None:
        return tuple(default)
    try:
        numbers = tuple(float(item) for item in value.split(","))
    except ValueError:
        numbers = (math.nan,)
    if not all(math.isfinite(number) for number in numbers):
        raise SettingsError(f"{name} must be numbers separated by commas, got {value!r}")
    return numbers


def env_url(name):
    """A required http(s) URL with a host, without a trailing slash."""
    value = env(name)
    if value is None:
        raise SettingsError(f"{name} must be set in production, e.g. https://sklaida.example.org")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{name} must be an http(s) URL with a host name, got {value!r}")
    return value.rstrip("/")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


MALFORMED_DATABASE_URL = (
    "DATABASE_URL is malformed ({reason}); expected postgres://user:password@host:port/name"
)


def database_from_env(default_sqlite_path):
    """The default database: DATABASE_URL when set, otherwise a local SQLite file."""
    url = env("DATABASE_URL")
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    if "://" not in url:
        raise SettingsError(MALFORMED_DATABASE_URL.format(reason="no scheme"))
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise SettingsError(MALFORMED_DATABASE_URL.format(reason=exc)) from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise SettingsError(MALFORMED_DATABASE_URL.format(reason="no database name"))
    if config["ENGINE"].endswith("sqlite3"):
        # A SQLite file shared by the web process and workers (tests do this).
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0
    return config


def filesystem_transport_options(folder):
    """kombu's embedded filesystem transport, keeping its messages under `folder`."""
    folder = Path(folder)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }


def page_cache_from_env(default_folder):
    """The shared cache of public pages: PAGE_CACHE_URL (redis://...) when set, otherwise
    files under `default_folder`, which every process of one machine shares."""
    url = env("PAGE_CACHE_URL")
    if url is None:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(default_folder),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if not url.startswith(("redis://", "rediss://")):
        raise SettingsError(f"PAGE_CACHE_URL must be a redis:// URL, got {url!r}")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "TIMEOUT": 24 * 3600,
    }


def redis_database_for_process(url, process):
    """`url` on the Redis database of test process `process` ("gw0" → 2, "gw1" → 3…).

    Databases 0 and 1 stay with the broker and results of a run without parallel
    processes; a Redis server has 16 by default, so up to 14 processes.
    """
    number = 2 + int(process.removeprefix("gw") or 0)
    if number > 15:
        raise ImproperlyConfigured(f"no Redis database for test process {process}")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))
