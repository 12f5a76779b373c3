"""Deadline reminders (14, 7, 2 and 1 days before, each once) and the calendar source."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from cms.factories import AbsenceFactory
from cms.models import EmailMode, Notice, NotificationPreference
from cms.notification_events import notification_events
from editorial.moderation.registries import calendar_source
from grants.deadlines import (
    EVENT_CALL,
    EVENT_REPORT,
    KIND,
    GrantDeadlineCalendarSource,
    days_phrase,
    remind_deadlines,
    threshold,
)
from grants.models import Call, DeadlineReminder, ReportingDuty
from grants.tasks import remind_deadlines as remind_task
from tests.grants.funding_helpers import make_application, make_call

pytestmark = pytest.mark.django_db

VILNIUS = ZoneInfo("Europe/Vilnius")
TODAY = date(2026, 12, 2)


def at(day, hour=7, minute=5):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VILNIUS)


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller


def test_events_beat_and_source_are_registered():
    assert {EVENT_CALL, EVENT_REPORT} <= set(notification_events())
    entry = settings.CELERY_BEAT_SCHEDULE["remind-grant-deadlines"]
    assert entry["task"] == remind_task.name == "grants.remind_deadlines"
    assert isinstance(calendar_source(KIND), GrantDeadlineCalendarSource)


@pytest.mark.parametrize(
    "left, expected",
    [
        (20, None),
        (15, None),
        (14, 14),
        (10, 14),
        (8, 14),
        (7, 7),
        (3, 7),
        (2, 2),
        (1, 1),
        (0, None),
    ],
)
def test_which_reminder_is_due(left, expected):
    assert threshold(left) == expected


@pytest.mark.parametrize(
    "count, text",
    [
        (1, "Liko 1 diena"),
        (2, "Liko 2 dienos"),
        (7, "Liko 7 dienos"),
        (10, "Liko 10 dienų"),
        (14, "Liko 14 dienų"),
        (21, "Liko 21 diena"),
        (11, "Liko 11 dienų"),
    ],
)
def test_lithuanian_plural_forms_of_diena(count, text):
    with translation.override("lt"):
        assert days_phrase(count) == text


def _call_due_in(days, responsible, **fields):
    day = TODAY + timedelta(days=days)
    return make_call(
        responsible=responsible,
        deadline=datetime(day.year, day.month, day.day, 15, 0, tzinfo=VILNIUS),
        **fields,
    )


def test_call_reminders_go_to_the_responsible_and_their_head_once_per_threshold(
    frozen, specialist, head, second_specialist
):
    _call_due_in(14, specialist, name="Bibliotekų programos 2027")
    assert remind_deadlines() == 2
    assert set(Notice.objects.values_list("user_id", flat=True)) == {specialist.pk, head.pk}
    assert remind_deadlines() == 0  # the same morning again: nothing
    notice = Notice.objects.filter(user=specialist).get()
    assert "Bibliotekų programos 2027" in notice.subject and notice.event == EVENT_CALL
    assert "2026-12-16 15:00" in notice.message

    for days_later, expected in [(1, 0), (6, 0), (7, 2), (8, 0), (12, 2), (13, 2), (14, 0)]:
        frozen.move_to(at(TODAY + timedelta(days=days_later)))
        assert remind_deadlines() == expected, days_later
    assert sorted(DeadlineReminder.objects.values_list("days_before", flat=True)) == [1, 2, 7, 14]
    assert Notice.objects.filter(user=specialist).count() == 4
    assert not Notice.objects.filter(user=second_specialist).exists()


def test_a_department_without_a_head_hears_through_its_standing_deputy_head(
    frozen, specialist, second_specialist, department
):
    department.deputy_head = second_specialist
    department.save(update_fields=["deputy_head"])
    _call_due_in(14, specialist, name="Skaitmeninimo kvietimas")
    assert remind_deadlines() == 2
    told = set(Notice.objects.values_list("user_id", flat=True))
    assert told == {specialist.pk, second_specialist.pk}


def test_a_missed_morning_catches_up_with_the_latest_reminder_only(frozen, specialist, head):
    _call_due_in(5, specialist)
    assert remind_deadlines() == 2
    assert list(DeadlineReminder.objects.values_list("days_before", flat=True)) == [7]
    with translation.override("lt"):
        assert Notice.objects.filter(user=specialist).get().subject.startswith("Liko 5 dienos")


def test_no_go_calls_and_calls_without_a_responsible_are_not_reminded(frozen, specialist):
    _call_due_in(7, specialist, decision=Call.Decision.NO_GO, decision_reason="Netinka.")
    _call_due_in(7, None, name="Niekieno kvietimas")
    assert remind_deadlines() == 0


def test_a_moved_deadline_is_reminded_again(frozen, specialist, head):
    call = _call_due_in(7, specialist)
    assert remind_deadlines() == 2
    call.deadline += timedelta(days=1)  # the funder extended it: 8 days left
    call.save()
    frozen.move_to(at(TODAY + timedelta(days=1)))
    assert remind_deadlines() == 2  # the 7-day reminder of the new deadline


def test_preferences_are_honoured_and_deputies_get_a_copy(
    frozen, specialist, head, second_specialist
):
    NotificationPreference.objects.create(user=head, event=EVENT_CALL, mode=EmailMode.OFF)
    AbsenceFactory(person=specialist, deputy=second_specialist)
    _call_due_in(2, specialist)
    assert remind_deadlines() == 3
    assert Notice.objects.get(user=head).email_mode == EmailMode.OFF
    assert Notice.objects.get(user=specialist).email_mode == EmailMode.IMMEDIATELY
    assert Notice.objects.get(user=second_specialist).on_behalf_of


def test_report_reminders_go_to_the_reports_responsible_else_the_applications(
    frozen, home_page, specialist, second_specialist
):
    application = make_application(home_page, "Skaitymo vasara", responsible=specialist)
    own = ReportingDuty.objects.create(
        application=application, title="Tarpinė ataskaita", due_date=TODAY + timedelta(days=7)
    )
    theirs = ReportingDuty.objects.create(
        application=application,
        title="Finansinė ataskaita",
        due_date=TODAY + timedelta(days=1),
        responsible=second_specialist,
    )
    ReportingDuty.objects.create(
        application=application,
        title="Pateikta ataskaita",
        due_date=TODAY + timedelta(days=2),
        submitted_on=TODAY,
    )
    assert remind_deadlines() == 2
    assert remind_deadlines() == 0
    with translation.override("lt"):
        mine = Notice.objects.get(user=specialist)
        assert mine.event == EVENT_REPORT and "Tarpinė ataskaita" in mine.subject
        assert "Finansinė ataskaita" in Notice.objects.get(user=second_specialist).subject
    assert set(DeadlineReminder.objects.values_list("kind", "object_id")) == {
        ("report", own.pk),
        ("report", theirs.pk),
    }


def test_a_reminder_with_nobody_to_tell_stays_unsent_until_someone_is_named(
    frozen, home_page, specialist
):
    application = make_application(home_page, "Skaitymo vasara")  # nobody responsible
    ReportingDuty.objects.create(
        application=application, title="Tarpinė ataskaita", due_date=TODAY + timedelta(days=7)
    )
    assert remind_deadlines() == 0
    assert not DeadlineReminder.objects.exists()  # not used up on nobody

    application.responsible = specialist
    application.save()
    assert remind_deadlines() == 1
    assert Notice.objects.filter(user=specialist, event=EVENT_REPORT).count() == 1
    assert DeadlineReminder.objects.get().recipients == 1


# --- the calendar --------------------------------------------------------------------------


def test_calendar_shows_call_deadlines_timed_and_reports_whole_day_to_funding_staff(
    frozen, home_page, specialist, head, administration_user, other_department_user
):
    call = _call_due_in(3, specialist, name="Kultūros projektai")
    application = make_application(home_page, "Skaitymo vasara", responsible=specialist)
    duty = ReportingDuty.objects.create(
        application=application, title="Galutinė ataskaita", due_date=TODAY + timedelta(days=9)
    )
    _call_due_in(60, specialist, name="Per toli")
    source = GrantDeadlineCalendarSource()
    start, end = at(TODAY, 0, 0), at(TODAY + timedelta(days=31), 0, 0)
    for user in (specialist, head, administration_user):
        entries = {entry.key: entry for entry in source.entries(user, start, end)}
        assert set(entries) == {f"{KIND}:call:{call.pk}", f"{KIND}:report:{duty.pk}"}
    timed = entries[f"{KIND}:call:{call.pk}"]
    assert not timed.all_day and timed.starts_at == call.deadline
    whole_day = entries[f"{KIND}:report:{duty.pk}"]
    assert whole_day.all_day and whole_day.starts_at == duty.due_date
    assert source.entries(other_department_user, start, end) == []


@pytest.mark.parametrize("rows", [1, 30])
def test_calendar_query_budget(
    rows, frozen, home_page, head, specialist, django_assert_max_num_queries
):
    application = make_application(home_page, "Skaitymo vasara", responsible=specialist)
    for number in range(rows):
        _call_due_in(1 + number % 28, specialist, name=f"Kvietimas {number}")
        ReportingDuty.objects.create(
            application=application,
            title=f"Ataskaita {number}",
            due_date=TODAY + timedelta(days=1 + number % 28),
        )
    source = GrantDeadlineCalendarSource()
    head.has_perm("grants.view_call")  # the permission cache, as in a request
    with django_assert_max_num_queries(2):
        entries = source.entries(head, at(TODAY, 0, 0), at(TODAY + timedelta(days=31), 0, 0))
    assert len(entries) == 2 * rows


def test_the_head_sees_deadlines_in_the_editorial_calendar(frozen, client_for, head, specialist):
    from django.urls import reverse

    _call_due_in(3, specialist, name="Kultūros projektai 2027")
    html = client_for(head).get(reverse("moderation_calendar")).text
    assert "Kultūros projektai 2027" in html
