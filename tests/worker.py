"""A real Celery worker process for integration tests.

    from tests.worker import running_worker

    @pytest.mark.worker
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_something():
        with running_worker(queues=["celery"]) as worker:
            ...  # enqueue, then wait for the side effect
            worker.kill()  # optional: SIGKILL, as a crashed worker

The worker runs `celery -A cms worker` in its own process group with the test
settings and the *test* database (a SQLite file or the PostgreSQL test database,
whichever the test run uses), so it sees what the test committed. The test must
therefore use a transactional database (`transaction=True`). Its output goes to
a log file (`worker.log_path`, `worker.log()`), shown when start-up fails.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from django.db import connections

PROJECT_DIR = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


def database_url_for_tests(alias="default"):
    """A DATABASE_URL naming the database the tests are using right now."""
    settings = connections[alias].settings_dict
    engine = settings["ENGINE"]
    if engine.endswith("sqlite3"):
        name = str(settings["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise RuntimeError("a worker process cannot share an in-memory SQLite database")
        return "sqlite:///" + str(Path(name).resolve())
    if "postgresql" in engine:
        user = quote(settings.get("USER") or "", safe="")
        password = quote(settings.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings.get("HOST") or "localhost"
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(settings['NAME'], safe='')}"
    raise RuntimeError(f"no DATABASE_URL for database engine {engine}")


def wait_until(predicate, timeout=30.0, interval=0.1, message="condition"):
    """Poll `predicate` until it returns something truthy; return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {message}")
        time.sleep(interval)


class Worker:
    def __init__(self, process, log_path, name):
        self.process = process
        self.log_path = log_path
        self.name = name

    @property
    def pid(self):
        return self.process.pid

    def log(self):
        return self.log_path.read_text(errors="replace")

    def is_running(self):
        return self.process.poll() is None

    def wait_for_log(self, text, timeout=30.0):
        """Wait until the worker's output contains `text`."""

        def seen():
            if text in self.log():
                return True
            if not self.is_running():
                raise RuntimeError(
                    f"worker exited with {self.process.returncode} before printing {text!r}:\n"
                    + self.log()
                )
            return False

        wait_until(seen, timeout=timeout, message=f"{text!r} in the worker log")

    def _signal_group(self, signum):
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill(self):
        """SIGKILL the worker and its pool processes, as a crash or an OOM kill would."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout=20.0):
        """Warm shutdown (SIGTERM: finish the current task), SIGKILL when it takes too long."""
        if self.is_running():
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(timeout=10)
        # Pool children left behind by a killed parent go too.
        self._signal_group(signal.SIGKILL)


def worker_environment(env=None, settings_module="cms.settings.test"):
    """The environment of a test worker: ours, the test database, then `env` on top.

    A value of None in `env` removes that variable (e.g. CELERY_BROKER_URL=None
    selects the embedded filesystem broker).
    """
    environment = dict(os.environ)
    environment["DJANGO_SETTINGS_MODULE"] = settings_module
    environment["DATABASE_URL"] = database_url_for_tests()
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    environment["PYTHONUNBUFFERED"] = "1"
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = str(value)
    return environment


def purge_queues(queues):
    """Drop messages left in the test broker by earlier tests that ran no worker
    (every page save enqueues Wagtail's reference-index task, every approval a
    delivery): a new worker must start from what its own test sends."""
    from cms.celery import app

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in queues:
            with suppress(Exception):  # a queue nobody declared yet has nothing to drop
                channel.queue_purge(queue)


def start_worker(
    queues=("celery",),
    concurrency=1,
    env=None,
    pool=None,
    settings_module="cms.settings.test",
    loglevel="INFO",
    extra_args=(),
    name_prefix="test",
):
    """Start `celery -A cms worker` in its own process group; do not wait for it.

    `pool` defaults to "solo" for one process and "prefork" for more.
    """
    name = f"{name_prefix}-{uuid.uuid4().hex[:8]}@%h"
    pool = pool or ("solo" if concurrency == 1 else "prefork")
    log_dir = Path(tempfile.mkdtemp(prefix=f"sklaida-{name_prefix}-"))
    log_path = log_dir / "worker.log"
    command = [
        CELERY, "-A", "cms", "worker",
        "--hostname", name,
        "--queues", ",".join(queues),
        "--pool", pool,
        "--concurrency", str(concurrency),
        "--loglevel", loglevel,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        *extra_args,
    ]  # fmt: skip
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            # Celery's command line takes "--pool prefork" for its default and then uses
            # the configured pool (CELERY_WORKER_POOL, threads) instead: say it there too.
            env=worker_environment({**(env or {}), "CELERY_WORKER_POOL": pool}, settings_module),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Worker(process, log_path, name)


@contextmanager
def running_worker(
    queues=("celery",),
    concurrency=1,
    env=None,
    pool=None,
    settings_module="cms.settings.test",
    loglevel="INFO",
    ready_timeout=60.0,
    extra_args=(),
):
    """Start a worker (see start_worker), wait until it is ready, stop it on exit."""
    purge_queues(queues)
    worker = start_worker(queues, concurrency, env, pool, settings_module, loglevel, extra_args)
    try:
        worker.wait_for_log(" ready.", timeout=ready_timeout)
        yield worker
    except BaseException:
        # Shown by pytest under "Captured stdout" of the failing test.
        print(f"--- worker log ({worker.log_path}) ---\n{worker.log()}--- end of worker log ---")
        raise
    finally:
        worker.stop()
