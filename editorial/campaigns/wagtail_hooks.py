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
