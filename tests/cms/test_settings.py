"""Each settings module starts with a suitable environment and refuses a wrong one clearly.

Settings are read once per process, so every case runs in a fresh interpreter.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "k7Vq2xYp9Lm4Rt8Wz1Nb6Hc3Jd5Fg0Ks-production-test-Qe4Uo7Ia2Sd",
    "DATABASE_URL": "postgres://sklaida:slaptas@db.example.org:5432/sklaida",
    "ALLOWED_HOSTS": "sklaida.biblioteka.lt, www.sklaida.biblioteka.lt",
    "FIELD_ENCRYPTION_KEY": "fx73uPWNjgTLAEzJBlQYucdKWysB06yQvQMq7TKujzg=",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://sklaida.biblioteka.lt",
}

# Variables these tests set or expect unset; the rest of the environment passes through.
CONFIG_VARIABLES = [
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "FIELD_ENCRYPTION_KEY",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "DEBUG",
    "EMAIL_HOST",
    "SECURE_HSTS_SECONDS",
    "WAGTAILADMIN_BASE_URL",
    "EMAIL_PORT",
    "SOCIAL_DELIVERY_LEASE_SECONDS",
    "SOCIAL_RETRY_BASE_SECONDS",
    "SOCIAL_HTTP_TIMEOUT",
    # Set by the browser tests' conftest; `check --deploy` rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]

PRINT_SETTINGS = """
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print("DEBUG", settings.DEBUG)
print("ENGINE", db["ENGINE"])
print("NAME", db["NAME"])
print("HOST", db.get("HOST", ""))
print("ALLOWED_HOSTS", ",".join(settings.ALLOWED_HOSTS))
print("BROKER", settings.CELERY_BROKER_URL)
print("SSL_REDIRECT", getattr(settings, "SECURE_SSL_REDIRECT", False))
print("SESSION_COOKIE_SECURE", settings.SESSION_COOKIE_SECURE)
print("LANGUAGE_CODE", settings.LANGUAGE_CODE)
print("BASE_URL", settings.WAGTAILADMIN_BASE_URL)
"""


def run_python(code, settings_module, **env):
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment["DJANGO_SETTINGS_MODULE"] = settings_module
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(args, settings_module, **env):
    code = "import sys; from django.core.management import execute_from_command_line; "
    code += f"execute_from_command_line(['manage.py', *{list(args)!r}])"
    return run_python(code, settings_module, **env)


def loaded_settings(settings_module, **env):
    result = run_python(PRINT_SETTINGS, settings_module, **env)
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def test_dev_settings_run_on_embedded_defaults():
    values = loaded_settings("cms.settings.dev")
    assert values["DEBUG"] == "True"
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(PROJECT_DIR / "var" / "sklaida.sqlite3")
    assert values["BROKER"] == "filesystem://"
    assert values["LANGUAGE_CODE"] == "lt"


def test_dev_settings_use_postgresql_and_redis_when_configured():
    values = loaded_settings(
        "cms.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sklaida",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "sklaida"
    assert values["HOST"] == "127.0.0.1"
    assert values["BROKER"] == "redis://127.0.0.1:6379/0"


def test_test_settings_keep_the_test_database_in_a_file_a_worker_can_open():
    values = loaded_settings("cms.settings.test")
    assert values["DEBUG"] == "False"
    result = run_python(
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['TEST']['NAME'])",
        "cms.settings.test",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(PROJECT_DIR / "var" / "test-sklaida.sqlite3")


def test_production_settings_load_from_the_environment():
    values = loaded_settings("cms.settings.production", **PRODUCTION_ENV)
    assert values["DEBUG"] == "False"
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["HOST"] == "db.example.org"
    assert values["ALLOWED_HOSTS"] == "sklaida.biblioteka.lt,www.sklaida.biblioteka.lt"
    assert values["SSL_REDIRECT"] == "True"
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["BROKER"] == "redis://redis.example.org:6379/0"
    assert values["BASE_URL"] == "https://sklaida.biblioteka.lt"


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        "cms.settings.production",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "mentioned"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("FIELD_ENCRYPTION_KEY", "FIELD_ENCRYPTION_KEY"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL"),
        ("WAGTAILADMIN_BASE_URL", "WAGTAILADMIN_BASE_URL"),
    ],
)
def test_production_without_a_required_variable_stops_with_one_line(missing, mentioned):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage(["check"], "cms.settings.production", **env)
    assert result.returncode != 0
    assert result.stderr.strip() == last_line(result.stderr), "more than one line on stderr"
    assert last_line(result.stderr).startswith("Configuration error: ")
    assert mentioned in last_line(result.stderr)
    assert "Traceback" not in result.stderr


def test_production_rejects_a_short_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "too-short"}
    result = run_manage(["check"], "cms.settings.production", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in last_line(result.stderr)
    assert "at least 50 characters" in last_line(result.stderr)


@pytest.mark.parametrize(
    ("url", "settings_module"),
    [
        ("not a url", "cms.settings.dev"),
        ("postgres://", "cms.settings.dev"),
        ("postgres://u@db:port/x", "cms.settings.dev"),
        ("foo://x/y", "cms.settings.dev"),
        ("postgres://", "cms.settings.production"),
    ],
)
def test_malformed_database_url_stops_start_up(url, settings_module):
    env = {**PRODUCTION_ENV, "DATABASE_URL": url}
    result = run_manage(["check"], settings_module, **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert last_line(result.stderr).startswith("Configuration error: DATABASE_URL is malformed")


def test_a_non_numeric_setting_is_named_in_the_error():
    env = {**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "one year"}
    result = run_manage(["check"], "cms.settings.production", **env)
    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "Configuration error: SECURE_HSTS_SECONDS must be a whole number, got 'one year'"
    )


@pytest.mark.parametrize(
    ("variable", "value", "settings_module"),
    [
        ("EMAIL_PORT", "abc", "cms.settings.production"),
        ("EMAIL_PORT", "abc", "cms.settings.dev"),
        ("SECURE_HSTS_SECONDS", "x", "cms.settings.production"),
        ("SOCIAL_DELIVERY_LEASE_SECONDS", "3 minutes", "cms.settings.production"),
        ("SOCIAL_RETRY_BASE_SECONDS", "nan", "cms.settings.production"),
        ("SOCIAL_HTTP_TIMEOUT", "5;20", "cms.settings.production"),
    ],
)
def test_every_malformed_number_stops_with_one_line(variable, value, settings_module):
    env = {**PRODUCTION_ENV, variable: value}
    result = run_manage(["check"], settings_module, **env)
    assert result.returncode == 78
    assert result.stderr.strip() == last_line(result.stderr), "more than one line on stderr"
    assert last_line(result.stderr).startswith(f"Configuration error: {variable} must be")
    assert repr(value) in last_line(result.stderr)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CELERY_BROKER_URL", "filesystem://"),
        ("WAGTAILADMIN_BASE_URL", "sklaida.biblioteka.lt"),
        ("WAGTAILADMIN_BASE_URL", "ftp://sklaida.biblioteka.lt"),
    ],
)
def test_production_refuses_a_development_broker_or_a_base_url_without_scheme(variable, value):
    env = {**PRODUCTION_ENV, variable: value}
    result = run_manage(["check"], "cms.settings.production", **env)
    assert result.returncode == 78
    assert last_line(result.stderr).startswith(f"Configuration error: {variable} must")
    assert "Traceback" not in result.stderr


def test_configuration_errors_are_catchable_in_process(monkeypatch):
    # The one-line exit is only for an uncaught error; callers can still catch it.
    from django.core.exceptions import ImproperlyConfigured

    from cms.settings.env import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is malformed"):
        database_from_env(PROJECT_DIR / "var" / "unused.sqlite3")
