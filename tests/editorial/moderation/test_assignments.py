"""Assignments: who gives, sees, changes and moves them; the state table; bad input."""

import csv
import html
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from cms import roles
from cms.models import Notice
from editorial.moderation.assignment_models import (
    CANCELLED,
    DONE,
    IN_PROGRESS,
    MOVES,
    NEW,
    STATUS_CHOICES,
    Assignment,
    move_refusal,
)
from editorial.moderation.assignment_services import move
from editorial.moderation.factories import AssignmentFactory
from tests.lithuanian import lt

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
INDEX = "moderation_assignment_modeladmin_index"
CREATE = "moderation_assignment_modeladmin_create"
EDIT = "moderation_assignment_modeladmin_edit"
INSPECT = "moderation_assignment_modeladmin_inspect"
HISTORY = "moderation_assignment_modeladmin_history"
MOVE = "moderation_assignment_move"


def snapshot():
    return sorted(
        Assignment.objects.values_list("pk", "title", "status", "note", "due_date", "assignee_id")
    )


@pytest.fixture
def assignment(specialist, head):
    return AssignmentFactory(title="Parengti plakatą", assignee=specialist, given_by=head)


def form(person, **overrides):
    data = {
        "title": "Nufotografuoti renginį",
        "description": "Nuotraukos socialiniams tinklams.",
        "assignee": person.pk,
        "due_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "link": "/admin/pages/",
    }
    data.update(overrides)
    return data


# --- the permission matrix -----------------------------------------------------------------

GIVES = {H, A}
PATH_ERROR = "Enter a path on this site that starts with “/”, e.g. /admin/pages/3/edit/."


@pytest.mark.parametrize("role", [S, H, A, OD, "anonymous"])
def test_only_heads_and_administration_give_assignments(role, role_users, client_for, specialist):
    before = snapshot()
    client = client_for(role_users[role])
    response = client.post(reverse(CREATE), form(specialist))
    if role in GIVES:
        assert response.status_code == 302, response.content.decode()[:2000]
        made = Assignment.objects.get(title="Nufotografuoti renginį")
        assert made.given_by == role_users[role] and made.status == NEW
        assert Notice.objects.filter(user=specialist, event_key=f"assignments:given:{made.pk}")
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before
        assert not Notice.objects.filter(user=specialist).exists()


@pytest.mark.parametrize(
    ("role", "sees_it"), [(S, True), (H, True), (A, True), (OD, False), ("anonymous", False)]
)
def test_others_do_not_see_someone_elses_assignment(
    role, sees_it, role_users, client_for, assignment
):
    client = client_for(role_users[role])
    listing = client.get(reverse(INDEX))
    for name in (INSPECT, HISTORY):
        response = client.get(reverse(name, args=[assignment.pk]))
        if sees_it:
            assert response.status_code == 200
            assert assignment.title in response.content.decode()
        else:
            assert response.status_code in (302, 403, 404)
            assert assignment.title not in response.content.decode()
    if role == "anonymous":
        assert listing.status_code == 302
    else:
        assert (assignment.title in listing.content.decode()) is sees_it


@pytest.mark.parametrize(("role", "may"), [(S, False), (H, True), (A, True), (OD, False)])
def test_only_givers_edit(role, may, role_users, client_for, assignment, specialist):
    before = snapshot()
    response = client_for(role_users[role]).post(
        reverse(EDIT, args=[assignment.pk]), form(specialist, title="Pakeista")
    )
    assignment.refresh_from_db()
    if may:
        assert response.status_code == 302 and assignment.title == "Pakeista"
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before


# Who may make each move on an assignment given by the head to the specialist.
MOVE_MATRIX = [
    (S, IN_PROGRESS, True),
    (H, IN_PROGRESS, False),
    (A, IN_PROGRESS, False),
    (OD, IN_PROGRESS, False),
    (S, CANCELLED, False),
    (H, CANCELLED, True),
    (A, CANCELLED, True),
    (OD, CANCELLED, False),
]


