"""The outbox: deliveries written with the publish, handed to the broker after
commit, cancelled when the post is withdrawn, and enqueued by the periodic relay
when they are due (a retry's time has come) or when the broker lost them."""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.broker import hand_over

from ..models import Delivery
from .common import setting, tell_specialists
from .content import content_for

logger = logging.getLogger("editorial.social.services")
Status = Delivery.Status
Kind = Delivery.ErrorKind


def create_deliveries(post, revision):
    """Write one delivery per active target channel (called inside the publish
    transaction). A delivery cancelled when the post was withdrawn is opened again
    with the newly approved revision."""
    content = revision.as_object()
    now = timezone.now()
    scheduled_for = content.go_live_at if content.go_live_at and content.go_live_at <= now else now
    to_send = []
    for channel in content.channels.all():
        if not channel.active:
            continue
        built = content_for(content, channel)  # once, here, not in every worker
        delivery, created = Delivery.objects.get_or_create(
            post=post,
            channel=channel,
            defaults={"revision": revision, "content": built, "scheduled_for": scheduled_for},
        )
        if not created and delivery.status == Status.CANCELLED:
            created = Delivery.objects.filter(pk=delivery.pk, status=Status.CANCELLED).update(
                status=Status.PENDING,
                revision=revision,
                content=built,
                scheduled_for=scheduled_for,
                attempts=0,
                next_attempt_at=None,
                first_attempt_at=None,
                enqueued_at=None,
                outcome_unknown=False,
                error_kind=Kind.NONE,
                error_message="",
            )
        if created:
            to_send.append(delivery.pk)
    if to_send:
        # One message for the post's deliveries (however many channels it has).
        transaction.on_commit(lambda: enqueue(to_send, per_message=len(to_send)))
    return to_send


def cancel_open_deliveries(post):
    """The post left the live state (unpublished, expired): what has not gone out
    stays in. A delivery whose earlier attempt may have reached the network is
    flagged for checking instead; a send already in flight finishes (its next
    attempt, if any, is stopped by the claim)."""
    waiting = Delivery.objects.filter(post=post, status__in=Delivery.WAITING_STATES)
    cancelled = waiting.filter(outcome_unknown=False).update(
        status=Status.CANCELLED,
        next_attempt_at=None,
        error_kind=Kind.WITHDRAWN,
        error_message=str(_("The post was withdrawn before it was sent.")),
    )
    unclear = list(waiting.filter(outcome_unknown=True).select_related("post"))
    message = str(
        _(
            "The post was withdrawn, but an earlier attempt may have reached the network. "
            "Check the account and remove the post there if it was published."
        )
    )
    for delivery in unclear:
        if Delivery.objects.filter(pk=delivery.pk, status=delivery.status).update(
            status=Status.NEEDS_ATTENTION,
            next_attempt_at=None,
            error_kind=Kind.WITHDRAWN,
            error_message=message,
        ):
            delivery.error_message = message
            tell_specialists(delivery, _("A post needs checking: %(post)s") % {"post": post})
    return cancelled + len(unclear)


def deliveries_per_message():
    """How many deliveries the relay puts in one message (a post's deliveries go in
    one message whatever their number: a post has a handful of channels)."""
    return max(1, int(setting("SOCIAL_DELIVERIES_PER_MESSAGE", 10)))


def enqueue(delivery_ids, countdown=None, per_message=None):
    """Hand deliveries to the broker, once each (`cms.broker.hand_over`), several
    per message (`tasks.send_deliveries`: each is still claimed and sent on its
    own). A broker outage is logged, not raised, and fails fast: the relay finds
    deliveries that were never enqueued and tries again."""
    from ..tasks import send_deliveries

    ids = list(delivery_ids)
    size = per_message or deliveries_per_message()
    sent = []
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        what = ", ".join(str(pk) for pk in chunk)
        if not hand_over(
            send_deliveries,
            (chunk,),
            what=f"{'delivery' if len(chunk) == 1 else 'deliveries'} {what}",
            then="the relay sends " + ("it" if len(chunk) == 1 else "them") + " later",
            countdown=countdown,
        ):
            break  # the broker is down: do not wait once per message
        sent.extend(chunk)
    if sent:
        Delivery.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    return sent


def _locking(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset  # SQLite: BEGIN IMMEDIATE serialises writers instead


def relay(limit=500):
    """Enqueue what is due: retries whose time has come (their wait is kept in the
    database, not in the broker), and deliveries whose message was lost (broker
    down, worker killed). Claimed with SKIP LOCKED on PostgreSQL so several relays
    never fight."""
    now = timezone.now()
    stale = now - timedelta(seconds=setting("SOCIAL_RELAY_AFTER_SECONDS", 60))
    due = (
        Q(status=Status.PENDING, created_at__lte=stale)
        | Q(status=Status.RETRYING, next_attempt_at__lte=now)
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
