from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from cms import admin_access
from cms.models import DEPUTY_CHECK_HOOK
from cms.notification_events import NOTIFICATION_EVENTS_HOOK

from .assignment_access import may_see_this_assignment
from .assignment_admin import AssignmentAdmin
from .assignment_sources import AssignmentCalendarSource, MyAssignmentsSection
from .confirmations import confirm_after_page_edit
from .panels import replace_awaiting_review_panel
from .permissions import can_open_queue, deputy_problem
from .proposal_admin import ProposalViewSet
from .registries import CALENDAR_SOURCES_HOOK, MY_WORK_SECTIONS_HOOK
from .task_events import proposal_and_assignment_events
from .viewsets import ModeratedPageViewSet


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    @actions.register_action("sklaida.moderation.on_behalf")
    class OnBehalfFormatter(LogFormatter):
        label = _("Moderation: on behalf of an absent head")

        def format_message(self, log_entry):
            try:
                return _("Acted on behalf of %(name)s (standing in during absence)") % {
                    "name": log_entry.data["on_behalf_of"]["name"]
                }
            except (KeyError, TypeError):
                return _("Acted on behalf of an absent head")

    @actions.register_action("sklaida.moderation.decline")
    class DeclineFormatter(LogFormatter):
        label = _("Moderation: rejected")
        message = _("Rejected by the moderator")

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")


@hooks.register("construct_homepage_panels")
def use_constant_query_review_panel(request, panels):
    replace_awaiting_review_panel(request, panels)


@hooks.register(DEPUTY_CHECK_HOOK)
def deputy_may_moderate(person, deputy, department=None):
    return deputy_problem(person, deputy, department)


# After Wagtail's base page viewset, so this one serves every page type.
@hooks.register("register_admin_viewset", order=100)
def register_moderated_page_viewset():
    return ModeratedPageViewSet()


@hooks.register("after_edit_page")
def confirm_workflow_action_in_page_editor(request, page):
    confirm_after_page_edit(request, page)


@hooks.register(NOTIFICATION_EVENTS_HOOK)
def moderation_notification_events():
    from .events import moderation_events

    return moderation_events()


# --- proposals and assignments (duties 4 and 16) ------------------------------------------


register_snippet(ProposalViewSet)
modeladmin_register(AssignmentAdmin)
admin_access.register("moderation_assignment_modeladmin_*", may_see_this_assignment)
hooks.register(NOTIFICATION_EVENTS_HOOK, proposal_and_assignment_events)
hooks.register(CALENDAR_SOURCES_HOOK, AssignmentCalendarSource)
hooks.register(MY_WORK_SECTIONS_HOOK, MyAssignmentsSection)


@hooks.register("register_log_actions")
def register_assignment_log_actions(actions):
    from .assignment_models import STATUS_CHOICES

    labels = dict(STATUS_CHOICES)

    @actions.register_action("sklaida.assignment.moved")
    class AssignmentMovedFormatter(LogFormatter):
        label = _("Assignment: state changed")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("State changed from “%(from)s” to “%(to)s”") % {
                "from": labels.get(data.get("from"), data.get("from", "")),
                "to": labels.get(data.get("to"), data.get("to", "")),
            }

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("note", "")


@hooks.register("register_demo_content")
def build_demo_proposals_and_assignments(demo):
    from .work_demo import build_proposals_and_assignments

    build_proposals_and_assignments(demo)


# --- My work and standing in for an absent author (issue 7) -----------------------------


@hooks.register("register_log_actions")
def register_stand_in_log_actions(actions):
    from .stand_in import ON_BEHALF_EDIT, format_on_behalf_edit

    @actions.register_action(ON_BEHALF_EDIT)
    class OnBehalfEditFormatter(LogFormatter):
        label = _("Changed on behalf of an absent colleague")

        def format_message(self, log_entry):
            return format_on_behalf_edit(log_entry.data or {})


@hooks.register("register_admin_urls")
def my_work_urls():
    from django.urls import path

    from .my_work_views import my_work, my_work_section_view

    return [
        path("my-work/", my_work, name="moderation_my_work"),
        path("my-work/<slug:key>/", my_work_section_view, name="moderation_my_work_section"),
    ]


@hooks.register("register_admin_menu_item")
def my_work_menu():
    from .my_work_views import my_work_menu_item

    return my_work_menu_item()


def _register_generic_my_work_sections():
    from .my_work import GENERIC_SECTIONS
    from .registries import MY_WORK_SECTIONS_HOOK

    for section_class in GENERIC_SECTIONS:
        hooks.register(MY_WORK_SECTIONS_HOOK, section_class)


_register_generic_my_work_sections()


@hooks.register(DEPUTY_CHECK_HOOK)
def deputy_may_carry_on_writing(person, deputy, department=None):
    from .stand_in import deputy_can_carry_on

    return deputy_can_carry_on(person, deputy, department)


@hooks.register("after_edit_snippet")
def log_stand_in_snippet_edit(request, instance):
    from .stand_in import log_stand_in_edit

    log_stand_in_edit(request, instance)


@hooks.register("after_edit_page")
def log_stand_in_page_edit(request, page):
    from .stand_in import log_stand_in_edit

    log_stand_in_edit(request, page)


# --- the editorial calendar ----------------------------------------------------------


@hooks.register("register_admin_urls")
def calendar_admin_urls():
    from .editorial_calendar.urls import admin_urlpatterns

    return admin_urlpatterns


@hooks.register("sklaida_public_urls")  # cms.public_urls.PUBLIC_URLS_HOOK
def calendar_public_urls():
    from .editorial_calendar.urls import public_urlpatterns

    return public_urlpatterns


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(
        _("Editorial calendar"), reverse("moderation_calendar"), icon_name="date", order=155
    )


@hooks.register("register_log_actions")
def register_calendar_log_actions(actions):
    @actions.register_action("sklaida.calendar.moved")
    class MovedFormatter(LogFormatter):
        label = _("Moved on the editorial calendar")

        def format_message(self, log_entry):
            from .editorial_calendar.grid import readable_moment

            data = log_entry.data or {}
            return _("Moved on the editorial calendar from %(from)s to %(to)s") % {
                "from": readable_moment(data.get("from")),
                "to": readable_moment(data.get("to")),
            }


# --- the moderation queue ------------------------------------------------------------------


@hooks.register("register_admin_urls")
def moderation_queue_urls():
    from django.urls import path

    from . import queue_views

    return [
        path("moderation/queue/", queue_views.queue_view, name="moderation_queue"),
        path("moderation/queue/act/", queue_views.act_view, name="moderation_queue_act"),
    ]


@hooks.register("register_admin_menu_item")
def moderation_queue_menu_item():
    from .menu import QueueMenuItem

    return QueueMenuItem()


admin_access.register("moderation_queue*", lambda user, match: bool(can_open_queue(user)))
