#!/usr/bin/env python
"""Benchmark: the moderation desk with 5,000 posts and pages, 1,000 awaiting review.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sk_queue \\
        .venv/bin/python bench/moderation_desk.py

Fills a PostgreSQL database (bulk: posts, their revisions, workflow and task states;
pages through Wagtail's tree API) so that `--waiting` items (posts and pages, about one
in five a page, half of them scheduled) await the review of one department head, then
measures, as that head, the median wall time and the query count of each target in
`TARGETS`: the moderation queue (first page, through the whole admin stack with Django's
test client), Wagtail's own `WorkflowObjectsToModeratePanel` rendered with the same data,
our dashboard summary and the menu count. A target is `(name, url)` (requested with
the test client) or `(name, callable(request))` (called with a request of the head), so
more screens (the calendar's month view, the iCal feed) are added by appending to the
list. Then all but `--few` of the waiting items are withdrawn (their workflow cancelled)
and everything is measured again: the queue must cost the same at both sizes.

Prints a markdown table (docs/benchmarks.md is the record). Every run wipes the social
posts, the bench pages and all workflow states of its database, so it refuses a
database whose name has neither "bench" nor the "sk_" prefix of the helpers' databases
unless --any-database is given.
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

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sk_queue"
BENCH_PARENT_SLUG = "bench-moderation-desk"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000, help="posts and pages (5000)")
    parser.add_argument("--pages", type=int, default=500, help="of which pages (500)")
    parser.add_argument("--waiting", type=int, default=1000, help="awaiting review (1000)")
    parser.add_argument("--few", type=int, default=10, help="the small size compared (10)")
    parser.add_argument("--repeat", type=int, default=15, help="measurements per target")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per target at most")
    parser.add_argument("--keep-data", action="store_true", help="reuse the data of a run")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only the targets whose name contains TEXT (repeatable)",
    )
    parser.add_argument("--any-database", action="store_true")
    return parser.parse_args(argv)


# --- the data ------------------------------------------------------------------------------


def people():
    """A department with its head and three specialists (the authors)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.models import Department, StaffProfile
    from cms.roles import HEADS, SPECIALISTS

    users = get_user_model().objects
    department, _ = Department.objects.get_or_create(
        code="bench-komunikacija", defaults={"name": "Komunikacijos skyrius (bench)"}
    )
    head, _ = users.get_or_create(
        username="bench-head",
        defaults={"first_name": "Rūta", "last_name": "Vadovė", "is_staff": True},
    )
    head.groups.add(Group.objects.get(name=HEADS))
    StaffProfile.objects.get_or_create(user=head, defaults={"department": department})
    department.head = head
    department.save(update_fields=["head"])
    authors = []
    for number in range(3):
        author, _ = users.get_or_create(
            username=f"bench-author-{number}",
            defaults={"first_name": "Autorius", "last_name": str(number), "is_staff": True},
        )
        author.groups.add(Group.objects.get(name=SPECIALISTS))
        StaffProfile.objects.get_or_create(user=author, defaults={"department": department})
        authors.append(author)
    return head, authors


def wipe():
    from wagtail.models import Page, Revision, TaskState, WorkflowState

    from editorial.social.models import Delivery, SocialPost

    TaskState.objects.all().delete()
    WorkflowState.objects.all().delete()
    Delivery.objects.all().delete()
    SocialPost.objects.all().delete()
    parent = Page.objects.filter(slug=BENCH_PARENT_SLUG).first()
    if parent is not None:
        parent.delete()
    Revision.objects.filter(object_str__startswith="Bench ").delete()


