"""Communication campaigns (komunikacinės kampanijos): public pages under a campaigns index.

Posts are tied to a campaign through SocialPost.campaign and take its UTM campaign.
A campaign page holds the plan (goal, audience, period, channels, key messages,
partners, KPI targets, related pages); what was achieved is computed, never typed in
(editorial/campaigns/campaign_kpis.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import PartnerLink

from ..blocks import PublicBodyBlock
from ..campaign_panels import CampaignResultsPanel

PUBLIC_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class CampaignIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=PUBLIC_TEXT_FEATURES)

    subpage_types = ["campaigns.CampaignPage", "campaigns.PromotionPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "campaigns/campaign_index_page.html"

    class Meta:
        verbose_name = _("campaign list")
        verbose_name_plural = _("campaign lists")

    def get_context(self, request, *args, **kwargs):
        from grants.projects_share import share_card

        from ..campaign_public import campaign_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_listing(self, request))
        context["share"] = share_card(self, request, description=self.intro)
        return context


def _target(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


class CampaignPage(Page):
    goal = RichTextField(_("goal"), blank=True, features=PUBLIC_TEXT_FEATURES)
    audience = models.TextField(
        _("audience"), blank=True, help_text=_("Whom the campaign speaks to, in a sentence or two.")
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    channels = ParentalManyToManyField(
        "social.Channel", verbose_name=_("channels"), blank=True, related_name="campaigns"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the page and in share cards."),
    )
    body = StreamField(PublicBodyBlock(), verbose_name=_("body"), blank=True)
    utm_campaign = models.SlugField(
        _("UTM campaign"),
        max_length=100,
        blank=True,
        help_text=_("Posts of this campaign tag their links with it. Empty: the page's slug."),
    )
    target_reach = _target(_("reach target"))
    target_engagement = _target(_("engagement target"))
    target_registrations = _target(_("registrations target"))
    target_visits = _target(_("website visits target"))

    search_fields = [
        *Page.search_fields,
        index.SearchField("goal"),
        index.SearchField("audience"),
        index.SearchField("body"),
        index.FilterField("period_start"),
    ]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = ["campaigns.PromotionPage"]
    template = "campaigns/campaign_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("goal"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")])],
            heading=_("Period"),
        ),
        FieldPanel("image"),
        InlinePanel("key_messages", heading=_("Key messages"), label=_("Key message")),
        FieldPanel("body"),
        InlinePanel("partners", heading=_("Partners"), label=_("Partner")),
        InlinePanel(
            "related_links", heading=_("Related events and pages"), label=_("Related page")
        ),
    ]
    plan_panels = [
        FieldPanel("channels"),
        FieldPanel("utm_campaign"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("target_reach"), FieldPanel("target_engagement")]),
                FieldRowPanel([FieldPanel("target_registrations"), FieldPanel("target_visits")]),
            ],
            heading=_("KPI targets"),
        ),
        CampaignResultsPanel(heading=_("Achieved so far")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(plan_panels, heading=_("Plan and KPIs")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        if self.period_end and not self.period_start:
            raise ValidationError({"period_start": _("Enter when the campaign starts.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def utm_name(self):
        """The UTM campaign its posts' links carry."""
        return self.utm_campaign or self.slug

    def is_current(self, today):
        """Running on `today`: started and not ended (no end date: open-ended)."""
        if self.period_start is None or self.period_start > today:
            return False
        return self.period_end is None or self.period_end >= today

    def get_context(self, request, *args, **kwargs):
        from grants.projects_share import share_card

        from ..campaign_public import campaign_context

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_context(self))
        context["share"] = share_card(self, request, description=self.goal, image=self.image)
        return context


class CampaignKeyMessage(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="key_messages")
    text = models.CharField(_("message"), max_length=300)

    class Meta(Orderable.Meta):
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")


class CampaignPartner(PartnerLink, Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="partners")

    class Meta(PartnerLink.Meta, Orderable.Meta):
        pass


class CampaignRelatedPage(Orderable):
    """An event, project or any page of the site that belongs to the campaign."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="related_links")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        _("link text"), max_length=200, blank=True, help_text=_("Empty: the page's title.")
    )

    panels = [FieldPanel("link_page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
