"""The dashboard's "Awaiting your review" panel with a constant number of queries.

Wagtail's own panel asks the database several times per row (the specific task, the
workflow's task list, the submitter). This one renders the same template from a
fixed set of queries however many items wait for review.
"""

import copy

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, Task, TaskState, WorkflowTask

from .permissions import remember_moderators


def _tasks_with_status(workflow_states):
    """{workflow_state_id: [tasks annotated with .status/.status_display]} in 2 queries.

    The same annotation as `WorkflowState.all_tasks_with_status`, for many states at once.
    """
    workflow_ids = {state.workflow_id for state in workflow_states}
    tasks_by_workflow = {}
    for link in (
        WorkflowTask.objects.filter(workflow_id__in=workflow_ids)
        .select_related("task")
        .order_by("sort_order")
    ):
        tasks_by_workflow.setdefault(link.workflow_id, []).append(link.task)

    rows = list(
        TaskState.objects.filter(workflow_state__in=[state.pk for state in workflow_states])
        .order_by("started_at", "id")
        .values_list(
            "workflow_state_id", "task_id", "status", "revision_id", "revision__created_at"
        )
    )
    if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        # Only task states on the latest revision under review count (as in Wagtail).
        latest_revision = {}
        for workflow_state_id, _task, _status, revision_id, created_at in rows:
            key = (created_at, revision_id)
            if workflow_state_id not in latest_revision or key > latest_revision[workflow_state_id]:
                latest_revision[workflow_state_id] = key
        rows = [row for row in rows if row[3] == latest_revision[row[0]][1]]
    latest_status = {}
    for workflow_state_id, task_id, status, _revision, _created in rows:
        latest_status[(workflow_state_id, task_id)] = status  # later rows win

    labels = dict(TaskState.STATUS_CHOICES)
    result = {}
    for state in workflow_states:
        annotated = []
        for task in tasks_by_workflow.get(state.workflow_id, []):
            task = copy.copy(task)
            task.status = latest_status.get((state.pk, task.pk))
            task.status_display = labels.get(task.status, _("Not started"))
            annotated.append(task)
        result[state.pk] = annotated
    return result


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {
            "states": [],
            "request": request,
            "csrf_token": parent_context["csrf_token"],
        }
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context

        tasks = {
            task.pk: remember_moderators(task)
            for task in Task.objects.filter(active=True).specific()
        }
        states = []
        for task in tasks.values():
            states.extend(
                task.get_task_states_user_can_moderate(user=request.user)
                .select_related(
                    "revision",
                    "revision__user",
                    "workflow_state",
                    "workflow_state__workflow",
                )
                .prefetch_related(
                    "revision__content_object",
                    "revision__content_object__latest_revision",
                )
                .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
            )
        states.sort(key=lambda state: state.started_at, reverse=True)
        workflow_tasks = _tasks_with_status([state.workflow_state for state in states])

        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue
            task = tasks[state.task_id]
            # Prime what the rules and the template would otherwise fetch row by row.
            state.task = task
            state.workflow_state.current_task_state = state
            obj._current_workflow_states = [state.workflow_state]

            if isinstance(obj, Page):
                action_url_name = "wagtailadmin_pages:workflow_action"
                preview_url_name = "wagtailadmin_pages:workflow_preview"
                compare_url_name = "wagtailadmin_pages:revisions_compare"
            else:
                viewset = obj.snippet_viewset
                action_url_name = viewset.get_url_name("workflow_action")
                preview_url_name = viewset.get_url_name("workflow_preview")
                compare_url_name = viewset.get_url_name("revisions_compare")
            if not getattr(obj, "is_previewable", False):
                preview_url_name = None

            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": task.get_actions(obj, request.user),
                    "workflow_tasks": workflow_tasks[state.workflow_state_id],
                    "workflow_action_url_name": action_url_name,
                    "workflow_preview_url_name": preview_url_name,
                    "revisions_compare_url_name": compare_url_name,
                }
            )
        return context


def replace_awaiting_review_panel(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = AwaitingReviewPanel()
