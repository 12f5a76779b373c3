"""Taking one delivery for one attempt (a lease), keeping the lease ahead of every
network call while the attempt works, and recording the attempt's outcome only
while that attempt still owns the delivery (fencing).

The claim is one UPDATE ... RETURNING: it takes the row only when it is due, its
post is still live and its round has attempts left, so no lock is held while
anything else is read; it returns the delivery with what it sends (its stored
content) and its channel, so an attempt reads nothing else before calling. When
it takes nothing, `_resolve_unclaimable` looks at why (rarely needed) and ends
deliveries that must not be sent."""

import logging
from datetime import timedelta
from threading import Lock

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..adapters.base import RetryableError
from ..adapters.http import MSG_TOO_SLOW, Deadline
from ..models import Channel, Delivery, SocialPost
from .common import setting, tell_specialists

logger = logging.getLogger("editorial.social.services")
Status = Delivery.Status
Kind = Delivery.ErrorKind


def lease_margin_seconds():
    """Time kept between the end of the longest call an attempt may still make and
    the end of its lease: a pause of the worker (CPU, GC) must not let another in."""
    return float(setting("SOCIAL_LEASE_MARGIN_SECONDS", 30))


MSG_SUPERSEDED = gettext_lazy("Another attempt has taken over this delivery")


def max_attempts():
    return int(setting("SOCIAL_MAX_ATTEMPTS", 8))


def lease_seconds():
    return float(setting("SOCIAL_DELIVERY_LEASE_SECONDS", 180))


def send_deadline_seconds():
    """The longest one attempt may spend calling the network (all its calls)."""
    return float(setting("SOCIAL_SEND_DEADLINE_SECONDS", 600))


def _columns(model):
    """The columns of a model's stored fields, in model order (as `from_db` takes them)."""
    return [field.column for field in model._meta.concrete_fields]


def _claim_sql():
    q = connection.ops.quote_name
    delivery, post = q(Delivery._meta.db_table), q(SocialPost._meta.db_table)
    channel = q(Channel._meta.db_table)
    # The delivery's channel comes back with the claim (one scalar subquery per
    # column, on its primary key: SQLite's RETURNING may not name another table
    # directly, PostgreSQL runs the same statement), so sending needs no query of its own.
    channel_key = f"c.{q(Channel._meta.pk.column)}"
    channel_id = f"{delivery}.{q(Delivery._meta.get_field('channel').column)}"
    returning = ", ".join(
        [f"{delivery}.{q(column)}" for column in _columns(Delivery)]
        + [
            f"(SELECT c.{q(column)} FROM {channel} c WHERE {channel_key} = {channel_id})"  # noqa: S608
            for column in _columns(Channel)
        ]
    )
    # Only table and column names are interpolated (quoted, from the models); values
    # are parameters.
    return f"""
        UPDATE {delivery} SET
            status = %(sending)s,
            attempts = attempts + 1,
            fence = fence + 1,
            lease_expires_at = %(lease)s,
            last_attempt_at = %(now)s,
            first_attempt_at = COALESCE(first_attempt_at, %(now)s),
            outcome_unknown = (status = %(sending)s OR outcome_unknown)
        WHERE id = %(id)s
          AND attempts < %(max)s
          AND (
            (status IN (%(pending)s, %(retrying)s)
             AND (next_attempt_at IS NULL OR next_attempt_at <= %(now)s))
            OR (status = %(sending)s AND lease_expires_at <= %(now)s)
          )
          AND EXISTS (
            SELECT 1 FROM {post} WHERE {post}.id = {delivery}.post_id AND {post}.live
              AND ({post}.expire_at IS NULL OR {post}.expire_at > %(now)s)
          )
        RETURNING {returning}
    """  # noqa: S608


