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
