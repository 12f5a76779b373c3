"""A channel is one account of the library on one social network."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.crypto import decrypt_json, encrypt_json

from ..networks import RULES, Network


class ChannelQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(active=True)


class Channel(models.Model):
    class State(models.TextChoices):
        OK = "ok", _("Connected")
        NEEDS_REAUTH = "needs_reauth", _("Needs re-authorisation")

    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    name = models.CharField(_("name"), max_length=120)
    handle = models.CharField(
        _("handle or address"),
        max_length=300,
        blank=True,
        help_text=_("The account as people see it, e.g. @biblioteka or the page address."),
    )
    account_id = models.CharField(
        _("account ID"),
        max_length=200,
        blank=True,
        help_text=_(
            "The network's identifier of the account: Facebook page ID, Instagram user ID, "
            "LinkedIn organisation URN."
        ),
    )
    api_base = models.URLField(
        _("API address"),
        blank=True,
        help_text=_("Needed for Mastodon (the instance address, e.g. https://mastodon.social)."),
    )
    credentials_encrypted = models.TextField(editable=False, blank=True)
    active = models.BooleanField(_("active"), default=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OK)
    state_message = models.CharField(_("state details"), max_length=500, blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("library site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return f"{self.get_network_display()}: {self.name}"

    @property
    def rules(self):
        return RULES[self.network]

    @property
    def is_manual(self):
        return not self.rules.api

    # Credentials are write-only from the interface's point of view: they are
    # encrypted here and never rendered back into a form, a page or a log.
    def set_credentials(self, credentials):
        self.credentials_encrypted = encrypt_json(credentials) if credentials else ""

    def get_credentials(self):
        return decrypt_json(self.credentials_encrypted)

    @property
    def has_credentials(self):
        return bool(self.credentials_encrypted)

    def mark_needs_reauthorisation(self, message):
        self.state = self.State.NEEDS_REAUTH
        self.state_message = str(message)[:500]
        self.save(update_fields=["state", "state_message"])
