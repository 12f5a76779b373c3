"""One attempt at one delivery: the outgoing content, the adapter, and what each
outcome means (sent, retry later, failed, needs checking, waiting for a person).

Whatever happens, an attempt ends in a state people see: an error that is not a
network outcome (an unreadable credential, a missing image file, a bug) fails
the delivery, or flags it for checking when the network may have been reached,
and tells the specialists."""

import logging
import math
import random
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import channel_audit
from ..adapters.base import (
    AuthorisationError,
    ChannelAccess,
    DeliveryError,
    ManualDeliveryRequired,
    PermanentError,
    RetryableError,
    UnknownOutcome,
)
from ..models import Delivery
from .claim import AttemptDeadline, claim, finish, max_attempts, send_deadline_seconds
from .common import setting, tell_specialists
from .content import outgoing_for
from .relay import enqueue

logger = logging.getLogger("editorial.social.services")
Status = Delivery.Status
Kind = Delivery.ErrorKind


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
    """Exponential backoff with full jitter; a network's Retry-After wins when longer,
    up to SOCIAL_RETRY_AFTER_MAX_SECONDS (a day: Instagram's quota window), so an
    absurd header cannot push a retry past any date."""
    base = setting("SOCIAL_RETRY_BASE_SECONDS", 10)
    cap = setting("SOCIAL_RETRY_MAX_SECONDS", 3600)
    delay = random.uniform(base, min(cap, base * 2 ** max(attempt - 1, 0)))  # noqa: S311
    if retry_after is not None:
        try:
            asked = float(retry_after)
        except (TypeError, ValueError, OverflowError):
            asked = math.nan
        if math.isfinite(asked):
            delay = max(delay, min(asked, setting("SOCIAL_RETRY_AFTER_MAX_SECONDS", 86400)))
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


class _Progress:
    """How far an attempt got: an unexpected error after the network may have been
    reached must not be taken for a sure failure."""

    network = False


def deliver_each(delivery_ids):
    """Deliveries handed over in one message (a post's channels, or a share of the
    relay's), one attempt each, one after the other.

    Each is claimed only when its turn comes, with its own lease and fence, exactly
    as a message of its own would be: a delivery waiting behind a slow send holds
    no lease (if it waits long, the relay hands it to another worker, and whichever
    claims second finds nothing to do), and a worker that dies mid-message leaves
    the ones it had not reached as they were (pending, for the relay), not "sending"
    with an unknown outcome. A database error stops only the delivery it hit (its
    lease expires and the relay recovers it); the connection is checked before the
    next one, and the first such error is raised at the end so the message is
    logged as failed."""
    failure = None
    for delivery_id in delivery_ids:
        try:
            deliver(delivery_id)
        except DatabaseError as error:
            logger.error("Delivery %s: database error; the relay recovers it", delivery_id)
            failure = failure or error
            if not connection.in_atomic_block:
                # As between two messages: a broken connection is replaced for the next one.
                connection.close_if_unusable_or_obsolete()
    if failure is not None:
        raise failure


def deliver(delivery_id):
    """One attempt at one delivery (the Celery task calls this)."""
    claimed = claim(delivery_id)
    if claimed is None:
        return None
    delivery, recovering = claimed
    progress = _Progress()
    try:
        return _attempt(delivery, recovering, progress)
    except DatabaseError:
        raise  # nothing can be recorded now; the lease expires and the relay recovers
    except Exception as error:  # noqa: BLE001 - every failure must end visibly
        return _unexpected(delivery, error, progress)


def _attempt(delivery, recovering, progress):
    channel = delivery.channel
    adapter = adapter_for(channel)
    # One deadline for the whole attempt (reconciliation and send), keeping the
    # lease ahead of each network call.
    deadline = AttemptDeadline(delivery)
    key = str(delivery.idempotency_key)
    try:
        if not channel.is_manual and not channel.has_credentials:
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
            progress.network = True
            found = adapter.reconcile(access, post, key, since, deadline=deadline)
            if found is not None:
                return _sent(delivery, found)
        wait = 0 if channel.is_manual else rate_limit_wait(channel)
        if wait:
            return _retry_later(
                delivery,
                wait,
                Kind.TEMPORARY,
                _("The network's daily publishing limit is reached; the post waits its turn."),
                count_attempt=False,
            )
        progress.network = True
        result = adapter.send(access, post, key, deadline=deadline)
    except ManualDeliveryRequired:
        return _ready_by_hand(delivery)
    except RetryableError as error:
        return _retry(delivery, error)
    except AuthorisationError as error:
        done = _failed(delivery, Kind.AUTHORISATION, error.message, tell=False)
        # One notice per channel (when it becomes "needs re-authorisation"), not per delivery.
        channel_audit.access_expired(channel, error.message, also=[delivery.post.author])
        return done
    except PermanentError as error:
        kind = Kind.CONFIGURATION if not channel.has_credentials else Kind.VALIDATION
        return _failed(delivery, kind, error.message)
    except UnknownOutcome as error:
        if recovering and not _resend_is_safe(adapter, delivery):
            return _needs_attention(delivery, _check_by_hand())
        # Next attempt must first find out whether this one published (or, on an
        # idempotent network, re-send with the same key while it remembers it).
        return _retry(delivery, error, outcome_unknown=True)
    except DeliveryError as error:  # a new kind of error: never lose it silently
        return _needs_attention(delivery, error.message)
    return _sent(delivery, result)


