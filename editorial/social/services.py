"""The publishing pipeline: outbox, claiming, sending, retrying, relaying.

Exactly once: a delivery row is created in the publishing transaction (outbox);
a worker claims it with a lease before calling the network and records the
result with a fencing check (the attempt number), so a late worker cannot
overwrite a newer attempt. A claim whose earlier attempt may have reached the
network (lease expired mid-send, or a timeout) is resolved by an idempotent
re-send or by looking on the network (reconcile); when neither is possible the
delivery is flagged for a human instead of risking a double post.
"""

import logging
import mimetypes
import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.notifications import notify
from cms.roles import SPECIALISTS

from . import channel_audit
from .adapters.base import (
    AuthorisationError,
    ChannelAccess,
    DeliveryError,
    MediaItem,
    OutgoingPost,
    PermanentError,
    RetryableError,
    UnknownOutcome,
)
from .endpoints import web_url
from .models import Delivery
from .permissions import can_mark_posted, can_retry_delivery

logger = logging.getLogger(__name__)
Status = Delivery.Status
Kind = Delivery.ErrorKind


def _setting(name, default):
    return getattr(settings, name, default)


# ---------------------------------------------------------------- outbox


def create_deliveries(post, revision):
    """Write one delivery per active target channel (called inside the publish transaction)."""
    content = revision.as_object()
    now = timezone.now()
    scheduled_for = content.go_live_at if content.go_live_at and content.go_live_at <= now else now
    to_send = []
    for channel in content.channels.all():
        if not channel.active:
            continue
        delivery, created = Delivery.objects.get_or_create(
            post=post,
            channel=channel,
            defaults={
                "revision": revision,
                "scheduled_for": scheduled_for,
                "status": Status.MANUAL if channel.is_manual else Status.PENDING,
            },
        )
        if created and delivery.status == Status.PENDING:
            to_send.append(delivery.pk)
    if to_send:
        transaction.on_commit(lambda: enqueue(to_send))
    return to_send


def enqueue(delivery_ids, countdown=None):
    """Hand deliveries to the broker. A broker outage is logged, not raised: the relay
    finds deliveries that were never enqueued and tries again."""
    from .tasks import send_delivery

    sent = []
    for pk in delivery_ids:
        try:
            send_delivery.apply_async((pk,), countdown=countdown)
        except Exception:  # kombu raises several types when the broker is down
            logger.warning("Broker unavailable; delivery %s left to the relay", pk, exc_info=True)
            break
        sent.append(pk)
    if sent:
        Delivery.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    return sent


