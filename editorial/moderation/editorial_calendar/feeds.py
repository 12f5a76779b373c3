"""The private iCal feed: one revocable token per person, stored as a digest.

The address carries a random token (256 bits). The database keeps only its SHA-256
digest; the feed looks the digest up (an index probe) and compares it again in constant
time, so neither a guessed token nor timing tells anything. A revoked token, a person
who left (inactive) or lost the admin answer 404, like any unknown address.

The feed holds what the person would see on the calendar (every source's `entries`)
from 30 days back to 180 days ahead. It is written by the `icalendar` package. Writing
is the slow part (about 1 ms per event), and calendar applications poll the same feed
every few minutes to hours, so the text is kept by a fingerprint of what it says: the
entries are read on every poll (fixed queries, cheap), the text is written only when
something in them changed, and an application that sends the fingerprint back
(If-None-Match) gets "304 Not Modified" without a body.
"""

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ..models import CalendarFeedToken
from ..registries import calendar_sources
from .grid import day_start

TOKEN_BYTES = 32
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
DAYS_BACK = 30
DAYS_AHEAD = 180
TIMED_ENTRY_LENGTH = timedelta(minutes=15)
LAST_USED_EVERY = timedelta(minutes=10)  # do not write on every poll of a calendar app
TEXT_KEPT_FOR = 60 * 60 * 24  # seconds; a changed entry changes the fingerprint anyway


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def active_token(user):
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def create_token(user):
    """A new token for `user` (returned once, never stored); older ones are revoked."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        revoke_tokens(user)
        CalendarFeedToken.objects.create(user=user, token_hash=digest(token))
    return token


def revoke_tokens(user):
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def user_for_token(token):
    """The person whose live token this is, or None (unknown, malformed, revoked)."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    wanted = digest(token)
    row = (
        CalendarFeedToken.objects.filter(token_hash=wanted, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if row is None or not hmac.compare_digest(row.token_hash, wanted):
        return None
    user = row.user
    if not user.is_active or not (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        CalendarFeedToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return user


def feed_window(now=None):
    today = timezone.localtime(now).date()
    return day_start(today - timedelta(days=DAYS_BACK)), day_start(
        today + timedelta(days=DAYS_AHEAD + 1)
    )


def feed_entries(user, now=None):
    start, end = feed_window(now)
    entries, labels = [], {}
    for source in calendar_sources():
        labels[source.kind] = str(source.label)
        entries.extend(source.entries(user, start, end))
    return entries, labels


def fingerprint(entries, labels, base_url):
    """What the feed's text depends on, as a short digest (also the HTTP ETag)."""
    state = hashlib.sha256()
    state.update(repr((get_language(), base_url, sorted(labels.items()))).encode())
    for entry in entries:
        state.update(
            repr(
                (
                    entry.key,
                    entry.kind,
                    entry.title,
                    entry.starts_at,
                    entry.ends_at,
                    entry.state_label,
                    entry.channel_label,
                    entry.author_label,
                    entry.url,
                )
            ).encode()
        )
    return state.hexdigest()[:32]


def feed_for(user, absolute_url, now=None):
    """(fingerprint, iCal bytes) of `user`'s calendar, the bytes written once per content."""
    entries, labels = feed_entries(user, now)
    tag = fingerprint(entries, labels, absolute_url("/"))
    key = f"moderation:calendar-feed:{tag}"
    body = cache.get(key)
    if body is None:
        body = write_feed(entries, labels, absolute_url)
        cache.set(key, body, TEXT_KEPT_FOR)
    return tag, body


def render_feed(user, absolute_url, now=None):
    """The iCal text (bytes) of `user`'s calendar. `absolute_url(path)` makes links."""
    return feed_for(user, absolute_url, now)[1]


def write_feed(entries, labels, absolute_url):
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Sklaida//Redakcinis kalendorius//LT")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Editorial calendar"))
    calendar.add("x-wr-timezone", "Europe/Vilnius")
    state_word, channel_word, author_word = _("State"), _("Channel"), _("Author")
    for entry in entries:
        label = labels.get(entry.kind, entry.kind)
        event = Event()
        event.add("uid", f"{entry.key}@sklaida")
        event.add("dtstamp", stamp)
        summary = entry.title
        if entry.channel_label:
            summary = f"{summary} · {entry.channel_label}"
        event.add("summary", summary)
        start, end = entry.starts_at, entry.ends_at
        event.add("dtstart", start)
        if isinstance(start, datetime):
            event.add("dtend", end if isinstance(end, datetime) else start + TIMED_ENTRY_LENGTH)
        else:
            last = end if isinstance(end, date) and not isinstance(end, datetime) else start
            event.add("dtend", max(last, start) + timedelta(days=1))  # iCal: exclusive
        lines = [label]
        if entry.state_label:
            lines.append(f"{state_word}: {entry.state_label}")
        if entry.channel_label:
            lines.append(f"{channel_word}: {entry.channel_label}")
        if entry.author_label:
            lines.append(f"{author_word}: {entry.author_label}")
        if entry.url:
            url = absolute_url(entry.url)
            lines.append(url)
            event.add("url", url)
        event.add("description", "\n".join(lines))
        event.add("categories", [label])
        calendar.add_component(event)
    return calendar.to_ical()
