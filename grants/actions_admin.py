"""The project action register and editor (a moderated snippet, like proposals)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from editorial.moderation.snippet_views import (
    ModeratedSnippetCreateView,
    ModeratedSnippetEditView,
)
from editorial.moderation.states import listing_prefetches
from editorial.moderation.views import ConfirmedSnippetWorkflowActionView

from .actions_filters import ProjectActionFilterSet
from .actions_forms import ProjectActionForm
from .actions_services import mark_action_done
from .menu import GRANTS_MENU_HOOK
from .models import ProjectAction
from .permissions import can_mark_action_done

MARK_DONE_URL_NAME = "grants_project_action_done"


def mark_done_button(action, user):
    if not can_mark_action_done(user, action):
        return None
    return Button(
        _("Mark done"),
        icon_name="check",
        priority=5,
        attrs={
            "data-controller": "w-action",
            "data-action": "w-action#post",
            "data-w-action-url-value": reverse(MARK_DONE_URL_NAME, args=[action.pk]),
        },
    )


class ProjectActionIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("project", "author__wagtail_userprofile", "done_by")
            .prefetch_related(
                *listing_prefetches(),
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        button = mark_done_button(instance, self.request.user)
        return [button, *buttons] if button else buttons


class ProjectActionEditView(ModeratedSnippetEditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        button = mark_done_button(self.object, self.request.user)
        return [button, *buttons] if button else buttons


class StateColumn(Column):
    def get_value(self, instance):
        return instance.state_label()


class ProjectActionViewSet(SnippetViewSet):
    model = ProjectAction
    icon = "tasks"
    menu_label = _("Project actions")
    menu_name = "project_actions"
    menu_order = 50
    menu_hook = GRANTS_MENU_HOOK  # in the Funding menu, not the generic snippet list
    index_view_class = ProjectActionIndexView
    add_view_class = ModeratedSnippetCreateView
    edit_view_class = ProjectActionEditView
    workflow_action_view_class = ConfirmedSnippetWorkflowActionView
    filterset_class = ProjectActionFilterSet
    list_per_page = 25
    ordering = ["-created_at"]
    search_fields = ["title", "description"]
    list_display = [
        "title",
        Column("project", label=_("Project")),
        Column("get_kind_display", label=_("Kind")),
        StateColumn("state", label=_("State")),
        Column("planned_on", label=_("Planned date"), sort_key="planned_on"),
        Column("amount", label=_("Amount, EUR")),
        UserColumn("author", label=_("Author")),
        Column("done_at", label=_("Done"), sort_key="done_at"),
    ]
    list_export = [
        "project_title",
        "title",
        "kind_label",
        "state_label",
        "planned_on",
        "amount",
        "author_name",
        "done_at",
        "done_by_name",
        "description",
    ]
    export_headings = {
        "project_title": _("Project"),
        "title": _("Title"),
        "kind_label": _("Kind"),
        "state_label": _("State"),
        "planned_on": _("Planned date"),
        "amount": _("Amount, EUR"),
        "author_name": _("Author"),
        "done_at": _("Done"),
        "done_by_name": _("Marked done by"),
        "description": _("Description"),
    }
    export_filename = "projekto-veiksmai"
    edit_handler = ObjectList(
        [
            # A plain list of the running projects (the form's queryset), not the page
            # chooser, which would offer every application.
            FieldPanel("project", widget=forms.Select),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("planned_on"),
            FieldPanel("amount"),
        ],
        base_form_class=ProjectActionForm,
    )


@require_POST
def mark_done_view(request, pk):
    action = get_object_or_404(ProjectAction, pk=pk)
    decision = mark_action_done(request.user, action)
    if decision:
        messages.success(request, _("“%(title)s” is marked done.") % {"title": action.title})
    else:
        messages.error(request, decision.reason)
    return redirect(ProjectAction.snippet_viewset.get_url_name("edit"), action.pk)
