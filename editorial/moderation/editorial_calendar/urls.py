"""URLs of the editorial calendar: the admin pages (registered with Wagtail's
register_admin_urls) and the public feed (cms.public_urls, outside /admin)."""

from django.urls import path

from . import views

admin_urlpatterns = [
    path("calendar/", views.month_view, name="moderation_calendar"),
    path("calendar/week/", views.week_view, name="moderation_calendar_week"),
    path("calendar/agenda/", views.agenda_view, name="moderation_calendar_agenda"),
    path("calendar/move/", views.move_entry, name="moderation_calendar_move"),
    path("calendar/colours.css", views.kind_colours, name="moderation_calendar_colours"),
    path("calendar/subscription/", views.feed_link_view, name="moderation_calendar_feed"),
]

# The feed is read by calendar applications, which cannot sign in: the token is the key.
public_urlpatterns = [path("kalendorius/<str:token>.ics", views.feed, name="calendar_feed")]
