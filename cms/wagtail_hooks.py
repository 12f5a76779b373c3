from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Absence, Department, StaffProfile


class DepartmentAdmin(ModelAdmin):
    model = Department
    menu_icon = "group"
    list_display = ("name", "code", "head", "site")
    search_fields = ("name", "code")


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
    list_display = ("person", "starts_on", "ends_on", "deputy", "reason")
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
