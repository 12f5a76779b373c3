"""The account settings with Sklaida's notification preferences instead of Wagtail's.

Wagtail's "Notifications" panel switches Wagtail's own workflow e-mails, which Sklaida
has replaced (editorial.moderation.notifications); its panel is hard-wired into
Wagtail's AccountView, so `cms.urls` serves this subclass at the same URL and name, and
our panel (registered through `register_account_settings_panel`) takes its place.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import account

from .forms import NotificationPreferencesForm


class NotificationPreferencesPanel(account.BaseSettingsPanel):
    name = "sklaida_notifications"
    title = _("Notification preferences")
    help_text = _(
        "Every notification is always shown on your dashboard. Choose, for each kind, "
        "whether it is also e-mailed at once, in one daily digest, or not at all."
    )
    tab = account.notifications_tab
    order = 100
    form_class = NotificationPreferencesForm
    template_name = "cms/account/notification_preferences.html"

    @cached_property
    def form(self):
        # Always the signed-in person's own: the form has no user to choose.
        kwargs = {"user": self.user, "profile": self.profile, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)

    def get_form(self):
        return self.form


class AccountView(account.AccountView):
    """Wagtail's account settings without Wagtail's notification switches."""

    def get_panels(self):
        return [
            panel
            for panel in super().get_panels()
            if not isinstance(panel, account.NotificationsSettingsPanel)
        ]