def fill(args, authors):
    """`args.items` posts and pages; `args.waiting` of them submitted for review."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Revision, Site, TaskState, Workflow, WorkflowState

    from editorial.moderation.models import HeadApprovalTask
    from editorial.moderation.queue_urgency import record
    from editorial.moderation.workflow import WORKFLOW_NAME
    from editorial.social.models import Channel, SocialPost
    from editorial.social.networks import Network
    from home.models import StandardPage

    started = time.monotonic()
    now = timezone.now()
    posts_count = args.items - args.pages
    waiting_pages = args.waiting // 5
    waiting_posts = args.waiting - waiting_pages
    with transaction.atomic():
        wipe()
        channels = [
            Channel.objects.get_or_create(
                name=f"Bench {network}", network=network, defaults={"account_id": "1"}
            )[0]
            for network in (Network.MASTODON, Network.FACEBOOK)
        ]
        posts = SocialPost.objects.bulk_create(
            SocialPost(
                title=f"Bench įrašas {n}",
                text=f"Bench tekstas {n}: " + "kviečiame į biblioteką! " * 20,
                author=authors[n % len(authors)],
                live=n >= waiting_posts and n % 2 == 0,
                go_live_at=now + timedelta(hours=n + 1) if n < waiting_posts and n % 2 else None,
            )
            for n in range(posts_count)
        )
        through = SocialPost.channels.through
        through.objects.bulk_create(
            through(socialpost_id=post.pk, channel_id=channels[n % 2].pk)
            for n, post in enumerate(posts)
        )
        root = Site.objects.get(is_default_site=True).root_page
        parent = root.add_child(instance=StandardPage(title="Bench", slug=BENCH_PARENT_SLUG))
        pages = [
            parent.add_child(
                instance=StandardPage(
                    title=f"Bench puslapis {n}",
                    slug=f"bench-{n}",
                    intro="Bench įvadas. " * 20,
                    live=n >= waiting_pages,
                    owner=authors[n % len(authors)],
                )
            )
            for n in range(args.pages)
        ]

        submitted = [*posts[:waiting_posts], *pages[:waiting_pages]]
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=ContentType.objects.get_for_model(obj),
                base_content_type=obj.get_base_content_type(),
                object_id=str(obj.pk),
                user=getattr(obj, "author", None) or obj.owner,
                content=obj.serializable_data(),
                object_str=str(obj),
                created_at=now - timedelta(minutes=len(submitted) - n),
            )
            for n, obj in enumerate(submitted)
        )
        for obj, revision in zip(submitted, revisions, strict=True):
            obj.latest_revision = revision
        SocialPost.objects.bulk_update(posts[:waiting_posts], ["latest_revision"])
        StandardPage.objects.bulk_update(pages[:waiting_pages], ["latest_revision"])

        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        task = HeadApprovalTask.objects.get(workflow_tasks__workflow=workflow)
        states = WorkflowState.objects.bulk_create(
            WorkflowState(
                content_type_id=revision.content_type_id,
                base_content_type_id=revision.base_content_type_id,
                object_id=revision.object_id,
                workflow=workflow,
                status=WorkflowState.STATUS_IN_PROGRESS,
                requested_by_id=revision.user_id,
                created_at=revision.created_at,
            )
            for revision in revisions
        )
        task_state_type = ContentType.objects.get_for_model(TaskState)
        task_states = TaskState.objects.bulk_create(
            TaskState(
                workflow_state=state,
                revision=revision,
                task=task,
                status=TaskState.STATUS_IN_PROGRESS,
                content_type=task_state_type,
                started_at=revision.created_at,
            )
            for state, revision in zip(states, revisions, strict=True)
        )
        for state, task_state in zip(states, task_states, strict=True):
            state.current_task_state = task_state
        WorkflowState.objects.bulk_update(states, ["current_task_state"])
        # The queue's urgency column, as the workflow writes it when a task starts.
        for task_state, revision in zip(task_states, revisions, strict=True):
            task_state.revision = revision
        record(task_states)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE social_socialpost; ANALYZE wagtailcore_revision; "
            "ANALYZE wagtailcore_workflowstate; ANALYZE wagtailcore_taskstate; "
            "ANALYZE moderation_queueurgency"
        )
    print(
        f"filled {posts_count} posts and {args.pages} pages, {len(task_states)} awaiting "
        f"review, in {time.monotonic() - started:.1f}s"
    )


def check_urgency():
    """The urgency column agrees with the revisions' content as PostgreSQL reads it."""
    from wagtail.models import TaskState

    from editorial.moderation.queue_urgency import content_urgency

    pairs = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        .annotate(from_content=content_urgency())
        .values_list("sklaida_urgency__urgent_at", "from_content")
    )
    wrong = [pair for pair in pairs if pair[0] != pair[1]]
    assert not wrong, f"urgency column disagrees with the content: {wrong[:5]}"
    print(f"urgency column agrees with the revisions' content ({len(pairs)} items)")


def withdraw_all_but(few):
    """Cancel all but `few` waiting workflows, as if they had been withdrawn."""
    from wagtail.models import TaskState, WorkflowState

    keep = list(
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        .order_by("pk")
        .values_list("pk", flat=True)[:few]
    )
    cancelled = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).exclude(pk__in=keep)
    WorkflowState.objects.filter(pk__in=cancelled.values("workflow_state_id")).update(
        status=WorkflowState.STATUS_CANCELLED
    )
    cancelled.update(status=TaskState.STATUS_CANCELLED)


# --- the targets ---------------------------------------------------------------------------


def panel_callable(panel_class):
    def render(request):
        from django.middleware.csrf import get_token

        panel = panel_class()
        return panel.render_html({"request": request, "csrf_token": get_token(request)})

    return render


