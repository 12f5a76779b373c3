"""The dashboard's "Awaiting your review" panel: a short summary of the moderation queue.

It heads the dashboard of everyone who may moderate (the queue is the head's start
page, see docs/decisions/moderation-queue.md): how many items wait, the few most urgent,
and a link to the queue, where the decisions are taken. It reads the same queue as
the queue page (`queue.queue_for`), in a fixed number of queries however many wait.
Wagtail's own panel, which it replaces, asked the database several times per row.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from . import queue as service
from .permissions import can_open_queue


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    name = "awaiting_review_summary"
    order = 5  # first on the dashboard
    template_name = "moderation/panels/queue_summary.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"request": request, "show": False}
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        if not can_open_queue(request.user):
            return context
        queue = service.queue_for(request.user, request)
        urgent = service.ordered(queue.task_states())[: service.SUMMARY_SIZE]
        context.update(
            {
                "show": True,
                "count": queue.count,
                "rows": service.rows(queue, urgent) if queue.count else [],
                "queue_url": reverse("moderation_queue"),
            }
        )
        return context


def replace_awaiting_review_panel(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = AwaitingReviewPanel()
