"""The private iCal feed: one revocable token per person, stored as a digest.

The address carries a random token (256 bits). The database keeps only its SHA-256
digest; the feed looks the digest up (an index probe) and compares it again in constant
time, so neither a guessed token nor timing tells anything. A revoked token, a person
who left (inactive) or lost the admin answer 404, like any unknown address.

The feed holds what the person would see on the calendar (every source's `entries`)
from 30 days back to 180 days ahead.
"""

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CalendarFeedToken
from ..registries import calendar_sources
from .grid import day_start
from .ical import Writer

TOKEN_BYTES = 32
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
DAYS_BACK = 30
DAYS_AHEAD = 180
TIMED_ENTRY_LENGTH = timedelta(minutes=15)
LAST_USED_EVERY = timedelta(minutes=10)  # do not write on every poll of a calendar app


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


def render_feed(user, absolute_url, now=None):
    """The iCal text (bytes) of `user`'s calendar. `absolute_url(path)` makes links."""
    entries, labels = feed_entries(user, now)
    stamp = timezone.now()
    out = Writer()
    out.line("BEGIN", "VCALENDAR")
    out.line("VERSION", "2.0")
    out.line("PRODID", "-//Sklaida//Redakcinis kalendorius//LT")
    out.line("CALSCALE", "GREGORIAN")
    out.text("X-WR-CALNAME", _("Editorial calendar"))
    out.line("X-WR-TIMEZONE", "Europe/Vilnius")
    state_word, channel_word, author_word = _("State"), _("Channel"), _("Author")
    for entry in entries:
        label = labels.get(entry.kind, entry.kind)
        out.line("BEGIN", "VEVENT")
        out.text("UID", f"{entry.key}@sklaida")
        out.moment("DTSTAMP", stamp)
        summary = entry.title
        if entry.channel_label:
            summary = f"{summary} · {entry.channel_label}"
        out.text("SUMMARY", summary)
        start, end = entry.starts_at, entry.ends_at
        out.moment("DTSTART", start)
        if isinstance(start, datetime):
            out.moment("DTEND", end if isinstance(end, datetime) else start + TIMED_ENTRY_LENGTH)
        else:
            last = end if isinstance(end, date) and not isinstance(end, datetime) else start
            out.moment("DTEND", max(last, start) + timedelta(days=1))  # iCal: exclusive
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
            out.line("URL", url)
        out.text("DESCRIPTION", "\n".join(lines))
        out.text("CATEGORIES", label)
        out.line("END", "VEVENT")
    out.line("END", "VCALENDAR")
    return out.to_bytes()
