"""Registrations only: the rubric register, its calendar source, My work and demo."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from editorial.moderation.registries import CALENDAR_SOURCES_HOOK, MY_WORK_SECTIONS_HOOK

from .calendar import rubric_calendar_source
from .my_work import RubricGapsSection
from .viewsets import RubricViewSet

register_snippet(RubricViewSet)
hooks.register(CALENDAR_SOURCES_HOOK, rubric_calendar_source)
hooks.register(MY_WORK_SECTIONS_HOOK, RubricGapsSection)


@hooks.register("register_demo_content")
def build_demo_rubrics(demo):
    from .demo import build_rubrics

    build_rubrics(demo)


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
