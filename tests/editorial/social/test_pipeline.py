"""The publishing pipeline, step by step, against fake networks on 127.0.0.1.

These tests drive `services.deliver` in the test process; test_pipeline_worker.py
runs the same paths through a real Celery worker and broker.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connections
from django.utils import timezone, translation

from cms.models import Notice
from editorial.social import services
from editorial.social.models import Channel, Delivery, SocialPost
from tests.editorial.social.fakes import FakeFacebook
from tests.editorial.social.helpers import channel_for, published_post

pytestmark = pytest.mark.django_db

Status = Delivery.Status


@pytest.fixture
def queued(monkeypatch):
    """Delivery ids handed to the broker (recorded instead of sent), one
    (id, options) pair per delivery; `queued.messages` keeps the messages."""
    sent = Queued()
    from editorial.social.tasks import send_deliveries

    def record(args, **kwargs):
        sent.messages.append((list(args[0]), kwargs))
        sent.extend((pk, kwargs) for pk in args[0])

    monkeypatch.setattr(send_deliveries, "apply_async", record)
    return sent


class Queued(list):
    def __init__(self):
        super().__init__()
        self.messages = []


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
    Delivery.objects.filter(pk=delivery.pk).update(enqueued_at=timezone.now())  # as on commit
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
    specialist, head, fake_instagram, queued, django_capture_on_commit_callbacks
):
    channel = channel_for(fake_instagram)
    earlier = published_post([channel], specialist, head, images=1, title="Ankstesnis")
    Delivery.objects.filter(post=earlier).update(status=Status.SENT, sent_at=timezone.now())
    for number in range(49):
        extra = published_post([channel], specialist, head, images=0, title=f"Senas {number}")
        Delivery.objects.filter(post=extra).update(status=Status.SENT, sent_at=timezone.now())
    post = published_post([channel], specialist, head, images=1)
    delivery = post.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.next_attempt_at > timezone.now() + timedelta(hours=23)
    assert delivery.attempts == 0
    assert fake_instagram.published == []
    assert queued == []  # the 23-hour wait is in the database, for the relay
    assert services.relay() == []


def test_manual_delivery_that_becomes_due_tells_the_specialists_once(
    specialist,
    head,
    other_department,
    queued,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from django.contrib.auth.models import Group

    from cms.factories import StaffProfileFactory, UserFactory
    from cms.roles import SPECIALISTS
    from cms.tasks import send_notice_email

    # The worker's part of sending e-mail, run here (test_pipeline_worker.py runs a worker).
    monkeypatch.setattr(
        send_notice_email, "apply_async", lambda args, **options: send_notice_email(*args)
    )
    from editorial.social.adapters.base import ManualDeliveryRequired
    from editorial.social.adapters.manual import ManualAdapter
    from editorial.social.factories import ChannelFactory

    channel = ChannelFactory(network="tiktok", name="TikTok", token="")
    with django_capture_on_commit_callbacks(execute=True):
        post = published_post([channel], specialist, head, link="https://biblioteka.lt/renginiai")
    delivery = post.deliveries.get()
    assert [pk for pk, _ in queued] == [delivery.pk]  # it goes through the pipeline when due
    inspect_url = f"/admin/social/delivery/inspect/{delivery.pk}/"
    # (The author has been told of the approval; nobody of the delivery yet.)
    assert not Notice.objects.filter(url__contains=inspect_url).exists()
    with django_capture_on_commit_callbacks(execute=True):  # e-mails go after the commit
        services.deliver(delivery.pk)
        services.deliver(delivery.pk)  # a duplicate message tells nobody again
    delivery.refresh_from_db()
    assert delivery.status == Status.MANUAL
    notices = Notice.objects.filter(user=specialist, url__contains=inspect_url)
    assert notices.count() == 1
    assert post.title in notices.get().subject
    assert len([m for m in mailoutbox if m.subject == notices.get().subject]) == 1
    # It stays on the specialist's dashboard until it is marked as published.
    client = client_for(specialist)
    dashboard = client.get("/admin/").content.decode()
    assert 'id="social-manual-heading"' in dashboard and f'href="{inspect_url}"' in dashboard
    # Not on the dashboard of a specialist of another department.
    stranger = StaffProfileFactory(department=other_department, user=UserFactory()).user
    stranger.groups.add(Group.objects.get(name=SPECIALISTS))
    assert f'href="{inspect_url}"' not in client_for(stranger).get("/admin/").content.decode()
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
    specialist,
    head,
    fake_mastodon,
    monkeypatch,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    from kombu.exceptions import OperationalError

    from editorial.social.tasks import send_deliveries

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(send_deliveries, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        post = published_post([channel_for(fake_mastodon)], specialist, head)  # no error shown
    delivery = post.deliveries.get()
    assert f"delivery {delivery.pk} not queued; the relay sends it later" in caplog.text
    assert delivery.status == Status.PENDING and delivery.enqueued_at is None
    assert services.relay() == []  # too recent: the normal path may still deliver it
    settings.SOCIAL_RELAY_AFTER_SECONDS = 0
    sent = []
    monkeypatch.setattr(send_deliveries, "apply_async", lambda args, **kw: sent.extend(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.relay() == [delivery.pk]
    assert sent == [delivery.pk]
    services.deliver(delivery.pk)
    assert len(fake_mastodon.published) == 1


def test_mastodon_unknown_outcome_older_than_its_idempotency_window_is_looked_up(
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
    # The network forgot the key: the account's statuses are searched first
    # (nothing there), and only then is the post sent.
    assert fake_mastodon.requests_to("account_statuses")
    assert delivery.status == Status.SENT
    assert len(fake_mastodon.published) == 1


# ---------------------------------------------------------------- a slow network


class SlowFacebook(FakeFacebook):
    """Facebook where every call takes `seconds` of (frozen) time. While a call is
    "in progress", `meanwhile` runs: what the relay and other workers do at that moment."""

    def __init__(self):
        super().__init__()
        self.traveller = None
        self.seconds = 0
        self.meanwhile = None
        self.observed = []
        self._busy = threading.Lock()

    def _handle(self, handler):
        # Calls made by `meanwhile` itself are answered at once.
        if self.meanwhile and self._busy.acquire(blocking=False):
            try:
                self.traveller.shift(self.seconds)
                self.observed.append(self.meanwhile())
            finally:
                connections.close_all()  # this server thread's own connection
                self._busy.release()
        elif not self.meanwhile and self.traveller:
            self.traveller.shift(self.seconds)
        return super()._handle(handler)


@pytest.fixture
def slow_facebook(settings, monkeypatch):
    """A SlowFacebook the adapters reach (through the test-only API override)."""
    from tests.editorial.social.fixtures import _serve

    yield from _serve(SlowFacebook, settings, monkeypatch)


def slow_calls(fake, traveller, seconds):
    fake.traveller, fake.seconds = traveller, seconds
    return fake


@pytest.fixture
def default_timeouts(settings):
    # The project's defaults (cms/settings/base.py): a 180 s lease, (5, 20) s timeouts.
    settings.SOCIAL_HTTP_TIMEOUT = (5, 20)
    assert settings.SOCIAL_DELIVERY_LEASE_SECONDS == 180


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_photos_on_a_slow_network_outlive_the_lease_and_are_published_once(
    specialist, head, queued, default_timeouts, slow_facebook
):
    start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        fake = slow_calls(slow_facebook, traveller, 19)
        post = published_post([channel_for(fake)], specialist, head, images=10)
        delivery = post.deliveries.get()
        # At every call (11 calls of 19 s: 209 s), the relay runs and another worker
        # tries the same delivery.
        fake.meanwhile = lambda: (services.relay(), services.deliver(delivery.pk))
        services.deliver(delivery.pk)
        assert timezone.now() >= start + timedelta(seconds=209)  # longer than the lease
    assert len(fake.observed) == 11
    assert fake.observed == [([], None)] * 11  # nobody took it back, nobody sent it again
    assert len([p for p in fake.published if "message" in p]) == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert delivery.attempts == 1


def test_a_send_never_outlasts_its_deadline(
    specialist, head, queued, default_timeouts, settings, slow_facebook
):
    settings.SOCIAL_SEND_DEADLINE_SECONDS = 150
    start = datetime(2026, 5, 4, 9, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        fake = slow_calls(slow_facebook, traveller, 19)
        post = published_post([channel_for(fake)], specialist, head, images=10)
        delivery = post.deliveries.get()
        services.deliver(delivery.pk)
    delivery.refresh_from_db()
    # No call started after 150 s, and the publishing call, which needs its full
    # 25 s, was not started at all: nothing was published, so a retry is safe.
    assert len(fake.requests_to("photos")) == 8
    assert fake.requests_to("feed") == []
    assert delivery.status == Status.RETRYING
    assert not delivery.outcome_unknown


# ---------------------------------------------------------------- errors not from the network


def test_a_rotated_encryption_key_fails_the_delivery_and_tells_the_specialist(
    specialist, head, fake_mastodon, queued, settings
):
    from cryptography.fernet import Fernet

    post = published_post([channel_for(fake_mastodon)], specialist, head)
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.CONFIGURATION
    assert delivery.attempts == 1
    assert Notice.objects.filter(user=specialist, url__contains=str(delivery.pk)).exists()
    assert fake_mastodon.requests == []


def test_a_missing_image_file_fails_the_delivery_and_tells_the_specialist(
    specialist, head, fake_mastodon, queued
):
    post = published_post([channel_for(fake_mastodon)], specialist, head, images=1)
    image = post.images.get().image
    image.file.storage.delete(image.file.name)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.CONTENT
    assert Notice.objects.filter(user=specialist).exists()
    assert fake_mastodon.requests == []


def test_an_absurd_retry_after_is_clamped(
    specialist, head, fake_facebook, queued, django_capture_on_commit_callbacks
):
    fake_facebook.rate_limit("feed", retry_after=300000000000)
    post = published_post([channel_for(fake_facebook)], specialist, head)
    delivery = post.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.next_attempt_at <= timezone.now() + timedelta(days=1, minutes=1)
    assert queued == []  # a day's wait is kept in the database


def test_attempts_never_pass_the_maximum_when_workers_keep_dying(
    specialist, head, fake_mastodon, queued, settings
):
    settings.SOCIAL_MAX_ATTEMPTS = 3
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    for _ in range(3):  # each worker claims it and dies mid-send
        assert services.claim(delivery.pk)
        Delivery.objects.filter(pk=delivery.pk).update(lease_expires_at=timezone.now())
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert delivery.status == Status.NEEDS_ATTENTION
    assert Notice.objects.filter(user=specialist).exists()
    assert fake_mastodon.requests == []


# ---------------------------------------------------------------- a post leaves the live state


def test_unpublishing_a_post_cancels_its_deliveries(specialist, head, fake_mastodon, queued):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    post.unpublish(user=head)
    delivery = post.deliveries.get()
    assert delivery.status == Status.CANCELLED
    services.deliver(delivery.pk)
    assert fake_mastodon.requests == []
    # Published again: the cancelled delivery is opened with the new approval.
    revision = post.save_revision(user=specialist)
    revision.publish(user=head)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(fake_mastodon.published) == 1


def test_an_expired_post_is_not_sent(specialist, head, fake_mastodon, queued):
    from django.core.management import call_command

    post = published_post([channel_for(fake_mastodon)], specialist, head)
    SocialPost.objects.filter(pk=post.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled")
    delivery = post.deliveries.get()
    assert delivery.status == Status.CANCELLED
    services.deliver(delivery.pk)
    assert fake_mastodon.requests == []


def test_the_claim_rechecks_that_the_post_is_live(specialist, head, fake_mastodon, queued):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    SocialPost.objects.filter(pk=post.pk).update(live=False)  # no signal on this path
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.CANCELLED
    assert fake_mastodon.requests == []


def test_withdrawing_a_post_whose_send_may_have_arrived_asks_for_a_check(
    specialist, head, fake_facebook, queued
):
    fake_facebook.slow_then_succeed("feed", seconds=1.5)
    post = published_post([channel_for(fake_facebook)], specialist, head)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)  # times out: it may have been published
    post.unpublish(user=head)
    delivery.refresh_from_db()
    assert delivery.status == Status.NEEDS_ATTENTION
    assert Notice.objects.filter(user=specialist).exists()


def test_deleting_a_published_post_is_refused_with_a_message_not_a_server_error(
    specialist, head, superuser, fake_mastodon, queued, client_for
):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    client = client_for(superuser)
    url = f"/admin/snippets/social/socialpost/delete/{post.pk}/"
    with translation.override("lt"):
        expected = services.why_not_deletable(post)
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]] == [expected]
    assert SocialPost.objects.filter(pk=post.pk).exists()
    assert post.deliveries.count() == 1


def test_a_post_withdrawn_before_anything_was_sent_can_be_deleted(
    specialist, head, superuser, fake_mastodon, queued, client_for
):
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    post.unpublish(user=head)
    response = client_for(superuser).post(f"/admin/snippets/social/socialpost/delete/{post.pk}/")
    assert response.status_code == 302
    assert not SocialPost.objects.filter(pk=post.pk).exists()
    assert not Delivery.objects.exists()


# ---------------------------------------------------------------- a person's retry


def test_a_round_fails_when_its_attempts_run_out_and_a_persons_retry_starts_a_new_one(
    specialist, head, fake_mastodon, queued, settings
):
    settings.SOCIAL_MAX_ATTEMPTS = 2
    # A backoff far longer than the test takes, so "later" cannot be the clock's tick.
    settings.SOCIAL_RETRY_BASE_SECONDS = 60
    settings.SOCIAL_RETRY_MAX_SECONDS = 120
    fake_mastodon.fail("statuses", status=503, times=None)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()

    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 1)  # one failure: retried
    notices = Notice.objects.filter(user=specialist)
    told_before = notices.count()
    make_due(delivery)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    # The round's last attempt failed too: failed, nothing published, the author told once.
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 2)
    assert delivery.error_kind == Delivery.ErrorKind.TEMPORARY
    assert fake_mastodon.published == []
    assert notices.count() == told_before + 1
    make_due(delivery)
    services.deliver(delivery.pk)  # a stray message: the round is over
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 2)
    assert notices.count() == told_before + 1

    assert services.retry(delivery, specialist)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    # A new round: its first failure waits with a backoff instead of failing at once.
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 1)
    waits = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert 60 <= waits <= 120
    assert fake_mastodon.published == []


# ---------------------------------------------------------------- speed


def test_a_delivery_costs_a_few_queries_and_never_rebuilds_the_revision(
    specialist, head, fake_mastodon, fake_linkedin, queued, django_assert_max_num_queries
):
    post = published_post(
        [channel_for(fake_mastodon), channel_for(fake_linkedin)], specialist, head, images=2
    )
    # What each channel gets was built at approval, from the approved revision.
    for delivery in post.deliveries.select_related("channel", "revision"):
        built = services.content_for(delivery.revision.as_object(), delivery.channel)
        assert delivery.content == built
        assert len(built["media"]) == 2
    for delivery in post.deliveries.order_by("pk"):
        # Claim (one UPDATE ... RETURNING with the content and the channel), the
        # result: the first delivery of a post as cheap as the next.
        with django_assert_max_num_queries(2):
            services.deliver(delivery.pk)
    assert Delivery.objects.filter(status=Status.SENT).count() == 2


def test_a_delivery_written_before_content_was_stored_is_built_from_its_revision(
    specialist, head, fake_mastodon, queued
):
    post = published_post([channel_for(fake_mastodon)], specialist, head, images=1)
    delivery = post.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(content=None)
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    [published] = fake_mastodon.published
    assert published["status"] == post.text
    assert [m["description"] for m in published["media"]] == ["Skaitytojai bibliotekoje 1"]


# ---------------------------------------------------------------- broker down


def test_with_the_broker_down_an_approval_tries_it_once_and_leaves_the_rest_to_the_relay(
    specialist,
    head,
    fake_mastodon,
    fake_facebook,
    monkeypatch,
    settings,
    django_capture_on_commit_callbacks,
):
    import socket

    from cms.celery import app

    # An unreachable broker (nothing listens on port 1), with the project's configuration.
    unreachable = "redis://127.0.0.1:1/6"
    # The configuration first: Celery's `conf.broker_url` reads the environment before
    # its settings, so patched after setenv it would "restore" the unreachable URL.
    monkeypatch.setattr(app.conf, "broker_url", unreachable)
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)  # Celery reads it before its settings
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    attempts = []
    connect = socket.socket.connect

    def counting_connect(sock, address):
        if address[1:2] == (1,):
            attempts.append(address)
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", counting_connect)
    channels = [channel_for(fake_mastodon), channel_for(fake_facebook)]
    with django_capture_on_commit_callbacks() as callbacks:
        post = published_post(channels, specialist, head)
    # The pipeline's own hand-over (Wagtail's index tasks have their own).
    handover = [
        c for c in callbacks if getattr(c, "__qualname__", "").startswith("create_deliveries")
    ]
    assert len(handover) == 1
    handover[0]()  # no error reaches the head
    assert len(attempts) == 1  # no retry policy: one attempt, not one per retry
    assert set(post.deliveries.values_list("status", flat=True)) == {Status.PENDING}
    assert not post.deliveries.filter(enqueued_at__isnull=False).exists()
    settings.SOCIAL_RELAY_AFTER_SECONDS = 0
    assert sorted(services.relay()) == sorted(post.deliveries.values_list("pk", flat=True))


# ---------------------------------------------------------------- several per message


def test_an_approval_hands_the_posts_deliveries_over_in_one_message(
    specialist, head, fake_mastodon, fake_facebook, fake_linkedin, queued, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.SOCIAL_DELIVERIES_PER_MESSAGE = 2  # the relay's share; a post's go together
    fakes = (fake_mastodon, fake_facebook, fake_linkedin)
    with django_capture_on_commit_callbacks(execute=True):
        post = published_post([channel_for(fake) for fake in fakes], specialist, head)
    [(ids, options)] = queued.messages
    assert sorted(ids) == sorted(post.deliveries.values_list("pk", flat=True))
    assert not options.get("countdown")
    assert post.deliveries.filter(enqueued_at__isnull=True).count() == 0


def test_the_relay_puts_a_few_deliveries_in_each_message(
    specialist, head, fake_mastodon, fake_facebook, fake_linkedin, queued, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    fakes = (fake_mastodon, fake_facebook, fake_linkedin)
    post = published_post([channel_for(fake) for fake in fakes], specialist, head)
    queued.clear()
    queued.messages.clear()
    Delivery.objects.update(enqueued_at=None)  # as if the broker had been down
    settings.SOCIAL_RELAY_AFTER_SECONDS = 0
    settings.SOCIAL_DELIVERIES_PER_MESSAGE = 2
    with django_capture_on_commit_callbacks(execute=True):
        relayed = services.relay()
    assert sorted(relayed) == sorted(post.deliveries.values_list("pk", flat=True))
    assert [len(ids) for ids, _ in queued.messages] == [2, 1]
    assert sorted(pk for pk, _ in queued) == sorted(relayed)


def test_a_message_of_several_deliveries_sends_each_once_whatever_is_repeated(
    specialist, head, fake_mastodon, fake_facebook, fake_linkedin, queued
):
    fakes = (fake_mastodon, fake_facebook, fake_linkedin)
    post = published_post([channel_for(fake) for fake in fakes], specialist, head, images=1)
    ids = list(post.deliveries.order_by("pk").values_list("pk", flat=True))
    services.deliver_each([*ids, ids[0]])  # a message naming one delivery twice
    services.deliver_each(ids)  # the same message handed over again
    assert set(post.deliveries.values_list("status", flat=True)) == {Status.SENT}
    assert list(post.deliveries.values_list("attempts", flat=True)) == [1, 1, 1]
    assert len(fake_mastodon.published) == 1
    assert len([p for p in fake_facebook.published if "message" in p]) == 1
    assert len(fake_linkedin.published) == 1


def test_a_message_of_several_deliveries_costs_two_queries_each(
    specialist, head, fake_mastodon, fake_facebook, fake_linkedin, queued,
    django_assert_max_num_queries,
):  # fmt: skip
    fakes = (fake_mastodon, fake_facebook, fake_linkedin)
    post = published_post([channel_for(fake) for fake in fakes], specialist, head, images=1)
    ids = list(post.deliveries.values_list("pk", flat=True))
    with django_assert_max_num_queries(2 * len(ids)):  # each: claim with channel, result
        services.deliver_each(ids)
    assert set(post.deliveries.values_list("status", flat=True)) == {Status.SENT}


def test_a_database_error_stops_only_the_delivery_it_hit(
    specialist, head, fake_mastodon, fake_linkedin, queued, monkeypatch
):
    import importlib

    from django.db import OperationalError

    deliver_module = importlib.import_module("editorial.social.services.deliver")

    post = published_post(
        [channel_for(fake_mastodon), channel_for(fake_linkedin)], specialist, head
    )
    first, second = post.deliveries.order_by("pk")
    real_claim = deliver_module.claim

    def claim(delivery_id):
        if delivery_id == first.pk:
            raise OperationalError("server closed the connection unexpectedly")
        return real_claim(delivery_id)

    monkeypatch.setattr(deliver_module, "claim", claim)
    with pytest.raises(OperationalError):  # the message is logged as failed...
        services.deliver_each([first.pk, second.pk])
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Status.SENT  # ...after the others were sent
    assert first.status == Status.PENDING  # untouched: the relay hands it over again
    assert first.attempts == 0
    monkeypatch.setattr(deliver_module, "claim", real_claim)
    services.deliver_each([first.pk])
    first.refresh_from_db()
    assert first.status == Status.SENT
