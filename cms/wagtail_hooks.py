from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.staticfiles import versioned_static
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import views
from .dates import FORM_FIELD_OVERRIDES
from .forms import AbsenceForm, DepartmentForm, StaffProfileForm
from .models import Absence, Department, StaffProfile, display_name
from .panels import NoticesPanel


def person_column(field, label):
    """A list column naming a user as people read it (full name), not by username."""

    def column(obj):
        return display_name(getattr(obj, field))

    column.short_description = label
    column.admin_order_field = f"{field}__last_name"
    column.__name__ = f"{field}_name"
    return column


class PeopleFormAdmin(ModelAdmin):
    """A register whose form names people in full and checks who may be named."""

    form_class = None

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        edit_handler.base_form_class = self.form_class
        return edit_handler


class DepartmentAdmin(PeopleFormAdmin):
    model = Department
    form_class = DepartmentForm
    menu_icon = "group"
    head_name = staticmethod(person_column("head", _("department head")))
    deputy_head_name = staticmethod(person_column("deputy_head", _("standing deputy head")))
    list_display = ("name", "code", "head_name", "deputy_head_name", "site")
    search_fields = ("name", "code")
    list_select_related = ("head", "deputy_head", "site")


class StaffProfileAdmin(PeopleFormAdmin):
    model = StaffProfile
    form_class = StaffProfileForm
    menu_icon = "user"
    list_display = ("__str__", "position", "department")
    list_filter = ("department",)
    search_fields = ("user__first_name", "user__last_name", "user__username", "position")
    list_select_related = ("user", "department")
    inspect_view_enabled = True


class AbsenceAdmin(PeopleFormAdmin):
    model = Absence
    form_class = AbsenceForm
    menu_icon = "date"
    person_name = staticmethod(person_column("person", _("absent person")))
    deputy_name = staticmethod(person_column("deputy", _("deputy")))
    list_display = ("person_name", "starts_on", "ends_on", "deputy_name", "reason")
    list_filter = ("reason", "starts_on")
    search_fields = ("person__first_name", "person__last_name", "deputy__last_name", "note")
    list_select_related = ("person", "deputy")
    inspect_view_enabled = True


class PeopleGroup(ModelAdminGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 700
    items = (DepartmentAdmin, StaffProfileAdmin, AbsenceAdmin)


modeladmin_register(PeopleGroup)


@hooks.register("construct_homepage_panels")
def add_notices_panel(request, panels):
    panels.insert(0, NoticesPanel(request.user))


@hooks.register("register_admin_urls")
def notice_urls():
    return [path("notices/<int:pk>/read/", views.mark_notice_read, name="cms_notice_read")]


for _field, _override in FORM_FIELD_OVERRIDES.items():
    register_form_field_override(_field, override=_override)


@hooks.register("insert_global_admin_js")
def keep_typed_dates():
    return format_html('<script src="{}"></script>', versioned_static("cms/date-inputs.js"))


@hooks.register("register_account_settings_panel")
def notification_preferences_panel(request, user, profile):
    from .account import NotificationPreferencesPanel

    return NotificationPreferencesPanel(request, user, profile)
