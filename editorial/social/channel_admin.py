"""The channel register: create, edit and delete record every change (channel_audit)."""

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, ModelFormView

from . import channel_audit
from .forms import ChannelForm
from .models import Channel


class _RecordingMixin:
    def form_valid(self, form):
        with transaction.atomic():
            # ModelFormView saves and redirects; the generic "wagtail.create/edit"
            # entries of CreateView/EditView give way to the channel's own, which say
            # what changed.
            response = ModelFormView.form_valid(self, form)
            channel_audit.record_change(self.instance, self.request.user, form.changes)
        if form.changes.get("credentials_removed"):
            messages.warning(
                self.request,
                _(
                    "The network, the server or the account ID changed, so the stored access "
                    "token was removed. Enter a new token to connect the channel."
                ),
            )
        return response


class ChannelCreateView(_RecordingMixin, CreateView):
    pass


class ChannelEditView(_RecordingMixin, EditView):
    pass


class ChannelDeleteView(DeleteView):
    def delete_instance(self):
        channel = self.instance
        super().delete_instance()
        channel_audit.record_deletion(channel, self.request.user)


class ChannelAdmin(ModelAdmin):
    model = Channel
    menu_label = gettext_lazy("Channels")
    menu_icon = "site"
    menu_order = 151
    add_to_settings_menu = False
    create_view_class = ChannelCreateView
    edit_view_class = ChannelEditView
    delete_view_class = ChannelDeleteView
    list_display = ("name", "network", "handle", "connection", "active")
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
            FieldPanel("department"),
            FieldPanel("active"),
            FieldPanel("site"),
        ],
        base_form_class=ChannelForm,
    )

    def connection(self, obj):
        return obj.get_connection_display()

    connection.short_description = gettext_lazy("Connection")
