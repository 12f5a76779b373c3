"""Registrations only: the social screens, URLs, admin CSS and demo content."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from cms.notification_events import NOTIFICATION_EVENTS_HOOK
from editorial.moderation.queue_filters import QUEUE_FILTERS_HOOK
from editorial.moderation.registries import MY_WORK_SECTIONS_HOOK

from . import channel_audit, queue_filters, views
from .channel_admin import ChannelAdmin
from .my_work import DeliveriesToCheckSection
from .viewsets import DeliveryAdmin, SocialPostViewSet

register_snippet(SocialPostViewSet)
modeladmin_register(ChannelAdmin)
modeladmin_register(DeliveryAdmin)
hooks.register("register_log_actions", channel_audit.register_log_actions)
hooks.register(MY_WORK_SECTIONS_HOOK, DeliveriesToCheckSection)
hooks.register(QUEUE_FILTERS_HOOK, queue_filters.channel_filter)


@hooks.register("register_admin_urls")
def social_admin_urls():
    return [
        path(
            "social/deliveries/<int:pk>/retry/", views.retry_delivery, name="social_delivery_retry"
        ),
        path(
            "social/deliveries/<int:pk>/mark-posted/",
            views.mark_delivery_posted,
            name="social_delivery_mark_posted",
        ),
        path("social/counters/", views.text_counters, name="social_text_counters"),
        path(
            "social/counters/<int:pk>/", views.text_counters, name="social_text_counters_for_post"
        ),
    ]


@hooks.register("insert_global_admin_css")
def social_admin_css():
    # Delivery badges appear in the listing, the editor and the delivery register.
    return format_html('<link rel="stylesheet" href="{}">', static("social/css/admin.css"))


@hooks.register("register_demo_content")
def build_demo_social(demo):
    from .demo import build_social

    build_social(demo)


@hooks.register("construct_homepage_panels")
def social_manual_deliveries_panel(request, panels):
    from .dashboard import ManualDeliveriesPanel

    panel = ManualDeliveriesPanel.for_user(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("before_delete_snippet")
def social_refuse_deleting_sent_posts(request, instances):
    from .dashboard import refuse_deleting_sent_posts

    return refuse_deleting_sent_posts(request, instances)


@hooks.register(NOTIFICATION_EVENTS_HOOK)
def social_notification_events():
    from .events import social_events

    return social_events()


@hooks.register("sklaida_calendar_sources")  # editorial.moderation.registries.CALENDAR_SOURCES_HOOK
def social_calendar_source():
    from .calendar import social_calendar_source

    return social_calendar_source()
