#!/usr/bin/env python
"""Benchmark: anonymous visitors voting in one poll, against gunicorn on PostgreSQL.

    .venv/bin/python bench/poll_votes.py                         # 6,000 voters, 200 at once
    .venv/bin/python bench/poll_votes.py --voters 20000 --workers 3 --threads 8  # other shapes

What runs is the real vote endpoint (editorial/campaigns/polls_views.py) behind the
whole middleware stack, served by gunicorn (gthread workers, keep-alive) on
127.0.0.1 only. The load generator is one asyncio process holding --concurrency
keep-alive connections (default 200), so it costs little CPU next to the server.

The votes:
- --voters distinct voters, each with its own voter cookie (signed here with the
  server's SECRET_KEY, as a browser would hold it) and its own address
  (X-Forwarded-For, the server trusting one proxy), voting for a random answer;
- every --duplicate-every-th voter (default 10th) also sends a second vote for another
  answer from another connection, at about the same time: a deliberate duplicate;
- --shared-address voters (default 30) share one address, as a library's public
  computers do: only POLL_VOTES_PER_ADDRESS of them (20) may count.

Checked afterwards, exactly: every vote the server accepted (303 outcome=voted) is in
the database once, per answer; every duplicate was refused (outcome=duplicate) and
every over-the-limit vote too (address_limit); no request failed. Measured: votes/s
(all requests, accepted or refused, over the wall time), p50/p95/max latency.

It needs PostgreSQL: DATABASE_URL (default: a database `sklaida_bench_polls`, created
and migrated here). It deletes the benchmark's own polls ("BENCH ...") on every run and
refuses a database whose name lacks "bench" unless --any-database is given. It stops by
itself: a fixed number of requests, and --timeout seconds at most.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import configure, setup_django  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sklaida_bench_polls"
QUESTION = "BENCH Kokią knygą skaityti kitą mėnesį?"
ANSWERS = ("Pirma knyga", "Antra knyga", "Trečia knyga", "Ketvirta knyga")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=6000, help="distinct voters (6000)")
    parser.add_argument("--concurrency", type=int, default=200, help="connections (200)")
    parser.add_argument("--duplicate-every", type=int, default=10, help="every n-th votes twice")
    parser.add_argument("--shared-address", type=int, default=30, help="voters on one address")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=16, help="threads a worker (16)")
    parser.add_argument("--timeout", type=float, default=300, help="stop after (s, 300)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--any-database", action="store_true")
    parser.add_argument("--json", help="where to write the results")
    return parser.parse_args(argv)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare():
    """A fresh poll, and the cost of one vote in queries (in this process)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from editorial.campaigns import polls_services as services
    from editorial.campaigns.models import Poll
    from editorial.campaigns.polls_factories import make_poll

    Poll.objects.filter(question__startswith="BENCH").delete()
    probe = make_poll(question="BENCH probe", options=ANSWERS)
    option = probe.options.first()
    with CaptureQueriesContext(connection) as queries:
        services.cast_vote(probe.pk, option.pk, token="probe", address="probe")  # noqa: S106
    probe.delete()
    poll = make_poll(question=QUESTION, options=ANSWERS)
    return poll, [o.pk for o in poll.options.all()], len(queries)


def plan(args, options):
    """The requests: (token, signed cookie, address, option, kind), shuffled; each
    duplicate placed a few requests after its original (another connection)."""
    from editorial.campaigns import polls_services as services

    rng = random.Random(args.seed)
    requests = []
    for number in range(args.voters):
        token = f"bench{number:07d}".ljust(32, "0")
        cookie = services._signer.sign(token)
        shared = number < args.shared_address
        address = (
            "10.255.255.1" if shared else f"10.{number >> 16}.{(number >> 8) & 255}.{number & 255}"
        )
        option = rng.choice(options)
        requests.append([(token, cookie, address, option, "shared" if shared else "vote")])
        if args.duplicate_every and number % args.duplicate_every == 0 and not shared:
            other = rng.choice([o for o in options if o != option])
            requests[-1].append((token, cookie, address, other, "duplicate"))
    rng.shuffle(requests)
    ordered = []
    for group in requests:
        ordered.append(group[0])
    # Duplicates go in close behind their originals: about concurrency requests later.
    for index, group in enumerate(requests):
        if len(group) > 1:
            ordered.insert(min(len(ordered), index + rng.randint(0, 20)), group[1])
    return ordered


