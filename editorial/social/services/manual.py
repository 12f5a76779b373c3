"""What people do with deliveries: retry one, mark one as published by hand, see
the copy-ready package, and delete a post only when nothing of it went out."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..endpoints import web_url
from ..models import Delivery
from ..permissions import can_mark_posted, can_retry_delivery
from .relay import enqueue

Status = Delivery.Status
Kind = Delivery.ErrorKind


def manual_package(delivery):
    """What a person needs to publish a delivery by hand: text, link, images with
    alt text. Built by the manual adapter, the one builder of the package."""
    from ..adapters.manual import ManualAdapter
    from .content import outgoing_for

    post = outgoing_for(delivery, with_data=False)
    return ManualAdapter(delivery.channel.network).package(post)


def retry(delivery, user):
    """A person asks to try a failed or unclear delivery again: a new round, with
    its own attempts and backoff."""
    decision = can_retry_delivery(user, delivery)
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[Status.FAILED, Status.NEEDS_ATTENTION]
        ).update(
            status=Status.PENDING,
            attempts=0,
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


def why_not_deletable(post):
    """None when the post may be deleted, else the reason (translated). A post that
    went out, or may still go out, keeps its record; deliveries cancelled before
    sending go with it."""
    if post.deliveries.exclude(status=Status.CANCELLED).exists():
        return _(
            "“%(title)s” cannot be deleted: it has been sent, or is being sent, to social "
            "networks, and its deliveries are the record of that. Unpublish it instead: "
            "deliveries not yet sent are then cancelled."
        ) % {"title": post.title}
    return None


def delete_cancelled_deliveries(post):
    return post.deliveries.filter(status=Status.CANCELLED).delete()[0]
