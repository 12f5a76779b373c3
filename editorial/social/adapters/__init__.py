"""Network adapters: `get_adapter(network)` gives the one for a channel's network.

The contract (what an adapter receives, returns and raises) is in base.py; the
classification of HTTP outcomes in http.py.
"""

from django.conf import settings

from editorial.social.networks import Network

from .base import (
    Adapter,
    AuthorisationError,
    ChannelAccess,
    DeliveryError,
    ManualDeliveryRequired,
    MediaItem,
    OutgoingPost,
    PermanentError,
    RetryableError,
    SendResult,
    UnknownOutcome,
)
from .facebook import FacebookAdapter
from .instagram import InstagramAdapter
from .linkedin import LinkedInAdapter
from .manual import ManualAdapter
from .mastodon import MastodonAdapter
from .threads import ThreadsAdapter

ADAPTER_CLASSES: dict[str, type[Adapter]] = {
    Network.FACEBOOK: FacebookAdapter,
    Network.INSTAGRAM: InstagramAdapter,
    Network.THREADS: ThreadsAdapter,
    Network.MASTODON: MastodonAdapter,
    Network.LINKEDIN: LinkedInAdapter,
    Network.YOUTUBE: ManualAdapter,
    Network.TIKTOK: ManualAdapter,
    Network.MANUAL: ManualAdapter,
}


def get_adapter(network) -> Adapter:
    """A fresh adapter for `network` (a Network or its value). Timeouts come from
    settings.SOCIAL_HTTP_TIMEOUT ((connect, read) seconds) and the longest send
    from settings.SOCIAL_SEND_MAX_SECONDS, when they are set."""
    network = Network(network)
    cls = ADAPTER_CLASSES[network]
    adapter = cls(network) if cls is ManualAdapter else cls()
    timeout = getattr(settings, "SOCIAL_HTTP_TIMEOUT", None)
    if timeout:
        adapter.timeout = tuple(timeout) if isinstance(timeout, (list, tuple)) else timeout
    max_send = getattr(settings, "SOCIAL_SEND_MAX_SECONDS", None)
    if max_send:
        adapter.max_send_seconds = float(max_send)
    return adapter


__all__ = [
    "ADAPTER_CLASSES",
    "Adapter",
    "AuthorisationError",
    "ChannelAccess",
    "DeliveryError",
    "FacebookAdapter",
    "InstagramAdapter",
    "LinkedInAdapter",
    "ManualAdapter",
    "ManualDeliveryRequired",
    "MastodonAdapter",
    "MediaItem",
    "OutgoingPost",
    "PermanentError",
    "RetryableError",
    "SendResult",
    "ThreadsAdapter",
    "UnknownOutcome",
    "get_adapter",
]
