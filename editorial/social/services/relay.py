"""The outbox: deliveries written with the publish, handed to the broker after
commit, and re-enqueued by the periodic relay when the broker lost them."""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Delivery
from .common import setting

logger = logging.getLogger("editorial.social.services")
Status = Delivery.Status


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
    from ..tasks import send_delivery

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


def relay(limit=500):
    """Re-enqueue deliveries whose message was lost (broker down, worker killed).

    Claimed with SKIP LOCKED on PostgreSQL so several relays never fight.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=setting("SOCIAL_RELAY_AFTER_SECONDS", 60))
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
