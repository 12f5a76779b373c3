"""The publishing pipeline, step by step, against fake networks on 127.0.0.1.

These tests drive `services.deliver` in the test process; test_pipeline_worker.py
runs the same paths through a real Celery worker and broker.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cms.models import Notice
from editorial.social import services
from editorial.social.models import Channel, Delivery
from tests.editorial.social.helpers import channel_for, published_post

pytestmark = pytest.mark.django_db

Status = Delivery.Status


@pytest.fixture
def queued(monkeypatch):
    """Delivery ids handed to the broker (recorded instead of sent)."""
    sent = []
    from editorial.social.tasks import send_delivery

    monkeypatch.setattr(
        send_delivery, "apply_async", lambda args, **kwargs: sent.append((args[0], kwargs))
    )
    return sent


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.SOCIAL_RETRY_BASE_SECONDS = 0.01
    settings.SOCIAL_RETRY_MAX_SECONDS = 0.05
    settings.SOCIAL_HTTP_TIMEOUT = (1, 0.5)


def make_due(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_approval_writes_one_delivery_per_channel_and_enqueues_after_commit(
    specialist, head, fake_mastodon, fake_facebook, queued, django_capture_on_commit_callbacks
):
    channels = [channel_for(fake_mastodon), channel_for(fake_facebook)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = published_post(channels, specialist, head)
        assert post.live
        assert Delivery.objects.filter(post=post).count() == 2
        assert queued == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(pk for pk, _ in queued) == sorted(
        Delivery.objects.filter(post=post).values_list("pk", flat=True)
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_a_delivery_reaches_the_network_once_with_its_link(specialist, head, fake_mastodon, queued):
    post = published_post([channel_for(fake_mastodon)], specialist, head, images=2)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    services.deliver(delivery.pk)  # the same task enqueued twice
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(fake_mastodon.published) == 1
    item = fake_mastodon.published[0]
    assert delivery.remote_id == item["id"]
    assert delivery.remote_url.endswith(f"/{item['id']}")
    assert item["status"] == post.text
    assert [m["description"] for m in item["media"]] == [
        "Skaitytojai bibliotekoje 1",
        "Skaitytojai bibliotekoje 2",
    ]


def test_the_approved_version_is_sent_not_a_later_draft(specialist, head, fake_mastodon, queued):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    post.text = "Juodraštis, kurio vadovė nematė"
    post.save_revision(user=specialist)
    services.deliver(post.deliveries.get().pk)
    assert [item["status"] for item in fake_mastodon.published] == [
        "Kviečiame į bibliotekos vasaros skaitymus!"
    ]


def test_rate_limited_with_retry_after_waits_in_the_database_then_sends_once(
    specialist, head, fake_facebook, queued, django_capture_on_commit_callbacks, settings
):
    settings.SOCIAL_RELAY_AFTER_SECONDS = 60
    fake_facebook.rate_limit("feed", retry_after=30)
    post = published_post([channel_for(fake_facebook)], specialist, head)
    delivery = post.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.next_attempt_at >= timezone.now() + timedelta(seconds=25)
    # The wait is kept in the database, not as a countdown held by the broker.
    assert queued == []
    services.deliver(delivery.pk)  # too early: an early duplicate does nothing
    assert fake_facebook.published == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.relay() == []  # not due yet
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.relay() == [delivery.pk]
        assert [pk for pk, _ in queued] == [delivery.pk]
        assert not queued[0][1].get("countdown")
        services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(fake_facebook.published) == 1


def test_server_error_then_success_publishes_once(specialist, head, fake_linkedin, queued):
    fake_linkedin.fail("posts", status=500)
    post = published_post([channel_for(fake_linkedin)], specialist, head)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.error_kind == Delivery.ErrorKind.TEMPORARY
    make_due(delivery)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert delivery.attempts == 2
    assert len(fake_linkedin.published) == 1


@pytest.mark.parametrize("fake_name", ["fake_facebook", "fake_threads", "fake_linkedin"])
def test_timeout_after_the_network_published_is_reconciled_not_resent(
    request, fake_name, specialist, head, queued
):
    fake = request.getfixturevalue(fake_name)
    publish_route = {"facebook": "feed", "threads": "publish", "linkedin": "posts"}
    fake.slow_then_succeed(publish_route[fake.network], seconds=1.5)
    post = published_post([channel_for(fake)], specialist, head)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.outcome_unknown
    make_due(delivery)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT, delivery.error_message
    assert len(fake.published) == 1
    assert delivery.remote_id


def test_mastodon_timeout_is_resent_with_the_same_idempotency_key(
    specialist, head, fake_mastodon, queued
):
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    make_due(delivery)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    keys = {r.header("Idempotency-Key") for r in fake_mastodon.requests_to("statuses")}
    assert keys == {str(delivery.idempotency_key)}
    assert len(fake_mastodon.published) == 1


def test_worker_died_mid_send_is_recovered_by_reconciling(
    specialist, head, fake_facebook, queued, settings
):
    post = published_post([channel_for(fake_facebook)], specialist, head)
    delivery = post.deliveries.get()
    # A worker claims the delivery, the network publishes, the worker dies.
    claimed, recovering = services.claim(delivery.pk)
    assert not recovering
    adapter = services.adapter_for(claimed.channel)
    adapter.send(services.access_for(claimed.channel), services.outgoing_for(claimed), "k")
    assert len(fake_facebook.published) == 1
    assert services.deliver(delivery.pk) is None  # the lease still holds: nobody else sends
    Delivery.objects.filter(pk=delivery.pk).update(lease_expires_at=timezone.now())
    assert services.relay() == [delivery.pk]
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(fake_facebook.published) == 1


def test_a_stale_attempt_cannot_overwrite_a_newer_one(specialist, head, fake_mastodon, queued):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    stale, _ = services.claim(delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(lease_expires_at=timezone.now())
    services.deliver(delivery.pk)  # a second worker takes over and sends
    assert services.finish(stale, status=Status.FAILED) is False
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT


def test_validation_error_is_not_retried_and_is_explained(specialist, head, fake_facebook, queued):
    fake_facebook.fail("feed", status=400, message="(#100) Message is too long")
    post = published_post([channel_for(fake_facebook)], specialist, head)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.VALIDATION
    assert "Message is too long" in delivery.error_message
    services.deliver(delivery.pk)
    assert len(fake_facebook.requests_to("feed")) == 1


def test_expired_token_marks_the_channel_and_tells_the_specialist(
    specialist, head, fake_instagram, queued
):
    fake_instagram.expire_token()
    channel = channel_for(fake_instagram)
    post = published_post([channel], specialist, head, images=1)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    channel.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.AUTHORISATION
    assert channel.state == Channel.State.NEEDS_REAUTH
    notice = Notice.objects.get(user=specialist)
    assert str(channel) in notice.subject
    assert "test-token" not in notice.message and fake_instagram.token not in notice.message


def test_channel_without_credentials_fails_without_calling_the_network(
    specialist, head, fake_mastodon, queued
):
    channel = channel_for(fake_mastodon)
    channel.set_credentials({})
    channel.save()
    post = published_post([channel], specialist, head)
    services.deliver(post.deliveries.get().pk)
    delivery = post.deliveries.get()
    assert delivery.status == Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.CONFIGURATION
    assert fake_mastodon.requests == []


def test_instagram_daily_limit_defers_without_calling_the_network(
    specialist, head, fake_instagram, queued
):
    channel = channel_for(fake_instagram)
    earlier = published_post([channel], specialist, head, images=1, title="Ankstesnis")
    Delivery.objects.filter(post=earlier).update(status=Status.SENT, sent_at=timezone.now())
    for number in range(49):
        extra = published_post([channel], specialist, head, images=0, title=f"Senas {number}")
        Delivery.objects.filter(post=extra).update(status=Status.SENT, sent_at=timezone.now())
    post = published_post([channel], specialist, head, images=1)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.next_attempt_at > timezone.now() + timedelta(hours=23)
    assert delivery.attempts == 0
    assert fake_instagram.published == []


def test_manual_delivery_that_becomes_due_tells_the_specialists_once(
    specialist, head, queued, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from editorial.social.adapters.base import ManualDeliveryRequired
    from editorial.social.adapters.manual import ManualAdapter
    from editorial.social.factories import ChannelFactory

    channel = ChannelFactory(network="tiktok", name="TikTok", token="")
    with django_capture_on_commit_callbacks(execute=True):
        post = published_post([channel], specialist, head, link="https://biblioteka.lt/renginiai")
    delivery = post.deliveries.get()
    assert [pk for pk, _ in queued] == [delivery.pk]  # it goes through the pipeline when due
    assert not Notice.objects.exists()
    services.deliver(delivery.pk)
    services.deliver(delivery.pk)  # a duplicate message tells nobody again
    delivery.refresh_from_db()
    assert delivery.status == Status.MANUAL
    notices = Notice.objects.filter(user=specialist)
    assert notices.count() == 1
    assert post.title in notices.get().subject
    assert len([m for m in mailoutbox if m.subject == notices.get().subject]) == 1
    # It stays on the specialist's dashboard until it is marked as published.
    client = client_for(specialist)
    inspect_url = f"/admin/social/delivery/inspect/{delivery.pk}/"
    dashboard = client.get("/admin/").content.decode()
    assert 'id="social-manual-heading"' in dashboard and f'href="{inspect_url}"' in dashboard
    # One builder of the copy-ready package: the manual adapter's, also behind the view.
    package = services.manual_package(delivery)
    with pytest.raises(ManualDeliveryRequired) as raised:
        ManualAdapter("tiktok").send(None, services.outgoing_for(delivery), "k")
    assert package == raised.value.package
    assert package["link"] == "https://biblioteka.lt/renginiai"
    page = client.get(inspect_url).content.decode()
    assert package["link"] in page
    assert services.mark_posted(delivery, specialist, "https://www.tiktok.com/@biblioteka/1")
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert 'id="social-manual-heading"' not in client.get("/admin/").content.decode()


def test_broker_down_at_commit_is_recovered_by_the_relay(
    specialist, head, fake_mastodon, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from editorial.social.tasks import send_delivery

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(send_delivery, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        post = published_post([channel_for(fake_mastodon)], specialist, head)  # no error shown
    delivery = post.deliveries.get()
    assert delivery.status == Status.PENDING and delivery.enqueued_at is None
    assert services.relay() == []  # too recent: the normal path may still deliver it
    settings.SOCIAL_RELAY_AFTER_SECONDS = 0
    sent = []
    monkeypatch.setattr(send_delivery, "apply_async", lambda args, **kw: sent.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.relay() == [delivery.pk]
    assert sent == [delivery.pk]
    services.deliver(delivery.pk)
    assert len(fake_mastodon.published) == 1


def test_retry_after_exhausting_attempts_marks_failed(
    specialist, head, fake_mastodon, settings, queued
):
    settings.SOCIAL_MAX_ATTEMPTS = 2
    fake_mastodon.fail("statuses", status=503, times=None)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    for _attempt in range(2):
        make_due(delivery)
        services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 2
    assert fake_mastodon.published == []


def test_mastodon_unknown_outcome_older_than_its_idempotency_window_needs_a_person(
    specialist, head, fake_mastodon, queued
):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    services.claim(delivery.pk)  # a worker took it and vanished, long ago
    two_hours_ago = timezone.now() - timedelta(hours=2)
    Delivery.objects.filter(pk=delivery.pk).update(
        first_attempt_at=two_hours_ago, lease_expires_at=two_hours_ago
    )
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.NEEDS_ATTENTION
    assert fake_mastodon.requests == []  # nothing re-sent: the network forgot the key
    assert Notice.objects.filter(user=specialist).exists()
