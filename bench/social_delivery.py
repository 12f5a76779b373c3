#!/usr/bin/env python
"""Benchmark: approved social posts delivered to local fake networks by Celery workers.

    .venv/bin/python bench/social_delivery.py --posts 1000 --workers 2
    .venv/bin/python bench/social_delivery.py --posts 1000 --workers 2 --live

What runs is the real pipeline: posts are approved through the moderation
workflow (the head approves), publishing writes the outbox (one Delivery per
channel, `scheduled_for` = publish time) and enqueues on commit; `celery -A cms
worker` processes claim each delivery with a lease and send it through the real
HTTP adapters to three fake networks (Mastodon, Facebook, LinkedIn from
tests/editorial/social/fakes.py) served by this process on 127.0.0.1.

Modes:
- drain (default): publish everything with the workers stopped (the outbox fills,
  the messages wait in Redis), then start the workers and time the drain;
- --live: the workers run while the posts are being approved.

--profile DIR runs each worker under cProfile on the CPU clock (use it with
--pool solo) and writes DIR/worker-N.prof when the worker stops.

Measured: deliveries, deliveries/s, delay from `scheduled_for` to `sent_at`
(p50/p95/max), duplicates (the same post more than once on a fake network: each
post's text carries a unique marker), losses (deliveries not sent, or sent but
missing on the network), status counts. Results are printed and written as JSON
under var/bench/ (not committed: docs/benchmarks.md is the record).

It needs PostgreSQL and Redis: DATABASE_URL (default: a dedicated database
`sklaida_bench`, created and migrated here) and CELERY_BROKER_URL (default: Redis
db 7). It wipes the social posts, deliveries and channels of that database and
the Celery queue of that Redis db on every run, so it refuses a database whose
name lacks "bench" unless --any-database is given.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sklaida_bench"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/7"
NETWORKS = ("mastodon", "facebook", "linkedin")
QUEUES = ("celery", "background")  # deliveries; Wagtail's tasks (see bench/settings.py)
TEXT_FIELD = {"mastodon": "status", "facebook": "message", "linkedin": "commentary"}
# LinkedIn escapes its "little text" markup characters; none of these are.
MARKER = "BENCH-{run}-{number:05d}"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="approved posts (default 1000)")
    parser.add_argument(
        "--workers", type=int, default=2, help="Celery worker processes (default 2)"
    )
    parser.add_argument(
        "--pool",
        choices=["solo", "threads", "prefork"],
        default="solo",
        help="the Celery pool of each worker process: solo (one delivery at a time, "
        "the default), threads or prefork (--concurrency at a time)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=1,
        help="deliveries each worker process runs at once (threads or prefork pool; default 1)",
    )
    parser.add_argument(
        "--live", action="store_true", help="workers run while the posts are being approved"
    )
    parser.add_argument(
        "--images", type=int, default=1, help="images per post (default 1; 0 for text only)"
    )
    parser.add_argument(
        "--publish",
        choices=["workflow", "revision"],
        default="workflow",
        help="workflow: the specialist submits, the head approves (default); "
        "revision: post.save_revision().publish() directly",
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the drain (default 600)"
    )
    parser.add_argument(
        "--shared-queue",
        action="store_true",
        help="leave Wagtail's background tasks (search and reference index updates that "
        "approvals enqueue) on the deliveries' queue, to be run by the same workers",
    )
    parser.add_argument(
        "--new-connection-per-task",
        action="store_true",
        help="Celery's default, for comparison: open a database connection per task "
        "instead of keeping it between tasks as the project does",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="run each worker under cProfile and write its profile to DIR/worker-N.prof "
        "(use --pool solo: cProfile sees only the thread it runs in); the profiler's own "
        "cost inflates the CPU figures of that run",
    )
    parser.add_argument("--json", type=Path, help="where to write the results (JSON)")
    parser.add_argument(
        "--recreate", action="store_true", help="drop and re-create the bench database first"
    )
    parser.add_argument(
        "--any-database",
        action="store_true",
        help="allow a DATABASE_URL whose name lacks 'bench' (its social data is wiped!)",
    )
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------ set-up


def configure_environment(args):
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_BACKGROUND_QUEUE"] = "0" if args.shared_queue else "1"
    os.environ["BENCH_NEW_CONNECTION_PER_TASK"] = "1" if args.new_connection_per_task else "0"
    url = urlsplit(os.environ["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: DATABASE_URL=postgres://...")
    if not os.environ["CELERY_BROKER_URL"].startswith("redis"):
        sys.exit("The benchmark needs Redis: CELERY_BROKER_URL=redis://...")
    name = unquote(url.path.lstrip("/"))
    if "bench" not in name and not args.any_database:
        sys.exit(
            f"Refusing to wipe social data in database {name!r}: use a database whose name "
            "contains 'bench' (default sklaida_bench), or pass --any-database."
        )
    return url, name


def ensure_database(url, name, recreate):
    """Create (or re-create) the bench database, connecting to the `postgres` database."""
    import psycopg
    from psycopg import sql

    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and recreate:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
            exists = None
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def setup_django():
    import django
    from django.core.management import call_command

    django.setup()
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrated in {time.monotonic() - started:.1f}s")


def wipe_previous_runs():
    """Leave the bench database and queue as a fresh run needs them."""
    from django.db import transaction
    from wagtail.images.models import Image
    from wagtail.models import Revision, WorkflowState

    from cms.celery import app
    from editorial.social.models import Channel, Delivery, SocialPost

    with transaction.atomic():
        Delivery.objects.all().delete()
        WorkflowState.objects.filter(
            base_content_type__model="socialpost", base_content_type__app_label="social"
        ).delete()
        SocialPost.objects.update(live_revision=None, latest_revision=None)
        Revision.objects.filter(
            base_content_type__model="socialpost", base_content_type__app_label="social"
        ).delete()
        SocialPost.objects.all().delete()
        Channel.objects.all().delete()
        Image.objects.filter(title__startswith="Bench ").delete()
    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        # The queues and kombu's bookkeeping of unacknowledged messages.
        client.delete(*QUEUES, "unacked", "unacked_index", "unacked_mutex")


def queue_lengths():
    from cms.celery import app

    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        return {queue: client.llen(queue) for queue in QUEUES}


def people():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms import roles

    User = get_user_model()
    specialist, _ = User.objects.get_or_create(
        username="bench-specialistas",
        defaults={"first_name": "Jonas", "last_name": "Petrauskas", "is_active": True},
    )
    head, _ = User.objects.get_or_create(
        username="bench-vadove",
        defaults={"first_name": "Rūta", "last_name": "Kazlauskaitė", "is_active": True},
    )
    specialist.groups.add(Group.objects.get(name=roles.SPECIALISTS))
    head.groups.add(Group.objects.get(name=roles.HEADS))
    # Moderation is scoped: the head approves the work of their own department.
    from cms.models import Department, StaffProfile

    department, _ = Department.objects.get_or_create(
        code="bench-komunikacija", defaults={"name": "Komunikacijos skyrius", "head": head}
    )
    for user in (specialist, head):
        StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
    return specialist, head


def create_channels(fakes):
    from editorial.social.models import Channel

    # Workers reach the fakes through the test-only override (bench/settings.py reads
    # it from the environment they inherit), never through the channels' fields.
    os.environ["SOCIAL_API_BASE_OVERRIDES"] = json.dumps(
        {fake.network: fake.url + fake.api_path for fake in fakes}
    )
    channels = {}
    for fake in fakes:
        channel = Channel(
            network=fake.network,
            name=f"Bibliotekos {fake.network} paskyra",
            handle="@biblioteka",
            account_id=fake.account_id,
            api_base=fake.instance,
        )
        channel.set_credentials({"access_token": fake.token})
        channel.save()
        channels[fake.network] = channel
    return channels


def create_posts(run, count, channels, author, images):
    """Drafts in bulk (fast); publishing them below goes through the real code."""
    from wagtail.images.models import Image

    from editorial.social.factories import jpeg_file
    from editorial.social.models import PostImage, SocialPost

    posts = SocialPost.objects.bulk_create(
        SocialPost(
            title=f"Bench {run} įrašas {number}",
            text=(
                f"Kviečiame į bibliotekos vakarą Nr. {number}: skaitymai, diskusija ir arbata. "
                f"{MARKER.format(run=run, number=number)}"
            ),
            link=f"https://biblioteka.example/renginiai/{number}/",
            add_utm=True,
            utm_campaign="bench",
            author=author,
            live=False,
            has_unpublished_changes=True,
        )
        for number in range(count)
    )
    through = SocialPost.channels.through
    through.objects.bulk_create(
        through(socialpost_id=post.pk, channel_id=channel.pk)
        for post in posts
        for channel in channels.values()
    )
    if images:
        picture = Image.objects.create(title=f"Bench {run}", file=jpeg_file(f"bench-{run}.jpg"))
        PostImage.objects.bulk_create(
            PostImage(
                post_id=post.pk,
                image=picture,
                alt_text=f"Skaitytojai bibliotekos skaitykloje ({index + 1})",
                sort_order=index,
            )
            for post in posts
            for index in range(images)
        )
    return [post.pk for post in posts]


def publish_all(post_ids, specialist, head, path):
    """Approve (or publish) each post in its own transaction, as people would one by one."""
    from editorial.social.models import SocialPost

    started = time.monotonic()
    for done, pk in enumerate(post_ids, 1):
        post = SocialPost.objects.get(pk=pk)
        if path == "workflow":
            post.save_revision(user=specialist)
            state = post.get_workflow().start(post, specialist)
            task_state = state.current_task_state
            task_state.task.specific.on_action(task_state, head, "approve")
        else:
            post.save_revision(user=specialist).publish(user=head)
        if done % 200 == 0:
            elapsed = time.monotonic() - started
            print(f"  published {done}/{len(post_ids)} ({done / elapsed:.0f} posts/s)")
    return time.monotonic() - started


# ------------------------------------------------------------------------------ workers


def start_workers(stack, count, pool, concurrency, profile=None):
    """`celery -A cms worker` processes, started together, waited for until ready.
    With `profile` (a folder), each runs under cProfile, which writes its profile
    there when the worker stops (warm shutdown)."""
    from tests.worker import start_worker

    settings_module = os.environ["DJANGO_SETTINGS_MODULE"]
    workers = []
    for index in range(count):
        options = {
            "queues": ["celery"],
            "concurrency": 1 if pool == "solo" else concurrency,
            "pool": pool,
            "settings_module": settings_module,
        }
        if profile:
            worker = start_profiled_worker(profile / f"worker-{index + 1}.prof", **options)
        else:
            worker = start_worker(name_prefix="bench", **options)
        stack.callback(worker.stop)
        workers.append(worker)
    for worker in workers:
        worker.wait_for_log(" ready.", timeout=60)
    return workers


# cProfile timed by the CPU the process uses (not the wall clock: a worker mostly
# waits on the networks), written when the worker stops.
PROFILED_CELERY = """
import cProfile, runpy, sys, time
path, sys.argv = sys.argv[1], sys.argv[2:]
profiler = cProfile.Profile(time.process_time)
try:
    profiler.runctx("runpy.run_path(sys.argv[0], run_name='__main__')", globals(), None)
