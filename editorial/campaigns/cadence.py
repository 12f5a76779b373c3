"""Cadence arithmetic of rubrics: pure functions, no database.

A cadence says on which local days (Europe/Vilnius) a rubric has a slot:

* weekly: on the given weekdays (0 = Monday … 6 = Sunday);
* monthly: on the n-th weekday of each month (1st … 4th, or the last, ``LAST``);
* custom: on a list of dates.

Every slot is at the same local time of day. The wall-clock time is kept across the
daylight-saving changes (a 10:00 slot is 10:00 in winter and in summer): each day's
time is turned into an aware datetime with that day's offset. A time that does not
exist on the spring-forward day (03:00–03:59 on the last Sunday of March) moves forward
by the gap (03:30 becomes 04:30); a time that occurs twice on the last Sunday of October
is the first occurrence (summer time).

Generation is bounded: at most ``MAX_SPAN_DAYS`` days are looked at and at most
``MAX_SLOTS`` slots are returned, however wide the window a caller asks for.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

VILNIUS = ZoneInfo("Europe/Vilnius")

WEEKLY, MONTHLY, CUSTOM = "weekly", "monthly", "custom"
KINDS = (WEEKLY, MONTHLY, CUSTOM)
LAST = -1
ORDINALS = (1, 2, 3, 4, LAST)
WEEKDAYS = tuple(range(7))

MAX_SPAN_DAYS = 800  # a little over two years of days looked at per call
MAX_SLOTS = 400  # slots returned per call
MAX_CUSTOM_DATES = 366
HORIZON_DAYS = 366  # "produces nothing in the next year" is refused


@dataclass(frozen=True)
class Cadence:
    kind: str
    start: date
    end: date | None = None
    at: time = time(10, 0)
    weekdays: tuple = ()
    ordinal: int | None = None
    weekday: int | None = None
    dates: tuple = field(default=())


class CadenceError(ValueError):
    """Bad cadence input: ``errors`` maps a field name ("" for the whole) to messages."""

    def __init__(self, errors):
        super().__init__("; ".join(message for messages in errors.values() for message in messages))
        self.errors = errors


# --- parsing ------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s,;]+")


def parse_weekdays(text):
    """ "0,4" -> (0, 4); anything that is not a weekday number raises CadenceError."""
    days = set()
    for part in _SEPARATORS.split(str(text or "").strip()):
        if not part:
            continue
        if not part.isdigit() or int(part) not in WEEKDAYS:
            raise CadenceError({"weekdays": [_("Choose weekdays from Monday to Sunday.")]})
        days.add(int(part))
    return tuple(sorted(days))


def parse_dates(text):
    """Dates written YYYY-MM-DD, one per line (commas and spaces also separate).

    Returns a sorted tuple without repeats; raises CadenceError naming a bad date."""
    found = set()
    for part in _SEPARATORS.split(str(text or "").strip()):
        if not part:
            continue
        try:
            found.add(date.fromisoformat(part))
        except ValueError:
            raise CadenceError(
                {
                    "custom_dates": [
                        _("“%(value)s” is not a date (write YYYY-MM-DD).") % {"value": part[:40]}
                    ]
                }
            ) from None
        if len(found) > MAX_CUSTOM_DATES:
            raise CadenceError(
                {
                    "custom_dates": [
                        _("At most %(count)d dates can be listed.") % {"count": MAX_CUSTOM_DATES}
                    ]
                }
            )
    return tuple(sorted(found))


# --- validation ---------------------------------------------------------------------


def problems(cadence, today=None):
    """Everything wrong with `cadence`, as {field: [message]} (empty when it is fine).

    `today` (a local date) enables the last check: a cadence that produces no slot in
    the next year is refused."""
    errors = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if cadence.kind not in KINDS:
        add("cadence", _("Choose how often the rubric repeats."))
        return errors
    if cadence.start is None:
        add("start_date", _("Enter the date of the first slot."))
    if cadence.at is None:
        add("time_of_day", _("Enter the time of day of the slots."))
    if cadence.start and cadence.end and cadence.end < cadence.start:
        add("end_date", _("The end date is before the start date."))
    if cadence.kind == WEEKLY and not cadence.weekdays:
        add("weekdays", _("Choose at least one weekday for a weekly rubric."))
    if cadence.kind == WEEKLY and any(day not in WEEKDAYS for day in cadence.weekdays):
        add("weekdays", _("Choose weekdays from Monday to Sunday."))
    if cadence.kind == MONTHLY:
        if cadence.ordinal not in ORDINALS:
            add("monthly_ordinal", _("Choose which weekday of the month: 1st to 4th or last."))
        if cadence.weekday not in WEEKDAYS:
            add("monthly_weekday", _("Choose the weekday of the monthly slot."))
    if cadence.kind == CUSTOM and not cadence.dates:
        add("custom_dates", _("List at least one date for a rubric with its own dates."))
    if cadence.kind == CUSTOM and len(cadence.dates) > MAX_CUSTOM_DATES:
        add(
            "custom_dates",
            _("At most %(count)d dates can be listed.") % {"count": MAX_CUSTOM_DATES},
        )
    if errors or today is None:
        return errors
    if not slot_dates(cadence, today, today + timedelta(days=HORIZON_DAYS - 1), limit=1):
        add("", _("This rubric would have no slot in the next year: check its days and dates."))
    return errors


def check(cadence, today=None):
    """Raise CadenceError when `problems` finds any."""
    errors = problems(cadence, today)
    if errors:
        raise CadenceError(errors)


# --- arithmetic ---------------------------------------------------------------------


def nth_weekday(year, month, ordinal, weekday):
    """The `ordinal`-th (1..4, or LAST) `weekday` of the month, a date."""
    if ordinal == LAST:
        last_day = calendar.monthrange(year, month)[1]
        end = date(year, month, last_day)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    if ordinal not in ORDINALS:
        raise CadenceError(
            {"monthly_ordinal": [_("Choose which weekday of the month: 1st to 4th or last.")]}
        )
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def _months(first, last):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def slot_dates(cadence, first, last, limit=MAX_SLOTS):
    """Local dates of the slots in [first, last] (both inclusive), at most `limit`.

    The window is cut to the cadence's own start and end and to MAX_SPAN_DAYS days."""
    if problems(cadence):
        return []
    first = max(first, cadence.start)
    if cadence.end is not None:
        last = min(last, cadence.end)
    last = min(last, first + timedelta(days=MAX_SPAN_DAYS - 1))
    limit = MAX_SLOTS if limit is None else min(limit, MAX_SLOTS)
    if last < first or limit <= 0:
        return []
    if cadence.kind == CUSTOM:
        days = [day for day in cadence.dates if first <= day <= last]
    elif cadence.kind == WEEKLY:
        wanted = set(cadence.weekdays)
        days = []
        day = first
        while day <= last and len(days) < limit:
            if day.weekday() in wanted:
                days.append(day)
            day += timedelta(days=1)
    else:
        days = [
            day
            for year, month in _months(first, last)
            if first <= (day := nth_weekday(year, month, cadence.ordinal, cadence.weekday)) <= last
        ]
    return days[:limit]


def local_moment(day, at, zone=VILNIUS):
    """`day` at wall-clock time `at` in `zone`, as an aware datetime (see the module doc)."""
    moment = datetime.combine(day, at, tzinfo=zone)
    # Round trip through UTC: a time inside the spring-forward gap moves forward.
    return moment.astimezone(UTC).astimezone(zone)


def slots_between(cadence, start, end, limit=MAX_SLOTS):
    """Aware datetimes of the slots in the half-open window [start, end)."""
    if start >= end:
        return []
    first = start.astimezone(VILNIUS).date()
    last = end.astimezone(VILNIUS).date()
    moments = [
        local_moment(day, cadence.at) for day in slot_dates(cadence, first, last, limit=None)
    ]
    return [moment for moment in moments if start <= moment < end][:limit]


def next_slots(cadence, after, count=5):
    """The next `count` slots at or after the aware datetime `after`."""
    end = after + timedelta(days=MAX_SPAN_DAYS - 1)
    return slots_between(cadence, after, end, limit=count)
