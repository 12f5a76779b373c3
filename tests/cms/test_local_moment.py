"""`cms.dates.local_moment`: the one way a moment is printed for the library (grants'
call lists, decision page and reminders use it)."""

from datetime import UTC, datetime

from django.test import override_settings

from cms.dates import local_moment


def test_a_moment_is_printed_in_vilnius_to_the_minute():
    with override_settings(TIME_ZONE="Europe/Vilnius"):
        # Summer time (UTC+3) and winter time (UTC+2).
        assert local_moment(datetime(2026, 7, 1, 21, 30, 59, tzinfo=UTC)) == "2026-07-02 00:30"
        assert local_moment(datetime(2026, 12, 31, 12, 0, tzinfo=UTC)) == "2026-12-31 14:00"


def test_no_moment_is_empty():
    assert local_moment(None) == ""
