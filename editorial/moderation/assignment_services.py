"""Domain operations on assignments and proposals: views, tasks and the demo call these."""

from datetime import timedelta

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.models import display_name
from cms.notifications import Message, language_of, notify, notify_each, stand_in_line

from .assignment_models import CANCELLED, DONE, Assignment
from .assignment_permissions import can_give, can_make_assignment, can_move

EVENT_GIVEN = "assignments.given"
EVENT_DUE = "assignments.due"
EVENT_PROPOSAL_DECIDED = "proposals.decided"

LOG_MOVED = "sklaida.assignment.moved"


def assignment_path(assignment):
    return reverse("moderation_assignment_modeladmin_inspect", args=[quote(assignment.pk)])


def give(user, assignment, proposal=None):
    """Save a new `assignment` given by `user` (from `proposal` when one is named)."""
    decision = can_give(user)
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        if proposal is not None:
            # Locked, so two heads pressing "make an assignment" at once make one.
            proposal = type(proposal).objects.select_for_update().get(pk=proposal.pk)
            decision = can_make_assignment(user, proposal)
            if not decision:
                raise PermissionDenied(decision.reason)
            assignment.proposal = proposal
        assignment.given_by = user
        assignment.save()
        log(instance=assignment, action="wagtail.create", user=user)
        tell_given(assignment)
    return assignment


def tell_given(assignment):
    person = assignment.assignee
    with translation.override(language_of(person)):
        subject = _("New assignment: %(title)s") % {"title": assignment.title}
        message = _("%(giver)s gave you an assignment due %(due)s: %(title)s") % {
            "giver": display_name(assignment.given_by),
            "due": assignment.due_date.isoformat(),
            "title": assignment.title,
        }
    notify(
        [person],
        subject,
        message,
        url=assignment_path(assignment),
        event_key=f"assignments:given:{assignment.pk}",
        event=EVENT_GIVEN,
    )


def move(user, assignment_id, target, note=""):
    """Move an assignment to `target`; returns (Decision, assignment). Refused: unchanged."""
    with transaction.atomic():
        # Locked and read afresh: of two people acting at once, the second is judged
        # on the state the first left.
        assignment = Assignment.objects.select_for_update().get(pk=assignment_id)
        decision = can_move(user, assignment, target, note)
        if not decision:
            return decision, assignment
        previous = assignment.status
        assignment.status = target
        fields = ["status", "updated_at"]
        if target in (DONE, CANCELLED):
            assignment.note = (note or "").strip()
            assignment.finished_at = timezone.now()
            fields += ["note", "finished_at"]
        assignment.save(update_fields=fields)
        log(
            instance=assignment,
            action=LOG_MOVED,
            user=user,
            data={"from": previous, "to": target, "note": (note or "").strip()},
        )
    return decision, assignment


def remind_due(today=None):
    """Tell each assignee the day before the due date and once the assignment is overdue.

    Idempotent: each reminder has its own event key (assignment, due date, kind), so a
    second run the same day, or the next day, tells nobody twice; a new due date is a
    new event. Returns the number of notices recorded.
    """
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    sent = 0
    due = (
        Assignment.objects.open()
        .filter(due_date__lte=tomorrow)
        .select_related("assignee", "given_by")
        .order_by("due_date", "pk")
    )
    for assignment in due.iterator(chunk_size=500):
        overdue = assignment.due_date < today
        kind = "overdue" if overdue else ("tomorrow" if assignment.due_date == tomorrow else "")
        if not kind:
            continue  # due today: told yesterday, overdue tomorrow
        person = assignment.assignee
        with translation.override(language_of(person)):
            if overdue:
                subject = _("Assignment overdue: %(title)s") % {"title": assignment.title}
                message = _("The assignment “%(title)s” was due %(due)s and is not done.")
            else:
                subject = _("Assignment due tomorrow: %(title)s") % {"title": assignment.title}
                message = _("The assignment “%(title)s” is due tomorrow, %(due)s.")
            message = message % {"title": assignment.title, "due": assignment.due_date.isoformat()}
        sent += notify(
            [person],
            subject,
            message,
            url=assignment_path(assignment),
            event_key=f"assignments:due:{assignment.pk}:{assignment.due_date.isoformat()}:{kind}",
            event=EVENT_DUE,
        )
    return sent


def tell_proposal_decided(workflow_state_id):
    """Tell the author of a proposal that it was accepted or declined (with the reason)."""
    from wagtail.models import TaskState, WorkflowState

    from .notifications import edit_path
    from .proposal_models import Proposal

    state = (
        WorkflowState.objects.select_related("current_task_state__finished_by", "requested_by")
        .filter(pk=workflow_state_id)
        .first()
    )
    if state is None:
        return 0
    proposal = Proposal.objects.filter(pk=state.object_id).select_related("author").first()
    if proposal is None:
        return 0
    task_state = state.current_task_state
    if state.status == WorkflowState.STATUS_APPROVED:
        accepted = True
    elif (
        state.status == WorkflowState.STATUS_CANCELLED
        and task_state is not None
        and task_state.status == TaskState.STATUS_REJECTED
    ):
        accepted = False
    else:
        return 0
    author = proposal.author or state.requested_by
    if author is None:
        return 0
    comment = ((task_state.comment if task_state is not None else "") or "").strip()
    head = display_name(task_state.finished_by if task_state else None)
    values = {"head": head, "title": proposal.title}

    def render(person, standing_in_for):
        # Called in each reader's language: the author's, or their deputy's.
        if accepted:
            subject = _("Proposal accepted: %(title)s") % values
            message = _("%(head)s accepted your proposal “%(title)s”.") % values
        else:
            subject = _("Proposal declined: %(title)s") % values
            message = _("%(head)s declined your proposal “%(title)s”.") % values
        if comment:
            message += " " + _("Reason: %(comment)s") % {"comment": comment}
        if standing_in_for:
            message = f"{stand_in_line(standing_in_for)}\n{message}"
        return Message(subject, message)

    return notify_each(
        [author],
        render,
        url=edit_path(proposal),
        event_key=f"proposals:decided:{state.pk}",
        event=EVENT_PROPOSAL_DECIDED,
    )
