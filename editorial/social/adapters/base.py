"""What every network adapter receives, returns and raises.

The pipeline (services/) owns state, retries and exactly-once bookkeeping; an
adapter only speaks one network's HTTP API and classifies what happened, so the
pipeline can decide: done, retry later, stop and explain, or reconcile.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from editorial.social.endpoints import api_base_override, normalise_instance, origin, web_url

MSG_NO_SERVER = _("The channel has no valid server address; check the channel settings")


@dataclass(frozen=True)
class MediaItem:
    filename: str
    content_type: str  # e.g. "image/jpeg"
    data: bytes
    alt_text: str
    public_url: str = ""  # absolute URL where the network may fetch it (Instagram, Threads)


@dataclass(frozen=True)
class ChannelAccess:
    """Everything an adapter needs to reach one account."""

    network: str
    # The server the channel chose, for networks without a fixed API address
    # (Mastodon). Ignored by every other network: see Adapter.base_url.
    api_base: str
    account_id: str  # page id, IG user id, LinkedIn organisation URN, ...
    credentials: dict  # decrypted, e.g. {"access_token": "..."}; never logged


@dataclass(frozen=True)
class OutgoingPost:
    text: str
    link: str = ""
    media: tuple[MediaItem, ...] = ()


@dataclass(frozen=True)
class SendResult:
    remote_id: str
    url: str = ""  # only an http(s) address survives: it is stored and shown as a link
    details: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "url", web_url(self.url))


class DeliveryError(Exception):
    """Base class; `message` is shown to librarians, so it must be translated."""

    def __init__(self, message, *, detail=""):
        super().__init__(str(message))
        self.message = message
        self.detail = detail  # technical detail for the log, never secrets


class RetryableError(DeliveryError):
    """The network is busy or broken (429, 5xx, connect failure): try again later.

    Raised only when the post certainly was NOT published by this attempt.
    """

    def __init__(self, message, *, retry_after=None, detail=""):
        super().__init__(message, detail=detail)
        self.retry_after = retry_after  # seconds, from Retry-After when given


class PermanentError(DeliveryError):
    """The network refused the content (validation): retrying will not help."""


class AuthorisationError(PermanentError):
    """The token expired or was revoked: the channel needs re-authorisation."""


class UnknownOutcome(DeliveryError):
    """The request may have reached the network (timeout, connection lost after
    sending): the post may or may not be published."""


class ManualDeliveryRequired(DeliveryError):
    """The channel has no API in this product: a person publishes the prepared
    package by hand and then marks the delivery as posted."""

    def __init__(self, message, *, package=None, detail=""):
        super().__init__(message, detail=detail)
        self.package = package or {}


class Adapter:
    """One network. Subclasses set `network` and implement `send`.

    `idempotent`: re-sending with the same idempotency key can never publish twice
    (Mastodon's Idempotency-Key); then an unknown outcome is resolved by sending again.
    `reconcile` looks on the network for a post made by an earlier attempt; it returns
    its SendResult, None when certainly absent, or raises UnknownOutcome when it cannot tell.
    """

    network = ""
    idempotent = False
    # How long the network remembers an idempotency key (seconds); None: forever.
    # After this window a re-send is no longer guaranteed to be deduplicated.
    idempotency_window = None
    can_reconcile = False
    timeout = (5, 20)  # connect, read seconds, per call
    # The longest a send (all its calls and polls) may take when the caller gives
    # no deadline; the pipeline's claim lease must outlive it.
    max_send_seconds = 120
    # The network's API address, fixed in code: the only place its token goes.
    # Empty for a network whose server the channel chooses (Mastodon).
    default_base = ""
    # Other hosts of the same network that take the token (e.g. LinkedIn's uploads).
    extra_credential_origins: tuple[str, ...] = ()

    def base_url(self, access: ChannelAccess) -> str:
        """The API address for this channel: fixed per network; the chosen server
        (checked again here) for Mastodon; a fake server's when a test says so."""
        override = api_base_override(self.network)
        if override:
            return override
        if self.default_base:
            return self.default_base.rstrip("/")
        try:
            instance = normalise_instance(access.api_base)
        except ValidationError:
            instance = ""
        if not instance:
            raise PermanentError(MSG_NO_SERVER, detail="no valid server address for the channel")
        return instance

    def credential_origins(self, access: ChannelAccess) -> frozenset[str]:
        """The origins (scheme://host[:port]) allowed to receive the channel's token."""
        return frozenset({origin(self.base_url(access)), *self.extra_credential_origins})

    def send(
        self,
        access: ChannelAccess,
        post: OutgoingPost,
        idempotency_key: str,
        deadline=None,
        **kwargs,
    ) -> SendResult:
        """Publish `post`. `deadline`: when the send must be over (an aware datetime,
        a timedelta or seconds from now; None: `max_send_seconds`); a call that
        cannot finish by then is not started (RetryableError)."""
        raise NotImplementedError

    def reconcile(
        self,
        access: ChannelAccess,
        post: OutgoingPost,
        idempotency_key: str,
        since,
        deadline=None,
        **kwargs,
    ) -> SendResult | None:
        raise UnknownOutcome("reconciliation is not supported")
