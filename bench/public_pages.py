#!/usr/bin/env python
"""Benchmark: public pages served to anonymous visitors, against a fixed view.

    .venv/bin/python bench/public_pages.py              # 2 gunicorn workers, 3 x 5 s a URL
    .venv/bin/python bench/public_pages.py --rounds 5 --clients 4

Loads the demo (`load_demo --force`) into a database of its own (default: SQLite
var/bench-public.sqlite3; DATABASE_URL to use another), starts gunicorn with
bench/public_settings.py, and for each URL runs --clients client processes that
request it in a loop for --seconds (after a 1 s warm-up), in --rounds that alternate
the URLs:

- fixed: /bench/fixed/?bytes=N, a view returning as many bytes as the home page, no
  template, no query, through the same middleware: the floor;
- home (cached) and about (cached): what an anonymous visitor gets from the page cache;
- home (rendered): the home page with a query string, which skips the cache, as every
  hit was rendered before the cache.

Prints requests/s, p50/p95 latency and the ratio of the mean latency to the fixed
view's; writes JSON under var/bench/. Every process shares the machine's cores.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--clients", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--seconds", type=float, default=5, help="per URL and round (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the URLs (default 3)")
    parser.add_argument("--json", help="where to write the results")
    return parser.parse_args(argv)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def client_loop(port, path, warm_up_until, stop_at):
    latencies = []
    while True:
        started = time.perf_counter()
        if started >= stop_at:
            return latencies
        status, _body = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        if started >= warm_up_until:
            latencies.append(time.perf_counter() - started)


def measure(port, path, clients, seconds):
    now = time.perf_counter()
    warm_up_until, stop_at = now + 1, now + 1 + seconds
    with multiprocessing.Pool(clients) as pool:
        runs = pool.starmap(client_loop, [(port, path, warm_up_until, stop_at)] * clients)
    return [latency for run in runs for latency in run]


def summary(path, latencies, seconds):
    latencies = sorted(latencies)
    return {
        "path": path,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / seconds, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
    }


def prepare(env):
    for command in (["migrate", "--noinput"], ["load_demo", "--force"]):
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip


def main(argv=None):
    args = parse_args(argv)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.public_settings")
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-public.sqlite3'}")
    prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "cms.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                status, home = get(port, "/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer")
        targets = {
            "fixed view": f"/bench/fixed/?bytes={len(home)}",
            "home, cached": "/",
            "about, cached": "/apie-mus/",
            "home, rendered": "/?render=1",
        }
        load_before = os.getloadavg()
        # Rounds alternate the URLs, so a change in the machine's load hits them all.
        latencies = {name: [] for name in targets}
        for _round in range(args.rounds):
            for name, path in targets.items():
                latencies[name] += measure(port, path, args.clients, args.seconds)
        results = {
            name: summary(path, latencies[name], args.seconds * args.rounds)
            for name, path in targets.items()
        }
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor = results["fixed view"]["mean_ms"]
    print(f"{len(home)} bytes a page; {args.workers} gunicorn workers, {args.clients} clients")
    print(f"{'':16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x fixed':>8}")
    for name, result in results.items():
        result["ratio_to_fixed"] = round(result["mean_ms"] / floor, 2)
        print(
            f"{name:16} {result['requests_per_second']:>8} {result['p50_ms']:>8} "
            f"{result['p95_ms']:>8} {result['ratio_to_fixed']:>8}"
        )
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")

    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "args": vars(args),
        "page_bytes": len(home),
        "load_average": {"before": load_before, "after": load_after},
        "results": results,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = Path(args.json or ROOT / "var" / "bench" / f"public_pages-{stamp}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
