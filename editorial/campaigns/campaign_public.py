"""What the public campaign pages show: the list of campaigns and one campaign.

Only what the public may see: live, public pages; posts that are live and were sent
to at least one network (a draft, a post in moderation or one whose deliveries all
failed is not "published"), each with the addresses where it appeared.
A fixed number of queries however many campaigns, posts or links there are.
"""

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

LISTING_IMAGE_SPEC = "fill-480x270"
POSTS_SHOWN = 12
PAST_PER_PAGE = 12


def campaign_listing(index, request=None, today=None):
    """Current and upcoming campaigns (all), then past ones (paginated), newest first."""
    from .models import CampaignPage

    today = today or timezone.localdate()
    Image = get_image_model()
    images = Prefetch("image", queryset=Image.objects.prefetch_renditions(LISTING_IMAGE_SPEC))
    campaigns = CampaignPage.objects.child_of(index).live().public().prefetch_related(images)
    ended = Q(period_end__lt=today)
    # Current ones in the order they run (the soonest started first, undated last).
    current = campaigns.exclude(ended).order_by(F("period_start").asc(nulls_last=True), "title")
    past = Paginator(campaigns.filter(ended).order_by("-period_end", "title"), PAST_PER_PAGE)
    past_page = past.get_page(request.GET.get("page") if request is not None else None)
    return {
        "current_campaigns": list(current),
        "past_campaigns": past_page,
        "past_paginator": past,
        "today": today,
    }


def published_posts(campaign, limit=POSTS_SHOWN):
    """The campaign's posts as they appeared on the networks, latest first."""
    from editorial.social.models import Delivery, SocialPost

    sent = Delivery.objects.filter(status=Delivery.Status.SENT).select_related("channel")
    posts = (
        SocialPost.objects.filter(
            campaign=campaign, live=True, deliveries__status=Delivery.Status.SENT
        )
        .distinct()
        .order_by("-first_published_at", "-pk")
        .prefetch_related(Prefetch("deliveries", queryset=sent.order_by("channel__name")))
    )
    return list(posts[:limit])


def campaign_context(campaign):
    visible = Page.objects.live().public()
    return {
        "key_message_list": list(campaign.key_messages.all()),
        "partner_list": list(campaign.partners.all()),
        "related_list": list(
            campaign.related_links.filter(link_page__in=visible).select_related("link_page")
        ),
        "channel_list": list(campaign.channels.order_by("name")),
        "post_list": published_posts(campaign),
        "is_current": campaign.is_current(timezone.localdate()),
    }
