"""A channel is one account of the library on one social network."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.crypto import decrypt_json, encrypt_json

from ..endpoints import normalise_instance
from ..networks import RULES, Network

# Changing any of these points the channel at another account or server: the stored
# credentials belong to the old one and are removed (see ChannelForm).
IDENTITY_FIELDS = ("network", "api_base", "account_id")


class ChannelQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(active=True)


class Channel(models.Model):
    class State(models.TextChoices):
        NOT_CONNECTED = "not_connected", _("Not connected")
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
    # Only a Mastodon channel chooses its server; every other network's API address
    # is fixed in code (the adapters), so a token cannot be sent anywhere else.
    api_base = models.CharField(
        _("Mastodon server"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only for Mastodon: the server's address, e.g. https://mastodon.social. "
            "Changing it removes the stored access token."
        ),
    )
    department = models.ForeignKey(
        "cms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_channels",
        help_text=_("The department that runs this account; its head is told of every change."),
    )
    credentials_encrypted = models.TextField(editable=False, blank=True)
    active = models.BooleanField(_("active"), default=True)
    state = models.CharField(
        _("connection"), max_length=20, choices=State.choices, default=State.NOT_CONNECTED
    )
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

    @property
    def chooses_server(self):
        """Whether the channel names its own server (Mastodon) rather than the
        network's fixed API address."""
        return self.network == Network.MASTODON

    def clean(self):
        super().clean()
        if not self.network:
            return
        if self.chooses_server:
            if not self.api_base:
                raise ValidationError({"api_base": _("Mastodon needs the instance address.")})
            try:
                self.api_base = normalise_instance(self.api_base)
            except ValidationError as error:
                raise ValidationError({"api_base": error.messages}) from None
        elif self.api_base:
            raise ValidationError(
                {
                    "api_base": _(
                        "Only a Mastodon channel has a server address; this network's address "
                        "is fixed. Leave the field empty."
                    )
                }
            )

    # Credentials are write-only from the interface's point of view: they are
    # encrypted here and never rendered back into a form, a page or a log.
    def set_credentials(self, credentials):
        """Store new credentials (connected) or none (not connected)."""
        self.credentials_encrypted = encrypt_json(credentials) if credentials else ""
        self.state = self.State.OK if credentials else self.State.NOT_CONNECTED
        self.state_message = ""

    def clear_credentials(self):
        self.set_credentials(None)

    def get_credentials(self):
        return decrypt_json(self.credentials_encrypted)

    @property
    def has_credentials(self):
        return bool(self.credentials_encrypted)

    @property
    def connection(self):
        """Connected / not connected / needs re-authorisation, as people should read
        it: a channel without credentials is never "connected". None for channels
        published by hand, which have nothing to connect."""
        if self.is_manual:
            return None
        if not self.has_credentials:
            return self.State.NOT_CONNECTED
        return self.State(self.state) if self.state else self.State.NOT_CONNECTED

    def get_connection_display(self):
        connection = self.connection
        return _("Published by hand") if connection is None else connection.label

    def mark_needs_reauthorisation(self, message):
        """Flag the channel; True only for the change into "needs re-authorisation",
        so many deliveries failing on one expired token give one notice, not many."""
        changed = (
            type(self)
            .objects.filter(pk=self.pk)
            .exclude(state=self.State.NEEDS_REAUTH)
            .update(state=self.State.NEEDS_REAUTH, state_message=str(message)[:500])
        )
        self.state = self.State.NEEDS_REAUTH
        if changed:
            self.state_message = str(message)[:500]
        return bool(changed)
