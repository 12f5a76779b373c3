"""The dashboard panel that shows a person their unread notices (cms.notifications)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .models import Notice


class NoticesPanel(Component):
    name = "notices"
    order = 50
    template_name = "cms/notices_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        unread = Notice.objects.filter(user=self.user, read_at__isnull=True)
        return {
            "title": _("Notifications"),
            "notices": list(unread[:10]),
            "unread_count": unread.count(),
        }
