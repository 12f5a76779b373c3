"""The rubric register and editor (a moderated snippet, like social posts)."""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn, UserColumn
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from editorial.moderation.snippet_views import ModeratedSnippetCreateView, ModeratedSnippetEditView
from editorial.moderation.states import listing_prefetches
from editorial.social.columns import PostStatusColumn
from editorial.social.models import Channel

from .filters import RubricFilterSet
from .forms import RubricForm
from .models import Rubric
from .panels import NextSlotsPanel


class RubricIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("owner__wagtail_userprofile")
            .prefetch_related(
                Prefetch("channels", queryset=Channel.objects.order_by("name")),
                *listing_prefetches(),
            )
        )


class RubricInspectView(InspectView):
    def get_cadence_label_display_value(self):
        return self.object.cadence_label()

    def get_next_slots_label_display_value(self):
        return self.object.next_slots_label() or "—"

    def get_channels_display_value(self):
        return ", ".join(str(channel) for channel in self.object.channels.all()) or "—"


class ChannelsColumn(Column):
    def get_value(self, instance):
        return ", ".join(str(channel) for channel in instance.channels.all())


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "date"
    menu_label = _("Rubrics")
    menu_name = "rubrics"
    menu_order = 151  # beside the social posts (150) and deliveries (152)
    add_to_admin_menu = True
    index_view_class = RubricIndexView
    add_view_class = ModeratedSnippetCreateView
    edit_view_class = ModeratedSnippetEditView
    filterset_class = RubricFilterSet
    list_per_page = 25
    ordering = ["name"]
    search_fields = ["name", "description"]
    inspect_view_enabled = True
    inspect_view_class = RubricInspectView
    inspect_view_fields = [
        "name",
        "description",
        "channels",
        "cadence_label",
        "time_of_day",
        "start_date",
        "end_date",
        "default_hashtags",
        "template_text",
        "owner",
        "flag_days_ahead",
        "next_slots_label",
    ]
    list_display = [
        "name",
        PostStatusColumn(),
        Column("cadence_label", label=_("Repeats")),
        ChannelsColumn("channels", label=_("Channels")),
        UserColumn("owner", label=pgettext_lazy("rubric", "Owner")),
        UpdatedAtColumn(),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
            FieldPanel("owner"),
            MultiFieldPanel(
                [
                    FieldPanel("cadence", widget=forms.RadioSelect),
                    FieldPanel("weekdays"),
                    FieldRowPanel([FieldPanel("monthly_ordinal"), FieldPanel("monthly_weekday")]),
                    FieldPanel("custom_dates"),
                    FieldRowPanel(
                        [
                            FieldPanel("time_of_day"),
                            FieldPanel("start_date"),
                            FieldPanel("end_date"),
                        ]
                    ),
                    FieldPanel("flag_days_ahead"),
                ],
                heading=_("Cadence"),
            ),
            MultiFieldPanel(
                [FieldPanel("template_text"), FieldPanel("default_hashtags")],
                heading=_("A new post of this rubric"),
            ),
            NextSlotsPanel(heading=_("Next slots")),
        ],
        base_form_class=RubricForm,
    )
