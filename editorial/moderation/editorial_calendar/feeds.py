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
    calendar = Calendar()
    calendar.add("prodid", "-//Sklaida//Redakcinis kalendorius//LT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Editorial calendar"))
    calendar.add("x-wr-timezone", "Europe/Vilnius")
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.key}@sklaida")
        event.add("dtstamp", stamp)
        summary = entry.title
        if entry.channel_label:
            summary = f"{summary} · {entry.channel_label}"
        event.add("summary", summary)
        start, end = entry.starts_at, entry.ends_at
        if isinstance(start, datetime):
            event.add("dtstart", start)
            event.add("dtend", end if isinstance(end, datetime) else start + TIMED_ENTRY_LENGTH)
        else:
            event.add("dtstart", start)
            last = end if isinstance(end, date) and not isinstance(end, datetime) else start
            event.add("dtend", max(last, start) + timedelta(days=1))  # iCal: exclusive
        lines = [labels.get(entry.kind, entry.kind)]
        if entry.state_label:
            lines.append(_("State: %(state)s") % {"state": entry.state_label})
        if entry.channel_label:
            lines.append(_("Channel: %(channel)s") % {"channel": entry.channel_label})
        if entry.author_label:
            lines.append(_("Author: %(author)s") % {"author": entry.author_label})
        if entry.url:
            lines.append(absolute_url(entry.url))
            event.add("url", absolute_url(entry.url))
        event.add("description", "\n".join(lines))
        event.add("categories", [labels.get(entry.kind, entry.kind)])
        calendar.add_component(event)
    return calendar.to_ical()
