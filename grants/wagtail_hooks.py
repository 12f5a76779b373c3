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
