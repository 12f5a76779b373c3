"""The state of moderated content as people read it, computed in one place.

The listing's state column and the editor's side panel both ask `moderation_state`,
so they cannot disagree. Wagtail's own status string knows no "changes requested"
(it says "draft") and forgets a decline (the workflow is cancelled, the object reads
as a draft): here both are states of their own, with the moderator's comment.
"""

from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, TaskState, WorkflowState

from cms.models import display_name

DRAFT = "draft"
IN_MODERATION = "in_moderation"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
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


# --- filtering a register by the moderation state --------------------------------------


def state_choices(approved=None, extra=()):
    """The choices of a register's state filter: the codes `filter_by_moderation_state`
    knows, in one order and wording for every register. `approved`: the register's own
    word for an approved row (a proposal is "accepted"); `extra`: the register's own
    states after them (a project action's "done")."""
    return [
        (DRAFT, _("Draft")),
        (IN_MODERATION, _("In moderation")),
        (CHANGES_REQUESTED, _("Changes requested")),
        (APPROVED, approved or _("Approved")),
        (DECLINED, _("Declined")),
        *extra,
    ]


def _latest_state(model, field):
    """`field` of each row's newest workflow state (one correlated subquery)."""
    return Subquery(
        WorkflowState.objects.filter(
            base_content_type__app_label=model._meta.app_label,
            base_content_type__model=model._meta.model_name,
            object_id=OuterRef("pk_text"),
        )
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


def filter_by_moderation_state(queryset, value):
    """The rows of a moderated snippet's `queryset` in the state `value` (one of the
    codes above), as `moderation_state` names it in the register's state column."""
    model = queryset.model
    queryset = queryset.annotate(pk_text=Cast("pk", output_field=CharField())).annotate(
        latest_status=_latest_state(model, "status"),
        latest_task_status=_latest_state(model, "current_task_state__status"),
    )
    open_states = [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    declined = Q(
        latest_status=WorkflowState.STATUS_CANCELLED,
        latest_task_status=TaskState.STATUS_REJECTED,
    )
    if value == IN_MODERATION:
        return queryset.filter(latest_status=WorkflowState.STATUS_IN_PROGRESS)
    if value == CHANGES_REQUESTED:
        return queryset.filter(latest_status=WorkflowState.STATUS_NEEDS_CHANGES)
    if value == APPROVED:
        # Never moderated (a head published it) counts too: NULL is not "in" anything.
        return queryset.filter(live=True).filter(
            Q(latest_status__isnull=True) | ~Q(latest_status__in=open_states)
        )
    if value == DECLINED:
        return queryset.filter(declined, live=False)
    if value == DRAFT:
        return queryset.filter(live=False).filter(
            Q(latest_status__isnull=True)
            | (Q(latest_status=WorkflowState.STATUS_CANCELLED) & ~declined)
        )
    return queryset
