"""Proposals: written by specialists and heads, decided by the head, exported, and an
accepted one turned into an assignment."""

import csv
import html
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms import roles
from cms.models import Notice
from editorial.moderation.assignment_models import Assignment
from editorial.moderation.factories import ProposalFactory
from editorial.moderation.proposal_models import Proposal
from tests.lithuanian import lt

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
LIST = "wagtailsnippets_moderation_proposal:list"
ADD = "wagtailsnippets_moderation_proposal:add"
EDIT = "wagtailsnippets_moderation_proposal:edit"
ACTION = "wagtailsnippets_moderation_proposal:workflow_action"
COLLECT = "wagtailsnippets_moderation_proposal:collect_workflow_action_data"
MAKE = "moderation_assignment_modeladmin_create"


def data(attachments=(), action="action-submit", **fields):
    values = {
        "kind": "innovation",
        "title": "Skaitymo robotas",
        "description": "Robotas skaito pasakas vaikams šeštadieniais.",
        "expected_benefit": "Daugiau šeimų bibliotekoje.",
        "estimated_cost": "450.50",
        "attachments": inline_formset([{"document": document.pk} for document in attachments]),
    }
    values.update(fields)
    body = nested_form_data(values)
    if action:
        body[action] = "1"
    return body


def snapshot():
    return (
        sorted(Proposal.objects.values_list("pk", "title", "live", "estimated_cost")),
        WorkflowState.objects.count(),
        Assignment.objects.count(),
    )


