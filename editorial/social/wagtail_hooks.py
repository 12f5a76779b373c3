from django import forms
from django.db.models import Prefetch
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn, UserColumn
from wagtail.models import Revision, WorkflowState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import InspectView

from editorial.moderation.snippet_views import ModeratedSnippetCreateView, ModeratedSnippetEditView

from . import services, views
from .filters import SocialPostFilterSet
from .forms import ChannelForm, SocialPostForm
from .models import Channel, Delivery, SocialPost
from .panels import ChannelCountersPanel, DeliveriesPanel
from .permissions import can_mark_posted, can_retry_delivery


class DeliveriesColumn(Column):
    cell_template_name = "social/includes/deliveries_cell.html"

    def get_value(self, instance):
        # The related manager is callable; the accessor would call it. Use the prefetch.
        return list(instance.deliveries.all())


class PostStatusColumn(LiveStatusTagColumn):
    def get_value(self, instance):
        # `status_string` asks for the scheduled revision (a query per row) unless
        # it is cached; the index view prefetches it.
        if hasattr(instance, "_scheduled_revisions"):
            scheduled = instance._scheduled_revisions
            instance.__dict__["scheduled_revision"] = scheduled[0] if scheduled else None
        return super().get_value(instance)


class SocialPostIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("author__wagtail_userprofile", "latest_revision")
            .prefetch_related(
                "deliveries__channel",
                Prefetch(
                    "workflow_states",
                    queryset=WorkflowState.objects.active().select_related(
                        "current_task_state__task"
                    ),
                    to_attr="_current_workflow_states",
                ),
                Prefetch(
                    "_revisions",
                    queryset=Revision.objects.filter(approved_go_live_at__isnull=False),
                    to_attr="_scheduled_revisions",
                ),
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
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("text"),
                    ChannelCountersPanel(heading=_("Length per network")),
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


register_snippet(SocialPostViewSet)


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


class DeliveryPermissionHelper(PermissionHelper):
    """Deliveries are written by the pipeline only; people read them and retry."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class DeliveryInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.instance
        user = self.request.user
        context.update(
            delivery=delivery,
            may_retry=bool(can_retry_delivery(user, delivery)),
            may_mark_posted=bool(can_mark_posted(user, delivery)),
            retry_url=reverse("social_delivery_retry", args=[delivery.pk]),
            mark_posted_url=reverse("social_delivery_mark_posted", args=[delivery.pk]),
            package=services.manual_package(delivery)
            if delivery.status == Delivery.Status.MANUAL
            else None,
        )
        return context


class DeliveryAdmin(ModelAdmin):
    model = Delivery
    menu_label = _("Deliveries")
    menu_icon = "upload"
    menu_order = 152
    permission_helper_class = DeliveryPermissionHelper
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


modeladmin_register(ChannelAdmin)
modeladmin_register(DeliveryAdmin)


@hooks.register("register_admin_urls")
def social_admin_urls():
    return [
        path(
            "social/deliveries/<int:pk>/retry/", views.retry_delivery, name="social_delivery_retry"
        ),
        path(
            "social/deliveries/<int:pk>/mark-posted/",
            views.mark_delivery_posted,
            name="social_delivery_mark_posted",
        ),
        path("social/counters/", views.text_counters, name="social_text_counters"),
    ]


@hooks.register("insert_global_admin_css")
def social_admin_css():
    # A failed delivery must stand out from the neutral status labels around it.
    return mark_safe(
        "<style>.w-status.social-badge-error{color:#b91c1c;border-color:#b91c1c;"
        "font-weight:700}</style>"
    )


@hooks.register("register_demo_content")
def build_demo_social(demo):
    from .demo import build_social

    build_social(demo)


@hooks.register("construct_homepage_panels")
def social_manual_deliveries_panel(request, panels):
    from .dashboard import ManualDeliveriesPanel

    panel = ManualDeliveriesPanel.for_user(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("before_delete_snippet")
def social_refuse_deleting_sent_posts(request, instances):
    from .dashboard import refuse_deleting_sent_posts

    return refuse_deleting_sent_posts(request, instances)
