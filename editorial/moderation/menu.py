"""The admin menu item of the moderation queue, with the number of items waiting."""

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.menu import MenuItem

from . import queue as service
from .permissions import can_open_queue


class QueueMenuItem(MenuItem):
    """Shown to people who may moderate; the count is this user's queue today.

    Wagtail's sidebar has no badge component, so the count is part of the label
    ("Moderavimo eilė (3)") and of its accessible name. The count reads the same
    queue as the page (`queue_for`, once per request): one SQL count after a few
    small queries, the same however many items wait.
    """

    def __init__(self):
        super().__init__(
            gettext_lazy("Moderation queue"),
            reverse("moderation_queue"),
            name="moderation-queue",
            icon_name="tasks",
            order=150,
        )

    def is_shown(self, request):
        return bool(can_open_queue(request.user))

    def render_component(self, request):
        count = service.queue_for(request.user, request).count
        component = super().render_component(request)
        if count:
            component.label = gettext("%(label)s (%(count)d)") % {
                "label": self.label,
                "count": count,
            }
        return component