@pytest.fixture
def submitted(specialist, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(title="Knygų klubas internete", author=specialist)
    with django_capture_on_commit_callbacks(execute=True):
        proposal.save_revision(user=specialist)
        proposal.get_workflow().start(proposal, specialist)
    proposal.refresh_from_db()
    return proposal


def decide(client, proposal, action, comment="", capture=None):
    task_state = proposal.current_workflow_task_state
    url = reverse(ACTION, args=(proposal.pk, action, task_state.pk))
    if capture is not None:
        with capture(execute=True):
            response = client.post(url, {"comment": comment})
    else:
        response = client.post(url, {"comment": comment})
    proposal.refresh_from_db()
    return response


def test_the_moderation_workflow_is_assigned_to_proposals_by_migration():
    workflow = Proposal().get_workflow()
    assert workflow is not None and workflow.active


# --- the permission matrix -----------------------------------------------------------------


@pytest.mark.parametrize(("role", "may"), [(S, True), (H, True), (A, False), (OD, False)])
def test_specialists_and_heads_write_and_submit_proposals(role, may, role_users, client_for):
    before = snapshot()
    user = role_users[role]
    response = client_for(user).post(reverse(ADD), data())
    if may:
        assert response.status_code == 302, response.content.decode()[:3000]
        proposal = Proposal.objects.get()
        assert proposal.author == user and proposal.workflow_in_progress
        assert proposal.estimated_cost == Decimal("450.50")
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before


@pytest.mark.parametrize(("role", "sees"), [(S, True), (H, True), (A, True), (OD, False)])
def test_the_register_is_for_the_department_and_administration(
    role, sees, role_users, client_for, submitted
):
    client = client_for(role_users[role])
    for export in ("", "?export=csv"):
        response = client.get(reverse(LIST) + export)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert (submitted.title in body) is sees
        assert (response.status_code == 200) is sees


@pytest.mark.parametrize(("role", "may"), [(S, False), (H, True), (A, False), (OD, False)])
def test_only_the_head_decides(role, may, role_users, client_for, submitted, mail_queue):
    before = snapshot()
    response = decide(client_for(role_users[role]), submitted, "approve")
    if may:
        assert submitted.live
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before


# --- the decision and its reason -------------------------------------------------------------


@pytest.mark.parametrize("action", ["decline", "reject"])
def test_declining_or_asking_for_changes_needs_a_reason(
    action, head, client_for, submitted, mail_queue
):
    before = snapshot()
    client = client_for(head)
    response = decide(client, submitted, action, comment="   ")
    assert snapshot() == before
    assert submitted.workflow_in_progress
    # The modal's form says why (the head's browser asks for the form first).
    task_state = submitted.current_workflow_task_state
    modal = client.post(
        reverse(COLLECT, args=(submitted.pk, action, task_state.pk)),
        {"comment": ""},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert lt("Give the reason for this decision.") in json.loads(modal.content)["html"]
    assert response.status_code in (200, 302, 403)


def test_the_editor_refuses_a_decline_without_reason(head, client_for, submitted, mail_queue):
    before = snapshot()
    client = client_for(head)
    body = data(action="action-workflow-action")
    body["workflow-action-name"] = "decline"
    body["workflow-action-extra-data"] = '{"comment": ""}'
    body["title"] = submitted.title
    response = client.post(reverse(EDIT, args=[submitted.pk]), body)
    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.workflow_in_progress
    assert snapshot()[1:] == before[1:]


def test_a_declined_proposal_shows_the_reason_in_the_register_and_tells_the_author(
    head, specialist, client_for, submitted, mail_queue, django_capture_on_commit_callbacks
):
    client = client_for(head)
    decide(
        client,
        submitted,
        "decline",
        comment="Šiemet biudžeto nėra.",
        capture=django_capture_on_commit_callbacks,
    )
    assert not submitted.live and not submitted.workflow_in_progress
    page = client_for(specialist).get(reverse(LIST)).content.decode()
    row = page[page.index(submitted.title) :]
    row = row[: row.index("</tr>")]
    assert lt("declined") in row and "Šiemet biudžeto nėra." in row
    notice = Notice.objects.get(user=specialist, event_key__startswith="proposals:decided:")
    assert "Šiemet biudžeto nėra." in notice.message


def test_an_accepted_proposal_tells_the_author_once(
    head, specialist, client_for, submitted, mail_queue, django_capture_on_commit_callbacks
):
    decide(client_for(head), submitted, "approve", capture=django_capture_on_commit_callbacks)
    assert submitted.live
    decided = Notice.objects.filter(user=specialist, event_key__startswith="proposals:decided:")
    assert decided.count() == 1
    # ...and only that one: the generic "approved" notice steps aside for proposals
    assert not Notice.objects.filter(user=specialist, event_key__startswith="moderation:approved:")
    from editorial.moderation.assignment_services import tell_proposal_decided

    tell_proposal_decided(submitted.workflow_states.get().pk)
    assert decided.count() == 1  # once per event


# --- accepted → assignment ------------------------------------------------------------------


@pytest.fixture
def accepted(head, client_for, submitted, mail_queue):
    decide(client_for(head), submitted, "approve")
    assert submitted.live
    return submitted


@pytest.mark.parametrize(("role", "may"), [(S, False), (H, True), (A, True), (OD, False)])
def test_only_heads_and_administration_turn_an_accepted_proposal_into_an_assignment(
    role, may, role_users, client_for, accepted, specialist
):
    client = client_for(role_users[role])
    url = reverse(MAKE) + f"?proposal={accepted.pk}"
    page = client.get(url)
    before = snapshot()
    response = client.post(
        url,
        {
            "title": accepted.title,
            "description": accepted.description,
            "assignee": specialist.pk,
            "due_date": "2099-01-31",
            "link": "",
        },
    )
    if may:
        assert page.status_code == 200
        assert accepted.title in page.content.decode()  # prefilled
        assert response.status_code == 302
        assignment = Assignment.objects.get()
        assert assignment.proposal == accepted and assignment.given_by == role_users[role]
    else:
        assert page.status_code in (302, 403)
        assert snapshot() == before


def test_a_proposal_becomes_one_assignment_only(head, client_for, accepted, specialist):
    client = client_for(head)
    url = reverse(MAKE) + f"?proposal={accepted.pk}"
    body = {"title": "A", "assignee": specialist.pk, "due_date": "2099-01-31"}
    assert client.post(url, body).status_code == 302
    again = client.post(url, {**body, "title": "B"})
    assert again.status_code == 302  # back to the register with the reason
    assert Assignment.objects.count() == 1
    listing = client.get(reverse(LIST)).content.decode()
    assert (
        reverse("moderation_assignment_modeladmin_inspect", args=[Assignment.objects.get().pk])
        in listing
    )


def test_a_proposal_in_moderation_cannot_become_an_assignment(head, client_for, submitted):
    before = snapshot()
    client = client_for(head)
    response = client.post(
        reverse(MAKE) + f"?proposal={submitted.pk}",
        {"title": "A", "assignee": submitted.author.pk, "due_date": "2099-01-31"},
    )
    assert response.status_code == 302
    assert snapshot() == before
    for hostile in ("abc", "-1", "99999", "1%20OR%201=1"):
        response = client.get(reverse(MAKE) + f"?proposal={hostile}")
        assert response.status_code == 302
    assert snapshot() == before


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("description", "", "This field is required."),
        ("estimated_cost", "-1", "Ensure this value is greater than or equal to %(limit_value)s."),
        ("estimated_cost", "daug", "Enter a number."),
        ("estimated_cost", "1" * 20, None),
        ("description", "ž" * 10_001, None),
        ("kind", "javascript:alert(1)", None),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(field, value, message, specialist, client_for):
    before = snapshot()
    response = client_for(specialist).post(reverse(ADD), data(**{field: value}))
    assert response.status_code == 200
    if message:
        assert lt(message) % {"limit_value": 0} in html.unescape(response.content.decode())
    assert snapshot() == before


def test_attachments_are_documents(specialist, client_for):
    document = Document.objects.create(
        title="Sąmata", file=ContentFile(b"%PDF-1.4", name="samata.pdf")
    )
    response = client_for(specialist).post(reverse(ADD), data(attachments=[document]))
    assert response.status_code == 302
    assert [a.document for a in Proposal.objects.get().attachments.all()] == [document]


# --- filters and export ----------------------------------------------------------------------


def test_filters_by_kind_state_and_author(
    head, specialist, second_specialist, client_for, submitted, mail_queue
):
    ProposalFactory(title="Nauja svetainės paieška", kind="website", author=second_specialist)
    client = client_for(head)

    def titles(query):
        page = client.get(reverse(LIST) + query).content.decode()
        return {t for t in ("Knygų klubas internete", "Nauja svetainės paieška") if t in page}

    assert titles("?kind=website") == {"Nauja svetainės paieška"}
    assert titles("?state=in_moderation") == {"Knygų klubas internete"}
    assert titles("?state=draft") == {"Nauja svetainės paieška"}
    assert titles(f"?author={second_specialist.pk}") == {"Nauja svetainės paieška"}
    decide(client, submitted, "decline", comment="Ne dabar.")
    assert titles("?state=declined") == {"Knygų klubas internete"}
    assert titles("?state=approved") == set()
    assert titles("?created_at_after=2000-01-01") == {
        "Knygų klubas internete",
        "Nauja svetainės paieška",
    }


def test_export_has_the_rows_the_decision_and_lithuanian_headers(
    head, client_for, submitted, mail_queue
):
    client = client_for(head)
    decide(client, submitted, "decline", comment="Šiemet biudžeto nėra.")
    ProposalFactory(title="Plakatų serija", kind="visuals")
    with translation.override("lt"):
        xlsx = client.get(reverse(LIST) + "?export=xlsx", HTTP_ACCEPT_LANGUAGE="lt")
        as_csv = client.get(reverse(LIST) + "?export=csv", HTTP_ACCEPT_LANGUAGE="lt")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][0] == "Pavadinimas"
    assert rows[0][4] == lt("Estimated cost, EUR")
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {"Knygų klubas internete", "Plakatų serija"}
    assert by_title["Knygų klubas internete"][3] == "Šiemet biudžeto nėra."
    assert Decimal(str(by_title["Plakatų serija"][4])) == Decimal("120.00")
    table = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode("utf-8-sig"))))
    assert table[0][0] == "Pavadinimas"
    assert {row[0] for row in table[1:]} == {"Knygų klubas internete", "Plakatų serija"}


