"""The channel register in the admin (accounts on the networks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin

from .forms import ChannelForm
from .models import Channel


class ChannelAdmin(ModelAdmin):
    model = Channel
    menu_label = _("Channels")
    menu_icon = "site"
    menu_order = 151
    add_to_settings_menu = False
    list_display = ("name", "network", "handle", "state", "active")
    list_filter = ("network", "state", "active")
    search_fields = ("name", "handle")
    edit_handler = ObjectList(
        [
            FieldPanel("network"),
            FieldPanel("name"),
            FieldPanel("handle"),
            FieldPanel("account_id"),
            FieldPanel("api_base"),
            FieldPanel("access_token"),
            FieldPanel("active"),
            FieldPanel("site"),
        ],
        base_form_class=ChannelForm,
    )
