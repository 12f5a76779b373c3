"""The feed's own iCal writer: folding never splits a character, text is escaped, and
icalendar reads back exactly what was written."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from editorial.moderation.editorial_calendar.ical import Writer, escape_text, fold


def test_long_lithuanian_lines_fold_at_75_octets_without_splitting_a_letter():
    line = "SUMMARY:" + "Ąžuolų šventė Šiauliuose – ūkininkų, žvejų ir čiuožėjų diena! " * 5
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


def test_text_is_escaped():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_icalendar_reads_back_what_was_written():
    out = Writer()
    out.line("BEGIN", "VCALENDAR")
    out.line("VERSION", "2.0")
    out.line("PRODID", "-//Sklaida//test//LT")
    out.line("BEGIN", "VEVENT")
    out.text("UID", "post:1:channel:2@sklaida")
    out.moment("DTSTAMP", datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    title = "Knygų mugė; vaikams, suaugusiems \\ visiems " + "ž" * 80
    out.text("SUMMARY", title)
    out.moment("DTSTART", date(2026, 12, 24))
    out.moment("DTEND", date(2026, 12, 25))
    out.text("DESCRIPTION", "Būsena: Suplanuota\nKanalas: Mastodon")
    out.line("END", "VEVENT")
    out.line("END", "VCALENDAR")
    event = next(iter(Calendar.from_ical(out.to_bytes()).walk("VEVENT")))
    assert str(event["summary"]) == title
    assert event.decoded("dtstart") == date(2026, 12, 24)
    assert str(event["description"]) == "Būsena: Suplanuota\nKanalas: Mastodon"
