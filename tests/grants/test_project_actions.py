"""Project actions (duty 10): drafted by the specialist, approved by the head, marked done
only once approved; a register per project with export."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry, WorkflowState
from wagtail.test.utils.form_data import nested_form_data

from cms import roles
from grants import projects_factories as make
from grants.actions_services import mark_action_done
from grants.models import ProjectAction

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
LIST = "wagtailsnippets_grants_projectaction:list"
ADD = "wagtailsnippets_grants_projectaction:add"
EDIT = "wagtailsnippets_grants_projectaction:edit"
ACTION = "wagtailsnippets_grants_projectaction:workflow_action"
DONE = "grants_project_action_done"


def lt(text):
    with translation.override("lt"):
        return str(translation.gettext(text))


@pytest.fixture
def mail_queue(monkeypatch):
    """The moderation notices the requests hand to Celery, recorded instead of sent."""
    from cms.tasks import send_notice_email

    queue = []
    monkeypatch.setattr(
        send_notice_email, "apply_async", lambda args, **options: queue.append(args)
    )
    return queue


@pytest.fixture
def project(home_page):
    return make.application(title="Skaitymo iššūkis vaikams", status="implementation")


def data(project, action="action-submit", **fields):
    values = {
        "project": project.pk,
        "kind": "procurement",
        "title": "Skaitymo pasų spauda",
        "description": "Mažos vertės pirkimas.",
        "planned_on": "2027-06-15",
        "amount": "420.00",
    }
    values.update(fields)
    body = nested_form_data(values)
    if action:
        body[action] = "1"
    return body


def snapshot():
    return (
        sorted(ProjectAction.objects.values_list("pk", "title", "live", "done_at", "done_by_id")),
        WorkflowState.objects.count(),
        ModelLogEntry.objects.filter(action="sklaida.grants.action_done").count(),
    )


def new_action(project, author, title="Skaitymo pasų spauda", submit=False, **fields):
    action = ProjectAction(
        project=project, author=author, kind="event", title=title, live=False, **fields
    )
    action.save()
    action.save_revision(user=author)
    if submit:
        action.get_workflow().start(action, author)
    return action


def approve(action, head):
    task_state = action.current_workflow_task_state
    client_response = None
    from django.test import Client

    client = Client()
    client.force_login(head)
    client_response = client.post(
        reverse(ACTION, args=(action.pk, "approve", task_state.pk)), {"comment": ""}
    )
    action.refresh_from_db()
    return client_response


@pytest.fixture
def approved(project, specialist, head, mail_queue):
    action = new_action(project, specialist, submit=True)
    approve(action, head)
    assert action.live
    return action


# --- the permission matrix -----------------------------------------------------------------


@pytest.mark.parametrize(("role", "may"), [(S, True), (H, True), (A, False), (OD, False)])
def test_specialists_and_heads_draft_and_submit(role, may, role_users, client_for, project):
    before = snapshot()
    user = role_users[role]
    response = client_for(user).post(reverse(ADD), data(project))
    if may:
        assert response.status_code == 302, response.content.decode()[:3000]
        action = ProjectAction.objects.get()
        assert action.author == user and action.workflow_in_progress
        assert action.amount == Decimal("420.00") and action.project == project
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before


@pytest.mark.parametrize(("role", "sees"), [(S, True), (H, True), (A, True), (OD, False)])
def test_the_register_is_for_the_department_and_administration(
    role, sees, role_users, client_for, project, specialist
):
    new_action(project, specialist, title="Baigiamoji šventė")
    client = client_for(role_users[role])
    for export in ("", "?export=csv"):
        response = client.get(reverse(LIST) + export)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert ("Baigiamoji šventė" in body) is sees
        assert (response.status_code == 200) is sees


@pytest.mark.parametrize(("role", "may"), [(S, False), (H, True), (A, False), (OD, False)])
def test_only_the_head_approves(role, may, role_users, client_for, project, specialist, mail_queue):
    action = new_action(project, specialist, submit=True)
    before = snapshot()
    task_state = action.current_workflow_task_state
    response = client_for(role_users[role]).post(
        reverse(ACTION, args=(action.pk, "approve", task_state.pk)), {"comment": ""}
    )
    action.refresh_from_db()
    if may:
        assert action.live
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before


def test_only_running_projects_can_be_chosen(specialist, client_for, project):
    closed = make.application(title="Senas projektas", status="closed")
    drafting = make.application(title="Rengiama paraiška", status="drafting")
    client = client_for(specialist)
    form = client.get(reverse(ADD)).content.decode()
    assert project.title in form
    assert "Senas projektas" not in form and "Rengiama paraiška" not in form
    before = snapshot()
    for other in (closed, drafting):
        with translation.override("lt"):
            response = client.post(reverse(ADD), data(other), HTTP_ACCEPT_LANGUAGE="lt")
        assert response.status_code == 200
        assert "Pasirinkite finansuotą projektą, kuris dar vykdomas." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"), [("amount", "-5"), ("amount", "1000000000"), ("title", "")]
)
def test_bad_input_is_refused_and_changes_nothing(field, value, specialist, client_for, project):
    before = snapshot()
    response = client_for(specialist).post(reverse(ADD), data(project, **{field: value}))
    assert response.status_code == 200
    assert snapshot() == before


# --- marking done ------------------------------------------------------------------------------


def test_a_draft_cannot_be_marked_done(specialist, client_for, project):
    action = new_action(project, specialist)
    before = snapshot()
    with translation.override("lt"):
        response = client_for(specialist).post(
            reverse(DONE, args=[action.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="lt"
        )
    assert lt("The head has not approved this action yet, so it cannot be marked done.") in (
        response.content.decode()
    )
    assert snapshot() == before


def test_an_action_in_moderation_cannot_be_marked_done(specialist, project, approved, head):
    approved.title = "Skaitymo pasų spauda (1000 vnt.)"
    approved.save_revision(user=specialist)
    approved.get_workflow().start(approved, specialist)
    approved.refresh_from_db()
    before = snapshot()
    decision = mark_action_done(specialist, approved)
    assert not decision
    assert snapshot() == before


def test_an_action_changed_after_approval_cannot_be_marked_done(specialist, approved):
    approved.title = "Pakeistas pavadinimas"
    approved.save_revision(user=specialist)
    approved.refresh_from_db()
    before = snapshot()
    decision = mark_action_done(specialist, approved)
    assert not decision
    with translation.override("lt"):
        assert "vadovas turi patvirtinti pakeitimus" in str(decision.reason)
    assert snapshot() == before


@pytest.mark.parametrize(("role", "may"), [(S, True), (H, True), (A, False), (OD, False)])
def test_an_approved_action_is_marked_done_on_the_server_and_logged(
    role, may, role_users, client_for, approved
):
    before = snapshot()
    user = role_users[role]
    response = client_for(user).post(reverse(DONE, args=[approved.pk]))
    assert response.status_code == 302
    approved.refresh_from_db()
    if may:
        assert approved.done_at is not None and approved.done_by == user
        entry = ModelLogEntry.objects.get(action="sklaida.grants.action_done")
        assert entry.user == user and entry.object_id == str(approved.pk)
    else:
        assert snapshot() == before
    again = snapshot()
    assert client_for(user).get(reverse(DONE, args=[approved.pk])).status_code in (302, 405)
    assert snapshot() == again


def test_done_survives_a_later_approved_version(specialist, head, approved, mail_queue):
    assert mark_action_done(specialist, approved)
    approved.refresh_from_db()
    done_at = approved.done_at
    assert not mark_action_done(head, approved)  # already done
    approved.description = "Papildyta po atlikimo."
    approved.save_revision(user=specialist)
    approved.get_workflow().start(approved, specialist)
    approved.refresh_from_db()
    approve(approved, head)
    assert approved.description == "Papildyta po atlikimo."
    assert approved.done_at == done_at and approved.done_by == specialist
    assert approved.author == specialist


def test_the_mark_done_button_shows_only_when_allowed(
    specialist, client_for, project, approved, other_department_user
):
    url = reverse(DONE, args=[approved.pk])
    draft = new_action(project, specialist, title="Juodraštis")
    client = client_for(specialist)
    assert url in client.get(reverse(LIST)).content.decode()
    assert url in client.get(reverse(EDIT, args=[approved.pk])).content.decode()
    assert reverse(DONE, args=[draft.pk]) not in client.get(reverse(LIST)).content.decode()
    mark_action_done(specialist, approved)
    assert url not in client.get(reverse(LIST)).content.decode()


# --- moderation queue, register, export, budgets ---------------------------------------------


def test_a_submitted_action_is_in_the_heads_queue(specialist, head, client_for, project):
    new_action(project, specialist, title="Baigiamoji šventė bibliotekoje", submit=True)
    body = client_for(head).get(reverse("moderation_queue")).content.decode()
    assert "Baigiamoji šventė bibliotekoje" in body


def test_the_register_filters_by_project_kind_and_state(
    specialist, head, client_for, project, approved, mail_queue
):
    other = make.application(title="Kitas projektas", status="awarded")
    new_action(other, specialist, title="Kito projekto renginys")
    new_action(project, specialist, title="Laukia vadovo", submit=True)
    done = new_action(project, specialist, title="Jau atlikta", submit=True)
    approve(done, head)
    mark_action_done(specialist, done)
    client = client_for(head)

    def titles(query):
        body = client.get(reverse(LIST) + query).content.decode()
        names = (
            "Skaitymo pasų spauda",
            "Kito projekto renginys",
            "Laukia vadovo",
            "Jau atlikta",
        )
        return {name for name in names if name in body}

    assert titles(f"?project={other.pk}") == {"Kito projekto renginys"}
    assert titles(f"?project={project.pk}") == {
        "Skaitymo pasų spauda",
        "Laukia vadovo",
        "Jau atlikta",
    }
    assert titles("?state=in_moderation") == {"Laukia vadovo"}
    assert titles("?state=approved") == {"Skaitymo pasų spauda"}
    assert titles("?state=done") == {"Jau atlikta"}
    assert titles("?state=draft") == {"Kito projekto renginys"}
    assert titles("?kind=procurement") == set()
    assert titles("?kind=event") == titles("")


def test_export_has_the_rows_and_lithuanian_headers(
    specialist, head, client_for, project, approved
):
    mark_action_done(specialist, approved)
    new_action(project, specialist, title="Baigiamoji šventė", amount=Decimal("300.00"))
    client = client_for(head)
    with translation.override("lt"):
        xlsx = client.get(reverse(LIST) + "?export=xlsx", HTTP_ACCEPT_LANGUAGE="lt")
        as_csv = client.get(reverse(LIST) + "?export=csv", HTTP_ACCEPT_LANGUAGE="lt")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:4] == ("Projektas", "Pavadinimas", lt("Kind"), lt("State"))
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"Skaitymo pasų spauda", "Baigiamoji šventė"}
    assert by_title["Skaitymo pasų spauda"][3] == "atlikta"
    assert by_title["Skaitymo pasų spauda"][0] == project.title
    assert Decimal(str(by_title["Baigiamoji šventė"][5])) == Decimal("300.00")
    table = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode("utf-8-sig"))))
    assert table[0][0] == "Projektas"
    assert {row[1] for row in table[1:]} == {"Skaitymo pasų spauda", "Baigiamoji šventė"}


@pytest.mark.parametrize("rows", [1, 30])
def test_the_register_costs_the_same_at_1_and_30_rows(
    rows, head, specialist, client_for, project, django_assert_max_num_queries
):
    for number in range(rows):
        action = new_action(project, specialist, title=f"Veiksmas {number}")
        if number % 3 == 1:
            action.get_workflow().start(action, specialist)
        elif number % 3 == 2:
            action.latest_revision.publish()
    client = client_for(head)
    client.get(reverse(LIST))
    # The register plus up to 10 for the moderation queue's count in a head's menu.
    with django_assert_max_num_queries(27):
        response = client.get(reverse(LIST) + f"?project={project.pk}")
    assert response.status_code == 200


# --- Lithuanian screens and the Funding menu -------------------------------------------------


def test_the_screens_speak_lithuanian(specialist, client_for, project, approved):
    from tests.cms.test_admin_speaks_lithuanian import english_on

    client = client_for(specialist)
    problems = {}
    for name, url in {
        "register": reverse(LIST),
        "editor": reverse(EDIT, args=[approved.pk]),
        "new action": reverse(ADD),
        "project page editor": reverse(
            "wagtailadmin_pages:add",
            args=("grants", "projectpage", make.project_index().pk),
        ),
    }.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="lt")
        assert response.status_code == 200, name
        english = english_on(response.content.decode())
        if english:
            problems[name] = english
    assert not problems, problems


@pytest.mark.parametrize(("role", "shown"), [(S, True), (H, True), (A, True), (OD, False)])
def test_the_funding_menu_offers_the_register(role, shown, role_users, client_for):
    body = client_for(role_users[role]).get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse(LIST) in body) is shown


def test_the_application_links_to_its_own_register(specialist, client_for, project):
    drafting = make.application(title="Rengiama paraiška", status="drafting")
    client = client_for(specialist)
    link = f"{reverse(LIST)}?project={project.pk}"
    edit = reverse("wagtailadmin_pages:edit", args=[project.pk])
    assert link in client.get(edit).content.decode()
    other = client.get(reverse("wagtailadmin_pages:edit", args=[drafting.pk])).content.decode()
    assert f"{reverse(LIST)}?project={drafting.pk}" not in other


def test_a_submitted_action_is_in_the_authors_my_work(specialist, client_for, project):
    new_action(project, specialist, title="Partnerio keitimas", submit=True)
    body = client_for(specialist).get(reverse("moderation_my_work")).content.decode()
    assert "Partnerio keitimas" in body
