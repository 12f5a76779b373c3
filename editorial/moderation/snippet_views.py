"""Editor views shared by every moderated snippet (posts, rubrics, proposals, ...)."""

from wagtail.snippets.views.snippets import CreateView, EditView


class ModeratedSnippetCreateView(CreateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Autosave on the create page posts to the create URL until its first answer
        # comes back; "Submit" pressed meanwhile creates a second object (a duplicate
        # that could later be approved). The object autosaves once it exists.
        self.autosave_enabled = False


class ModeratedSnippetEditView(EditView):
    def save_instance(self):
        # The snippet editor saves a revision on every submission. With re-approval
        # on edit, the head's "Approve" on an unchanged object would then restart the
        # very task it approves instead of publishing (wagtail/wagtail#13563). Like
        # the page editor, save a revision only when something changed.
        if self.action == "workflow-action" and not self.form.has_changed():
            self.new_revision = None
            return self.object
        return super().save_instance()
