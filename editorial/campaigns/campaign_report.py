"""The admin "Campaign reports": every campaign with its KPIs, and one campaign's report.

A report shows the KPI targets beside what was achieved, says where each figure comes
from (campaign_kpis.py), and lists the posts tied to the campaign with the state of
each delivery. Read-only; who may read it: campaign_permissions.py.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from .campaign_kpis import NOT_IMPORTED, campaign_figures
from .campaign_permissions import can_edit_campaign, can_view_campaign_reports, in_library

PER_PAGE = 25


def _campaigns(request):
    """The campaigns of the reader's library (campaign_permissions.in_library)."""
    from .models import CampaignPage

    campaigns = CampaignPage.objects.select_related("locale").order_by(
        "-period_start", "title", "pk"
    )
    return in_library(campaigns, request.user, request)


@login_required
def campaign_report_index(request):
    decision = can_view_campaign_reports(request.user)
    if not decision:
        return permission_denied(request)
    page_obj = Paginator(_campaigns(request), PER_PAGE).get_page(request.GET.get("p"))
    figures = campaign_figures(page_obj.object_list)
    today = timezone.localdate()
    rows = [
        {
            "campaign": campaign,
            "figures": figures[campaign.pk],
            "current": campaign.is_current(today),
            "report_url": reverse("campaigns_campaign_report", args=[campaign.pk]),
        }
        for campaign in page_obj.object_list
    ]
    return TemplateResponse(
        request,
        "campaigns/pages_report_index.html",
        {"rows": rows, "page_obj": page_obj, "not_imported": NOT_IMPORTED},
    )


@login_required
def campaign_report(request, page_id):
    from editorial.social.models import Delivery, SocialPost

    decision = can_view_campaign_reports(request.user)
    if not decision:
        return permission_denied(request)
    campaign = get_object_or_404(_campaigns(request), pk=page_id)
    posts = (
        SocialPost.objects.filter(campaign=campaign)
        .select_related("author")
        .order_by("-go_live_at", "-updated_at", "-pk")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.select_related("channel").order_by("channel__name"),
            )
        )
    )
    page_obj = Paginator(posts, PER_PAGE).get_page(request.GET.get("p"))
    may_edit = bool(can_edit_campaign(request.user, campaign))
    may_edit_posts = request.user.has_perm("social.change_socialpost")
    return TemplateResponse(
        request,
        "campaigns/pages_report.html",
        {
            "campaign": campaign,
            "figures": campaign_figures([campaign])[campaign.pk],
            "page_obj": page_obj,
            "not_imported": NOT_IMPORTED,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[campaign.pk]) if may_edit else "",
            "may_edit_posts": may_edit_posts,
            "live_url": campaign.url if campaign.live else "",
        },
    )


class CampaignReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can_view_campaign_reports(request.user))


def campaign_reports_menu_item():
    return CampaignReportsMenuItem(
        _("Campaign reports"),
        reverse("campaigns_campaign_reports"),
        icon_name="table",
        order=160,
        name="campaign-reports",
    )