def menu_count(request):
    from editorial.moderation.menu import QueueMenuItem

    return QueueMenuItem().render_component(request).label


def feed_target(written):
    """The head's iCal feed as a calendar application polls it.

    `written`: the text is written anew (the first poll after something changed);
    otherwise it comes from the text kept under the same fingerprint.
    """
    from django.core.cache import cache
    from django.test import Client

    state = {}

    def poll(request):
        from editorial.moderation.editorial_calendar import feeds

        if "url" not in state:
            state["url"] = f"/kalendorius/{feeds.create_token(request.user)}.ics"
        if written:
            cache.clear()
        response = Client(HTTP_HOST="localhost").get(state["url"])
        assert response.status_code == 200, response.status_code

    return poll


def targets():
    """(name, url or callable(request)); add more to compare them in the same run."""
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

    from editorial.moderation.panels import AwaitingReviewPanel

    return [
        ("moderation queue, first page", "/admin/moderation/queue/"),
        ("moderation queue, filtered by type", None),  # filled in main (needs an id)
        (
            "Wagtail's WorkflowObjectsToModeratePanel",
            panel_callable(WorkflowObjectsToModeratePanel),
        ),
        ("our dashboard summary (AwaitingReviewPanel)", panel_callable(AwaitingReviewPanel)),
        ("menu count", menu_count),
        ("dashboard (whole page)", "/admin/"),
        ("editorial calendar, month view", "/admin/calendar/"),
        ("iCal feed, unchanged since the last poll", feed_target(written=False)),
        ("iCal feed, first poll after a change", feed_target(written=True)),
    ]


def head_request(head):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/", HTTP_HOST="localhost")
    request.user = head
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def measure(target, client, head, repeat, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def once():
        if callable(target):
            target(head_request(head))
        else:
            response = client.get(target)
            assert response.status_code == 200, (target, response.status_code)

    once()  # warm per-process caches
    connection.queries_log.clear()
    timings, queries = [], 0
    deadline = time.monotonic() + budget
    for _ in range(repeat):
        # The query log keeps 9,000 entries: Wagtail's panel fills it at 1,000 items,
        # after which a capture would count nothing.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            once()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
        if time.monotonic() > deadline and len(timings) >= 3:
            break
    return {"median_ms": statistics.median(timings), "queries": queries, "runs": len(timings)}


def measure_all(client, head, args):
    from django.contrib.contenttypes.models import ContentType

    from editorial.social.models import SocialPost

    post_type = ContentType.objects.get_for_model(SocialPost).pk
    results = {}
    for name, target in targets():
        if args.only and not any(text in name for text in args.only):
            continue
        if target is None:
            target = f"/admin/moderation/queue/?type={post_type}"
        results[name] = measure(target, client, head, args.repeat, args.budget)
        print(
            f"  {name}: {results[name]['median_ms']:.0f} ms, {results[name]['queries']} queries",
            flush=True,
        )
    return results


def waiting_count():
    from wagtail.models import TaskState

    return TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).count()


def main(argv=None):
    args = parse_args(argv)
    configure(args, DEFAULT_DATABASE_URL)
    setup_django()
    from django.test import Client

    head, authors = people()
    if not args.keep_data or waiting_count() != args.waiting:
        fill(args, authors)
    client = Client(HTTP_HOST="localhost")
    client.force_login(head)

    check_urgency()
    many = waiting_count()
    print(f"\nmeasuring with {many} awaiting review")
    at_many = measure_all(client, head, args)
    withdraw_all_but(args.few)
    few = waiting_count()
    print(f"measuring with {few} awaiting review")
    at_few = measure_all(client, head, args)

    wagtail = at_many.get("Wagtail's WorkflowObjectsToModeratePanel", {}).get("median_ms", 0)
    print(f"\n{args.items} posts and pages ({args.pages} pages); head of one department")
    print(
        f"| target | median ms ({many} waiting) | queries ({many}) "
        f"| median ms ({few} waiting) | queries ({few}) | vs Wagtail's panel ({many}) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, result in at_many.items():
        small = at_few[name]
        ratio = wagtail / result["median_ms"] if result["median_ms"] else 0
        print(
            f"| {name} | {result['median_ms']:.0f} | {result['queries']} "
            f"| {small['median_ms']:.0f} | {small['queries']} | {ratio:.1f}× |"
        )
    print("\n(runs per target: up to --repeat, fewer when a target exceeds --budget seconds)")
    print("The data stays; run again without --keep-data to rebuild 1,000 waiting items.")


if __name__ == "__main__":
    main()
