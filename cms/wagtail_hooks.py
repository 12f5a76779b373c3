from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import views
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


class DepartmentAdmin(ModelAdmin):
    model = Department
    menu_icon = "group"
    head_name = staticmethod(person_column("head", _("department head")))
    list_display = ("name", "code", "head_name", "site")
    search_fields = ("name", "code")
    list_select_related = ("head", "site")


class StaffProfileAdmin(ModelAdmin):
    model = StaffProfile
    menu_icon = "user"
    list_display = ("__str__", "position", "department")
    list_filter = ("department",)
    search_fields = ("user__first_name", "user__last_name", "user__username", "position")
    list_select_related = ("user", "department")
    inspect_view_enabled = True


class AbsenceAdmin(ModelAdmin):
    model = Absence
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