except SystemExit:
    pass
finally:
    profiler.dump_stats(path)
"""


def start_profiled_worker(path, queues, concurrency, pool, settings_module):
    """The same worker as `tests.worker.start_worker` starts, run by cProfile."""
    import subprocess
    import tempfile

    from tests.worker import CELERY, PROJECT_DIR, Worker, worker_environment

    path.parent.mkdir(parents=True, exist_ok=True)
    name = f"bench-{uuid.uuid4().hex[:8]}@%h"
    log_path = Path(tempfile.mkdtemp(prefix="sklaida-bench-")) / "worker.log"
    command = [
        sys.executable, "-c", PROFILED_CELERY, str(path),
        CELERY, "-A", "cms", "worker", "--hostname", name, "--queues", ",".join(queues),
        "--pool", pool, "--concurrency", str(concurrency), "--loglevel", "INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=worker_environment({"CELERY_WORKER_POOL": pool}, settings_module),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Worker(process, log_path, name)


def cpu_seconds(pid):
    """User + system CPU time of a process and its waited-for children (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def process_tree(pid):
    """A process and its descendants (a prefork worker's pool processes)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def workers_cpu(workers):
    return sum(cpu_seconds(p) for w in workers for p in process_tree(w.pid))


def servers_cpu():
    """CPU of PostgreSQL (every process, exited backends through the postmaster's
    children times) and of Redis: the whole servers, whoever else uses them."""
    found = {"postgres_s": 0.0, "redis_s": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if comm.startswith("postgres"):
            found["postgres_s"] += cpu_seconds(int(entry.name))
        elif comm.startswith("redis-server"):
            found["redis_s"] += cpu_seconds(int(entry.name))
    return found


def own_cpu():
    times = os.times()
    return times.user + times.system


def wait_for_drain(post_ids, timeout):
    from editorial.social.models import Delivery

    deadline = time.monotonic() + timeout
    open_deliveries = Delivery.objects.filter(post_id__in=post_ids).open()
    while time.monotonic() < deadline:
        remaining = open_deliveries.count()
        if remaining == 0:
            return True
        time.sleep(0.25)
    return False


# ------------------------------------------------------------------------------ results


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(run, post_ids, channels, fakes):
    from django.db.models import Count

    from editorial.social.models import Delivery

    rows = list(
        Delivery.objects.filter(post_id__in=post_ids).values(
            "post_id",
            "channel_id",
            "status",
            "scheduled_for",
            "first_attempt_at",
            "sent_at",
            "attempts",
            "remote_id",
        )
    )
    statuses = dict(
        Delivery.objects.filter(post_id__in=post_ids)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sent = [row for row in rows if row["status"] == Delivery.Status.SENT]
    delays = [(row["sent_at"] - row["scheduled_for"]).total_seconds() for row in sent]
    service = [
        (row["sent_at"] - row["first_attempt_at"]).total_seconds()
        for row in sent
        if row["first_attempt_at"]
    ]

    # What the networks received: each post's marker once per network.
    number_of = {pk: number for number, pk in enumerate(post_ids)}
    marker = re.compile(rf"BENCH-{run}-(\d{{5}})")
    network_of = {channel.pk: network for network, channel in channels.items()}
    seen = {network: {} for network in NETWORKS}
    remote_ids = {network: set() for network in NETWORKS}
    for fake in fakes:
        for item in fake.published:
            text = item.get(TEXT_FIELD[fake.network])
            if text is None:
                continue  # Facebook keeps unpublished photos in its own table
            remote_ids[fake.network].add(item["id"])
            found = marker.search(text)
            key = int(found.group(1)) if found else -1
            seen[fake.network][key] = seen[fake.network].get(key, 0) + 1
    duplicates = sum(n - 1 for counts in seen.values() for n in counts.values() if n > 1)
    unexpected = sum(counts.get(-1, 0) for counts in seen.values())
    missing_on_network = 0
    wrong_remote_id = 0
    for row in sent:
        network = network_of[row["channel_id"]]
        if seen[network].get(number_of[row["post_id"]], 0) == 0:
            missing_on_network += 1
        if row["remote_id"] not in remote_ids[network]:
            wrong_remote_id += 1
    expected = len(post_ids) * len(channels)
    not_sent = expected - len(sent)

    window = None
    if sent:
        first_scheduled = min(row["scheduled_for"] for row in rows)
        first_attempt = min(row["first_attempt_at"] for row in sent if row["first_attempt_at"])
        last_sent = max(row["sent_at"] for row in sent)
        window = {
            "first_scheduled": first_scheduled.isoformat(),
            "first_attempt": first_attempt.isoformat(),
            "last_sent": last_sent.isoformat(),
            "scheduled_to_last_sent_s": (last_sent - first_scheduled).total_seconds(),
            "first_attempt_to_last_sent_s": (last_sent - first_attempt).total_seconds(),
        }

    def rate(seconds):
        return round(len(sent) / seconds, 1) if seconds else None

    def rounded(value):
        return None if value is None else round(value, 3)

    return {
        "deliveries_expected": expected,
        "deliveries_created": len(rows),
        "deliveries_sent": len(sent),
        "status_counts": statuses,
        "retried": sum(1 for row in rows if row["attempts"] > 1),
        "deliveries_per_s_scheduled_to_sent": rate(window and window["scheduled_to_last_sent_s"]),
        "deliveries_per_s_drain": rate(window and window["first_attempt_to_last_sent_s"]),
        "delay_scheduled_to_sent_s": {
            "p50": rounded(percentile(delays, 0.50)),
            "p95": rounded(percentile(delays, 0.95)),
            "max": rounded(max(delays, default=None)),
            "mean": rounded(statistics.fmean(delays) if delays else None),
        },
        "service_first_attempt_to_sent_s": {
            "p50": rounded(percentile(service, 0.50)),
            "p95": rounded(percentile(service, 0.95)),
            "max": rounded(max(service, default=None)),
        },
        "window": window,
        "published_on_networks": {
            network: sum(counts.values()) for network, counts in seen.items()
        },
        "duplicates": duplicates,
        "unexpected_items": unexpected,
        "losses": not_sent + missing_on_network,
        "losses_not_sent": not_sent,
        "losses_missing_on_network": missing_on_network,
        "remote_id_mismatches": wrong_remote_id,
    }


def machine():
    import celery
    import django
    import kombu
    import wagtail
    from django.db import connection

    from cms.celery import app

    memory = ""
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    with app.connection_for_write() as broker:
        redis_version = broker.default_channel.client.info("server")["redis_version"]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "celery": celery.__version__,
        "kombu": kombu.__version__,
        "postgresql": postgres,
        "redis": redis_version,
    }


def print_table(result):
    m = result["metrics"]
    delay = m["delay_scheduled_to_sent_s"]
    service = m["service_first_attempt_to_sent_s"]
    rows = [
        ("mode", result["mode"]),
        ("posts × channels", f"{result['posts']} × {len(NETWORKS)}"),
        ("workers", f"{result['workers']} ({result['pool']} × {result['concurrency']})"),
        ("images per post", result["images"]),
        ("publishing (approvals)", f"{result['publish_seconds']:.1f} s"),
        ("deliveries sent / expected", f"{m['deliveries_sent']} / {m['deliveries_expected']}"),
        ("deliveries/s, first scheduled → last sent", m["deliveries_per_s_scheduled_to_sent"]),
        ("deliveries/s, first attempt → last sent", m["deliveries_per_s_drain"]),
        ("delay scheduled → sent p50 / p95 / max (s)", _triple(delay)),
        ("send time first attempt → sent p50 / p95 / max (s)", _triple(service)),
        ("duplicates", m["duplicates"]),
        ("losses", m["losses"]),
        ("retried deliveries", m["retried"]),
        (
            "CPU per delivery: workers / bench process (fakes) / PostgreSQL / Redis (ms)",
            " / ".join(
                f"{1000 * seconds / max(m['deliveries_sent'], 1):.1f}"
                for seconds in result["cpu_after_workers_ready"].values()
            ),
        ),
        ("status counts", ", ".join(f"{k}: {v}" for k, v in sorted(m["status_counts"].items()))),
        (
            "items on the fakes",
            ", ".join(f"{k}: {v}" for k, v in m["published_on_networks"].items()),
        ),
        (
            "Wagtail tasks",
            "same queue, run by the workers"
            if result["shared_queue"]
            else "own queue, not run during the measurement",
        ),
        ("messages queued before the drain", result["queued_before_drain"]),
        (
            "worker database connections",
            "new one per task (--new-connection-per-task)"
            if result["new_connection_per_task"]
            else "kept between tasks (the project's setting)",
        ),
        (
            "load average before / after",
            " / ".join(
                ", ".join(f"{v:.1f}" for v in result[key])
                for key in ("load_average_before", "load_average_after")
            ),
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print()
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print()


def _triple(values):
    return " / ".join(
        "-" if values[key] is None else f"{values[key]:.2f}" for key in ("p50", "p95", "max")
    )


# ------------------------------------------------------------------------------ main


def main(argv=None):
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args(argv)
    url, name = configure_environment(args)
    ensure_database(url, name, args.recreate)
    setup_django()

    from tests.editorial.social.fakes import FakeFacebook, FakeLinkedIn, FakeMastodon

    wipe_previous_runs()
    run = uuid.uuid4().hex[:8]
    mode = "live" if args.live else "drain"
    print(f"run {run}: {args.posts} posts × 3 channels, {args.workers} workers, mode {mode}")
    specialist, head = people()
    load_before = os.getloadavg()
    with ExitStack() as stack:
        fakes = [stack.enter_context(cls()) for cls in (FakeMastodon, FakeFacebook, FakeLinkedIn)]
        channels = create_channels(fakes)
        started = time.monotonic()
        post_ids = create_posts(run, args.posts, channels, specialist, args.images)
        print(f"created {len(post_ids)} drafts in {time.monotonic() - started:.1f}s")

        if args.live:
            workers = start_workers(stack, args.workers, args.pool, args.concurrency, args.profile)
            cpu_start = (workers_cpu(workers), own_cpu(), servers_cpu())
            print("workers ready; approving posts")
            publish_seconds = publish_all(post_ids, specialist, head, args.publish)
            queued = queue_lengths()
        else:
            publish_seconds = publish_all(post_ids, specialist, head, args.publish)
            queued = queue_lengths()
            print(f"queued messages: {queued}; starting workers")
            workers = start_workers(stack, args.workers, args.pool, args.concurrency, args.profile)
            cpu_start = (workers_cpu(workers), own_cpu(), servers_cpu())
        drained = wait_for_drain(post_ids, args.timeout)
        if not drained:
            print(f"timed out after {args.timeout:.0f}s with deliveries still open")
        time.sleep(0.5)  # answers in flight reach the fakes' lists
        cpu = {
            "workers_s": round(workers_cpu(workers) - cpu_start[0], 2),
            "bench_process_s": round(own_cpu() - cpu_start[1], 2),
            **{key: round(value - cpu_start[2][key], 2) for key, value in servers_cpu().items()},
        }
        metrics = measure(run, post_ids, channels, fakes)

    result = {
        "benchmark": "social_delivery",
        "run": run,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "mode": mode,
        "posts": args.posts,
        "workers": args.workers,
        "pool": args.pool,
        "concurrency": 1 if args.pool == "solo" else args.concurrency,
        "images": args.images,
        "publish_path": args.publish,
        "publish_seconds": round(publish_seconds, 2),
        "shared_queue": args.shared_queue,
        "new_connection_per_task": args.new_connection_per_task,
        "queued_before_drain": queued,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "drained": drained,
        "cpu_after_workers_ready": cpu,
        "metrics": metrics,
        "machine": machine(),
    }
    print_table(result)
    path = args.json or ROOT / "var" / "bench" / f"social_delivery-{mode}-{run}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str))
    print(f"results: {path}")
    target_met = (
        (metrics["deliveries_per_s_drain"] or 0) >= 150
        and metrics["duplicates"] == 0
        and metrics["losses"] == 0
    )
    print(
        "target (≥ 150 deliveries/s, 0 duplicates, 0 losses):", "met" if target_met else "NOT met"
    )
    return 0 if drained and metrics["duplicates"] == 0 and metrics["losses"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
