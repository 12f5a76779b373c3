"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server."""

import os

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_survives_playwright(django_db_setup):
    """Keep `serialized_rollback=True` working once Playwright's event loop runs.

    Django keeps database connections per async context; after Playwright's sync API
    starts its loop, a test can get a fresh connection object that lacks the data
    serialized when the test database was created, and the migration data (groups,
    workflow, root page) is then not restored after a flush (pytest-django#1117).
    Making the serialized data a class attribute lets every connection object see it.
    """
    patched = []
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            cls = type(connection)
            patched.append((cls, cls.__dict__.get("_test_serialized_contents")))
            cls._test_serialized_contents = contents
    yield
    for cls, previous in patched:
        if previous is None:
            del cls._test_serialized_contents
        else:
            cls._test_serialized_contents = previous
