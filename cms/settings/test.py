import json
import os

from .base import *  # noqa: F401, F403
from .env import redis_database_for_process

# The SQLite file, the embedded broker and beat's schedule live here.
VAR_DIR.mkdir(exist_ok=True)

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
FIELD_ENCRYPTION_KEY = "fx73uPWNjgTLAEzJBlQYucdKWysB06yQvQMq7TKujzg="
WAGTAILADMIN_BASE_URL = "http://testserver"

# A worker process started by a test must see the same SQLite database, so the
# test database is a file rather than memory.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-sklaida.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# `make test` runs the suite in parallel processes (pytest-xdist): each has its own test
# database (pytest-django adds the suffix) and, here, its own broker, media and files,
# so a Celery worker started by one process never takes another's messages. A worker
# process inherits PYTEST_XDIST_WORKER and so lands on the same broker as its test.
TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"… or ""
TEST_SUFFIX = f"-{TEST_PROCESS}" if TEST_PROCESS else ""

# Only the test process itself moves the broker: a worker it starts inherits the moved
# URL (or the one a test chose for it) and the marker, and keeps them as they are.
if TEST_PROCESS and not os.environ.get("SKLAIDA_TEST_BROKER_CHOSEN"):
    os.environ["SKLAIDA_TEST_BROKER_CHOSEN"] = "1"
    if CELERY_BROKER_URL.startswith("redis://"):
        CELERY_BROKER_URL = redis_database_for_process(CELERY_BROKER_URL, TEST_PROCESS)
        # Celery prefers this variable to its configuration; worker processes inherit it.
        os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL

# Tests keep their embedded-broker messages apart from a `make run` worker's.
CELERY_EMBEDDED_DIR = VAR_DIR / f"test-celery{TEST_SUFFIX}"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_transport_options(CELERY_EMBEDDED_DIR)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / f"test-celerybeat-schedule{TEST_SUFFIX}")
MEDIA_ROOT = str(VAR_DIR / f"test-media{TEST_SUFFIX}")

# WhiteNoise warns on every request when STATIC_ROOT is missing; tests never collectstatic.
STATIC_ROOT = str(VAR_DIR / "test-static")
(VAR_DIR / "test-static").mkdir(exist_ok=True)

# Adapters reach the tests' fake networks through this mapping {network: base URL},
# never through a channel's fields (a channel cannot choose where its token goes).
# The fake-network fixtures set it; a worker process started by a test inherits it
# through the environment. Production settings have no such mapping.
SOCIAL_API_BASE_OVERRIDES = json.loads(os.environ.get("SOCIAL_API_BASE_OVERRIDES") or "{}")

# One process: the public page cache lives in memory (tests/conftest.py empties it).
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
