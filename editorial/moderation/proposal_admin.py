"""The proposal register and editor (a moderated snippet, like social posts)."""

import json

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.snippets.views.snippets import (
    CollectWorkflowActionDataView,
    IndexView,
    SnippetViewSet,
)

from .assignment_permissions import can_make_assignment
from .models import ACTION_DECLINE, ACTION_REQUEST_CHANGES
from .proposal_filters import ProposalFilterSet
from .proposal_models import Proposal
from .snippet_views import ModeratedSnippetCreateView, ModeratedSnippetEditView
from .states import listing_prefetches
from .views import ConfirmedSnippetWorkflowActionView
from .work_forms import ProposalForm, ReasonRequiredForm

REASON_ACTIONS = (ACTION_REQUEST_CHANGES, ACTION_DECLINE)


class ReasonRequiredMixin:
    """Declining a proposal or asking for changes needs a reason (the modal's form)."""

    def get_form_class(self):
        if self.action_name in REASON_ACTIONS:
            return ReasonRequiredForm
        return super().get_form_class()


class ProposalWorkflowActionView(ReasonRequiredMixin, ConfirmedSnippetWorkflowActionView):
    pass


class ProposalCollectWorkflowActionDataView(ReasonRequiredMixin, CollectWorkflowActionDataView):
    pass


class ProposalEditView(ModeratedSnippetEditView):
    def workflow_action_action(self):
        # The editor posts the modal's data itself; a request without the reason
        # (hand-made, or the modal skipped) is refused with the form's message.
        if self.workflow_action in REASON_ACTIONS:
            try:
                extra = json.loads(self.request.POST.get("workflow-action-extra-data", "{}"))
            except ValueError:
                extra = {}
            form = ReasonRequiredForm(extra if isinstance(extra, dict) else {})
            if not form.is_valid():
                messages.error(self.request, form.errors["comment"][0])
                return redirect(self.get_edit_url())
        return super().workflow_action_action()

    def get_edit_url(self):
        return reverse(Proposal.snippet_viewset.get_url_name("edit"), args=[self.object.pk])


class ProposalIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("author__wagtail_userprofile", "assignment")
            .prefetch_related(
                *listing_prefetches(),
            )
        )


class DecisionColumn(Column):
    cell_template_name = "moderation/includes/decision_cell.html"

    def get_value(self, instance):
        return {"label": instance.decision_label(), "reason": instance.decision_reason()}


class AssignmentLinkColumn(Column):
    cell_template_name = "moderation/includes/proposal_assignment_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        assignment = getattr(instance, "assignment", None)
        context["assignment"] = assignment
        if assignment is not None:
            context["assignment_url"] = reverse(
                "moderation_assignment_modeladmin_inspect", args=[assignment.pk]
            )
        elif request is not None and can_make_assignment(request.user, instance):
            context["make_url"] = (
                reverse("moderation_assignment_modeladmin_create") + f"?proposal={instance.pk}"
            )
        return context


class ProposalViewSet(SnippetViewSet):
    model = Proposal
    icon = "help"
    menu_label = _("Proposals")
    menu_name = "proposals"
    menu_order = 170
    add_to_admin_menu = True
    index_view_class = ProposalIndexView
    add_view_class = ModeratedSnippetCreateView
    edit_view_class = ProposalEditView
    workflow_action_view_class = ProposalWorkflowActionView
    collect_workflow_action_data_view_class = ProposalCollectWorkflowActionDataView
    filterset_class = ProposalFilterSet
    list_per_page = 25
    ordering = ["-created_at"]
    search_fields = ["title", "description"]
    list_display = [
        "title",
        Column("get_kind_display", label=_("Kind")),
        DecisionColumn("decision", label=_("Decision")),
        Column("estimated_cost", label=_("Estimated cost, EUR")),
        UserColumn("author", label=_("Author")),
        Column("created_at", label=_("Submitted"), sort_key="created_at"),
        AssignmentLinkColumn("assignment", label=_("Assignment")),
    ]
    list_export = [
        "title",
        "kind_label",
        "decision_label",
        "decision_reason",
        "estimated_cost",
        "author_name",
        "created_at",
        "description",
        "expected_benefit",
        "assignment_title",
    ]
    export_headings = {
        "title": _("Title"),
        "kind_label": _("Kind"),
        "decision_label": _("Decision"),
        "decision_reason": _("Reason"),
        "estimated_cost": _("Estimated cost, EUR"),
        "author_name": _("Author"),
        "created_at": _("Submitted"),
        "description": _("Description"),
        "expected_benefit": _("Expected benefit"),
        "assignment_title": _("Assignment"),
    }
    export_filename = "pasiulymai"
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("expected_benefit"),
            FieldPanel("estimated_cost"),
            InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        ],
        base_form_class=ProposalForm,
    )
