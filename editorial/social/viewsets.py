"""Admin screens of social posts (snippet viewset) and deliveries (read-only register)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, UpdatedAtColumn, UserColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin

from editorial.moderation.snippet_views import ModeratedSnippetCreateView, ModeratedSnippetEditView
from editorial.moderation.states import listing_prefetches

from .checks import extra_editor_panels
from .columns import DeliveriesColumn, PostStatusColumn
from .filters import SocialPostFilterSet
from .forms import SocialPostForm
from .models import Delivery, SocialPost
from .paginators import CappedPaginator
from .panels import ChannelCountersPanel, DeliveriesPanel, RubricPanel
from .permissions import DeliveryPermissionHelper
from .views import DeliveryIndexView, DeliveryInspectView, PostWorkflowActionView


class SocialPostIndexView(IndexView):
    paginator_class = CappedPaginator

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("author__wagtail_userprofile", "latest_revision")
            .prefetch_related(
                "deliveries__channel",
                *listing_prefetches(),
            )
        )


class SocialPostViewSet(SnippetViewSet):
    model = SocialPost
    icon = "comment"
    menu_label = _("Social posts")
    menu_name = "social-posts"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = SocialPostIndexView
    add_view_class = ModeratedSnippetCreateView
    edit_view_class = ModeratedSnippetEditView
    workflow_action_view_class = PostWorkflowActionView
    filterset_class = SocialPostFilterSet
    list_per_page = 25
    list_display = [
        "title",
        PostStatusColumn(),
        DeliveriesColumn("deliveries", label=_("Deliveries")),
        Column("go_live_at", label=_("Publishing time"), sort_key="go_live_at"),
        UserColumn("author", label=_("Author")),
        UpdatedAtColumn(),
    ]
    ordering = ["-updated_at"]

    def get_edit_handler(self):
        # Built when first asked (every app has registered its hooks by then), so that
        # panels of other apps (the brand kit, the checklist) join the Post tab after
        # the per-network counters.
        return post_edit_handler(extra_editor_panels()).bind_to_model(self.model)


def post_edit_handler(extra_panels=()):
    return TabbedInterface(
        [
            ObjectList(
                [
                    RubricPanel("rubric"),
                    FieldPanel("campaign"),
                    FieldPanel("title"),
                    FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("text"),
                    ChannelCountersPanel(heading=_("Length per network")),
                    *extra_panels,
                    MultiFieldPanel(
                        [FieldPanel("link"), FieldPanel("add_utm"), FieldPanel("utm_campaign")],
                        heading=_("Link"),
                    ),
                    InlinePanel("images", heading=_("Images"), label=_("Image")),
                    FieldPanel("tags"),
                ],
                heading=_("Post"),
            ),
            ObjectList(
                [InlinePanel("variants", heading=_("Versions per channel"), label=_("Version"))],
                heading=_("Versions"),
            ),
            ObjectList(
                [PublishingPanel(), DeliveriesPanel(heading=_("Deliveries"))],
                heading=_("Publishing"),
            ),
        ],
        base_form_class=SocialPostForm,
    )


class DeliveryAdmin(ModelAdmin):
    model = Delivery
    menu_label = _("Deliveries")
    menu_icon = "upload"
    menu_order = 152
    permission_helper_class = DeliveryPermissionHelper
    index_view_class = DeliveryIndexView
    # modeladmin shows 100 rows by default; rendering them costs more than the queries.
    list_per_page = 25
    inspect_view_enabled = True
    inspect_view_class = DeliveryInspectView
    inspect_template_name = "social/delivery_inspect.html"
    list_display = ("post", "channel", "status", "scheduled_for", "sent_at", "attempts")
    list_filter = ("status", "channel", "scheduled_for")
    search_fields = ("post__title", "remote_id")
    list_select_related = ("post", "channel")
    inspect_view_fields = (
        "post",
        "channel",
        "status",
        "scheduled_for",
        "attempts",
        "last_attempt_at",
        "sent_at",
        "remote_url",
        "error_kind",
        "error_message",
    )
