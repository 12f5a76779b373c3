#!/usr/bin/env python
"""Benchmark: the social post listing and the delivery register at 10,000 posts and
30,000 deliveries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sklaida_bench_registers \
        .venv/bin/python bench/admin_registers.py --posts 10000

Fills a PostgreSQL database with `--posts` posts (bulk, each for three channels,
one delivery per channel), then requests the admin screens as a head would, through
Django's test client (the whole admin stack: middleware, permissions, templates), and
reports per screen the median and p95 time over `--repeat` requests, the number of
queries and the number of COUNT queries. `--without-indexes` drops the two register
indexes (migration social 0003) for the run, to measure what they save; they are
re-created at the end.

The test suite checks the query counts (tests/editorial/social/test_admin_registers.py);
timings live here and in docs/benchmarks.md. Every run wipes the social posts,
deliveries and channels of its database, so it refuses a database whose name lacks
"bench" unless --any-database is given.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import configure, setup_django  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sklaida_bench_registers"
INDEXES = {
    "social_delivery_register": (
        'CREATE INDEX "social_delivery_register" ON "social_delivery" ("scheduled_for" DESC, "id")'
    ),
    "social_post_updated": (
        'CREATE INDEX "social_post_updated" ON "social_socialpost" ("updated_at" DESC)'
    ),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="posts (default 10000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per screen")
    parser.add_argument("--without-indexes", action="store_true")
    parser.add_argument("--keep-data", action="store_true", help="reuse the data of a run")
    parser.add_argument(
        "--any-database",
        action="store_true",
        help="allow a DATABASE_URL whose name lacks 'bench' (its social data is wiped!)",
    )
    return parser.parse_args(argv)


def fill(posts):
    """`posts` posts for three channels, three deliveries each, spread over a year."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from editorial.social.models import Channel, Delivery, SocialPost
    from editorial.social.networks import Network

    started = time.monotonic()
    with transaction.atomic():
        Delivery.objects.all().delete()
        SocialPost.objects.all().delete()
        Channel.objects.all().delete()
        users = get_user_model().objects
        authors = [
            users.get_or_create(username=f"bench-author-{n}", defaults={"is_staff": True})[0]
            for n in range(5)
        ]
        channels = [
            Channel.objects.create(network=network, name=f"Bench {network}", account_id="1")
            for network in (Network.MASTODON, Network.FACEBOOK, Network.LINKEDIN)
        ]
        created = SocialPost.objects.bulk_create(
            SocialPost(
                title=f"Bench post {n}",
                text=f"Bench text {n}",
                author=authors[n % len(authors)],
                live=n % 3 == 0,
            )
            for n in range(posts)
        )
        through = SocialPost.channels.through
        through.objects.bulk_create(
            through(socialpost_id=post.pk, channel_id=channel.pk)
            for post in created
            for channel in channels
        )
        now = timezone.now()
        statuses = [Delivery.Status.SENT, Delivery.Status.FAILED, Delivery.Status.PENDING]
        Delivery.objects.bulk_create(
            (
                Delivery(
                    post=post,
                    channel=channel,
                    status=statuses[(n + i) % 3],
                    scheduled_for=now - timedelta(minutes=n),
                )
                for n, post in enumerate(created)
                for i, channel in enumerate(channels)
            ),
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE social_socialpost SET updated_at = now() - (id * interval '1 minute')"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE social_socialpost; ANALYZE social_delivery")
    print(f"filled {posts} posts, {Delivery.objects.count()} deliveries "
          f"in {time.monotonic() - started:.1f}s")  # fmt: skip
    return authors


def set_indexes(present):
    from django.db import connection

    with connection.cursor() as cursor:
        for name, create in INDEXES.items():
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
            if present:
                cursor.execute(create)
        cursor.execute("ANALYZE social_socialpost; ANALYZE social_delivery")


def measure(client, url, repeat):
    """Median and p95 of the whole request, median of its SQL time, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings, sql_times, queries = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = [q["sql"] for q in captured.captured_queries]
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, int(len(timings) * 0.95) - 1)],
        "sql_ms": statistics.median(sql_times),
        "queries": len(queries),
        "counts": sum("COUNT(" in sql.upper() for sql in queries),
    }


def main(argv=None):
    args = parse_args(argv)
    configure(args, DEFAULT_DATABASE_URL)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from editorial.social.models import SocialPost

    if args.keep_data and SocialPost.objects.count() == args.posts:
        authors = list(get_user_model().objects.filter(username__startswith="bench-author-"))
    else:
        authors = fill(args.posts)
    set_indexes(not args.without_indexes)

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    screens = [
        ("posts", "/admin/snippets/social/socialpost/"),
        ("posts, page 40", "/admin/snippets/social/socialpost/?p=40"),
        ("posts by one author", f"/admin/snippets/social/socialpost/?author={authors[0].pk}"),
        ("posts failed", "/admin/snippets/social/socialpost/?state=failed"),
        ("deliveries", "/admin/social/delivery/"),
        ("deliveries, page 40", "/admin/social/delivery/?p=40"),
        ("deliveries failed", "/admin/social/delivery/?status=failed"),
    ]
    indexes = "without" if args.without_indexes else "with"
    print(f"\n{args.posts} posts, {args.posts * 3} deliveries, {indexes} the register indexes")
    print("| screen | median ms | p95 ms | SQL ms (median) | queries | COUNT queries |")
    print("|---|---:|---:|---:|---:|---:|")
    try:
        for label, url in screens:
            result = measure(client, url, args.repeat)
            print(
                f"| {label} | {result['median_ms']:.0f} | {result['p95_ms']:.0f} "
                f"| {result['sql_ms']:.1f} | {result['queries']} | {result['counts']} |"
            )
    finally:
        set_indexes(True)


if __name__ == "__main__":
    main()
