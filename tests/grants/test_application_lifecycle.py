"""The lifecycle as data: every move valid and invalid, with the reason it is refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation
from wagtail.log_actions import registry
from wagtail.models import PageLogEntry, Revision

from cms.models import Notice
from grants import lifecycle
from grants.applications_services import LOG_MOVED, move
from grants.lifecycle import MOVES, can_move
from grants.models import GrantApplicationPage
from tests.grants import application_fixtures as fixtures

# The shared fixtures of these tests (tests/grants/application_fixtures.py).
application_factory = fixtures.application_factory
call = fixtures.call
grant_index = fixtures.grant_index
line = fixtures.line

pytestmark = pytest.mark.django_db

S = GrantApplicationPage.Status
TODAY = timezone.localdate()


def refusal(decision):
    assert not decision.allowed
    return str(decision.reason)


def test_the_table_covers_every_state_and_every_state_can_be_reached():
    targets = {move.target for move in MOVES}
    assert targets | {S.IDEA} == set(S.values)
    finals = set(lifecycle.FINAL_STATES)
    sources = {state for move in MOVES for state in move.sources}
    assert not finals & sources  # nothing leaves a final state


@pytest.mark.parametrize(
    "source,target,allowed",
    [
        (S.IDEA, S.DRAFTING, True),
        (S.IDEA, S.SUBMITTED, False),
        (S.DRAFTING, S.SUBMITTED, False),
        (S.DRAFTING, S.AWARDED, False),
        (S.SUBMITTED, S.UNDER_EVALUATION, True),
        (S.SUBMITTED, S.CLOSED, False),
        (S.UNDER_EVALUATION, S.SUBMITTED, False),
        (S.AWARDED, S.CONTRACT, True),
        (S.AWARDED, S.IMPLEMENTATION, False),
        (S.CONTRACT, S.IMPLEMENTATION, True),
        (S.CONTRACT, S.WITHDRAWN, False),
        (S.REJECTED, S.DRAFTING, False),
        (S.WITHDRAWN, S.IDEA, False),
        (S.CLOSED, S.REPORTING, False),
    ],
)
def test_moves_without_preconditions(application_factory, head, source, target, allowed):
    application = application_factory(status=source)
    decision = can_move(head, application, target)
    assert decision.allowed is allowed, decision.reason
    if not allowed:
        with translation.override("lt"):
            reason = refusal(can_move(head, application, target))
        assert "negali tapti" in reason, reason


@pytest.mark.parametrize("source", lifecycle.OPEN_STATES)
def test_withdrawn_from_any_open_state_by_the_head(application_factory, head, specialist, source):
    application = application_factory(status=source)
    assert can_move(head, application, S.WITHDRAWN)
    assert not can_move(specialist, application, S.WITHDRAWN)


def test_internal_approval_is_the_workflow_not_a_button(application_factory, head, specialist):
    application = application_factory(status=S.DRAFTING)
    with translation.override("lt"):
        reason = refusal(can_move(specialist, application, S.INTERNAL_APPROVAL))
    assert "moderavimo" in reason


def test_submitting_for_approval_moves_to_internal_approval_and_cancelling_back(
    application_factory, specialist, head
):
    application = application_factory(status=S.DRAFTING)
    application.get_workflow().start(application, specialist)
    application.refresh_from_db()
    assert application.status == S.INTERNAL_APPROVAL
    application.current_workflow_state.cancel(user=specialist)
    application.refresh_from_db()
    assert application.status == S.DRAFTING
    moves = [
        (entry.data["from"], entry.data["to"], entry.data["via"])
        for entry in PageLogEntry.objects.filter(page=application, action=LOG_MOVED).order_by("pk")
    ]
    assert moves == [
        (S.DRAFTING, S.INTERNAL_APPROVAL, "workflow"),
        (S.INTERNAL_APPROVAL, S.DRAFTING, "workflow"),
    ]


def _approve(application, head):
    state = application.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, head, "approve")


def test_submitted_only_after_the_head_approved(application_factory, specialist, head):
    application = application_factory(status=S.DRAFTING)
    application.get_workflow().start(application, specialist)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    with translation.override("lt"):
        assert "laukia vadovo patvirtinimo" in refusal(
            can_move(specialist, application, S.SUBMITTED)
        )
    _approve(application, head)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    assert application.live and application.status == S.INTERNAL_APPROVAL
    assert can_move(specialist, application, S.SUBMITTED)
    # A change after the approval needs the approval again.
    application.save_revision(user=specialist)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    with translation.override("lt"):
        assert "pakeista po to" in refusal(can_move(specialist, application, S.SUBMITTED))


def test_not_submitted_without_approval_at_all(application_factory, specialist):
    application = application_factory(status=S.INTERNAL_APPROVAL)
    with translation.override("lt"):
        assert "dar nepatvirtino" in refusal(can_move(specialist, application, S.SUBMITTED))


def test_a_move_is_logged_and_the_responsible_person_told(
    application_factory, specialist, head, second_specialist
):
    application = application_factory(status=S.SUBMITTED, responsible=second_specialist)
    decision, moved = move(head, application.pk, S.UNDER_EVALUATION, "Fondas patvirtino gavimą.")
    assert decision
    assert GrantApplicationPage.objects.get(pk=application.pk).status == S.UNDER_EVALUATION
    entry = PageLogEntry.objects.get(page=application, action=LOG_MOVED)
    assert entry.user == head
    assert entry.data["comment"] == "Fondas patvirtino gavimą."
    with translation.override("lt"):
        assert str(registry.get_action_label(LOG_MOVED)) == "Paraiška: pakeista būsena"
        assert entry.message == "Būsena pakeista iš „pateikta“ į „vertinama“"
    notice = Notice.objects.get(user=second_specialist)
    assert "Vertinama" in notice.subject or "vertinama" in notice.subject
    assert not Notice.objects.filter(user=head).exists()  # the actor is not told


def test_awarded_needs_decision_date_and_amount_within_the_request(application_factory, specialist):
    application = application_factory(
        status=S.UNDER_EVALUATION, lines=[line("1", "5000.00", own="1000.00")]
    )  # requested 4000
    with translation.override("lt"):
        assert "sprendimo datą" in refusal(can_move(specialist, application, S.AWARDED))
    application.decision_date = TODAY
    application.save_revision(user=specialist)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    with translation.override("lt"):
        assert "skirtą sumą" in refusal(can_move(specialist, application, S.AWARDED))
    current = application.get_latest_revision_as_object()
    current.amount_awarded = Decimal("4000.01")
    current.save_revision(user=specialist)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    with translation.override("lt"):
        reason = refusal(can_move(specialist, application, S.AWARDED))
    assert "negali viršyti" in reason and "4\xa0000,00" in reason
    current = application.get_latest_revision_as_object()
    current.amount_awarded = Decimal("4000.00")
    current.save_revision(user=specialist)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    assert can_move(specialist, application, S.AWARDED)


def test_a_decision_date_in_the_future_is_refused(application_factory, specialist):
    application = application_factory(status=S.SUBMITTED, decision_date=TODAY + timedelta(days=1))
    with translation.override("lt"):
        assert "ateityje" in refusal(can_move(specialist, application, S.REJECTED))
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert can_move(specialist, application, S.REJECTED)


def test_reporting_needs_duties_and_closing_needs_every_report_submitted(
    application_factory, specialist, head
):
    bare = application_factory(title="Be ataskaitų", status=S.IMPLEMENTATION)
    with translation.override("lt"):
        assert "atsiskaitymo" in refusal(can_move(specialist, bare, S.REPORTING))
    application = application_factory(
        status=S.REPORTING,
        duties=[
            ("Tarpinė ataskaita", TODAY, TODAY),
            ("Galutinė ataskaita", TODAY + timedelta(days=30), None),
        ],
    )
    with translation.override("lt"):
        reason = refusal(can_move(head, application, S.CLOSED))
    assert "Galutinė ataskaita" in reason and "Tarpinė" not in reason
    assert not can_move(specialist, application, S.CLOSED)  # heads/Administration close
    current = application.get_latest_revision_as_object()
    for duty in current.reporting_duties.all():
        duty.submitted_on = TODAY
    current.save_revision(user=specialist)
    application = GrantApplicationPage.objects.get(pk=application.pk)
    assert can_move(head, application, S.CLOSED)


def test_a_refused_move_changes_nothing(application_factory, specialist):
    application = application_factory(status=S.DRAFTING)
    decision, _app = move(specialist, application.pk, S.AWARDED, "bandymas")
    assert not decision
    assert GrantApplicationPage.objects.get(pk=application.pk).status == S.DRAFTING
    assert not PageLogEntry.objects.filter(page=application, action=LOG_MOVED).exists()
    assert not Notice.objects.exists()


def test_withdrawing_during_approval_cancels_the_workflow(application_factory, specialist, head):
    application = application_factory(status=S.DRAFTING)
    application.get_workflow().start(application, specialist)
    decision, _app = move(head, application.pk, S.WITHDRAWN, "Nebeteikiame.")
    assert decision
    application = GrantApplicationPage.objects.get(pk=application.pk)
    assert application.status == S.WITHDRAWN
    assert application.current_workflow_state is None
    tos = list(
        PageLogEntry.objects.filter(page=application, action=LOG_MOVED)
        .order_by("pk")
        .values_list("data__to", flat=True)
    )
    assert tos == [S.INTERNAL_APPROVAL, S.WITHDRAWN]


def test_publishing_an_old_revision_never_brings_an_old_state_back(
    application_factory, specialist, head
):
    application = application_factory(status=S.SUBMITTED)
    old = application.latest_revision_id
    move(head, application.pk, S.UNDER_EVALUATION)
    Revision.objects.get(pk=old).publish(user=head)  # as a later request would
    application = GrantApplicationPage.objects.get(pk=application.pk)
    assert application.live
    assert application.status == S.UNDER_EVALUATION


@pytest.mark.parametrize(
    "role,allowed",
    [
        ("Komunikacijos specialistai", True),
        ("Skyrių vadovai", True),
        ("Administracija", False),
        ("Kiti skyriai", False),
        ("anonymous", False),
        ("superuser", True),
    ],
)
def test_who_may_make_an_editors_move(application_factory, role_users, role, allowed):
    application = application_factory(status=S.SUBMITTED)
    decision = can_move(role_users[role], application, S.UNDER_EVALUATION)
    assert decision.allowed is allowed
    if role == "Kiti skyriai":
        with translation.override("lt"):
            assert "negalite matyti" in refusal(decision)
