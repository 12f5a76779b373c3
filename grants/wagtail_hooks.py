"""Registration only: the funding menu, registers, sources, demo content."""

from wagtail import hooks


@hooks.register("register_admin_menu_item")
def funding_menu():
    from .menu import funding_menu_item

    return funding_menu_item()


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
