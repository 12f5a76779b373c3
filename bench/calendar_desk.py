#!/usr/bin/env python
"""Benchmark: the editorial calendar's month view and the private iCal feed at 5,000 posts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sk_calendar_bench \
        .venv/bin/python bench/calendar_desk.py --posts 5000

Fills a PostgreSQL database with `--posts` social posts spread over two years around
today (bulk: a third published with their deliveries, a third planned drafts, the rest
scheduled or in moderation; each for one or two of three channels), then requests, as a
department head would, the calendar's month view (this month) and the iCal feed (30 days
back to 180 days ahead) through Django's test client (the whole stack: middleware,
permissions, templates), and reports the median and p95 time, the number of queries and
how many entries each answer holds.

For a combined run: `fill_calendar(posts)` once, then `measure_calendar(repeat)` returns
the numbers as a dict. Every fill wipes the social posts, their revisions and workflow
states, deliveries and channels of its database, so the script refuses a database whose
name lacks "bench" unless --any-database is given.
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

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sk_calendar_bench"
HEAD_USERNAME = "bench-calendar-head"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5_000, help="posts (default 5000)")
    parser.add_argument("--repeat", type=int, default=15, help="requests per screen")
    parser.add_argument("--keep-data", action="store_true", help="reuse the data of a run")
    parser.add_argument(
        "--any-database",
        action="store_true",
        help="allow a DATABASE_URL whose name lacks 'bench' (its social data is wiped!)",
    )
    return parser.parse_args(argv)


def bench_head():
    """A department head (the Heads group, a department) who reads the calendar."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.models import Department, StaffProfile
    from cms.roles import HEADS

    head, _ = get_user_model().objects.get_or_create(
        username=HEAD_USERNAME,
        defaults={"is_staff": True, "first_name": "Bench", "last_name": "Head"},
    )
    head.groups.add(Group.objects.get(name=HEADS))
    department, _ = Department.objects.get_or_create(
        code="bench-calendar", defaults={"name": "Bench calendar department", "head": head}
    )
    StaffProfile.objects.get_or_create(user=head, defaults={"department": department})
    return head


def fill_calendar(posts=5_000):
    """`posts` posts over two years around today; returns the number of posts."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Revision, Workflow, WorkflowState

    from editorial.social.models import Channel, Delivery, SocialPost
    from editorial.social.networks import Network

    started = time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(SocialPost)
        Delivery.objects.all().delete()
        WorkflowState.objects.filter(base_content_type=content_type).delete()
        Revision.objects.filter(base_content_type=content_type).delete()
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
        span = timedelta(days=730)
        step = span / posts

        def moment(n):  # from a year ago to a year ahead, at varying hours
            return now - span / 2 + step * n

        created = SocialPost.objects.bulk_create(
            (
                SocialPost(
                    title=f"Bench calendar post {n}",
                    text=f"Bench text {n}",
                    author=authors[n % len(authors)],
                    live=moment(n) < now and n % 3 == 0,
                    go_live_at=moment(n),
                )
                for n in range(posts)
            ),
            batch_size=2000,
        )
        through = SocialPost.channels.through
        targets = {
            post.pk: channels[: 1 + n % 2] if n % 2 else channels[1 + n % 2 :][:1]
            for n, post in enumerate(created)
        }
        through.objects.bulk_create(
            (
                through(socialpost_id=pk, channel_id=channel.pk)
                for pk, chosen in targets.items()
                for channel in chosen
            ),
            batch_size=5000,
        )
        Delivery.objects.bulk_create(
            (
                Delivery(
                    post=post,
                    channel=channel,
                    status=Delivery.Status.SENT if n % 7 else Delivery.Status.FAILED,
                    scheduled_for=post.go_live_at,
                    sent_at=post.go_live_at if n % 7 else None,
                )
                for n, post in enumerate(created)
                if post.live
                for channel in targets[post.pk]
            ),
            batch_size=5000,
        )
        # Of the rest: every third scheduled (an approved revision), every third in
        # moderation (a workflow state in progress), the others plain drafts.
        planned = [post for post in created if not post.live]
        Revision.objects.bulk_create(
            (
                Revision(
                    content_type=content_type,
                    base_content_type=content_type,
                    object_id=str(post.pk),
                    content={"title": post.title, "go_live_at": post.go_live_at.isoformat()},
                    approved_go_live_at=post.go_live_at if n % 3 == 0 else None,
                    user=post.author,
                    created_at=now,
                )
                for n, post in enumerate(planned)
            ),
            batch_size=2000,
        )
        workflow = Workflow.objects.filter(active=True).first()
        if workflow is not None:
            WorkflowState.objects.bulk_create(
                (
                    WorkflowState(
                        content_type=content_type,
                        base_content_type=content_type,
                        object_id=str(post.pk),
                        workflow=workflow,
                        status=WorkflowState.STATUS_IN_PROGRESS,
                        requested_by=post.author,
                    )
                    for n, post in enumerate(planned)
                    if n % 3 == 1
                ),
                batch_size=2000,
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE social_socialpost; ANALYZE social_delivery; ANALYZE wagtailcore_revision; "
            "ANALYZE wagtailcore_workflowstate"
        )
    print(
        f"filled {posts} posts, {Delivery.objects.count()} deliveries "
        f"in {time.monotonic() - started:.1f}s"
    )
    return posts


def _measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings, sql_times, queries, response = [], [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "sql_ms": round(statistics.median(sql_times), 1),
        "queries": queries,
        "bytes": len(response.content),
    }, response


def measure_calendar(repeat=15):
    """{screen: {median_ms, p95_ms, sql_ms, queries, bytes, entries}}: month view, feed."""
    from django.test import Client

    from editorial.moderation.editorial_calendar import feeds

    head = bench_head()
    client = Client(HTTP_HOST="localhost")
    client.force_login(head)
    results = {}
    month, response = _measure(client, "/admin/calendar/", repeat)
    month["entries"] = response.content.decode().count('class="sk-cal-entry')
    results["calendar month view"] = month
    token = feeds.create_token(head)
    feed, response = _measure(Client(HTTP_HOST="localhost"), f"/kalendorius/{token}.ics", repeat)
    feed["entries"] = response.content.count(b"BEGIN:VEVENT")
    results["iCal feed (210 days)"] = feed
    return results


def main(argv=None):
    args = parse_args(argv)
    configure(args, DEFAULT_DATABASE_URL)
    setup_django()
    from editorial.social.models import SocialPost

    if not (args.keep_data and SocialPost.objects.count() == args.posts):
        fill_calendar(args.posts)
    results = measure_calendar(args.repeat)
    print(f"\n{args.posts} posts, as a department head, {args.repeat} requests each")
    print("| screen | median ms | p95 ms | SQL ms (median) | queries | entries | bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, result in results.items():
        print(
            f"| {label} | {result['median_ms']:.0f} | {result['p95_ms']:.0f} "
            f"| {result['sql_ms']:.1f} | {result['queries']} | {result['entries']} "
            f"| {result['bytes']} |"
        )


if __name__ == "__main__":
    main()
