"""The public site: home page, standard pages and the library's brand settings."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #0b5394.")
)


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    image = blocks.StructBlock(
        [
            ("image", ImageChooserBlock(label=_("Image"))),
            ("caption", blocks.CharBlock(label=_("Caption"), required=False)),
        ],
        label=_("Image"),
        icon="image",
    )
    quote = blocks.BlockQuoteBlock(label=_("Quote"))


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count_per_parent = 1
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()[:12]
        return context


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


@register_setting(icon="palette")
class BrandSettings(BaseSiteSetting):
    """The library's communication image, per site (each library is a Wagtail site)."""

    library_name = models.CharField(_("library name"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#0b5394", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b45309", validators=[hex_colour]
    )
    facebook_url = models.URLField(_("Facebook profile"), blank=True)
    instagram_url = models.URLField(_("Instagram profile"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("library_name"), FieldPanel("logo"), FieldPanel("primary_colour"),
             FieldPanel("accent_colour")],
            heading=_("Communication image"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("youtube_url"),
             FieldPanel("linkedin_url")],
            heading=_("Social profiles"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("communication image")

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
                ("YouTube", self.youtube_url),
                ("LinkedIn", self.linkedin_url),
            )
            if url
        ]