def _unexpected(delivery, error, progress):
    """An error that is not a network outcome. Logged with its traceback (adapters
    keep tokens out of exceptions); people get a message they can act on."""
    from cryptography.fernet import InvalidToken
    from django.core.exceptions import ImproperlyConfigured

    logger.error(
        "Delivery %s: %s during an attempt", delivery.pk, type(error).__name__, exc_info=True
    )
    if isinstance(error, (InvalidToken, ImproperlyConfigured)) and not progress.network:
        return _failed(
            delivery,
            Kind.CONFIGURATION,
            _(
                "The channel's stored access cannot be read (the encryption key has changed). "
                "Enter the channel's token again, then retry."
            ),
        )
    if progress.network:
        return _needs_attention(
            delivery,
            _(
                "Sklaida stopped with an error while sending; the post may have been "
                "published. Check the account, then mark the post as published or retry."
            ),
        )
    if isinstance(error, OSError):
        return _failed(
            delivery,
            Kind.CONTENT,
            _(
                "An image of the post cannot be read (its file is missing or damaged). "
                "Replace the image and publish the post again, or retry."
            ),
        )
    return _failed(
        delivery,
        Kind.INTERNAL,
        _("Sklaida could not prepare the post (%(error)s). Retry, or tell the administrator.")
        % {"error": type(error).__name__},
    )


def _resend_is_safe(adapter, delivery):
    """An idempotent network dedupes a re-send only while it remembers the key,
    and the re-send must reach it before it forgets: the attempt may take up to
    its deadline (`SOCIAL_SEND_DEADLINE_SECONDS`, or the adapter's own
    `max_send_seconds` when that is longer)."""
    if not adapter.idempotent:
        return False
    window = getattr(adapter, "idempotency_window", None)
    age = (timezone.now() - delivery.first_attempt_at).total_seconds()
    longest = max(send_deadline_seconds(), getattr(adapter, "max_send_seconds", 0))
    return window is None or age + longest < window


def _check_by_hand():
    return _(
        "The network did not confirm the post and it may already be published. "
        "Check the account, then mark the post as published or retry."
    )


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


def _failed(delivery, kind, message, subject=None, tell=True):
    done = finish(
        delivery,
        status=Status.FAILED,
        error_kind=kind,
        error_message=str(message),
        next_attempt_at=None,
    )
    if done and tell:
        delivery.error_message = str(message)
        tell_specialists(
            delivery,
            subject or _("A post could not be published: %(post)s") % {"post": delivery.post},
        )
    return done


def _needs_attention(delivery, message):
    done = finish(
        delivery,
        status=Status.NEEDS_ATTENTION,
        error_kind=Kind.UNKNOWN_OUTCOME,
        error_message=str(message),
        next_attempt_at=None,
    )
    if done:
        delivery.error_message = str(message)
        tell_specialists(delivery, _("A post needs checking: %(post)s") % {"post": delivery.post})
    return done


def _ready_by_hand(delivery):
    """A manual channel's delivery has become due: tell the specialists once (the
    fenced transition happens once) and wait on their dashboard."""
    done = finish(
        delivery, status=Status.MANUAL, error_kind=Kind.NONE, error_message="", next_attempt_at=None
    )
    if done:
        tell_specialists(
            delivery,
            _("Publish by hand: %(post)s on %(channel)s")
            % {"post": delivery.post, "channel": delivery.channel},
            _(
                "The copy-ready package is prepared. Publish it on the network, then mark "
                "the delivery as published."
            ),
        )
    return done


def _retry(delivery, error, outcome_unknown=False):
    if delivery.attempts >= max_attempts():
        if outcome_unknown:
            return _needs_attention(delivery, _check_by_hand())
        return _failed(delivery, Kind.TEMPORARY, error.message)
    delay = backoff_seconds(delivery.attempts, getattr(error, "retry_after", None))
    kind = Kind.UNKNOWN_OUTCOME if outcome_unknown else Kind.TEMPORARY
    return _retry_later(delivery, delay, kind, error.message, outcome_unknown=outcome_unknown)


def _retry_later(delivery, delay, kind, message, outcome_unknown=False, count_attempt=True):
    """Wait in the database: the due time is stored and the relay enqueues what is
    due. Only a wait of a few seconds goes to the broker as a countdown (a long
    countdown would sit in Redis, past its visibility timeout, and in workers' memory)."""
    fields = {
        "status": Status.RETRYING,
        "next_attempt_at": timezone.now() + timedelta(seconds=delay),
        "error_kind": kind,
        "error_message": str(message),
        "outcome_unknown": outcome_unknown,
    }
    if not count_attempt:
        fields["attempts"] = delivery.attempts - 1
    short = delay <= setting("SOCIAL_COUNTDOWN_MAX_SECONDS", 5)
    if not short:
        fields["enqueued_at"] = None  # nothing is in the broker: the relay's to send
    if not finish(delivery, **fields):
        return False
    if short:
        transaction.on_commit(lambda: enqueue([delivery.pk], countdown=delay))
    return True
