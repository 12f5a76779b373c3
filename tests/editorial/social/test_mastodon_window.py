"""Mastodon's Idempotency-Key window through the pipeline: while the instance
remembers the key (an hour), a delivery whose outcome is unknown is re-sent with
the same key, however often it times out; after that a person must check."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.translation import gettext

from editorial.social import services
from editorial.social.adapters import MastodonAdapter, OutgoingPost
from editorial.social.models import Delivery
from tests.editorial.social.helpers import channel_for, published_post

pytestmark = pytest.mark.django_db

Status = Delivery.Status
CHECK_BY_HAND = (
    "The network did not confirm the post and it may already be published. "
    "Check the account, then mark the post as published or retry."
)
CANNOT_BE_CHECKED = (
    "An earlier attempt may have reached the network and this network "
    "cannot be checked automatically. Check the account and mark the post "
    "as published, or retry."
)
SKLAIDA_WILL_CHECK = (
    "The network did not confirm the post in time; it may already be published. "
    "Sklaida will check before sending it again"
)


@pytest.fixture(autouse=True)
def quick(settings, monkeypatch):
    settings.SOCIAL_RETRY_BASE_SECONDS = 0.01
    settings.SOCIAL_RETRY_MAX_SECONDS = 0.05
    settings.SOCIAL_HTTP_TIMEOUT = (1, 0.5)
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)


def attempt(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_second_timeout_inside_the_window_is_resent_with_the_same_key(
    specialist, head, fake_mastodon
):
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5, times=2)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()

    assert attempt(delivery).status == Status.RETRYING  # timed out, published
    assert attempt(delivery).status == Status.RETRYING  # timed out again: not given up
    assert delivery.outcome_unknown
    assert attempt(delivery).status == Status.SENT

    assert len(fake_mastodon.published) == 1
    keys = [r.header("Idempotency-Key") for r in fake_mastodon.requests_to("statuses")]
    assert keys == [str(delivery.idempotency_key)] * 3
    assert delivery.remote_id == fake_mastodon.published[0]["id"]


def test_after_the_window_the_account_is_searched_instead_of_resending(
    specialist, head, fake_mastodon
):
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    with time_machine.travel(timezone.now()) as clock:
        assert attempt(delivery).status == Status.RETRYING
        first = fake_mastodon.published[0]["id"]
        for number in range(7):  # newer statuses: the post is on the second page
            MastodonAdapter().send(
                fake_mastodon.access(), OutgoingPost(f"Naujiena {number}"), f"n-{number}"
            )
        clock.shift(timedelta(minutes=61))  # the instance has forgotten the key
        delivery = attempt(delivery)

    assert delivery.status == Status.SENT
    assert delivery.remote_id == first
    assert len(fake_mastodon.published) == 8  # found, not sent again
    assert len(fake_mastodon.requests_to("account_statuses")) == 2


def test_a_resend_that_could_reach_the_instance_after_the_window_is_not_made(
    specialist, head, fake_mastodon
):
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    with time_machine.travel(timezone.now()) as clock:
        attempt(delivery)
        clock.shift(timedelta(minutes=59))  # the send may take longer than the minute left
        delivery = attempt(delivery)
    assert delivery.status == Status.SENT  # found by looking, not by re-sending
    assert len(fake_mastodon.requests_to("statuses")) == 1
    assert len(fake_mastodon.requests_to("account_statuses")) == 1


def test_after_the_window_a_person_checks_when_the_account_cannot_be_read(
    specialist, head, fake_mastodon
):
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5)
    fake_mastodon.fail("account_statuses", status=503)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    with time_machine.travel(timezone.now()) as clock:
        attempt(delivery)
        clock.shift(timedelta(minutes=61))
        delivery = attempt(delivery)
    assert delivery.status == Status.NEEDS_ATTENTION
    assert len(fake_mastodon.requests_to("statuses")) == 1  # no blind second status
    assert delivery.error_message == gettext(CHECK_BY_HAND)
    assert delivery.error_message != gettext(SKLAIDA_WILL_CHECK)


def test_when_the_attempts_run_out_a_person_is_told_to_check(
    specialist, head, fake_mastodon, settings
):
    settings.SOCIAL_MAX_ATTEMPTS = 2
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5, times=2)
    post = published_post([channel_for(fake_mastodon)], specialist, head)
    delivery = post.deliveries.get()
    attempt(delivery)
    delivery = attempt(delivery)
    assert delivery.status == Status.NEEDS_ATTENTION
    assert delivery.error_message == gettext(CHECK_BY_HAND)
    assert delivery.error_message != gettext(SKLAIDA_WILL_CHECK)
