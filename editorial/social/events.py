"""The kinds of social publishing notification a person can tune (cms.notification_events)."""

from django.utils.translation import gettext_lazy as _

from cms.notification_events import NotificationEvent

DELIVERY_FAILED = "social.delivery_failed"
CHANNEL_CHANGED = "social.channel_changed"


def social_events():
    return [
        NotificationEvent(
            DELIVERY_FAILED,
            _("A post failed or needs checking"),
            _("A network refused a post, its outcome is unknown, or a channel's access expired."),
            order=60,
        ),
        NotificationEvent(
            CHANNEL_CHANGED,
            _("A channel changed"),
            _("Someone created, edited or deleted a channel or replaced its access token."),
            order=70,
        ),
    ]
