"""Cadence arithmetic (editorial/campaigns/cadence.py): pure functions, no database."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from editorial.campaigns import cadence as c

WEEKLY_FRIDAY = c.Cadence(kind=c.WEEKLY, start=date(2026, 1, 1), weekdays=(4,), at=time(10))


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_weekly_slots_keep_ten_oclock_local_across_the_march_change():
    # Summer time starts on Sunday 29 March 2026 (03:00 -> 04:00).
    slots = c.slots_between(WEEKLY_FRIDAY, utc(2026, 3, 20), utc(2026, 4, 4))
    assert [s.astimezone(c.VILNIUS).strftime("%Y-%m-%d %H:%M") for s in slots] == [
        "2026-03-20 10:00",
        "2026-03-27 10:00",
        "2026-04-03 10:00",
    ]
    # The instant differs: +02:00 before, +03:00 after.
    assert [s.astimezone(UTC).hour for s in slots] == [8, 8, 7]


def test_weekly_slots_keep_ten_oclock_local_across_the_october_change():
    # Winter time starts on Sunday 25 October 2026 (04:00 -> 03:00).
    sunday = c.Cadence(kind=c.WEEKLY, start=date(2026, 1, 1), weekdays=(6,), at=time(10))
    slots = c.slots_between(sunday, utc(2026, 10, 17), utc(2026, 11, 2))
    assert [s.astimezone(c.VILNIUS).strftime("%m-%d %H:%M") for s in slots] == [
        "10-18 10:00",
        "10-25 10:00",
        "11-01 10:00",
    ]
    assert [s.astimezone(UTC).hour for s in slots] == [7, 8, 8]


def test_a_time_in_the_spring_gap_moves_forward_and_a_doubled_time_is_the_first():
    gap = c.local_moment(date(2026, 3, 29), time(3, 30))
    assert gap.strftime("%H:%M") == "04:30" and gap.utcoffset() == timedelta(hours=3)
    doubled = c.local_moment(date(2026, 10, 25), time(3, 30))
    assert doubled.strftime("%H:%M") == "03:30" and doubled.utcoffset() == timedelta(hours=3)


def test_nth_and_last_weekday_of_months_of_every_length():
    assert c.nth_weekday(2026, 12, 1, 1) == date(2026, 12, 1)  # 1st Tuesday is the 1st
    assert c.nth_weekday(2026, 9, 1, 1) == date(2026, 9, 1)
    assert c.nth_weekday(2026, 3, 1, 1) == date(2026, 3, 3)
    assert c.nth_weekday(2026, 3, 4, 1) == date(2026, 3, 24)
    assert c.nth_weekday(2026, 2, c.LAST, 5) == date(2026, 2, 28)  # Saturday, last day
    assert c.nth_weekday(2028, 2, c.LAST, 1) == date(2028, 2, 29)  # leap day
    assert c.nth_weekday(2026, 1, c.LAST, 5) == date(2026, 1, 31)
    assert c.nth_weekday(2026, 4, c.LAST, 3) == date(2026, 4, 30)
    assert c.nth_weekday(2026, 5, c.LAST, 6) == date(2026, 5, 31)


def test_monthly_slots_across_a_year_end_and_month_ends():
    last_friday = c.Cadence(
        kind=c.MONTHLY, start=date(2026, 1, 1), ordinal=c.LAST, weekday=4, at=time(18)
    )
    days = c.slot_dates(last_friday, date(2026, 11, 1), date(2027, 3, 1))
    assert days == [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26)]
    first_tuesday = c.Cadence(kind=c.MONTHLY, start=date(2026, 1, 1), ordinal=1, weekday=1)
    assert c.slot_dates(first_tuesday, date(2026, 12, 2), date(2027, 1, 31)) == [date(2027, 1, 5)]


def test_weekly_on_several_days_over_a_month_end():
    days = c.Cadence(kind=c.WEEKLY, start=date(2026, 1, 1), weekdays=(0, 2))
    assert c.slot_dates(days, date(2026, 1, 26), date(2026, 2, 4)) == [
        date(2026, 1, 26),
        date(2026, 1, 28),
        date(2026, 2, 2),
        date(2026, 2, 4),
    ]


def test_custom_dates_sorted_without_repeats_and_cut_to_the_window():
    dates = c.parse_dates("2026-05-31\n2026-01-31, 2026-05-31 2026-02-28")
    assert dates == (date(2026, 1, 31), date(2026, 2, 28), date(2026, 5, 31))
    custom = c.Cadence(kind=c.CUSTOM, start=date(2026, 1, 1), dates=dates)
    assert c.slot_dates(custom, date(2026, 2, 1), date(2026, 12, 31)) == [
        date(2026, 2, 28),
        date(2026, 5, 31),
    ]


def test_start_and_end_dates_bound_the_slots_and_the_window_is_half_open():
    bounded = c.Cadence(
        kind=c.WEEKLY, start=date(2026, 3, 10), end=date(2026, 3, 24), weekdays=(4,)
    )
    assert c.slot_dates(bounded, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 3, 13),
        date(2026, 3, 20),
    ]
    at_ten = datetime(2026, 3, 13, 10, tzinfo=c.VILNIUS)
    assert c.slots_between(bounded, at_ten, at_ten + timedelta(days=7)) == [at_ten]


def test_huge_ranges_are_bounded():
    daily = c.Cadence(kind=c.WEEKLY, start=date(2000, 1, 1), weekdays=tuple(range(7)))
    days = c.slot_dates(daily, date(2000, 1, 1), date(2999, 12, 31))
    assert len(days) == c.MAX_SLOTS
    moments = c.slots_between(daily, utc(2000, 1, 1), utc(2999, 1, 1))
    assert len(moments) <= c.MAX_SLOTS


@pytest.mark.parametrize(
    ("cadence", "field"),
    [
        (c.Cadence(kind=c.WEEKLY, start=date(2026, 1, 1)), "weekdays"),
        (c.Cadence(kind=c.WEEKLY, start=date(2026, 1, 1), weekdays=(7,)), "weekdays"),
        (
            c.Cadence(kind=c.MONTHLY, start=date(2026, 1, 1), ordinal=5, weekday=1),
            "monthly_ordinal",
        ),
        (
            c.Cadence(kind=c.MONTHLY, start=date(2026, 1, 1), ordinal=0, weekday=1),
            "monthly_ordinal",
        ),
        (c.Cadence(kind=c.MONTHLY, start=date(2026, 1, 1), ordinal=1), "monthly_weekday"),
        (c.Cadence(kind=c.CUSTOM, start=date(2026, 1, 1)), "custom_dates"),
        (
            c.Cadence(kind=c.WEEKLY, start=date(2026, 5, 1), end=date(2026, 4, 1), weekdays=(1,)),
            "end_date",
        ),
        (c.Cadence(kind="daily", start=date(2026, 1, 1)), "cadence"),
    ],
)
def test_bad_cadences_are_refused_naming_the_field(cadence, field):
    assert field in c.problems(cadence)
    assert c.slot_dates(cadence, date(2026, 1, 1), date(2026, 12, 31)) == []
    with pytest.raises(c.CadenceError):
        c.check(cadence)


def test_a_cadence_with_nothing_in_the_next_year_is_refused():
    past = c.Cadence(kind=c.CUSTOM, start=date(2020, 1, 1), dates=(date(2020, 5, 1),))
    assert "" in c.problems(past, today=date(2026, 6, 1))
    ended = c.Cadence(kind=c.WEEKLY, start=date(2020, 1, 1), end=date(2021, 1, 1), weekdays=(4,))
    assert "" in c.problems(ended, today=date(2026, 6, 1))
    far = c.Cadence(kind=c.WEEKLY, start=date(2028, 1, 1), weekdays=(4,))
    assert "" in c.problems(far, today=date(2026, 6, 1))
    assert c.problems(WEEKLY_FRIDAY, today=date(2026, 6, 1)) == {}


@pytest.mark.parametrize("text", ["2026-13-01", "rytoj", "2026-02-30"])
def test_unreadable_custom_dates_are_named(text):
    with pytest.raises(c.CadenceError) as error:
        c.parse_dates(f"2026-01-05\n{text}")
    assert text in str(error.value)


def test_too_many_custom_dates_are_refused():
    start = date(2026, 1, 1)
    text = "\n".join((start + timedelta(days=n)).isoformat() for n in range(c.MAX_CUSTOM_DATES + 1))
    with pytest.raises(c.CadenceError):
        c.parse_dates(text)


def test_next_slots():
    after = datetime(2026, 12, 2, 12, tzinfo=c.VILNIUS)  # a Wednesday
    slots = c.next_slots(WEEKLY_FRIDAY, after, count=3)
    assert [s.date() for s in slots] == [date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18)]