def _locking(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset  # SQLite: BEGIN IMMEDIATE serialises writers instead


def _row_lock(queryset):
    """Wait for the row instead of skipping it: rows are locked only for short
    statements (another claim, enqueue's `enqueued_at`, the relay, a retry), never
    during a send, and a claim that skipped a locked row would drop its message."""
    if connection.features.has_select_for_update:
        # OF the delivery only: the joined channel row is read, not locked.
        return queryset.select_for_update(of=("self",))
    return queryset


# ---------------------------------------------------------------- claiming


def claim(delivery_id):
    """Take a due delivery for one attempt. Returns (delivery, recovering) or None."""
    now = timezone.now()
    lease = timedelta(seconds=_setting("SOCIAL_DELIVERY_LEASE_SECONDS", 180))
    with transaction.atomic():
        # The channel and the approved revision come in the same query: deliver() needs both.
        rows = Delivery.objects.filter(pk=delivery_id).select_related("channel", "revision")
        delivery = _row_lock(rows).first()
        if delivery is None:
            return None  # it is gone
        if delivery.status in (Status.PENDING, Status.RETRYING):
            if delivery.next_attempt_at and delivery.next_attempt_at > now:
                return None  # an early duplicate message; the scheduled one will come
            recovering = delivery.outcome_unknown
        elif delivery.status == Status.SENDING and delivery.lease_expires_at <= now:
            recovering = True  # the worker holding it died mid-send
        else:
            return None  # already sent, failed, in progress, or manual
        delivery.status = Status.SENDING
        delivery.attempts += 1
        delivery.lease_expires_at = now + lease
        delivery.last_attempt_at = now
        delivery.first_attempt_at = delivery.first_attempt_at or now
        delivery.outcome_unknown = recovering
        # An UPDATE, not save(): post_save would enqueue a Wagtail reference-index task
        # for every claim (the references of a delivery never change after it is written).
        Delivery.objects.filter(pk=delivery.pk).update(
            status=delivery.status,
            attempts=delivery.attempts,
            lease_expires_at=delivery.lease_expires_at,
            last_attempt_at=delivery.last_attempt_at,
            first_attempt_at=delivery.first_attempt_at,
            outcome_unknown=delivery.outcome_unknown,
        )
    return delivery, recovering


def _finish(delivery, **fields):
    """Record an attempt's outcome unless a newer attempt has taken over (fencing)."""
    updated = Delivery.objects.filter(
        pk=delivery.pk, status=Status.SENDING, attempts=delivery.attempts
    ).update(lease_expires_at=None, **fields)
    if not updated:
        logger.warning("Delivery %s: a newer attempt owns it; result not recorded", delivery.pk)
    return bool(updated)


# ---------------------------------------------------------------- content


def outgoing_for(delivery):
    """The approved revision's content as this channel gets it."""
    post = delivery.revision.as_object() if delivery.revision_id else delivery.post
    channel = delivery.channel
    media = []
    for item in post.images_for(channel):
        image = item.image
        with image.open_file() as handle:
            data = handle.read()
        content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        media.append(
            MediaItem(
                filename=image.file.name.rsplit("/", 1)[-1],
                content_type=content_type,
                data=data,
                alt_text=item.alt_text,
                public_url=f"{settings.WAGTAILADMIN_BASE_URL}{image.file.url}",
            )
        )
    return OutgoingPost(
        text=post.text_for(channel), link=post.link_for(channel), media=tuple(media)
    )


def manual_package(delivery):
    """What a person needs to publish a delivery by hand: text, link, images with alt text."""
    post = delivery.revision.as_object() if delivery.revision_id else delivery.post
    channel = delivery.channel
    return {
        "text": post.text_for(channel),
        "link": post.link_for(channel),
        "media": [
            {"filename": item.image.filename, "url": item.image.file.url, "alt_text": item.alt_text}
            for item in post.images_for(channel)
        ],
    }


def adapter_for(channel):
    from .adapters import get_adapter

    return get_adapter(channel.network)


def access_for(channel):
    return ChannelAccess(
        network=channel.network,
        api_base=channel.api_base,
        account_id=channel.account_id,
        credentials=channel.get_credentials(),
    )


# ---------------------------------------------------------------- sending


def backoff_seconds(attempt, retry_after=None):
    """Exponential backoff with full jitter; a network's Retry-After wins when longer."""
    base = _setting("SOCIAL_RETRY_BASE_SECONDS", 10)
    cap = _setting("SOCIAL_RETRY_MAX_SECONDS", 3600)
    delay = random.uniform(base, min(cap, base * 2 ** max(attempt - 1, 0)))  # noqa: S311
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return delay


def rate_limit_wait(channel):
    """Seconds to wait before this channel may publish again (e.g. Instagram: 50 per 24 h)."""
    limit = channel.rules.max_posts_per_24h
    if not limit:
        return 0
    since = timezone.now() - timedelta(hours=24)
    sent = Delivery.objects.filter(channel=channel, status=Status.SENT, sent_at__gte=since)
    if sent.count() < limit:
        return 0
    oldest = sent.order_by("sent_at").values_list("sent_at", flat=True)[0]
    return max((oldest + timedelta(hours=24) - timezone.now()).total_seconds(), 1)


def deliver(delivery_id):
    """One attempt at one delivery (the Celery task calls this)."""
    claimed = claim(delivery_id)
    if claimed is None:
        return None
    from .adapters.base import ManualDeliveryRequired

    delivery, recovering = claimed
    channel = delivery.channel
    adapter = adapter_for(channel)
    key = str(delivery.idempotency_key)
    try:
        if not channel.has_credentials:
            raise PermanentError(_("The channel has no credentials; connect the account first."))
        access = access_for(channel)
        post = outgoing_for(delivery)
        if recovering and not _resend_is_safe(adapter, delivery):
            if not adapter.can_reconcile:
                return _needs_attention(
                    delivery,
                    _(
                        "An earlier attempt may have reached the network and this network "
                        "cannot be checked automatically. Check the account and mark the post "
                        "as published, or retry."
                    ),
                )
            since = delivery.first_attempt_at - timedelta(minutes=5)
            found = adapter.reconcile(access, post, key, since)
            if found is not None:
                return _sent(delivery, found)
        wait = rate_limit_wait(channel)
        if wait:
            return _retry_later(
                delivery,
                wait,
                Kind.TEMPORARY,
                _("The network's daily publishing limit is reached; the post waits its turn."),
                count_attempt=False,
            )
        result = adapter.send(access, post, key)
    except ManualDeliveryRequired:
        return _finish(delivery, status=Status.MANUAL)
    except RetryableError as error:
        return _retry(delivery, error)
    except AuthorisationError as error:
        _failed(delivery, Kind.AUTHORISATION, error)
        # One notice per channel (when it becomes "needs re-authorisation"), not per delivery.
        channel_audit.access_expired(channel, error.message, also=[delivery.post.author])
        return False
    except PermanentError as error:
        kind = Kind.CONFIGURATION if not channel.has_credentials else Kind.VALIDATION
        return _failed(delivery, kind, error)
    except UnknownOutcome as error:
        if recovering and not _resend_is_safe(adapter, delivery):
            return _needs_attention(delivery, _check_by_hand())
        # Next attempt must first find out whether this one published (or, on an
        # idempotent network, re-send with the same key while it remembers it).
        return _retry(delivery, error, outcome_unknown=True)
    except DeliveryError as error:  # a new kind of error: never lose it silently
        return _needs_attention(delivery, error.message)
    return _sent(delivery, result)


def _resend_is_safe(adapter, delivery):
    """An idempotent network dedupes a re-send only while it remembers the key,
    and the re-send must reach it before it forgets (the send may take up to
    the adapter's max_send_seconds)."""
    if not adapter.idempotent:
        return False
    window = getattr(adapter, "idempotency_window", None)
    age = (timezone.now() - delivery.first_attempt_at).total_seconds()
    return window is None or age + getattr(adapter, "max_send_seconds", 0) < window


def _check_by_hand():
    return _(
        "The network did not confirm the post and it may already be published. "
        "Check the account, then mark the post as published or retry."
    )


def _sent(delivery, result):
    return _finish(
        delivery,
        status=Status.SENT,
        sent_at=timezone.now(),
        remote_id=result.remote_id[:300],
        remote_url=result.url[:1000],
        outcome_unknown=False,
        error_kind=Kind.NONE,
        error_message="",
        next_attempt_at=None,
    )


def _failed(delivery, kind, error):
    return _finish(
        delivery,
        status=Status.FAILED,
        error_kind=kind,
        error_message=str(error.message),
        next_attempt_at=None,
    )


def _needs_attention(delivery, message):
    done = _finish(
        delivery,
        status=Status.NEEDS_ATTENTION,
        error_kind=Kind.UNKNOWN_OUTCOME,
        error_message=str(message),
        next_attempt_at=None,
    )
    if done:
        _tell_specialists(delivery, _("A post needs checking: %(post)s") % {"post": delivery.post})
    return done


def _retry(delivery, error, outcome_unknown=False):
    if delivery.attempts >= _setting("SOCIAL_MAX_ATTEMPTS", 8):
        if outcome_unknown:
            return _needs_attention(delivery, _check_by_hand())
        return _failed(delivery, Kind.TEMPORARY, error)
    delay = backoff_seconds(delivery.attempts, getattr(error, "retry_after", None))
    kind = Kind.UNKNOWN_OUTCOME if outcome_unknown else Kind.TEMPORARY
    return _retry_later(delivery, delay, kind, error.message, outcome_unknown=outcome_unknown)


def _retry_later(delivery, delay, kind, message, outcome_unknown=False, count_attempt=True):
    fields = {
        "status": Status.RETRYING,
        "next_attempt_at": timezone.now() + timedelta(seconds=delay),
        "error_kind": kind,
        "error_message": str(message),
        "outcome_unknown": outcome_unknown,
    }
    if not count_attempt:
        fields["attempts"] = delivery.attempts - 1
    if _finish(delivery, **fields):
        transaction.on_commit(lambda: enqueue([delivery.pk], countdown=delay))
        return True
    return False


def _tell_specialists(delivery, subject):
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(groups__name=SPECIALISTS, is_active=True))
    if delivery.post.author and delivery.post.author not in users:
        users.append(delivery.post.author)
    url = reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])
    notify(users, subject, delivery.error_message or subject, url=url)