@pytest.mark.parametrize(("role", "target", "may"), MOVE_MATRIX)
def test_moves_by_role(role, target, may, role_users, client_for, assignment):
    before = snapshot()
    logs = ModelLogEntry.objects.count()
    response = client_for(role_users[role]).post(
        reverse(MOVE, args=[assignment.pk, target]), {"note": "Atšaukta: renginys neįvyks."}
    )
    assert response.status_code in (302, 403)
    assignment.refresh_from_db()
    if may:
        assert assignment.status == target
        entry = ModelLogEntry.objects.filter(action="sklaida.assignment.moved").get()
        assert entry.data["from"] == NEW and entry.data["to"] == target
    else:
        assert snapshot() == before
        assert ModelLogEntry.objects.count() == logs


def test_the_assignee_finishes_with_a_required_note(assignment, specialist, client_for):
    client = client_for(specialist)
    client.post(reverse(MOVE, args=[assignment.pk, IN_PROGRESS]))
    response = client.post(reverse(MOVE, args=[assignment.pk, DONE]), {"note": "  "})
    assert response.status_code == 200
    assert lt("Write a note on what was done.") in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == IN_PROGRESS
    client.post(reverse(MOVE, args=[assignment.pk, DONE]), {"note": "Plakatas iškabintas."})
    assignment.refresh_from_db()
    assert assignment.status == DONE and assignment.note == "Plakatas iškabintas."
    assert assignment.finished_at is not None
    page = client.get(reverse(INSPECT, args=[assignment.pk])).content.decode()
    assert "Plakatas iškabintas." in page


# --- the state table ---------------------------------------------------------------------

STATES = [code for code, _label in STATUS_CHOICES]


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_every_move_is_allowed_by_the_table_or_refused_with_a_reason(current, target):
    refusal = move_refusal(current, target)
    if (current, target) in MOVES:
        assert refusal is None
    else:
        assert refusal and str(refusal).strip()


def test_the_table_is_the_documented_one():
    assert set(MOVES) == {
        (NEW, IN_PROGRESS),
        (IN_PROGRESS, DONE),
        (NEW, CANCELLED),
        (IN_PROGRESS, CANCELLED),
    }


@pytest.mark.parametrize(
    ("start", "target", "reason"),
    [
        (NEW, DONE, "Start the assignment (“In progress”) before marking it done."),
        (IN_PROGRESS, NEW, "An assignment in progress cannot go back to “New”."),
        (DONE, CANCELLED, "The assignment is done; it cannot change any more."),
        (CANCELLED, IN_PROGRESS, "The assignment was cancelled; it cannot change any more."),
        (NEW, NEW, "The assignment is already in this state."),
        (NEW, "archived", "There is no such state."),
    ],
)
def test_refused_moves_change_nothing_and_say_why(specialist, head, start, target, reason):
    assignment = AssignmentFactory(assignee=specialist, given_by=head, status=start)
    before = snapshot()
    decision, _same = move(specialist, assignment.pk, target, "pastaba")
    assert not decision and str(decision.reason) == str(translation.gettext(reason))
    assert snapshot() == before
    assert not ModelLogEntry.objects.filter(action="sklaida.assignment.moved").exists()


def test_two_people_acting_at_once_the_second_is_judged_on_the_new_state(
    assignment, specialist, head
):
    stale = Assignment.objects.get(pk=assignment.pk)
    assert move(head, assignment.pk, CANCELLED, "Nebereikia.")[0]
    # The specialist's page still showed "new"; the service reads the row afresh.
    decision, current = move(specialist, stale.pk, IN_PROGRESS)
    assert not decision and current.status == CANCELLED


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "This field is required."),
        ("title", "x" * 201, None),
        ("description", "x" * 10_001, None),
        ("link", "javascript:alert(1)", PATH_ERROR),
        ("link", "//evil.example/admin/", PATH_ERROR),
        ("link", "/\\evil.example", PATH_ERROR),
        ("link", "https://evil.example/", PATH_ERROR),
        ("link", "/admin/\nSet-Cookie: x", PATH_ERROR),
        ("due_date", "2026-02-30", "Enter the date as 2026-12-31 or 2026.12.31."),
        ("due_date", "rytoj", "Enter the date as 2026-12-31 or 2026.12.31."),
        ("due_date", "2020-01-01", "The due date has already passed."),
        ("assignee", "999999", None),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    field, value, message, head, specialist, client_for
):
    before = snapshot()
    response = client_for(head).post(reverse(CREATE), form(specialist, **{field: value}))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    if message:
        assert lt(message) in body
    assert snapshot() == before
    assert not Notice.objects.exists()


