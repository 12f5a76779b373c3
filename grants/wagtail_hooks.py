"""Registration only: the funding menu, registers, sources, demo content."""

from wagtail import hooks


@hooks.register("register_admin_menu_item")
def funding_menu():
    from .menu import funding_menu_item

    return funding_menu_item()


# --- sources, agreements, calls, deadlines and figures ------------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402
from wagtail.log_actions import LogFormatter  # noqa: E402

from cms.notification_events import NOTIFICATION_EVENTS_HOOK  # noqa: E402
from editorial.moderation.registries import CALENDAR_SOURCES_HOOK  # noqa: E402

from .calls_admin import CallAdmin  # noqa: E402
from .deadlines import GrantDeadlineCalendarSource, deadline_events  # noqa: E402
from .menu import GRANTS_MENU_HOOK  # noqa: E402
from .sources_admin import FundingSourceAdmin, SupportAgreementAdmin  # noqa: E402

for _admin_class in (FundingSourceAdmin, SupportAgreementAdmin, CallAdmin):
    _admin = _admin_class()
    _admin.register_with_wagtail()
    hooks.register(GRANTS_MENU_HOOK, _admin.get_menu_item)

hooks.register(NOTIFICATION_EVENTS_HOOK, deadline_events)
hooks.register(CALENDAR_SOURCES_HOOK, GrantDeadlineCalendarSource)


@hooks.register("register_admin_urls")
def funding_figures_urls():
    from django.urls import path

    from .figures_views import figures_view

    return [path("grants/figures/", figures_view, name="grants_figures")]


@hooks.register(GRANTS_MENU_HOOK)
def funding_figures_menu_item():
    from .figures_views import figures_menu_item

    return figures_menu_item()


@hooks.register("register_log_actions")
def register_call_log_actions(actions):
    from .calls_services import CALL_DECIDED
    from .models import Call

    labels = dict(Call.Decision.choices)

    @actions.register_action(CALL_DECIDED)
    class CallDecidedFormatter(LogFormatter):
        label = _("Call: go / no-go recorded")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = _("Go / no-go: %(decision)s") % {
                "decision": labels.get(data.get("to"), data.get("to", ""))
            }
            behalf = (data.get("on_behalf_of") or {}).get("name")
            if behalf:
                message = _("%(message)s (on behalf of %(name)s)") % {
                    "message": message,
                    "name": behalf,
                }
            return message

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("reason", "")


@hooks.register("register_demo_content")
def build_demo_funding_sources_and_calls(demo):
    from .demo import build_sources_and_calls

    build_sources_and_calls(demo)


# --- grant applications (the private tree, lifecycle, register) ---------------------------

from cms import admin_access  # noqa: E402

from .permissions import can_see_applications  # noqa: E402
from .private_tree import outside_private_tree  # noqa: E402


@hooks.register("register_admin_urls")
def grant_application_urls():
    from django.urls import path

    from .applications_views import move_view, register_view

    return [
        path("grants/applications/", register_view, name="grants_applications_register"),
        path(
            "grants/applications/<int:page_id>/move/<slug:target>/",
            move_view,
            name="grants_applications_move",
        ),
    ]


@hooks.register(GRANTS_MENU_HOOK)
def grant_applications_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class ApplicationsMenuItem(MenuItem):
        def is_shown(self, request):
            return bool(can_see_applications(request.user))

    return ApplicationsMenuItem(
        _("Grant applications"),
        reverse("grants_applications_register"),
        name="grant-applications",
        icon_name="doc-full",
        order=30,
    )


@hooks.register("register_page_header_buttons")
def grant_application_move_buttons(page, user, view_name=None, next_url=None):
    from .lifecycle import page_header_buttons

    return page_header_buttons(page, user, view_name, next_url)


@hooks.register(NOTIFICATION_EVENTS_HOOK)
def grant_application_events():
    from .applications_services import notification_events

    return notification_events()


@hooks.register("register_log_actions")
def register_grant_application_log_actions(actions):
    from .applications_services import LOG_MOVED, format_moved

    @actions.register_action(LOG_MOVED)
    class ApplicationMovedFormatter(LogFormatter):
        label = _("Grant application: state changed")

        def format_message(self, log_entry):
            return format_moved(log_entry.data or {})

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")


# After the home page exists (home's builder runs at the default order).
@hooks.register("register_demo_content", order=60)
def build_demo_grant_applications(demo):
    from .demo_applications import build_grant_applications

    build_grant_applications(demo)


# The privacy dialog never opens for the private tree: its restriction is fixed.
admin_access.register("wagtailadmin_pages:set_privacy", outside_private_tree)
# Nor is any part of it translated: an English copy would stand outside the restriction.
admin_access.register("simple_translation:submit_page_translation", outside_private_tree)


# --- projects and actions (issue 8, items 5 and 6) -----------------------------------------


def _register_project_actions():
    from wagtail.snippets.models import register_snippet

    from .actions_admin import ProjectActionViewSet

    register_snippet(ProjectActionViewSet)


_register_project_actions()


@hooks.register("register_admin_urls")
def project_admin_urls():
    from django.urls import path

    from .actions_admin import MARK_DONE_URL_NAME, mark_done_view
    from .projects_admin import CREATE_URL_NAME, create_project_page_view

    return [
        path(
            "grants/applications/<int:application_id>/project-page/",
            create_project_page_view,
            name=CREATE_URL_NAME,
        ),
        path("grants/project-actions/<int:pk>/done/", mark_done_view, name=MARK_DONE_URL_NAME),
    ]


@hooks.register("register_page_header_buttons")
def project_page_button(page, user, view_name, next_url=None):
    from .projects_admin import project_page_header_buttons

    return project_page_header_buttons(page, user, view_name, next_url)


@hooks.register("register_log_actions")
def register_project_log_actions(actions):
    from django.utils.translation import gettext_lazy as _
    from wagtail.log_actions import LogFormatter

    @actions.register_action("sklaida.grants.action_done")
    class ActionDoneFormatter(LogFormatter):
        label = _("Project action: marked done")
        message = _("Marked done")

    @actions.register_action("sklaida.grants.project_page_created")
    class ProjectPageCreatedFormatter(LogFormatter):
        label = _("Grant application: project page created")

        def format_message(self, log_entry):
            return _("Project page “%(title)s” created") % {
                "title": (log_entry.data or {}).get("title", "")
            }


# After the home page demo (home/wagtail_hooks.py), which makes the site's home page.
@hooks.register("register_demo_content", order=100)
def build_demo_projects(demo):
    from .demo_projects import build_projects

    build_projects(demo)
