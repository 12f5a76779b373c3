"""Fake social networks for tests and benchmarks: real HTTP servers on 127.0.0.1.

Each fake is a ThreadingHTTPServer on a free port emulating the endpoints the
adapters call, keeping what was published (`.published`) and every request
(`.requests`), so a test can assert "exactly one post exists". Faults are
programmed per route and consumed in order:

    fake.fail("feed", status=500)                 # next POST /{page}/feed answers 500
    fake.fail("feed", status=400, message="...")  # the network's own error shape
    fake.rate_limit("feed", retry_after=2)        # 429 + Retry-After
    fake.delay("feed", seconds=3)                 # sleep, then handle normally
    fake.slow_then_succeed("feed", seconds=3)     # handle (publish!), then sleep
    fake.disconnect("feed", after=True)           # handle, then drop the connection
    fake.expire_token()                           # every call: the network's auth error

Faults take `times=` (None: for ever). The server is thread-safe and fast enough
for a Celery worker in another process to deliver through it (>= 50 deliveries/s);
give the worker `fake.url` and `fake.access()`.

    with FakeMastodon() as fake:
        adapter.send(fake.access(), post, "key-1")
"""

from .base import DAY, FakeNetwork, FakeRequest, Fault, Reply
from .facebook import FakeFacebook
from .graph import GraphFake, graph_time
from .images import ImageHost
from .instagram import FakeInstagram
from .linkedin import FakeLinkedIn
from .mastodon import FakeMastodon
from .threads import FakeThreads

FAKES = {
    "facebook": FakeFacebook,
    "instagram": FakeInstagram,
    "threads": FakeThreads,
    "mastodon": FakeMastodon,
    "linkedin": FakeLinkedIn,
}

__all__ = [
    "DAY",
    "FAKES",
    "FakeFacebook",
    "FakeInstagram",
    "FakeLinkedIn",
    "FakeMastodon",
    "FakeNetwork",
    "FakeRequest",
    "FakeThreads",
    "Fault",
    "GraphFake",
    "ImageHost",
    "Reply",
    "graph_time",
]
