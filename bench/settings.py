"""Settings for benchmarks: the development settings made production-like where it
matters for timing (no DEBUG query log, quiet logs), with their own media folder.

Wagtail's own background work (reference index, search index), which approvals
enqueue on Celery, goes to a queue of its own, "background", unless
BENCH_BACKGROUND_QUEUE=0: the benchmark's workers consume only "celery", so what
is timed is the deliveries. See bench/README.md.
"""

from cms.settings.dev import *  # noqa: F403
from cms.settings.env import env, env_bool

DEBUG = False
MEDIA_ROOT = env("MEDIA_ROOT", str(VAR_DIR / "bench-media"))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405

BACKGROUND_QUEUE = "background"
if env_bool("BENCH_BACKGROUND_QUEUE", True):
    CELERY_TASK_ROUTES = {"cms.tasks.run_django_task": {"queue": BACKGROUND_QUEUE}}

# --reuse-connections: a proposed worker configuration, measured here before anyone
# adopts it. Celery's Django fixup closes every database connection before and after
# each task unless CELERY_DB_REUSE_MAX is set, so each delivery opens a new PostgreSQL
# connection. With this, a worker keeps its connection as a web process does: closed
# when older than CONN_MAX_AGE, health-checked after an error (close_old_connections).
if env_bool("BENCH_REUSE_CONNECTIONS", False):
    from celery.signals import task_postrun, task_prerun

    CELERY_DB_REUSE_MAX = 1000

    def _close_old_connections(**kwargs):
        from django.db import close_old_connections

        close_old_connections()

    task_prerun.connect(_close_old_connections, weak=False)
    task_postrun.connect(_close_old_connections, weak=False)