class _ClaimStatement:
    """The claim's SQL and how to turn its row into a Delivery with its Channel,
    worked out once per database vendor (Django's converters, as a queryset would
    apply them; a RawQuerySet resolved them again on every claim)."""

    _cache = {}
    _lock = Lock()

    @classmethod
    def for_connection(cls, conn):
        key = (conn.alias, conn.vendor)
        statement = cls._cache.get(key)
        if statement is None:
            with cls._lock:
                statement = cls._cache.setdefault(key, cls(conn))
        return statement

    def __init__(self, conn):
        self.sql = _claim_sql()
        self.delivery_fields = self._fields(Delivery, conn)
        self.channel_fields = self._fields(Channel, conn)

    @staticmethod
    def _fields(model, conn):
        fields = []
        for field in model._meta.concrete_fields:
            col = field.get_col(model._meta.db_table)
            converters = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
            fields.append((field.attname, col, converters))
        return fields

    def build(self, row, conn):
        split = len(self.delivery_fields)
        delivery = self._instance(Delivery, self.delivery_fields, row[:split], conn)
        channel = self._instance(Channel, self.channel_fields, row[split:], conn)
        if channel.pk is not None:  # a channel cannot go while it has deliveries (PROTECT)
            delivery.channel = channel
        return delivery

    @staticmethod
    def _instance(model, fields, values, conn):
        converted = []
        for (_name, col, converters), value in zip(fields, values, strict=True):
            for converter in converters:
                value = converter(value, col, conn)
            converted.append(value)
        return model.from_db(conn.alias, [name for name, _col, _c in fields], converted)


def claim(delivery_id):
    """Take a due delivery for one attempt. Returns (delivery, recovering) or None.
    The delivery comes with its channel (`delivery.channel` needs no query).

    `recovering`: an earlier attempt may have reached the network (its outcome was
    unknown, or its worker stopped mid-send), so this one must find out first."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "id": delivery_id,
        "max": max_attempts(),
        "now": adapt(now),
        "lease": adapt(now + timedelta(seconds=lease_seconds())),
        "sending": Status.SENDING.value,
        "pending": Status.PENDING.value,
        "retrying": Status.RETRYING.value,
    }
    statement = _ClaimStatement.for_connection(connection)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    if row is None:
        _resolve_unclaimable(delivery_id, now)
        return None
    delivery = statement.build(row, connection)
    return delivery, delivery.outcome_unknown


def _resolve_unclaimable(delivery_id, now):
    """A due delivery the claim refused: its post is withdrawn, or its round has
    used every attempt (e.g. workers that died mid-send). End it visibly."""
    delivery = Delivery.objects.select_related("post").filter(pk=delivery_id).first()
    if delivery is None:
        return
    waiting = delivery.status in (Status.PENDING, Status.RETRYING) and (
        delivery.next_attempt_at is None or delivery.next_attempt_at <= now
    )
    abandoned = delivery.status == Status.SENDING and delivery.lease_expires_at <= now
    if not (waiting or abandoned):
        return  # sent, in progress, not yet due, or already ended
    post = delivery.post
    maybe_published = abandoned or delivery.outcome_unknown
    if not post.live or (post.expire_at and post.expire_at <= now):
        if maybe_published:
            status, kind, message = (
                Status.NEEDS_ATTENTION,
                Kind.WITHDRAWN,
                _(
                    "The post was withdrawn, but an earlier attempt may have reached the "
                    "network. Check the account and remove the post there if it was published."
                ),
            )
        else:
            status, kind, message = (
                Status.CANCELLED,
                Kind.WITHDRAWN,
                _("The post was withdrawn before it was sent."),
            )
    elif delivery.attempts >= max_attempts():
        status = Status.NEEDS_ATTENTION if maybe_published else Status.FAILED
        kind = Kind.UNKNOWN_OUTCOME if maybe_published else Kind.TEMPORARY
        message = _(
            "Every attempt of this round ended without an answer; the last one may have "
            "reached the network. Check the account, then mark the post as published or retry."
        )
        if not maybe_published:
            message = _("Every attempt of this round has been used. Retry it when ready.")
    else:
        return
    updated = Delivery.objects.filter(
        pk=delivery.pk, status=delivery.status, fence=delivery.fence
    ).update(
        status=status,
        error_kind=kind,
        error_message=str(message),
        next_attempt_at=None,
        lease_expires_at=None,
    )
    if updated and status != Status.CANCELLED:
        delivery.error_message = str(message)
        tell_specialists(delivery, _("A post needs checking: %(post)s") % {"post": post})


def finish(delivery, **fields):
    """Record an attempt's outcome unless a newer attempt has taken over (fencing)."""
    updated = _fenced_update(delivery.pk, delivery.fence, {"lease_expires_at": None, **fields})
    if not updated:
        logger.warning("Delivery %s: a newer attempt owns it; result not recorded", delivery.pk)
    return bool(updated)


