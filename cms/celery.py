"""The Celery application: Redis in production, an embedded transport otherwise."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("sklaida")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _prepare_embedded_transport(sender, **kwargs):
    # Publishing gives up after one connection attempt when the broker is down
    # (kombu's default retries made every approval wait about 8 s): whatever was
    # not handed over stays in the database and the relay sends it later. A worker
    # keeps its own reconnection policy (broker_connection_max_retries).
    options = dict(sender.conf.broker_transport_options or {})
    options.setdefault("max_retries", 0)
    sender.conf.broker_transport_options = options
    # kombu's filesystem transport needs its folders before the first message.
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(**kwargs):
    # With CELERY_DB_REUSE_MAX set, a worker keeps its database connection between
    # tasks the way a web process does between requests: closed once older than
    # CONN_MAX_AGE or broken. A new PostgreSQL connection per task cost about a fifth
    # of a delivery's CPU (docs/benchmarks.md).
    from django.db import close_old_connections

    close_old_connections()
