"""The message a moderator sees after approving, requesting changes or declining."""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_latest_str
from wagtail.models import TaskState, WorkflowState


def confirmation_for(task_state_id):
    """The confirmation of what happened to `task_state_id`, or None if nothing did."""
    task_state = TaskState.objects.select_related("workflow_state").filter(pk=task_state_id).first()
    if task_state is None or task_state.status == TaskState.STATUS_IN_PROGRESS:
        return None
    workflow_state = task_state.workflow_state
    obj = workflow_state.content_object
    title = get_latest_str(getattr(obj, "specific", obj))
    if task_state.status == TaskState.STATUS_APPROVED:
        if getattr(obj, "live", False):
            message = _("Approved and published: “%(title)s”. The author has been told.")
        else:
            message = _("Approved: “%(title)s”. The author has been told.")
    elif task_state.status == TaskState.STATUS_REJECTED:
        if workflow_state.status == WorkflowState.STATUS_CANCELLED:
            message = _("Declined: “%(title)s”. The author has been told, with your reason.")
        else:
            message = _("Changes requested: “%(title)s”. The author has been told.")
    else:
        return None
    return message % {"title": title}


def confirm(request, task_state_id):
    """Add the confirmation to the next page the moderator sees."""
    message = confirmation_for(task_state_id)
    if message:
        messages.success(request, message)
    return message


def confirm_after_page_edit(request, page):
    """The page editor's own "Approve" / "Request changes" / "Reject" buttons."""
    if "action-workflow-action" not in request.POST:
        return None
    latest = (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk),
            workflow_state__base_content_type=page.get_base_content_type(),
            finished_by=request.user,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    return confirm(request, latest.pk) if latest is not None else None
