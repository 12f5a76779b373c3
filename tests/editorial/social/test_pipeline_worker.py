"""Exactly once through a real Celery worker process and the real broker.

The fakes run in this process; the worker reaches them over loopback HTTP and
shares the test database. Faults are injected where production meets them: the
worker is SIGKILLed mid-send, the broker refuses a message at commit, a task is
enqueued twice, the network throttles (Mastodon: 429 with X-RateLimit-Reset) or
times out.
"""

import pytest
from django.utils import timezone

from editorial.social import services
from editorial.social.models import Delivery
from editorial.social.tasks import send_deliveries, send_delivery
from tests.editorial.social.helpers import channel_for, published_post
from tests.worker import running_worker, wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Status = Delivery.Status

# Short leases and backoff so recovery happens within a test's patience.
FAST = {
    "SOCIAL_DELIVERY_LEASE_SECONDS": "3",
    "SOCIAL_RETRY_BASE_SECONDS": "0.2",
    "SOCIAL_RETRY_MAX_SECONDS": "1",
    "SOCIAL_RELAY_AFTER_SECONDS": "1",
    # Before each call the lease is extended to outlive it (5 + 20 s) by this margin.
    "SOCIAL_LEASE_MARGIN_SECONDS": "1",
}


@pytest.fixture(autouse=True)
def fast_settings(settings):
    settings.SOCIAL_DELIVERY_LEASE_SECONDS = 3
    settings.SOCIAL_RETRY_BASE_SECONDS = 0.2
    settings.SOCIAL_RETRY_MAX_SECONDS = 1
    settings.SOCIAL_RELAY_AFTER_SECONDS = 1
    settings.SOCIAL_LEASE_MARGIN_SECONDS = 1


def statuses(post):
    return sorted(Delivery.objects.filter(post=post).values_list("status", flat=True))


def all_sent(post, count):
    return statuses(post) == [Status.SENT] * count


def test_approved_post_reaches_every_network_once(specialist, head, fake_mastodon, fake_facebook):
    channels = [channel_for(fake_mastodon), channel_for(fake_facebook)]
    with running_worker(env=FAST):
        post = published_post(channels, specialist, head, images=1)
        wait_until(lambda: all_sent(post, 2), timeout=60, message="both deliveries sent")
    assert len(fake_mastodon.published) == 1
    assert len([p for p in fake_facebook.published if "message" in p]) == 1


@pytest.mark.parametrize(
    "fake_name,route", [("fake_facebook", "feed"), ("fake_mastodon", "statuses")]
)
def test_worker_killed_mid_send_publishes_exactly_once(request, fake_name, route, specialist, head):
    fake = request.getfixturevalue(fake_name)
    # The network publishes, then is slow to answer: the worker dies in between.
    fake.slow_then_succeed(route, seconds=6)
    with running_worker(env=FAST) as worker:
        post = published_post([channel_for(fake)], specialist, head)
        wait_until(lambda: len(fake.published) == 1, timeout=60, message="the network to publish")
        worker.kill()
    delivery = post.deliveries.get()
    assert delivery.status == Status.SENDING  # nobody knows yet whether it was published
    with running_worker(env=FAST):
        # Lease expires, the relay (Celery beat's job) hands it to the new worker.
        wait_until(
            lambda: services.relay(), timeout=60, interval=0.5, message="the relay to pick it up"
        )
        wait_until(lambda: all_sent(post, 1), timeout=60, message="the delivery to be resolved")
    assert len(fake.published) == 1


def test_task_enqueued_many_times_publishes_once(specialist, head, fake_linkedin):
    with running_worker(env=FAST, concurrency=2) as worker:
        post = published_post([channel_for(fake_linkedin)], specialist, head)
        delivery = post.deliveries.get()
        for _ in range(5):
            send_delivery.delay(delivery.pk)
        wait_until(lambda: all_sent(post, 1), timeout=60, message="the delivery to be sent")
        # All six messages (the commit's and five duplicates) are handled...
        wait_until(
            lambda: worker.log().count("succeeded in") >= 6,
            timeout=30,
            message="every duplicate to be handled",
        )
    # ...and only one reached the network.
    assert len(fake_linkedin.published) == 1
    assert post.deliveries.get().attempts == 1


