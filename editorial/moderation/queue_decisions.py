"""Decisions taken from the moderation queue, inline or in bulk, one item at a time.

Each selected item runs through its task's `on_action` in a transaction of its own, so
the rights and the four-eyes rule are checked again per item, and the refusal of one
item leaves it (and the others) untouched. See docs/decisions/moderation-queue.md.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogContext
from wagtail.models import AbstractPage, TaskState

from cms.models import Department, display_name
from cms.roles import ADMINISTRATION

from .confirmations import confirmation_for
from .models import ACTION_APPROVE, ACTION_DECLINE, ACTION_REQUEST_CHANGES
from .permissions import Decision

MAX_SELECTION = 100  # one bulk decision; four pages of the queue
MAX_COMMENT = 5000

# The queue's action -> (the task's action name, comment required, label)
APPROVE = "approve"
APPROVE_WITH_COMMENT = "approve_comment"
REQUEST_CHANGES = "request_changes"
REJECT = "reject"
ACTIONS = {
    APPROVE: (ACTION_APPROVE, False, gettext_lazy("Approve")),
    APPROVE_WITH_COMMENT: (ACTION_APPROVE, True, gettext_lazy("Approve with comment")),
    REQUEST_CHANGES: (ACTION_REQUEST_CHANGES, True, gettext_lazy("Request changes")),
    REJECT: (ACTION_DECLINE, True, gettext_lazy("Reject")),
}


@dataclass(frozen=True)
class Outcome:
    task_state_id: int
    done: bool
    title: str = ""
    message: str = ""


class Refused(Exception):
    pass


def check_request(action, comment, ids):
    """The whole request's problem (a translated message), or None; nothing is done then."""
    if action not in ACTIONS:
        return _("Choose what to do: approve, request changes or reject.")
    if not ids:
        return _("Select at least one item.")
    if len(ids) > MAX_SELECTION:
        return _("Select at most %(count)d items at once.") % {"count": MAX_SELECTION}
    if ACTIONS[action][1] and not comment.strip():
        return _("Write a comment: the author needs to know why.")
    if len(comment) > MAX_COMMENT:
        return _("The comment is too long (at most %(count)d characters).") % {"count": MAX_COMMENT}
    return None


def parse_ids(values):
    """Task state ids from the form, in order, without duplicates; None if any is malformed."""
    ids = []
    for value in values:
        value = (value or "").strip()
        if not value.isdigit() or len(value) > 18:
            return None
        if int(value) not in ids:
            ids.append(int(value))
    return ids


def decide_many(user, ids, action, comment=""):
    """Apply `action` to each task state in `ids`, each on its own: [Outcome].

    Each item runs through its task's `on_action` in its own transaction, so the
    rights and the four-eyes rule are checked again per item, and a refusal of one
    item leaves the others (and itself) untouched.
    """
    task_action, _required, _label = ACTIONS[action]
    return [_decide_one(user, pk, task_action, comment.strip()) for pk in ids]


def _decide_one(user, task_state_id, task_action, comment):
    title = ""
    try:
        # A log context of its own per item: Wagtail's history shows only the latest
        # entry per (context, action), so items decided in one request would hide
        # each other's decision and comment.
        with LogContext(user=user), transaction.atomic():
            # Lock the row: of two moderators deciding at once, the second waits and
            # then finds the task no longer in progress.
            state = TaskState.objects.select_for_update().filter(pk=task_state_id).first()
            if state is None:
                raise Refused(_("This item does not exist or does not await your review."))
            workflow_state = state.workflow_state
            obj = workflow_state.content_object
            if isinstance(obj, AbstractPage):
                obj = obj.specific
            title = _title(state, obj)
            if (
                state.status != TaskState.STATUS_IN_PROGRESS
                or workflow_state.current_task_state_id != state.pk
            ):
                if not _may_know(user, workflow_state):
                    title = ""
                    raise Refused(_("This item does not exist or does not await your review."))
                raise Refused(_already_decided(state))
            task = state.task.specific
            if obj is None:
                raise Refused(_("This item does not exist or does not await your review."))
            allowed = [name for name, _label, _modal in task.get_actions(obj, user)]
            if task_action not in allowed:
                decision = _decision(task, obj, user)
                if not decision.allowed and not _may_know(user, workflow_state):
                    title = ""
                    raise Refused(_("This item does not exist or does not await your review."))
                raise Refused(decision.reason)
            locked_by = getattr(obj, "locked_by", None) if getattr(obj, "locked", False) else None
            if locked_by is not None and locked_by.pk != user.pk:
                raise Refused(
                    _("%(name)s has locked it for editing; ask them to unlock it, then decide.")
                    % {"name": display_name(locked_by)}
                )
            task.on_action(state, user, task_action, comment=comment)
    except Refused as refusal:
        return Outcome(task_state_id, False, title, str(refusal))
    except PermissionDenied as denied:
        return Outcome(task_state_id, False, title, str(denied) or _("You may not decide on this."))
    return Outcome(task_state_id, True, title, confirmation_for(task_state_id) or "")


def _title(state, obj):
    if obj is not None:
        from wagtail.admin.utils import get_latest_str

        return get_latest_str(obj)
    return state.revision.object_str if state.revision_id else ""


def _decision(task, obj, user):
    """Why the task offers `user` no such action (HeadApprovalTask says why; others do not)."""
    may = getattr(task, "_may", None)
    decision = may(obj, user) if may is not None else None
    if isinstance(decision, Decision) and not decision.allowed:
        return decision
    return Decision(False, _("You may not decide on this."))


def _already_decided(state):
    labels = {
        TaskState.STATUS_APPROVED: _("approved"),
        TaskState.STATUS_REJECTED: _("sent back or rejected"),
        TaskState.STATUS_CANCELLED: _("withdrawn"),
        TaskState.STATUS_SKIPPED: _("skipped"),
    }
    if state.finished_by_id:
        return _("This was already decided by %(name)s (%(decision)s); nothing was changed.") % {
            "name": display_name(state.finished_by),
            "decision": labels.get(state.status, ""),
        }
    return _("This no longer awaits review (%(decision)s); nothing was changed.") % {
        "decision": labels.get(state.status, _("withdrawn"))
    }


def _may_know(user, workflow_state):
    """May `user` learn the title of an item they cannot act on (their department's work)?

    A refusal names the item only to people who moderate the author's department
    (its head, standing deputy or their stand-ins), Administration and IT; anyone
    else gets the same answer as for an id that does not exist.
    """
    if user.is_superuser or user.groups.filter(name=ADMINISTRATION).exists():
        return True
    return Department.objects.filter(
        Q(staff__user_id=workflow_state.requested_by_id),
        Q(head=user)
        | Q(deputy_head=user)
        | Q(head__absences__deputy=user)
        | Q(deputy_head__absences__deputy=user),
    ).exists()
