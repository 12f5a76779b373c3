"""The state of moderated content as people read it, computed in one place.

The listing's state column and the editor's side panel both ask `moderation_state`,
so they cannot disagree. Wagtail's own status string knows no "changes requested"
(it says "draft") and forgets a decline (the workflow is cancelled, the object reads
as a draft): here both are states of their own, with the moderator's comment.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, TaskState, WorkflowState

from cms.models import display_name

DRAFT = "draft"
IN_MODERATION = "in_moderation"
CHANGES_REQUESTED = "changes_requested"
DECLINED = "declined"

LABELS = {
    IN_MODERATION: _("in moderation"),  # Wagtail's own status string
    CHANGES_REQUESTED: _("changes requested"),
    DECLINED: _("declined"),
}

PREFETCHED = "_sklaida_workflow_states"


@dataclass(frozen=True)
class ModerationState:
    key: str
    label: str
    comment: str = ""
    decided_by: str = ""
    decided_at: object = None

    def __str__(self):
        return str(self.label)


def workflow_states_prefetch(lookup="workflow_states"):
    """For listings: every workflow state of each row, newest first, in one query."""
    return Prefetch(
        lookup,
        queryset=WorkflowState.objects.select_related("current_task_state__finished_by").order_by(
            "-created_at", "-pk"
        ),
        to_attr=PREFETCHED,
    )


def listing_prefetches():
    """What a moderated snippet's register prefetches so each row's state costs nothing:
    the active workflow state with its task (Wagtail's status and lock), every workflow
    state (our decision and comment) and the scheduled revision (`status_string`)."""
    return [
        Prefetch(
            "workflow_states",
            queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
            to_attr="_current_workflow_states",
        ),
        workflow_states_prefetch(),
        Prefetch(
            "_revisions",
            queryset=Revision.objects.filter(approved_go_live_at__isnull=False),
            to_attr="_scheduled_revisions",
        ),
    ]


def _latest_workflow_state(obj):
    states = getattr(obj, PREFETCHED, None)
    if states is not None:
        return states[0] if states else None
    return (
        WorkflowState.objects.for_instance(obj)
        .select_related("current_task_state__finished_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def _decision(state, key):
    task_state = state.current_task_state
    if task_state is None:
        return ModerationState(key, LABELS[key])
    return ModerationState(
        key,
        LABELS[key],
        comment=task_state.comment or "",
        decided_by=display_name(task_state.finished_by),
        decided_at=task_state.finished_at,
    )


def moderation_state(obj):
    """What `obj` is now: in moderation, changes requested, declined, or Wagtail's own
    live/draft/scheduled status."""
    if not getattr(obj, "pk", None):
        return ModerationState(DRAFT, _("draft"))
    state = _latest_workflow_state(obj)
    if state is not None:
        if state.status == WorkflowState.STATUS_IN_PROGRESS:
            return ModerationState(IN_MODERATION, LABELS[IN_MODERATION])
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return _decision(state, CHANGES_REQUESTED)
        task_state = state.current_task_state
        if (
            state.status == WorkflowState.STATUS_CANCELLED
            and task_state is not None
            and task_state.status == TaskState.STATUS_REJECTED
            and not getattr(obj, "live", False)
        ):
            return _decision(state, DECLINED)
    return ModerationState(getattr(obj, "live", False) and "live" or DRAFT, obj.status_string)
