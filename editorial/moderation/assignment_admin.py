"""The assignment register: a plain record register, so wagtail-modeladmin (the
architecture's rule for records without drafts). It gives filters, search, inspect,
history and xlsx/CSV export out of the box, and, unlike a snippet, no chooser that
would list other people's assignments to everyone who may see the model.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, IndexView, InspectView

from cms.models import display_name

from . import assignment_services
from .assignment_models import Assignment
from .assignment_permissions import can_edit, can_give, can_make_assignment, can_view, moves_for
from .assignment_views import move_assignment, verb
from .history import history_of
from .proposal_models import Proposal
from .work_forms import AssignmentForm


class AssignmentPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return bool(can_give(user))

    def user_can_inspect_obj(self, user, obj):
        return bool(can_view(user, obj))

    def user_can_edit_obj(self, user, obj):
        return bool(can_edit(user, obj))

    def user_can_delete_obj(self, user, obj):
        return False  # an assignment is cancelled, never deleted


class OverdueFilter(SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue only"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class AssignmentIndexView(IndexView):
    # Read by the spreadsheet export (the model admin's attribute is not consulted).
    export_headings = {
        "title": _("Title"),
        "assignee_name": _("Assignee"),
        "given_by_name": _("Given by"),
        "due_date": _("Due date"),
        "state_label": _("State"),
        "overdue_label": _("Overdue"),
        "description": _("Description"),
        "link": _("Link to the item"),
        "note": _("Note"),
        "created_at": _("Given"),
    }


class AssignmentCreateView(CreateView):
    """Also "make an assignment" from an accepted proposal (?proposal=<id>)."""

    @cached_property
    def proposal(self):
        pk = self.request.GET.get("proposal", "")
        if not pk:
            return None
        if not pk.isdigit():
            return False
        return Proposal.objects.filter(pk=int(pk)).first() or False

    def dispatch(self, request, *args, **kwargs):
        if self.proposal is not None and request.user.is_authenticated:
            decision = (
                can_make_assignment(request.user, self.proposal)
                if self.proposal
                else can_make_assignment(request.user, Proposal(live=False))
            )
            if not decision and self.permission_helper.user_can_create(request.user):
                messages.error(request, decision.reason)
                return redirect(reverse(Proposal.snippet_viewset.get_url_name("list")))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def create_url(self):
        url = self.url_helper.create_url
        return f"{url}?proposal={self.proposal.pk}" if self.proposal else url

    def get_initial(self):
        initial = super().get_initial()
        if self.proposal:
            initial.update(
                {
                    "title": self.proposal.title,
                    "description": "\n\n".join(
                        part
                        for part in (self.proposal.description, self.proposal.expected_benefit)
                        if part
                    ),
                    "assignee": self.proposal.author_id,
                }
            )
        return initial

    def form_valid(self, form):
        try:
            self.instance = assignment_services.give(
                self.request.user, form.save(commit=False), proposal=self.proposal or None
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request,
            self.get_success_message(self.instance),
            buttons=self.get_success_message_buttons(self.instance),
        )
        return redirect(self.get_success_url())


class AssignmentInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["moves"] = [
            {
                "label": verb(target),
                "url": reverse("moderation_assignment_move", args=[self.instance.pk, target]),
            }
            for target in moves_for(user, self.instance)
        ]
        context["overdue"] = self.instance.is_overdue()
        context["history"] = history_of(self.instance, "note")
        return context


class AssignmentAdmin(ModelAdmin):
    model = Assignment
    menu_label = _("Assignments")
    menu_icon = "tasks"
    menu_order = 171
    permission_helper_class = AssignmentPermissionHelper
    index_view_class = AssignmentIndexView
    create_view_class = AssignmentCreateView
    inspect_view_enabled = True
    inspect_view_class = AssignmentInspectView
    inspect_template_name = "moderation/assignment_inspect.html"
    list_per_page = 25
    list_display = ("title", "assignee_name", "given_by_name", "due", "state")
    list_filter = (
        "status",
        OverdueFilter,
        ("assignee", RelatedOnlyFieldListFilter),
        "due_date",
    )
    search_fields = ("title", "description")
    list_select_related = ("assignee", "given_by")
    ordering = ("due_date", "pk")
    inspect_view_fields = (
        "title",
        "description",
        "assignee",
        "given_by",
        "due_date",
        "status",
        "link",
        "proposal",
        "note",
        "created_at",
        "finished_at",
    )
    list_export = (
        "title",
        "assignee_name",
        "given_by_name",
        "due_date",
        "state_label",
        "overdue_label",
        "description",
        "link",
        "note",
        "created_at",
    )
    export_filename = "uzduotys"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("assignee"),
            FieldPanel("due_date"),
            FieldPanel("link"),
        ],
        base_form_class=AssignmentForm,
    )

    def get_queryset(self, request):
        return Assignment.objects.visible_to(request.user).select_related("assignee", "given_by")

    # Columns and export values.
    def assignee_name(self, obj):
        return display_name(obj.assignee)

    assignee_name.short_description = _("Assignee")
    assignee_name.admin_order_field = "assignee__last_name"

    def given_by_name(self, obj):
        return display_name(obj.given_by)

    given_by_name.short_description = _("Given by")

    def due(self, obj):
        if obj.is_overdue(self._today()):
            return format_html(
                '<strong class="w-text-critical-200">{} · {}</strong>',
                obj.due_date.isoformat(),
                _("Overdue"),
            )
        return obj.due_date.isoformat()

    due.short_description = _("Due date")
    due.admin_order_field = "due_date"

    def state(self, obj):
        return obj.get_status_display()

    state.short_description = _("State")
    state.admin_order_field = "status"

    def state_label(self, obj):
        return str(obj.get_status_display())

    def overdue_label(self, obj):
        return str(_("yes")) if obj.is_overdue(self._today()) else ""

    def _today(self):
        return timezone.localdate()

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "moderation/assignments/<int:pk>/move/<slug:target>/",
                move_assignment,
                name="moderation_assignment_move",
            ),
        )
