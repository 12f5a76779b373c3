"""What people do with deliveries: retry one, mark one as published by hand, and
the copy-ready package they publish from."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Delivery
from ..permissions import can_mark_posted, can_retry_delivery
from .relay import enqueue

Status = Delivery.Status
Kind = Delivery.ErrorKind


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
            remote_url=url,
            error_kind=Kind.NONE,
            error_message="",
            outcome_unknown=False,
        )
    )