# --- query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_register_costs_the_same_at_1_and_30_rows(
    rows, head, specialist, client_for, django_assert_max_num_queries
):
    for number in range(rows):
        proposal = ProposalFactory(author=specialist, title=f"Pasiūlymas {number}")
        revision = proposal.save_revision(user=specialist)
        if number % 3 == 1:
            proposal.get_workflow().start(proposal, specialist)
        elif number % 3 == 2:
            revision.publish()  # accepted: offers "Make an assignment"
    client = client_for(head)
    client.get(reverse(LIST))
    # 15 for the register, up to 10 more for the moderation queue's count in a head's
    # menu (fixed however many items wait, editorial/moderation/menu.py)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(LIST))
    assert response.status_code == 200


@pytest.mark.parametrize(("role", "offered"), [(S, False), (H, True), (A, True)])
def test_the_register_offers_make_an_assignment_to_who_may(
    role, offered, role_users, client_for, accepted
):
    page = client_for(role_users[role]).get(reverse(LIST)).content.decode()
    assert (f"{reverse(MAKE)}?proposal={accepted.pk}" in page) is offered


def test_the_task_itself_refuses_a_decline_without_reason(head, submitted):
    from django.core.exceptions import PermissionDenied

    task_state = submitted.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, head, "decline", comment=" ")
    submitted.refresh_from_db()
    assert submitted.workflow_in_progress and not submitted.live
