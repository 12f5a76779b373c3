"""The calls register: open calls first by deadline, the head's go / no-go on each."""

from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from cms.dates import local_moment
from cms.models import display_name
from editorial.moderation.history import history_of

from .calls_views import decide_call
from .models import Call
from .permissions import can_decide_call

OPEN, PAST, ALL = "open", "past", "all"


class DeadlineFilter(SimpleListFilter):
    """Open calls (deadline ahead) unless the person asks for past ones or all."""

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [(OPEN, _("Open (deadline ahead)")), (PAST, _("Past")), (ALL, _("All"))]

    def value(self):
        return super().value() or OPEN

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == OPEN:
            return queryset.filter(deadline__gt=now)
        if self.value() == PAST:
            # Sorted by the listing's ordering (deadline): the list sorts after filtering.
            return queryset.filter(deadline__lte=now)
        return queryset


class CallIndexView(IndexView):
    export_headings = {
        "name": _("Call"),
        "source": _("Funding source"),
        "deadline_text": _("Deadline (Europe/Vilnius)"),
        "max_amount": _("Maximum amount, EUR"),
        "min_own_share": _("Minimum own contribution, %"),
        "url": _("Link"),
        "responsible_name": _("Responsible"),
        "decision_label": _("Go / no-go"),
        "decision_reason": _("Reason for the decision"),
        "decided_by_name": _("Decided by"),
    }


class CallInspectView(InspectView):
    LOCAL_MOMENTS = {
        "deadline_text": ("deadline", _("Deadline (Europe/Vilnius)")),
        "decided_at_text": ("decided_at", _("Decided at (Europe/Vilnius)")),
    }

    def get_dict_for_field(self, field_name):
        if field_name in self.LOCAL_MOMENTS:
            attribute, label = self.LOCAL_MOMENTS[field_name]
            value = local_moment(getattr(self.instance, attribute))
            return {
                "label": label,
                "value": value or self.model_admin.get_empty_value_display(field_name),
            }
        if field_name in ("responsible", "decided_by"):
            person = getattr(self.instance, field_name)
            return {
                "label": capfirst(Call._meta.get_field(field_name).verbose_name),
                "value": display_name(person)
                if person
                else self.model_admin.get_empty_value_display(field_name),
            }
        return super().get_dict_for_field(field_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.instance
        permission = can_decide_call(self.request.user, call)
        context["decide_url"] = reverse("grants_call_decide", args=[call.pk]) if permission else ""
        context["decide_reason"] = permission.reason
        context["history"] = history_of(call, "reason")
        return context


class CallAdmin(ModelAdmin):
    model = Call
    menu_label = _("Calls")
    menu_icon = "date"
    menu_order = 30
    add_to_admin_menu = False
    index_view_class = CallIndexView
    inspect_view_enabled = True
    inspect_view_class = CallInspectView
    inspect_template_name = "grants/call_inspect.html"
    list_per_page = 25
    list_display = (
        "name",
        "source",
        "deadline_local",
        "max_amount",
        "decision",
        "responsible_name",
    )
    list_filter = (DeadlineFilter, "decision", ("source", RelatedOnlyFieldListFilter))
    search_fields = ("name", "source__funder", "source__programme")
    list_select_related = ("source", "responsible", "decided_by")
    ordering = ("deadline", "pk")
    inspect_view_fields = (
        "name",
        "source",
        "deadline_text",
        "max_amount",
        "min_own_share",
        "url",
        "responsible",
        "decision",
        "decision_reason",
        "decided_by",
        "decided_at_text",
    )
    list_export = tuple(CallIndexView.export_headings)
    export_filename = "kvietimai"
    panels = [
        FieldPanel("source"),
        FieldPanel("name"),
        FieldPanel("deadline"),
        FieldRowPanel([FieldPanel("max_amount"), FieldPanel("min_own_share")]),
        FieldPanel("url"),
        FieldPanel("responsible"),
    ]

    def deadline_local(self, obj):
        return local_moment(obj.deadline)

    deadline_local.short_description = _("Deadline (Europe/Vilnius)")
    deadline_local.admin_order_field = "deadline"

    def deadline_text(self, obj):
        return local_moment(obj.deadline)

    def responsible_name(self, obj):
        return display_name(obj.responsible) if obj.responsible_id else ""

    responsible_name.short_description = _("Responsible")

    def decided_by_name(self, obj):
        return display_name(obj.decided_by) if obj.decided_by_id else ""

    def decision_label(self, obj):
        return str(obj.get_decision_display())

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path("grants/calls/<int:pk>/decide/", decide_call, name="grants_call_decide"),
        )
