"""The calendar's data: entries of every registered source for a window, filtered, laid
out as a month, a week or an agenda. Pure layout over `CalendarEntry`; no source is
named here (registries.py)."""

import calendar as pycalendar
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registries import calendar_sources

logger = logging.getLogger("editorial.moderation.calendar")

STATES = [
    ("draft", _("Draft")),
    ("in_moderation", _("In moderation")),
    ("scheduled", _("Scheduled")),
    ("published", _("Published")),
    ("failed", _("Failed")),
]
AGENDA_DAYS = 30
MAX_FILTER_LENGTH = 100


def _int_or_none(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def _text(value):
    value = (value or "").strip()
    return value if len(value) <= MAX_FILTER_LENGTH else ""


@dataclass(frozen=True)
class Filters:
    channel: int | None = None
    kind: str = ""
    author: int | None = None
    department: int | None = None
    state: str = ""

    @classmethod
    def from_query(cls, query):
        return cls(
            channel=_int_or_none(query.get("channel")),
            kind=_text(query.get("kind")),
            author=_int_or_none(query.get("author")),
            department=_int_or_none(query.get("department")),
            state=_text(query.get("state")),
        )

    def matches(self, entry):
        return (
            (self.channel is None or entry.channel_id == self.channel)
            and (not self.kind or entry.kind == self.kind)
            and (self.author is None or entry.author_id == self.author)
            and (self.department is None or entry.department_id == self.department)
            and (not self.state or entry.state == self.state)
        )

    def params(self):
        values = {
            "channel": self.channel,
            "kind": self.kind,
            "author": self.author,
            "department": self.department,
            "state": self.state,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}

    @property
    def active(self):
        return bool(self.params())


def query_string(day, filters, **extra):
    params = {"date": day.isoformat(), **filters.params(), **extra}
    return "?" + urlencode(params)


def local_now():
    return timezone.localtime()


def day_start(day):
    """The first moment of `day` in the site's time zone (Europe/Vilnius)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def entry_day(entry):
    start = entry.starts_at
    return timezone.localtime(start).date() if isinstance(start, datetime) else start


def entry_days(entry, first, last):
    """The days of [first, last] on which `entry` appears (several for a period)."""
    begin = entry_day(entry)
    end = entry.ends_at
    if end is None:
        finish = begin
    elif isinstance(end, datetime):
        # An end at midnight belongs to the day before.
        local_end = timezone.localtime(end)
        finish = (
            local_end.date() - timedelta(days=1)
            if local_end.time() == time.min
            else local_end.date()
        )
        finish = max(finish, begin)
    else:
        finish = max(end, begin)  # a whole-day item's end is its last day
    day, days = max(begin, first), []
    while day <= min(finish, last):
        days.append(day)
        day += timedelta(days=1)
    return days


def sort_key(entry):
    start = entry.starts_at
    moment = start if isinstance(start, datetime) else day_start(start)
    return (moment, entry.title, entry.key)


@dataclass
class Loaded:
    entries: list
    sources: list
    channels: list
    failed: list = field(default_factory=list)


def load(user, first, last, sources=None):
    """Entries of every source that `user` may see, for the days [first, last]."""
    sources = calendar_sources() if sources is None else sources
    start, end = day_start(first), day_start(last + timedelta(days=1))
    entries, failed, channels, seen = [], [], [], set()
    for source in sources:
        try:
            entries.extend(source.entries(user, start, end))
            for channel in source.channels(user):
                if channel.id not in seen:
                    seen.add(channel.id)
                    channels.append(channel)
        except Exception:  # one broken source must not take the calendar down
            logger.exception("Calendar source %r failed", source.kind)
            failed.append(source)
    entries.sort(key=sort_key)
    return Loaded(entries=entries, sources=sources, channels=channels, failed=failed)


@dataclass
class Day:
    day: date
    in_range: bool
    is_today: bool
    is_past: bool
    entries: list = field(default_factory=list)
    gaps: list = field(default_factory=list)  # CalendarChannel with no post this day


def lay_out(loaded, filters, first, last, in_range=None, gap_channels=()):
    """{date: Day} for [first, last]: filtered entries per day and the gaps."""
    today = local_now().date()
    days, d = {}, first
    while d <= last:
        days[d] = Day(
            day=d,
            in_range=in_range(d) if in_range else True,
            is_today=d == today,
            is_past=d < today,
        )
        d += timedelta(days=1)
    posted = set()  # (day, channel id): every entry counts, whatever the filters
    for entry in loaded.entries:
        for d in entry_days(entry, first, last):
            if entry.channel_id is not None:
                posted.add((d, entry.channel_id))
            if filters.matches(entry):
                days[d].entries.append(entry)
    for d, cell in days.items():
        if not cell.is_past and cell.in_range:
            cell.gaps = [c for c in gap_channels if (d, c.id) not in posted]
    return days


def month_bounds(day):
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
    return weeks, weeks[0][0], weeks[-1][-1]


def shift_month(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, 1)


def week_start(day):
    return day - timedelta(days=day.weekday())


def gap_channels(loaded, filters):
    """The channels whose empty days are marked: the one filtered by, else every
    active channel the user may see. None while a type without channels is filtered."""
    if filters.channel is not None:
        return [c for c in loaded.channels if c.id == filters.channel]
    return list(loaded.channels)


def legend(sources):
    from .views import kind_class

    return [{"kind": s.kind, "label": s.label, "css_class": kind_class(s.kind)} for s in sources]


def readable_moment(text):
    """An ISO time from a log entry, as people read it (local time), or a dash."""
    from django.utils.formats import date_format

    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return "—"
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")
