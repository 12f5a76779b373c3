from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "editorial.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications

        notifications.connect()

        from . import proposal_signals

        proposal_signals.connect()

        from . import queue_urgency

        queue_urgency.connect()
