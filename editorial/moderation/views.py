"""Workflow action views that confirm the moderator's decision (pages and snippets)."""

from wagtail.admin.ui.side_panels import PageStatusSidePanel
from wagtail.admin.views.pages.edit import EditView as PageEditView
from wagtail.admin.views.pages.workflow import WorkflowActionView as PageWorkflowActionView
from wagtail.snippets.views.snippets import WorkflowActionView as SnippetWorkflowActionView

from .confirmations import confirm
from .snippet_views import ModerationStateMixin, head_status_panel_with_state


class ConfirmedWorkflowActionMixin:
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        confirm(request, self.task_state.pk)
        return response


class ConfirmedPageWorkflowActionView(ConfirmedWorkflowActionMixin, PageWorkflowActionView):
    pass


class ConfirmedSnippetWorkflowActionView(ConfirmedWorkflowActionMixin, SnippetWorkflowActionView):
    pass


class ModerationPageStatusSidePanel(ModerationStateMixin, PageStatusSidePanel):
    pass


class ModeratedPageEditView(PageEditView):
    """The page editor, its status panel headed by the moderation state."""

    def get_side_panels(self):
        return head_status_panel_with_state(
            super().get_side_panels(), PageStatusSidePanel, ModerationPageStatusSidePanel
        )
