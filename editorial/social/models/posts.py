"""A social post: written once, adapted per channel, moderated, then delivered."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.models import (
    Orderable,
)
from wagtail.search import index
from wagtail.signals import unpublished

from editorial.moderation.moderated import ModeratedSnippet

from .channels import Channel


class SocialPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "social.SocialPost", on_delete=models.CASCADE, related_name="tagged_items"
    )


class SocialPost(ModeratedSnippet):
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For the team only; not published.")
    )
    text = models.TextField(
        _("text"), help_text=_("The text every channel gets unless its version says otherwise.")
    )
    link = models.URLField(_("link"), blank=True, max_length=1000)
    add_utm = models.BooleanField(
        _("add UTM tags to the link"),
        default=True,
        help_text=_("Lets the website statistics show which network a visitor came from."),
    )
    utm_campaign = models.SlugField(_("UTM campaign"), blank=True, max_length=100)
    channels = ParentalManyToManyField(Channel, verbose_name=_("channels"), related_name="posts")
    tags = ClusterTaggableManager(through=SocialPostTag, blank=True, verbose_name=_("tags"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_posts",
        editable=False,
    )
    rubric = models.ForeignKey(
        "campaigns.Rubric",
        verbose_name=_("rubric"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        limit_choices_to={"live": True},  # only an approved rubric has slots to fill
        help_text=_("The post fills the rubric's slot on the day it is published."),
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("Its links carry the campaign's UTM name unless the post names its own."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.AutocompleteField("title"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("social post")
        verbose_name_plural = _("social posts")
        permissions = [("retry_delivery", _("Can retry a failed delivery"))]
        # The post listing's sort (the Meta ordering).
        indexes = [models.Index(fields=["-updated_at"], name="social_post_updated")]

    def __str__(self):
        return self.title

    # Content as each channel will get it.
    def text_for(self, channel):
        variant = next((v for v in self.variants.all() if v.channel_id == channel.pk), None)
        return variant.text if variant and variant.text.strip() else self.text

    def images_for(self, channel):
        images = list(self.images.all())
        own = [item for item in images if item.channel_id == channel.pk]
        return own or [item for item in images if item.channel_id is None]

    def link_for(self, channel):
        if not self.link or not self.add_utm:
            return self.link
        parts = urlsplit(self.link)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query.setdefault("utm_source", channel.network)
        query.setdefault("utm_medium", "social")
        query.setdefault("utm_campaign", self.utm_campaign_name())
        return urlunsplit(parts._replace(query=urlencode(query)))

    def utm_campaign_name(self):
        """The post's own UTM campaign, else its campaign's, else the platform's name."""
        if self.utm_campaign:
            return self.utm_campaign
        if self.campaign_id and self.campaign:
            return self.campaign.utm_name
        return "sklaida"

    # Preview: how the post looks on each target network.
    def get_preview_template(self, request, mode_name):
        return "social/post_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["renditions"] = [
            {
                "channel": channel,
                "text": self.text_for(channel),
                "link": self.link_for(channel),
                "images": self.images_for(channel),
            }
            for channel in self.channels.all()
        ]
        return context

    def publish(self, revision, *args, **kwargs):
        # Publishing and writing the outbox happen in one transaction, so a post
        # is never live without its deliveries, nor deliveries without a live post.
        from ..services import create_deliveries

        with transaction.atomic():
            result = super().publish(revision, *args, **kwargs)
            self.refresh_from_db(fields=["live", "live_revision"])
            if self.live:
                create_deliveries(self, revision)
        return result


def _stop_deliveries(sender, instance, **kwargs):
    # Every way a post leaves the live state sends this signal: the unpublish
    # screen, scheduled expiry (publish_scheduled) and SocialPost.unpublish().
    from ..services import cancel_open_deliveries

    cancel_open_deliveries(instance)


unpublished.connect(_stop_deliveries, sender=SocialPost, dispatch_uid="social_stop_deliveries")


class PostImage(Orderable):
    post = ParentalKey(SocialPost, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.PROTECT, related_name="+"
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=1500,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("only for channel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to use the image on every channel."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class PostVariant(Orderable):
    post = ParentalKey(SocialPost, on_delete=models.CASCADE, related_name="variants")
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("text for this channel"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="one_variant_per_channel")
        ]
