"""Background jobs with a real Celery worker process.

Redis is the production broker and result backend; the embedded filesystem
transport is what `make run` uses with no broker configured. Both are exercised
here against a worker started as a separate process.
"""

import os
import uuid

import pytest
from celery import Celery
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from cms.settings.env import filesystem_transport_options
from tests.cms.jobs_tasks import record_group
from tests.worker import running_worker, wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def redis_urls():
    """The Redis broker/result backend of this run, or dedicated databases on the local Redis."""
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        broker = "redis://127.0.0.1:6379/14"
    backend = settings.CELERY_RESULT_BACKEND
    if not (backend or "").startswith("redis://"):
        backend = "redis://127.0.0.1:6379/15"
    return broker, backend


def client_app(monkeypatch, broker, backend=None, **conf):
    """A Celery client for `broker`, whatever this process's Django settings say.

    Celery prefers the CELERY_BROKER_URL / CELERY_RESULT_BACKEND environment variables
    to its configuration, so they are set to match for the rest of the test.
    """
    for name, value in (("CELERY_BROKER_URL", broker), ("CELERY_RESULT_BACKEND", backend)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    app = Celery("sklaida-test-client", broker=broker, backend=backend, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], **conf)
    return app


def test_ping_round_trips_through_redis_and_a_real_worker(monkeypatch):
    broker, backend = redis_urls()
    queue = f"test-ping-{uuid.uuid4().hex[:8]}"
    app = client_app(monkeypatch, broker, backend)
    with running_worker(
        queues=[queue], env={"CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": backend}
    ) as worker:
        result = app.send_task("cms.tasks.ping", queue=queue)
        assert result.get(timeout=30) == "pong"
        assert result.status == "SUCCESS"
        assert "cms.tasks.ping" in worker.log()
    app.close()


def test_django_task_is_sent_only_after_commit_and_runs_in_the_worker(tmp_path, monkeypatch):
    from cms.tasks import run_django_task

    marker = tmp_path / "record_group.txt"
    sent = []
    real_apply_async = run_django_task.apply_async

    def recording_apply_async(*args, **kwargs):
        sent.append(args)
        return real_apply_async(*args, **kwargs)

    monkeypatch.setattr(run_django_task, "apply_async", recording_apply_async)
    with running_worker() as worker:
        with transaction.atomic():
            Group.objects.create(name="Darbo grupė: vasaros skaitymai")
            record_group.enqueue("Darbo grupė: vasaros skaitymai", str(marker))
            assert sent == []  # nothing reaches the broker before the commit
        assert len(sent) == 1
        wait_until(marker.exists, timeout=30, message="the task to run after commit")
        assert marker.read_text(encoding="utf-8") == "Darbo grupė: vasaros skaitymai"
        assert "cms.tasks.run_django_task" in worker.log()


def test_django_task_is_never_sent_when_the_transaction_rolls_back(tmp_path):
    marker = tmp_path / "rolled_back.txt"
    with running_worker():
        with pytest.raises(RuntimeError), transaction.atomic():
            Group.objects.create(name="Atšaukta grupė")
            record_group.enqueue("Atšaukta grupė", str(marker))
            raise RuntimeError("roll back")
        # Something committed afterwards does run, so the worker was listening all along.
        later = tmp_path / "later.txt"
        with transaction.atomic():
            Group.objects.create(name="Vėlesnė grupė")
            record_group.enqueue("Vėlesnė grupė", str(later))
        wait_until(later.exists, timeout=30, message="the later task")
        assert not marker.exists()
    assert not Group.objects.filter(name="Atšaukta grupė").exists()


def test_embedded_filesystem_broker_delivers_to_a_real_worker(tmp_path, monkeypatch):
    folder = settings.CELERY_EMBEDDED_DIR
    options = filesystem_transport_options(folder)
    for key in ("data_folder_in", "processed_folder"):
        os.makedirs(options[key], exist_ok=True)
    queue = f"test-fs-{uuid.uuid4().hex[:8]}"
    app = client_app(monkeypatch, "filesystem://", broker_transport_options=options)
    marker = tmp_path / "filesystem.txt"
    with running_worker(
        queues=[queue], env={"CELERY_BROKER_URL": None, "CELERY_RESULT_BACKEND": None}
    ) as worker:
        assert "filesystem://" in worker.log()
        app.send_task(
            "cms.tasks.run_django_task",
            args=("tests.cms.jobs_tasks.write_marker", [str(marker), "per failų sistemą"], {}),
            queue=queue,
        )
        wait_until(marker.exists, timeout=30, message="the task sent through the filesystem")
        assert marker.read_text(encoding="utf-8") == "per failų sistemą"
    app.close()


def test_a_killed_worker_leaves_no_process_behind():
    with running_worker(concurrency=2) as worker:
        assert "prefork" in worker.log()
        pgid = worker.pid
        worker.kill()
        assert worker.process.returncode == -9

        def group_gone():
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return True
            return False

        wait_until(group_gone, timeout=10, message="the pool processes to go")
