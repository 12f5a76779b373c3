"""What every network adapter receives, returns and raises.

The pipeline (services.py) owns state, retries and exactly-once bookkeeping; an
adapter only speaks one network's HTTP API and classifies what happened, so the
pipeline can decide: done, retry later, stop and explain, or reconcile.
"""

from dataclasses import dataclass, field


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
    api_base: str  # "" means the network's default endpoint
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
    url: str = ""
    details: dict = field(default_factory=dict)


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
    timeout = (5, 20)  # connect, read seconds
    # Set by the pipeline for one attempt: `deadline.timeout(timeout, final=...)` is
    # asked before every network call and gives the timeout to use (ending by the
    # attempt's deadline, with the delivery's lease kept ahead of the call), or
    # raises RetryableError when no call may start any more.
    deadline = None

    def send(self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str) -> SendResult:
        raise NotImplementedError

    def reconcile(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, since
    ) -> SendResult | None:
        raise UnknownOutcome("reconciliation is not supported")
