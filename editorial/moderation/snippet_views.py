"""Editor views shared by every moderated snippet (posts, rubrics, proposals, ...)."""

from wagtail.snippets.side_panels import SnippetStatusSidePanel
from wagtail.snippets.views.snippets import CreateView, EditView

from .confirmations import confirmation_for
from .states import moderation_state


class ModerationStateMixin:
    """Wagtail's status panel, headed by the state the listing shows."""

    def get_status_templates(self, context):
        return ["moderation/side_panels/state.html", *super().get_status_templates(context)]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["moderation_state"] = moderation_state(self.object)
        return context


class ModerationStatusSidePanel(ModerationStateMixin, SnippetStatusSidePanel):
    pass


def head_status_panel_with_state(panels, wagtail_class, our_class):
    for panel in panels:
        if type(panel) is wagtail_class and panel.object.pk:
            # Same panel, same arguments; only the templates and context grow.
            panel.__class__ = our_class
    return panels


class ModeratedSnippetCreateView(CreateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Autosave on the create page posts to the create URL until its first answer
        # comes back; "Submit" pressed meanwhile creates a second object (a duplicate
        # that could later be approved). The object autosaves once it exists.
        self.autosave_enabled = False


class ModeratedSnippetEditView(EditView):
    def get_side_panels(self):
        return head_status_panel_with_state(
            super().get_side_panels(), SnippetStatusSidePanel, ModerationStatusSidePanel
        )

    def workflow_action_action(self):
        task_state = self.object.current_workflow_task_state
        response = super().workflow_action_action()
        self.moderation_confirmation = task_state and confirmation_for(task_state.pk)
        return response

    def get_success_message(self, instance=None):
        # "Approved: ..." instead of Wagtail's generic "... updated."
        confirmation = getattr(self, "moderation_confirmation", None)
        return confirmation or super().get_success_message(instance)

    def submit_action(self):
        # Resubmitting resumes the workflow from `workflow_state.content_object`,
        # which may have been loaded (and cached) before this request saved the new
        # revision: the resumed task would then review the old revision, and the
        # approval of it would restart the task instead of publishing. Resume from
        # the object as just saved.
        if self.workflow_state is not None:
            self.workflow_state.content_object = self.object
        return super().submit_action()

    def save_instance(self):
        # The snippet editor saves a revision on every submission. With re-approval
        # on edit, the head's "Approve" on an unchanged object would then restart the
        # very task it approves instead of publishing (wagtail/wagtail#13563). Like
        # the page editor, save a revision only when something changed.
        if self.action == "workflow-action" and not self.form.has_changed():
            self.new_revision = None
            return self.object
        return super().save_instance()
