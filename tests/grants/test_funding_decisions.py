"""The head's go / no-go on a call: who may decide (scoped to the responsible person's
department, deputies during an absence), the reason a no-go needs, the log entry."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from cms import roles
from cms.factories import AbsenceFactory, StaffProfileFactory, UserFactory
from editorial.moderation.permissions import acting_for_department
from grants.calls_services import CALL_DECIDED, decide
from grants.models import Call
from grants.permissions import can_decide_call
from tests.grants.funding_helpers import make_call

pytestmark = pytest.mark.django_db


def decide_url(call):
    return reverse("grants_call_decide", args=[call.pk])


def unchanged(call):
    call.refresh_from_db()
    return (
        call.decision == Call.Decision.UNDECIDED
        and call.decided_by_id is None
        and call.decided_at is None
        and not ModelLogEntry.objects.filter(action=CALL_DECIDED).exists()
    )


def test_the_head_of_the_responsible_persons_department_decides(client_for, head, specialist):
    call = make_call(responsible=specialist)
    client = client_for(head)
    assert client.get(decide_url(call)).status_code == 200
    response = client.post(decide_url(call), {"decision": "go", "reason": "Tinka programai."})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.decision == Call.Decision.GO and call.decided_by == head
    assert call.decided_at is not None and call.decision_reason == "Tinka programai."
    entry = ModelLogEntry.objects.get(action=CALL_DECIDED)
    assert entry.user == head and entry.data["to"] == "go"
    inspect = client.get(reverse("grants_call_modeladmin_inspect", args=[call.pk])).text
    assert "Tinka programai." in inspect


@pytest.mark.parametrize(
    "who", ["specialist", "second_head", "administration_user", "other_department_user"]
)
def test_nobody_else_decides_and_a_refusal_changes_nothing(
    who, request, client_for, head, specialist, assert_denied
):
    call = make_call(responsible=specialist)
    user = request.getfixturevalue(who)
    assert not can_decide_call(user, call)
    client = client_for(user)
    if who != "other_department_user":  # Other departments cannot even open funding
        assert (
            "grants_call_decide"
            not in client.get(reverse("grants_call_modeladmin_inspect", args=[call.pk])).text
        )
    assert_denied(client.get(decide_url(call)))
    client.post(decide_url(call), {"decision": "go", "reason": ""})
    assert unchanged(call)
    refused, _call = decide(user, call.pk, Call.Decision.GO, "")
    assert not refused and unchanged(call)


def test_a_deputy_decides_while_the_head_is_absent_and_the_log_says_on_whose_behalf(
    client_for, head, specialist, second_specialist
):
    call = make_call(responsible=specialist)
    # A stand-in for a head must be in a group that may moderate (the absence form
    # checks it; moderation and the go / no-go count only such deputies).
    second_specialist.groups.add(Group.objects.get(name=roles.HEADS))
    assert not can_decide_call(second_specialist, call)
    AbsenceFactory(person=head, deputy=second_specialist)
    allowed = can_decide_call(second_specialist, call)
    assert allowed and allowed.on_behalf_of == head
    response = client_for(second_specialist).post(
        decide_url(call), {"decision": "no_go", "reason": "Per mažai laiko."}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.decision == Call.Decision.NO_GO and call.decided_by == second_specialist
    entry = ModelLogEntry.objects.get(action=CALL_DECIDED)
    assert entry.data["on_behalf_of"]["id"] == head.pk
    assert entry.data["reason"] == "Per mažai laiko."


def test_a_no_go_needs_a_reason(client_for, head, specialist):
    call = make_call(responsible=specialist)
    response = client_for(head).post(decide_url(call), {"decision": "no_go", "reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert unchanged(call)
    with pytest.raises(ValidationError):
        decide(head, call.pk, Call.Decision.NO_GO, "")
    assert unchanged(call)


def test_an_unknown_decision_is_refused(client_for, head, specialist):
    call = make_call(responsible=specialist)
    response = client_for(head).post(decide_url(call), {"decision": "maybe", "reason": "x"})
    assert response.status_code == 200 and unchanged(call)


def test_without_a_responsible_person_nobody_but_it_decides(head, superuser):
    call = make_call(responsible=None)
    refusal = can_decide_call(head, call)
    with translation.override("en"):
        assert not refusal and "responsible" in str(refusal.reason)
    assert can_decide_call(superuser, call)


def test_the_decision_fields_are_not_in_the_edit_form(client_for, head, specialist):
    call = make_call(responsible=specialist)
    html = client_for(head).get(reverse("grants_call_modeladmin_edit", args=[call.pk])).text
    assert 'name="decision"' not in html and 'name="decision_reason"' not in html


@pytest.fixture
def standing_deputy(department):
    """The department's standing deputy head (`Department.deputy_head`)."""
    user = StaffProfileFactory(
        user=UserFactory(username="pavaduotoja", head=True), department=department
    ).user
    department.deputy_head = user
    department.save(update_fields=["deputy_head"])
    return user


def test_a_standing_deputy_head_decides_when_the_department_has_no_head(
    client_for, department, specialist, standing_deputy
):
    call = make_call(responsible=specialist)
    allowed = can_decide_call(standing_deputy, call)
    assert allowed and allowed.on_behalf_of is None
    response = client_for(standing_deputy).post(
        decide_url(call), {"decision": "go", "reason": "Tinka programai."}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.decision == Call.Decision.GO and call.decided_by == standing_deputy


def test_the_standing_deputy_waits_while_the_head_or_the_heads_stand_in_can_decide(
    head, specialist, second_specialist, standing_deputy
):
    call = make_call(responsible=specialist)
    assert can_decide_call(head, call)
    assert not can_decide_call(standing_deputy, call)
    second_specialist.groups.add(Group.objects.get(name=roles.HEADS))
    AbsenceFactory(person=head, deputy=second_specialist)
    assert not can_decide_call(head, call)  # an absent head does not decide
    assert not can_decide_call(standing_deputy, call)
    allowed = can_decide_call(second_specialist, call)
    assert allowed and allowed.on_behalf_of == head


def test_a_standing_deputy_decides_for_an_absent_head_whose_stand_in_may_not_moderate(
    head, specialist, second_specialist, standing_deputy
):
    """As in moderation: a stand-in outside the approval task's groups does not count."""
    call = make_call(responsible=specialist)
    AbsenceFactory(person=head, deputy=second_specialist)  # a specialist: not a moderator
    assert not can_decide_call(second_specialist, call)
    assert can_decide_call(standing_deputy, call)


def test_the_go_no_go_and_moderation_name_the_same_people(
    head, specialist, second_specialist, standing_deputy, second_head
):
    """For every situation, who may decide a call is who acts for the department in
    moderation (the same function), and nobody else."""
    call = make_call(responsible=specialist)
    people = [head, specialist, second_specialist, standing_deputy, second_head]
    department = specialist.staff_profile.department

    def agree():
        tier = acting_for_department(department)
        acting = {person.pk for person in tier.candidates} if tier else set()
        assert {p.pk for p in people if can_decide_call(p, call)} == acting

    agree()
    second_specialist.groups.add(Group.objects.get(name=roles.HEADS))
    AbsenceFactory(person=head, deputy=second_specialist)
    agree()
    AbsenceFactory(person=second_specialist, deputy=standing_deputy)
    agree()