def test_broker_down_at_commit_is_delivered_by_the_relay(
    specialist, head, fake_mastodon, monkeypatch
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(send_deliveries, "apply_async", broker_down)
        post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    assert delivery.status == Status.PENDING and delivery.enqueued_at is None
    with running_worker(env=FAST):
        wait_until(lambda: services.relay(), timeout=30, interval=0.5, message="the relay")
        wait_until(lambda: all_sent(post, 1), timeout=60, message="the delivery to be sent")
    assert len(fake_mastodon.published) == 1


def test_rate_limit_reset_time_is_honoured(specialist, head, fake_mastodon):
    fake_mastodon.rate_limit("statuses", retry_after=2)
    with running_worker(env=FAST):
        post = published_post([channel_for(fake_mastodon)], specialist, head)
        wait_until(lambda: all_sent(post, 1), timeout=60, message="the delivery to be sent")
    attempts = fake_mastodon.requests_to("statuses")
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 2
    assert len(fake_mastodon.published) == 1


def test_server_errors_then_success_and_timeouts_publish_once(specialist, head, fake_facebook):
    fake_facebook.fail("feed", status=500, times=2)
    with running_worker(env={**FAST, "SOCIAL_HTTP_TIMEOUT": "2,1"}):
        first = published_post([channel_for(fake_facebook)], specialist, head, title="Pirmas")
        wait_until(lambda: all_sent(first, 1), timeout=60, message="the first delivery")
        fake_facebook.slow_then_succeed("feed", seconds=2)
        second = published_post(
            [channel_for(fake_facebook, name="Antra paskyra")],
            specialist,
            head,
            title="Antras",
            text="Antrasis įrašas apie bibliotekos renginius",
        )
        wait_until(lambda: all_sent(second, 1), timeout=60, message="the second delivery")
    texts = [p["message"] for p in fake_facebook.published if "message" in p]
    assert sorted(texts) == sorted([first.text, second.text])
    assert first.deliveries.get().attempts == 3
    assert timezone.now() >= second.deliveries.get().sent_at


def test_a_long_wait_is_kept_in_the_database_and_sent_by_the_relay_when_due(
    specialist, head, fake_mastodon
):
    # 6 s is more than SOCIAL_COUNTDOWN_MAX_SECONDS: no countdown goes to Redis.
    fake_mastodon.rate_limit("statuses", retry_after=6)
    with running_worker(env=FAST):
        post = published_post([channel_for(fake_mastodon)], specialist, head)
        delivery = wait_until(
            lambda: post.deliveries.filter(status=Status.RETRYING).first(),
            timeout=60,
            message="the rate-limited delivery to wait",
        )
        assert services.relay() == []  # not due yet
        # Celery beat's job: the relay enqueues it once its time has come.
        wait_until(lambda: services.relay(), timeout=60, interval=0.5, message="the relay")
        wait_until(lambda: all_sent(post, 1), timeout=60, message="the delivery to be sent")
    attempts = fake_mastodon.requests_to("statuses")
    assert len(attempts) == 2
    assert attempts[1].at >= delivery.next_attempt_at.timestamp()
    assert len(fake_mastodon.published) == 1


# ---------------------------------------------------------------- several per message


def test_a_message_handed_to_two_workers_at_once_publishes_each_delivery_once(
    specialist, head, fake_mastodon, fake_facebook, fake_linkedin
):
    from tests.worker import purge_queues, start_worker

    fakes = (fake_mastodon, fake_facebook, fake_linkedin)
    purge_queues(["celery"])
    workers = [start_worker(env=FAST, concurrency=2, pool="threads") for _ in range(2)]
    try:
        for worker in workers:
            worker.wait_for_log(" ready.", timeout=60)
        post = published_post([channel_for(fake) for fake in fakes], specialist, head, images=1)
        ids = list(post.deliveries.values_list("pk", flat=True))
        for _ in range(5):  # the same message again and again: four threads race for it
            send_deliveries.delay(ids)
        wait_until(lambda: all_sent(post, 3), timeout=60, message="the deliveries to be sent")
        wait_until(
            lambda: sum(w.log().count("succeeded in") for w in workers) >= 6,
            timeout=30,
            message="every copy of the message to be handled",
        )
    finally:
        for worker in workers:
            worker.stop()
    assert len(fake_mastodon.published) == 1
    assert len([p for p in fake_facebook.published if "message" in p]) == 1
    assert len(fake_linkedin.published) == 1
    assert list(post.deliveries.values_list("attempts", flat=True)) == [1, 1, 1]


def test_a_worker_killed_mid_message_loses_nothing_and_sends_nothing_twice(
    specialist, head, fake_facebook, fake_mastodon
):
    # Facebook's delivery comes first in the post's message (channels by network):
    # the network publishes, then is slow to answer, and the worker dies in between.
    fake_facebook.slow_then_succeed("feed", seconds=6)
    with running_worker(env=FAST) as worker:
        post = published_post(
            [channel_for(fake_facebook), channel_for(fake_mastodon)], specialist, head
        )
        wait_until(
            lambda: [p for p in fake_facebook.published if "message" in p],
            timeout=60,
            message="Facebook to publish",
        )
        worker.kill()
    first = post.deliveries.get(channel__network="facebook")
    second = post.deliveries.get(channel__network="mastodon")
    assert first.status == Status.SENDING  # nobody knows yet whether it was published
    assert second.status == Status.PENDING and second.attempts == 0  # never claimed
    assert fake_mastodon.published == []
    with running_worker(env=FAST):
        # The relay (Celery beat's job) hands both over again: the pending one at
        # once, the one with the dead worker's lease when the lease has expired.
        wait_until(
            lambda: all_sent(post, 2) or (services.relay() and False),
            timeout=60,
            interval=0.5,
            message="both deliveries to be resolved",
        )
    assert len([p for p in fake_facebook.published if "message" in p]) == 1
    assert len(fake_mastodon.published) == 1
    assert post.deliveries.get(channel__network="mastodon").attempts == 1
