"""Registrations only: the rubric register, its calendar source, My work and demo."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from editorial.moderation.registries import CALENDAR_SOURCES_HOOK, MY_WORK_SECTIONS_HOOK

from .calendar import rubric_calendar_source
from .my_work import RubricGapsSection
from .polls_admin import InteractiveContentGroup
from .viewsets import RubricViewSet

register_snippet(RubricViewSet)
hooks.register(CALENDAR_SOURCES_HOOK, rubric_calendar_source)
hooks.register(MY_WORK_SECTIONS_HOOK, RubricGapsSection)


@hooks.register("register_demo_content")
def build_demo_rubrics(demo):
    from .demo import build_rubrics

    build_rubrics(demo)


# --- campaign pages: reports, calendar periods, demo (issue 9, part 2) --------------------

from .calendar_campaigns import campaign_calendar_source  # noqa: E402

hooks.register(CALENDAR_SOURCES_HOOK, campaign_calendar_source)


@hooks.register("register_admin_urls")
def campaign_report_urls():
    from django.urls import path

    from .campaign_report import campaign_report, campaign_report_index

    return [
        path("campaigns/reports/", campaign_report_index, name="campaigns_campaign_reports"),
        path("campaigns/reports/<int:page_id>/", campaign_report, name="campaigns_campaign_report"),
    ]


@hooks.register("register_admin_menu_item")
def campaign_reports_menu():
    from .campaign_report import campaign_reports_menu_item

    return campaign_reports_menu_item()


# After the home page demo (home/wagtail_hooks.py), which makes the site's home page.
@hooks.register("register_demo_content", order=100)
def build_demo_campaign(demo):
    from .demo_campaigns import build_campaign

    build_campaign(demo)


# brandcheck: the brand kit and the pre-publish checklist beside the post editor.
from django.templatetags.static import static  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.html import format_html  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402

from editorial.social.checks import EDITOR_PANELS_HOOK, POST_CHECKS_HOOK  # noqa: E402

from . import checklist, checklist_views, demo_brandcheck  # noqa: E402
from .brandcheck_panels import social_post_editor_panels  # noqa: E402
from .checklist_viewsets import ChecklistRulePolicy, ChecklistRuleViewSet  # noqa: E402
from .models import ChecklistRule  # noqa: E402

register_permission_policy(ChecklistRule, ChecklistRulePolicy(ChecklistRule))
register_snippet(ChecklistRuleViewSet)
hooks.register(POST_CHECKS_HOOK, checklist.blocking_reasons)
hooks.register(EDITOR_PANELS_HOOK, social_post_editor_panels)
hooks.register("register_demo_content", demo_brandcheck.build_brand_kit_and_checklist)


@hooks.register("register_admin_urls")
def brandcheck_admin_urls():
    return [
        path("campaigns/checklist/", checklist_views.live_checklist, name="campaigns_checklist"),
        path(
            "campaigns/checklist/<int:pk>/",
            checklist_views.live_checklist,
            name="campaigns_checklist_for_post",
        ),
    ]


@hooks.register("insert_global_admin_css")
def brandcheck_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("campaigns/css/brandcheck_admin.css")
    )


# --- promotions and contests ------------------------------------------------------------
from .contests_admin import PromotionEntryAdmin, draw_page_buttons  # noqa: E402
from .contests_log import register_contest_log_actions  # noqa: E402

PromotionEntryAdmin().register_with_wagtail()
hooks.register("register_log_actions", register_contest_log_actions)
hooks.register("register_page_header_buttons", draw_page_buttons)
hooks.register("register_page_listing_more_buttons", draw_page_buttons)


@hooks.register("register_admin_urls")
def contests_urls():
    from django.urls import path

    from .contests_views import draw_view, export_view

    return [
        path("contests/<int:page_id>/draw/", draw_view, name="campaigns_promotion_draw"),
        path("contests/<int:page_id>/export/", export_view, name="campaigns_promotion_export"),
    ]


# After the home page demo, which makes the site's home page.
@hooks.register("register_demo_content", order=100)
def build_demo_contests(demo):
    from .demo_contests import build_contests

    build_contests(demo)


# Polls and quizzes (polls_*.py): the registers, results views and public endpoints.
@hooks.register("sklaida_public_urls")  # cms.public_urls.PUBLIC_URLS_HOOK
def polls_public_urls():
    from .polls_urls import public_urlpatterns

    return public_urlpatterns()


@hooks.register("register_admin_urls")
def polls_admin_urls():
    from .polls_admin import admin_urlpatterns

    return admin_urlpatterns()


register_snippet(InteractiveContentGroup)


# After the home page exists and after the demo promotions (order 100): the demo
# quiz's draw is the open demo promotion.
@hooks.register("register_demo_content", order=110)
def build_demo_polls(demo):
    from .demo_polls import build_polls

    build_polls(demo)
