"""Settings for benchmarks: the development settings made production-like where it
matters for timing (no DEBUG query log, quiet logs), with their own media folder.

Wagtail's own background work (reference index, search index), which approvals
enqueue on Celery, goes to a queue of its own, "background", unless
BENCH_BACKGROUND_QUEUE=0: the benchmark's workers consume only "celery", so what
is timed is the deliveries. See bench/README.md.
"""

import json
import os

from cms.settings.dev import *  # noqa: F403
from cms.settings.env import env, env_bool

DEBUG = False
MEDIA_ROOT = env("MEDIA_ROOT", str(VAR_DIR / "bench-media"))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405

BACKGROUND_QUEUE = "background"
if env_bool("BENCH_BACKGROUND_QUEUE", True):
    CELERY_TASK_ROUTES = {"cms.tasks.run_django_task": {"queue": BACKGROUND_QUEUE}}

# --new-connection-per-task: Celery's default, for comparison. The project keeps a
# worker's database connection between tasks (CELERY_DB_REUSE_MAX and
# close_old_connections in cms/celery.py); unset, Celery's Django fixup closes every
# connection before and after each task.
if env_bool("BENCH_NEW_CONNECTION_PER_TASK", False):
    CELERY_DB_REUSE_MAX = None

# The benchmark's workers reach its fake networks through the test-only override
# (set by bench/social_delivery.py in their environment), as the tests' workers do.
SOCIAL_API_BASE_OVERRIDES = json.loads(os.environ.get("SOCIAL_API_BASE_OVERRIDES") or "{}")
