"""Taking one delivery for one attempt (a lease), and recording the attempt's
outcome only while that attempt still owns the delivery (fencing)."""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from ..models import Delivery
from .common import setting

logger = logging.getLogger("editorial.social.services")
Status = Delivery.Status


def _row_lock(queryset):
    """Wait for the row instead of skipping it: rows are locked only for short
    statements (another claim, enqueue's `enqueued_at`, the relay, a retry), never
    during a send, and a claim that skipped a locked row would drop its message."""
    if connection.features.has_select_for_update:
        # OF the delivery only: the joined channel row is read, not locked.
        return queryset.select_for_update(of=("self",))
    return queryset


def claim(delivery_id):
    """Take a due delivery for one attempt. Returns (delivery, recovering) or None."""
    now = timezone.now()
    lease = timedelta(seconds=setting("SOCIAL_DELIVERY_LEASE_SECONDS", 180))
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


def finish(delivery, **fields):
    """Record an attempt's outcome unless a newer attempt has taken over (fencing)."""
    updated = Delivery.objects.filter(
        pk=delivery.pk, status=Status.SENDING, attempts=delivery.attempts
    ).update(lease_expires_at=None, **fields)
    if not updated:
        logger.warning("Delivery %s: a newer attempt owns it; result not recorded", delivery.pk)
    return bool(updated)
