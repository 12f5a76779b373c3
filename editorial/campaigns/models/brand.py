"""The brand kit (komunikacinio įvaizdžio rinkinys): a site setting, so each library
(a Wagtail site) has its own; shown beside the post editor and read by the checklist."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="palette")
class BrandKit(BaseSiteSetting):
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

    panels = [FieldPanel("standard_hashtags"), FieldPanel("sign_off")]

    class Meta:
        verbose_name = _("brand kit")
