"""Assignments in the calendar, in My work and in reminders (registries and Celery beat)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from cms.models import Notice
from cms.notification_events import notification_events
from editorial.moderation.assignment_models import CANCELLED, DONE, IN_PROGRESS
from editorial.moderation.assignment_services import remind_due
from editorial.moderation.assignment_sources import AssignmentCalendarSource, MyAssignmentsSection
from editorial.moderation.factories import AssignmentFactory
from editorial.moderation.registries import calendar_sources, my_work_sections
from editorial.moderation.tasks import remind_assignments_due

pytestmark = pytest.mark.django_db

VILNIUS = ZoneInfo("Europe/Vilnius")
TODAY = date(2026, 12, 2)


def at(day, hour=9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=VILNIUS)


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller


def test_the_source_and_section_are_registered():
    assert any(isinstance(source, AssignmentCalendarSource) for source in calendar_sources())
    assert any(isinstance(section, MyAssignmentsSection) for section in my_work_sections())
    codes = notification_events()
    assert {"assignments.given", "assignments.due", "proposals.decided"} <= set(codes)


def test_beat_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["remind-assignments-due"]
    assert entry["task"] == remind_assignments_due.name


# --- calendar --------------------------------------------------------------------------------


def test_calendar_shows_due_dates_the_user_may_see(frozen, specialist, other_department_user, head):
    mine = AssignmentFactory(title="Plakatas", assignee=specialist, due_date=TODAY)
    theirs = AssignmentFactory(
        title="Stendas", assignee=other_department_user, due_date=TODAY + timedelta(days=3)
    )
    late = AssignmentFactory(
        title="Vėluoja", assignee=specialist, due_date=TODAY - timedelta(days=2)
    )
    AssignmentFactory(title="Kitą mėnesį", assignee=specialist, due_date=date(2027, 1, 5))
    source = AssignmentCalendarSource()
    start, end = at(date(2026, 11, 30), 0), at(date(2027, 1, 1), 0)

    keys = {entry.key for entry in source.entries(specialist, start, end)}
    assert keys == {f"assignment:{mine.pk}", f"assignment:{late.pk}"}
    everything = {entry.key: entry for entry in source.entries(head, start, end)}
    assert set(everything) == {f"assignment:{p.pk}" for p in (mine, theirs, late)}
    entry = everything[f"assignment:{late.pk}"]
    assert entry.kind == "assignment" and entry.all_day and entry.state == "overdue"
    assert everything[f"assignment:{mine.pk}"].state == "new"


@pytest.mark.parametrize("rows", [1, 30])
def test_calendar_query_budget(rows, frozen, head, specialist, django_assert_max_num_queries):
    for day in range(rows):
        AssignmentFactory(assignee=specialist, due_date=TODAY + timedelta(days=day % 28))
    source = AssignmentCalendarSource()
    head.has_perm("moderation.add_assignment")  # the permission cache, as in a request
    with django_assert_max_num_queries(1):
        entries = source.entries(head, at(TODAY, 0), at(TODAY + timedelta(days=31), 0))
    assert len(entries) == rows


# --- My work -----------------------------------------------------------------------------------


def test_my_assignments_are_open_ones_overdue_first_with_the_next_action(
    frozen, specialist, second_specialist
):
    soon = AssignmentFactory(title="Greitai", assignee=specialist, due_date=TODAY)
    late = AssignmentFactory(
        title="Vėluoja", assignee=specialist, due_date=TODAY - timedelta(days=1)
    )
    started = AssignmentFactory(
        title="Pradėta", assignee=specialist, status=IN_PROGRESS, due_date=TODAY + timedelta(1)
    )
    AssignmentFactory(title="Atlikta", assignee=specialist, status=DONE)
    AssignmentFactory(title="Atšaukta", assignee=specialist, status=CANCELLED)
    AssignmentFactory(title="Kolegės", assignee=second_specialist)

    items = MyAssignmentsSection().items(specialist, [specialist])
    assert [item.title for item in items] == [late.title, soon.title, started.title]
    assert items[0].overdue and not items[1].overdue
    assert f"/{soon.pk}/move/in_progress/" in items[1].next_action_url
    assert f"/{started.pk}/move/done/" in items[2].next_action_url


def test_a_deputy_sees_the_absent_persons_assignments_without_acting_on_them(
    frozen, specialist, second_specialist
):
    AssignmentFactory(title="Kolegės", assignee=second_specialist)
    items = MyAssignmentsSection().items(specialist, [specialist, second_specialist])
    assert [item.title for item in items] == ["Kolegės"]
    assert items[0].on_behalf_of and not items[0].next_action_url


@pytest.mark.parametrize("rows", [1, 30])
def test_my_work_query_budget(rows, frozen, specialist, django_assert_max_num_queries):
    for day in range(rows):
        AssignmentFactory(assignee=specialist, due_date=TODAY + timedelta(days=day - 3))
    with django_assert_max_num_queries(1):
        items = MyAssignmentsSection().items(specialist, [specialist])
    assert len(items) == rows


# --- reminders ---------------------------------------------------------------------------------


def test_due_reminders_are_sent_once_per_event(specialist, head, time_machine_at=None):
    due = date(2026, 12, 10)
    assignment = AssignmentFactory(title="Plakatas", assignee=specialist, due_date=due)
    done = AssignmentFactory(title="Jau atlikta", assignee=specialist, due_date=due, status=DONE)
    notices = Notice.objects.filter(user=specialist)

    with time_machine.travel(at(date(2026, 12, 8)), tick=False):
        assert remind_assignments_due() == 0
    with time_machine.travel(at(date(2026, 12, 9)), tick=False):
        assert remind_assignments_due() == 1
        assert remind_assignments_due() == 0  # twice the same day: once
    with time_machine.travel(at(date(2026, 12, 10)), tick=False):
        assert remind_assignments_due() == 0  # due today: told yesterday
    with time_machine.travel(at(date(2026, 12, 11)), tick=False):
        assert remind_assignments_due() == 1  # overdue
    with time_machine.travel(at(date(2026, 12, 12)), tick=False):
        assert remind_assignments_due() == 0  # still overdue: told already
    keys = sorted(notices.values_list("event_key", flat=True))
    assert keys == [
        f"assignments:due:{assignment.pk}:2026-12-10:overdue",
        f"assignments:due:{assignment.pk}:2026-12-10:tomorrow",
    ]
    assert not notices.filter(event_key__contains=f":{done.pk}:").exists()


def test_a_new_due_date_is_a_new_reminder(specialist):
    assignment = AssignmentFactory(assignee=specialist, due_date=date(2026, 12, 10))
    with time_machine.travel(at(date(2026, 12, 9)), tick=False):
        assert remind_due() == 1
        assignment.due_date = date(2026, 12, 10)
        assignment.save()
        assert remind_due() == 0
    assignment.due_date = date(2026, 12, 20)
    assignment.save()
    with time_machine.travel(at(date(2026, 12, 19)), tick=False):
        assert remind_due() == 1


def test_reminders_use_the_vilnius_day(specialist):
    AssignmentFactory(assignee=specialist, due_date=date(2026, 12, 10))
    # 23:30 UTC on the 8th is already the 9th in Vilnius: due tomorrow.
    with time_machine.travel(datetime(2026, 12, 8, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert remind_due() == 1
