"""Workflow action views that confirm the moderator's decision (pages and snippets)."""

from wagtail.admin.views.pages.workflow import WorkflowActionView as PageWorkflowActionView
from wagtail.snippets.views.snippets import WorkflowActionView as SnippetWorkflowActionView

from .confirmations import confirm


class ConfirmedWorkflowActionMixin:
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        confirm(request, self.task_state.pk)
        return response


class ConfirmedPageWorkflowActionView(ConfirmedWorkflowActionMixin, PageWorkflowActionView):
    pass


class ConfirmedSnippetWorkflowActionView(ConfirmedWorkflowActionMixin, SnippetWorkflowActionView):
    pass
