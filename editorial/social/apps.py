from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "editorial.social"
    label = "social"
    verbose_name = _("Social networks")
    default_auto_field = "django.db.models.BigAutoField"