async def voter_connection(port, poll_id, queue, results, deadline):
    reader = writer = None
    while True:
        try:
            item = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        if time.monotonic() > deadline:
            results.append((item, "timeout", 0.0))
            continue
        token, cookie, address, option, kind = item
        body = f"option={option}&next=/".encode()
        head = (
            f"POST /apklausos/{poll_id}/balsuoti/ HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            f"X-Forwarded-For: {address}\r\nCookie: sklaida_voter={cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        for _attempt in range(2):
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                started = time.perf_counter()
                writer.write(head + body)
                await writer.drain()
                status, headers = await read_response(reader)
                elapsed = time.perf_counter() - started
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                writer = None  # the server closed a kept-alive connection; once more
        else:
            results.append((item, "connection failed", 0.0))
            continue
        if status == 303:
            outcome = parse_qs(urlsplit(headers.get("location", "")).query).get("outcome")
            results.append((item, outcome[0] if outcome else "no outcome", elapsed))
        else:
            results.append((item, f"HTTP {status}", elapsed))
        if headers.get("connection", "").lower() == "close":
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def read_response(reader):
    status_line = await reader.readuntil(b"\r\n")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readuntil(b"\r\n")
        if line == b"\r\n":
            break
        name, _sep, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    return status, headers


def wait_until_served(port):
    """The socket is bound before the workers have loaded Django: wait for an answer."""
    import http.client

    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/apklausos/0/balsuoti/")
            if connection.getresponse().status == 405:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer")


async def warm_up(port, count):
    async def one():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(5):
            writer.write(
                f"GET /apklausos/0/balsuoti/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
            )
            await writer.drain()
            await read_response(reader)
        writer.close()

    await asyncio.gather(*(one() for _ in range(count)))


async def run_load(port, poll_id, requests, concurrency, timeout):
    queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    results = []
    deadline = time.monotonic() + timeout
    started = time.perf_counter()
    await asyncio.gather(
        *(voter_connection(port, poll_id, queue, results, deadline) for _ in range(concurrency))
    )
    return results, time.perf_counter() - started


def check(poll, results, limit):
    """Exact counts: what the server said it accepted against what the database holds."""
    from editorial.campaigns.models import PollVote
    from editorial.campaigns.polls_services import poll_results

    outcomes = Counter(outcome for _item, outcome, _t in results)
    accepted = Counter(item[3] for item, outcome, _t in results if outcome == "voted")
    accepted_tokens = Counter(item[0] for item, outcome, _t in results if outcome == "voted")
    rows, total = poll_results(poll)
    counted = {option.pk: votes for option, votes, _p in rows}
    by_kind = Counter((item[4], outcome) for item, outcome, _t in results)
    problems = []
    if counted != {pk: accepted.get(pk, 0) for pk in counted}:
        problems.append(f"counts differ: database {counted}, accepted {dict(accepted)}")
    if any(n > 1 for n in accepted_tokens.values()):
        problems.append("a voter was accepted twice")
    if PollVote.objects.filter(poll=poll).count() != sum(accepted.values()):
        problems.append("stored votes differ from accepted ones")
    duplicates = sum(n for (kind, _o), n in by_kind.items() if kind == "duplicate")
    refused = by_kind[("duplicate", "duplicate")] + by_kind[("vote", "duplicate")]
    if refused != duplicates:
        problems.append(f"{duplicates} duplicates sent, {refused} refused as duplicates")
    if by_kind[("shared", "voted")] != min(limit, sum(
        n for (kind, _o), n in by_kind.items() if kind == "shared"
    )):  # fmt: skip
        problems.append(f"shared address: {by_kind[('shared', 'voted')]} accepted, limit {limit}")
    unexpected = {
        o: n for o, n in outcomes.items() if o not in {"voted", "duplicate", "address_limit"}
    }
    if unexpected:
        problems.append(f"failed requests: {unexpected}")
    return {
        "outcomes": dict(outcomes),
        "database_total": total,
        "duplicates_sent": duplicates,
        "duplicates_refused": refused,
        "shared_address_accepted": by_kind[("shared", "voted")],
        "problems": problems,
    }


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("SECRET_KEY", "bench-poll-votes-" + "x" * 40)
    configure(args, DEFAULT_DATABASE_URL)
    setup_django()
    from django.conf import settings

    poll, options, queries_per_vote = prepare()
    requests = plan(args, options)
    port = free_port()
    env = dict(os.environ, TRUSTED_PROXY_COUNT="1")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "cms.wsgi", "--workers", str(args.workers),
         "--worker-class", "gthread", "--threads", str(args.threads), "--keep-alive", "30",
         "--backlog", "2048", "--preload", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_served(port)
        # Every worker thread opens its database connection before the clock starts.
        asyncio.run(warm_up(port, args.workers * args.threads * 4))
        load_before = os.getloadavg()
        results, seconds = asyncio.run(
            run_load(port, poll.pk, requests, args.concurrency, args.timeout)
        )
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)

    latencies = sorted(t for _item, _outcome, t in results if t)
    verdict = check(poll, results, settings.POLL_VOTES_PER_ADDRESS)
    figures = {
        "requests": len(results),
        "seconds": round(seconds, 2),
        "votes_per_second": round(len(results) / seconds, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "queries_per_vote": queries_per_vote,
    }
    print(
        f"{figures['requests']} votes in {figures['seconds']} s: "
        f"{figures['votes_per_second']} votes/s; p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
        f"{queries_per_vote} queries a vote"
    )
    print(
        f"outcomes {verdict['outcomes']}; {verdict['database_total']} counted; "
        f"duplicates sent {verdict['duplicates_sent']}, refused {verdict['duplicates_refused']}; "
        f"shared address accepted {verdict['shared_address_accepted']}"
    )
    print(
        f"{args.workers} gunicorn workers x {args.threads} threads, {args.concurrency} "
        f"connections; load average before {load_before[0]:.2f}, after {load_after[0]:.2f}"
    )
    print(
        "exact counts: "
        + ("yes" if not verdict["problems"] else "NO: " + "; ".join(verdict["problems"]))
    )
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "args": vars(args),
        "load_average": {"before": load_before, "after": load_after},
        "figures": figures,
        "verdict": verdict,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = Path(args.json or ROOT / "var" / "bench" / f"poll_votes-{stamp}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2))
    print(f"written to {path}")
    return 1 if verdict["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