# ---------------------------------------------------------------- relay


def relay(limit=500):
    """Re-enqueue deliveries whose message was lost (broker down, worker killed).

    Claimed with SKIP LOCKED on PostgreSQL so several relays never fight.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=_setting("SOCIAL_RELAY_AFTER_SECONDS", 60))
    due = (
        Q(status=Status.PENDING, created_at__lte=stale)
        | Q(status=Status.RETRYING, next_attempt_at__lte=stale)
        | Q(status=Status.SENDING, lease_expires_at__lte=now)
    )
    not_recent = Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale)
    with transaction.atomic():
        ids = list(
            _locking(
                Delivery.objects.filter(due & not_recent).order_by("scheduled_for")
            ).values_list("pk", flat=True)[:limit]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
            transaction.on_commit(lambda: enqueue(ids))
    return ids


# ---------------------------------------------------------------- people's actions


def retry(delivery, user):
    """A person asks to try a failed or unclear delivery again."""
    decision = can_retry_delivery(user, delivery)
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[Status.FAILED, Status.NEEDS_ATTENTION]
        ).update(
            status=Status.PENDING,
            next_attempt_at=None,
            outcome_unknown=False,
            error_kind=Kind.NONE,
            error_message="",
            enqueued_at=None,
        )
        if updated:
            transaction.on_commit(lambda: enqueue([delivery.pk]))
    return bool(updated)


def mark_posted(delivery, user, url):
    """A person published it by hand (manual channel) or found it on the network."""
    decision = can_mark_posted(user, delivery)
    if not decision:
        raise PermissionDenied(decision.reason)
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk, status__in=[Status.MANUAL, Status.NEEDS_ATTENTION, Status.FAILED]
        ).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            remote_url=web_url(url),  # only http(s) is ever shown as a link
            error_kind=Kind.NONE,
            error_message="",
            outcome_unknown=False,
        )
    )