_FENCED_UPDATES = {}


def _fenced_update(delivery_id, fence, fields):
    """`Delivery.objects.filter(pk=..., status=SENDING, fence=...).update(**fields)`
    as one prepared statement: every attempt ends with it, and building the same
    UPDATE through the queryset each time cost more CPU than running it. Values are
    prepared by their fields as the queryset would; the SQL is kept per database
    and set of field names. Returns the number of rows updated (0 or 1)."""
    names = tuple(sorted(fields))
    key = (connection.alias, names)
    prepared = _FENCED_UPDATES.get(key)
    if prepared is None:
        q = connection.ops.quote_name
        model_fields = [Delivery._meta.get_field(name) for name in names]
        assignments = ", ".join(f"{q(field.column)} = %s" for field in model_fields)
        sql = (
            f"UPDATE {q(Delivery._meta.db_table)} SET {assignments} "  # noqa: S608 - names from the model
            f"WHERE {q('id')} = %s AND {q('status')} = %s AND {q('fence')} = %s"
        )
        prepared = _FENCED_UPDATES.setdefault(key, (sql, model_fields))
    sql, model_fields = prepared
    params = [field.get_db_prep_save(fields[field.name], connection) for field in model_fields] + [
        delivery_id,
        Status.SENDING.value,
        fence,
    ]
    with transaction.mark_for_rollback_on_error(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


class AttemptDeadline(Deadline):
    """The adapters' `Deadline` for one attempt of one delivery, passed to
    `adapter.send(..., deadline=...)` / `reconcile(..., deadline=...)`.

    It ends `SOCIAL_SEND_DEADLINE_SECONDS` after the claim, on the wall clock the
    lease is written in (so the lease and the deadline are compared on the same
    clock, frozen or not). The HTTP client asks `before_call` before every call:
    no call starts after the deadline; the publishing call starts only with its
    full time left (cutting it short would turn a slow success into an unknown
    outcome); and the lease is extended, fenced, to outlive the call by
    `SOCIAL_LEASE_MARGIN_SECONDS`, so the relay never hands the delivery to another
    worker while a call of this attempt may still be in flight, and an attempt that
    has lost its lease never starts a call. The lease therefore always ends after
    the deadline's last call (the deadline is the lease's end minus the margin at
    the latest)."""

    def __init__(self, delivery, now=None):
        now = now or timezone.now()
        self.delivery_pk = delivery.pk
        self.fence = delivery.fence
        self.lease_expires_at = delivery.lease_expires_at
        self.ends_at = now + timedelta(seconds=send_deadline_seconds())

    def remaining(self) -> float:
        return (self.ends_at - timezone.now()).total_seconds()

    def before_call(self, timeout, *, final=False):
        connect, read = timeout
        now = timezone.now()
        left = (self.ends_at - now).total_seconds()
        longest = connect + read
        if left < (longest if final else 1):
            raise RetryableError(MSG_TOO_SLOW, detail="send deadline reached")
        self._keep_lease(now, min(longest, left))
        return super().before_call(timeout, final=final)

    def _keep_lease(self, now, call_seconds):
        needed = now + timedelta(seconds=call_seconds + lease_margin_seconds())
        if self.lease_expires_at and self.lease_expires_at >= needed:
            return
        until = max(needed, now + timedelta(seconds=lease_seconds()))
        kept = Delivery.objects.filter(
            pk=self.delivery_pk, status=Status.SENDING, fence=self.fence
        ).update(lease_expires_at=until)
        if not kept:
            raise RetryableError(MSG_SUPERSEDED, detail="lease lost before a network call")
        self.lease_expires_at = until
