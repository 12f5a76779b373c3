"""Communication campaigns (komunikacinės kampanijos): public pages under a campaigns index.

Posts are tied to a campaign through SocialPost.campaign and take its UTM campaign.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import PublicBodyBlock

PUBLIC_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class CampaignIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=PUBLIC_TEXT_FEATURES)

    subpage_types = ["campaigns.CampaignPage", "campaigns.PromotionPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "campaigns/campaign_index_page.html"

    class Meta:
        verbose_name = _("campaign list")
        verbose_name_plural = _("campaign lists")


class CampaignPage(Page):
    goal = RichTextField(_("goal"), blank=True, features=PUBLIC_TEXT_FEATURES)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    body = StreamField(PublicBodyBlock(), verbose_name=_("body"), blank=True)
    utm_campaign = models.SlugField(
        _("UTM campaign"),
        max_length=100,
        blank=True,
        help_text=_("Posts of this campaign tag their links with it. Empty: the page's slug."),
    )

    search_fields = [*Page.search_fields, index.SearchField("goal"), index.SearchField("body")]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = ["campaigns.PromotionPage"]
    template = "campaigns/campaign_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("goal"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")])],
            heading=_("Period"),
        ),
        FieldPanel("body"),
        FieldPanel("utm_campaign"),
    ]

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def utm_name(self):
        """The UTM campaign its posts' links carry."""
        return self.utm_campaign or self.slug
