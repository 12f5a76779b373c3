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


@hooks.register("register_demo_content", order=60)  # after the home page exists
def build_demo_polls(demo):
    from .demo_polls import build_polls

    build_polls(demo)
