"""One attempt at one delivery: the outgoing content, the adapter, and what each
outcome means (sent, retry later, failed, needs checking)."""

import mimetypes
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..adapters.base import (
    AuthorisationError,
    ChannelAccess,
    DeliveryError,
    ManualDeliveryRequired,
    MediaItem,
    OutgoingPost,
    PermanentError,
    RetryableError,
    UnknownOutcome,
)
from ..models import Delivery
from .claim import claim, finish
from .common import setting, tell_specialists
from .relay import enqueue

Status = Delivery.Status
Kind = Delivery.ErrorKind


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


def adapter_for(channel):
    from ..adapters import get_adapter

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
    base = setting("SOCIAL_RETRY_BASE_SECONDS", 10)
    cap = setting("SOCIAL_RETRY_MAX_SECONDS", 3600)
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
        return finish(delivery, status=Status.MANUAL)
    except RetryableError as error:
        return _retry(delivery, error)
    except AuthorisationError as error:
        channel.mark_needs_reauthorisation(error.message)
        _failed(delivery, Kind.AUTHORISATION, error)
        tell_specialists(delivery, _("Channel access expired: %(channel)s") % {"channel": channel})
        return False
    except PermanentError as error:
        kind = Kind.CONFIGURATION if not channel.has_credentials else Kind.VALIDATION
        return _failed(delivery, kind, error)
    except UnknownOutcome as error:
        if recovering:
            return _needs_attention(delivery, error.message)
        # Next attempt must first find out whether this one published.
        return _retry(delivery, error, outcome_unknown=True)
    except DeliveryError as error:  # a new kind of error: never lose it silently
        return _needs_attention(delivery, error.message)
    return _sent(delivery, result)


def _resend_is_safe(adapter, delivery):
    """An idempotent network dedupes a re-send only while it remembers the key."""
    if not adapter.idempotent:
        return False
    window = getattr(adapter, "idempotency_window", None)
    age = (timezone.now() - delivery.first_attempt_at).total_seconds()
    return window is None or age < window


def _sent(delivery, result):
    return finish(
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
    return finish(
        delivery,
        status=Status.FAILED,
        error_kind=kind,
        error_message=str(error.message),
        next_attempt_at=None,
    )


def _needs_attention(delivery, message):
    done = finish(
        delivery,
        status=Status.NEEDS_ATTENTION,
        error_kind=Kind.UNKNOWN_OUTCOME,
        error_message=str(message),
        next_attempt_at=None,
    )
    if done:
        tell_specialists(delivery, _("A post needs checking: %(post)s") % {"post": delivery.post})
    return done


def _retry(delivery, error, outcome_unknown=False):
    if delivery.attempts >= setting("SOCIAL_MAX_ATTEMPTS", 8):
        if outcome_unknown:
            return _needs_attention(delivery, error.message)
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
    if finish(delivery, **fields):
        transaction.on_commit(lambda: enqueue([delivery.pk], countdown=delay))
        return True
    return False
