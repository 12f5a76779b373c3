"""What every Django benchmark does first: point at a PostgreSQL database of its own,
create it when missing, set Django up and migrate."""

import os
import sys
from urllib.parse import unquote, urlsplit


def configure(args, default_database_url):
    """Environment for the benchmark settings; refuses a database that is not a bench's
    (its name contains "bench" or starts with "sk_") unless --any-database was given."""
    os.environ.setdefault("DATABASE_URL", default_database_url)
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    url = urlsplit(os.environ["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: DATABASE_URL=postgres://...")
    name = unquote(url.path.lstrip("/"))
    ours = "bench" in name or name.startswith("sk_")
    if not ours and not getattr(args, "any_database", False):
        sys.exit(f"Refusing to wipe the data in database {name!r}; see --any-database.")
    ensure_database(url, name)


def ensure_database(url, name):
    import psycopg
    from psycopg import sql

    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
