"""The demo's proposals and assignments: each screen has something to show, in Lithuanian."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms import roles
from cms.models import Notice
from editorial.moderation.assignment_models import Assignment
from editorial.moderation.proposal_models import Proposal

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", force=True, stdout=io.StringIO())


def test_the_demo_has_an_accepted_proposal_with_its_assignment_and_one_awaiting_review():
    load_demo()
    accepted = Proposal.objects.get(live=True)
    assert accepted.decision_reason()  # the head's comment on approval
    assert accepted.assignment.assignee.username == "specialistas"
    assert accepted.assignment.given_by.username == "vadovas"
    awaiting = Proposal.objects.get(live=False)
    assert awaiting.workflow_in_progress
    overdue = Assignment.objects.overdue().get()
    assert overdue.assignee.groups.filter(name=roles.OTHER_DEPARTMENTS).exists()
    assert overdue.created_at.date() < overdue.due_date < timezone.localdate()
    # The assignees were told (once).
    assert Notice.objects.filter(event_key__startswith="assignments:given:").count() == 2


def test_the_demo_runs_twice_without_adding_anything():
    load_demo()
    before = (
        Proposal.objects.count(),
        Assignment.objects.count(),
        Notice.objects.count(),
    )
    load_demo()
    assert (Proposal.objects.count(), Assignment.objects.count(), Notice.objects.count()) == before


def test_the_moderation_app_brings_its_own_role_rows():
    from django.contrib.auth.models import Group

    from editorial.moderation import roles as moderation_roles

    for role, permissions in moderation_roles.MODEL_PERMISSIONS.items():
        assert permissions <= roles.MODEL_PERMISSIONS[role]
    heads = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=roles.HEADS).permissions.select_related("content_type")
    }
    assert {"moderation.publish_proposal", "moderation.add_assignment"} <= heads
    assert "moderation.publish_proposal" not in roles.MODEL_PERMISSIONS[roles.SPECIALISTS]
    assert "moderation.add_assignment" not in roles.MODEL_PERMISSIONS[roles.SPECIALISTS]
    assert not any(
        "delete_assignment" in name for names in roles.MODEL_PERMISSIONS.values() for name in names
    )
