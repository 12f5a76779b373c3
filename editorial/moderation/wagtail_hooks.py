from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from cms import admin_access
from cms.models import DEPUTY_CHECK_HOOK

from .confirmations import confirm_after_page_edit
from .panels import replace_awaiting_review_panel
from .permissions import can_open_queue, deputy_problem
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