def test_a_script_in_the_title_is_shown_as_text(head, specialist, client_for):
    client = client_for(head)
    client.post(reverse(CREATE), form(specialist, title="<script>alert(1)</script>"))
    made = Assignment.objects.get()
    page = client.get(reverse(INDEX)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert made.title == "<script>alert(1)</script>"


def test_the_same_form_sent_twice_gives_one_assignment(head, specialist, client_for):
    client = client_for(head)
    assert client.post(reverse(CREATE), form(specialist)).status_code == 302
    again = client.post(reverse(CREATE), form(specialist))
    assert again.status_code == 200
    assert Assignment.objects.count() == 1
    assert Notice.objects.filter(user=specialist).count() == 1


def test_a_same_site_path_is_accepted(head, specialist, client_for):
    link = "/admin/snippets/social/socialpost/edit/3/?tab=2#x"
    response = client_for(head).post(reverse(CREATE), form(specialist, link=link))
    assert response.status_code == 302
    assert Assignment.objects.get().link == link


# --- overdue ones stand out ---------------------------------------------------------------


def test_an_overdue_assignment_stands_out_in_the_register(specialist, head, client_for):
    AssignmentFactory(
        title="Vėluojanti", assignee=specialist, due_date=timezone.localdate() - timedelta(days=1)
    )
    AssignmentFactory(title="Laiku", assignee=specialist)
    AssignmentFactory(
        title="Atlikta seniai",
        assignee=specialist,
        status=DONE,
        due_date=timezone.localdate() - timedelta(days=9),
    )
    client = client_for(head)
    page = client.get(reverse(INDEX)).content.decode()
    row = page[page.index("Vėluojanti") :]
    row = row[: row.index("</tr>")]
    assert lt("Overdue") in row
    only = client.get(reverse(INDEX) + "?overdue=yes").content.decode()
    assert "Vėluojanti" in only and "Laiku" not in only and "Atlikta seniai" not in only


# --- export -------------------------------------------------------------------------------


def test_export_xlsx_and_csv_have_the_rows_with_lithuanian_headers(
    specialist, head, other_department_user, client_for
):
    AssignmentFactory(title="Parengti plakatą", assignee=specialist, given_by=head)
    AssignmentFactory(title="Sutvarkyti stendą", assignee=other_department_user, given_by=head)
    client = client_for(head)
    with translation.override("lt"):
        xlsx = client.get(reverse(INDEX) + "?export=xlsx", HTTP_ACCEPT_LANGUAGE="lt")
        csv_response = client.get(reverse(INDEX) + "?export=csv", HTTP_ACCEPT_LANGUAGE="lt")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == (lt("Title"), lt("Assignee"), lt("Given by"))
    assert rows[0][0] == "Pavadinimas"
    assert {row[0] for row in rows[1:]} == {"Parengti plakatą", "Sutvarkyti stendą"}
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "Pavadinimas"
    assert {row[0] for row in table[1:]} == {"Parengti plakatą", "Sutvarkyti stendą"}


def test_an_assignees_export_holds_only_their_own(
    specialist, head, other_department_user, client_for
):
    AssignmentFactory(title="Parengti plakatą", assignee=specialist, given_by=head)
    AssignmentFactory(title="Sutvarkyti stendą", assignee=other_department_user, given_by=head)
    response = client_for(specialist).get(reverse(INDEX) + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Parengti plakatą" in text and "Sutvarkyti stendą" not in text


# --- query budget -------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_register_costs_the_same_at_1_and_30_rows(
    rows, head, specialist, client_for, django_assert_max_num_queries
):
    for _ in range(rows):
        AssignmentFactory(assignee=specialist, given_by=head)
    client = client_for(head)
    client.get(reverse(INDEX))  # warm the session and permission caches
    # 15 for the register, up to 10 more for the moderation queue's count in a head's
    # menu (fixed however many items wait, editorial/moderation/menu.py)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(INDEX))
    assert response.status_code == 200
