"""The brand kit (komunikacinio įvaizdžio rinkinys): a site setting, so each library
(a Wagtail site) has its own. The one place for the communication image: the public
site reads its name, logos and colours (home), the post editor shows it beside the
text, the pre-publish checklist reads its hashtags (docs/decisions/brand-kit.md)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from cms.colours import hex_colour, unreadable_on_white
from editorial.social.networks import Network

DEFAULT_PRIMARY = "#0b5394"
DEFAULT_ACCENT = "#b45309"

# A hashtag as people type it: '#' and letters/digits/underscore in any script
# (#SkaitykLietuviškai).
HASHTAG = re.compile(r"#\w+", re.UNICODE)


def hashtags_in(text):
    """The hashtags in `text`, in order, each once (compared case-insensitively)."""
    seen, tags = set(), []
    for tag in HASHTAG.findall(text or ""):
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


@register_setting(icon="palette")
class BrandKit(ClusterableModel, BaseSiteSetting):
    library_name = models.CharField(
        _("library name"),
        max_length=200,
        blank=True,
        help_text=_("As the public site and the posts name the library."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo for light backgrounds"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the public site's header."),
    )
    logo_dark = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo for dark backgrounds"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default=DEFAULT_PRIMARY, validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default=DEFAULT_ACCENT, validators=[hex_colour]
    )
    heading_font = models.CharField(
        _("heading font"), max_length=100, blank=True, help_text=_("For example Lora Bold.")
    )
    body_font = models.CharField(
        _("body text font"), max_length=100, blank=True, help_text=_("For example Source Sans 3.")
    )
    tone_of_voice = models.TextField(
        _("tone of voice"),
        blank=True,
        max_length=3000,
        help_text=_("How the library speaks: notes for everyone who writes its posts."),
    )
    standard_hashtags = models.TextField(
        _("standard hashtags"),
        blank=True,
        max_length=2000,
        help_text=_("The library's own hashtags, separated by spaces, e.g. #Biblioteka."),
    )
    sign_off = models.CharField(
        _("sign-off"),
        max_length=300,
        blank=True,
        help_text=_("How the library signs its posts."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("library_name"),
                FieldRowPanel([FieldPanel("logo"), FieldPanel("logo_dark")]),
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
                FieldRowPanel([FieldPanel("heading_font"), FieldPanel("body_font")]),
            ],
            heading=_("Visual identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("tone_of_voice"), FieldPanel("standard_hashtags"), FieldPanel("sign_off")],
            heading=_("Words"),
        ),
        InlinePanel("network_templates", heading=_("Templates per network"), label=_("Template")),
    ]

    class Meta:
        verbose_name = _("brand kit")

    def clean(self):
        super().clean()
        errors = unreadable_on_white(self, ("primary_colour", "accent_colour"))
        text = (self.standard_hashtags or "").strip()
        if text and any(not HASHTAG.fullmatch(word) for word in text.split()):
            errors["standard_hashtags"] = _(
                "Write each hashtag as # and letters or digits without spaces, e.g. "
                "#SkaitykLietuviškai, separated by spaces."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def hashtags(self):
        return hashtags_in(self.standard_hashtags)

    def template_for(self, network):
        return next(
            (item for item in self.network_templates.all() if item.network == network), None
        )


class NetworkTemplate(Orderable):
    """The skeleton of a post for one network (a new post can start from it)."""

    brand_kit = ParentalKey(BrandKit, on_delete=models.CASCADE, related_name="network_templates")
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    text = models.TextField(_("template"), max_length=5000)

    panels = [FieldPanel("network"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("template per network")
        verbose_name_plural = _("templates per network")
        constraints = [
            models.UniqueConstraint(
                fields=["brand_kit", "network"], name="one_brand_template_per_network"
            )
        ]

    def __str__(self):
        return self.get_network_display()
