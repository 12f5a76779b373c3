"""Where a channel's credentials may go, and which links from networks may be shown.

A stored access token is sent only to its network's API: the address is fixed in
code for every network (the adapter's `default_base`), except Mastodon, whose
server the channel chooses. That choice is checked here (https, a public host name,
nothing else), and changing it removes the stored token (see ChannelForm), so a
token can never be pointed at another server.

Tests reach local fake servers through `settings.SOCIAL_API_BASE_OVERRIDES`
({network: base URL}), set only in the test settings, never through a channel.
"""

import ipaddress
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

MSG_INSTANCE_INVALID = _(
    "Enter the Mastodon server's address as https://server.name, e.g. https://mastodon.social "
    "(no path, user name, IP address or port)."
)
MSG_INSTANCE_LOCAL = _("The Mastodon server must have a public name on the internet.")

# A DNS label: letters, digits, hyphens inside; the last label (top-level domain) has
# a letter, so a name can never be an IPv4 address in disguise.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"^(?:{_LABEL}\.)+(?=[a-z0-9-]*[a-z])(?:{_LABEL})$")
# Names that never lead to a public server.
_PRIVATE_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".onion",
    ".invalid",
)


def normalise_instance(value: str) -> str:
    """The Mastodon server address as `https://host`, or ValidationError.

    Only https, only a public DNS name (no IP literal, no "localhost"), no user
    name or password, no path, query or fragment, no port other than 443.
    """
    text = str(value or "").strip()
    if not text:
        return ""
    if any(char.isspace() or ord(char) < 32 or char in "\\@%" for char in text):
        raise ValidationError(MSG_INSTANCE_INVALID, code="invalid")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValidationError(MSG_INSTANCE_INVALID, code="invalid") from None
    if (
        parts.scheme.lower() != "https"
        or parts.username is not None
        or parts.password is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or text.endswith("?")
        or text.endswith("#")
        or port not in (None, 443)
    ):
        raise ValidationError(MSG_INSTANCE_INVALID, code="invalid")
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(MSG_INSTANCE_INVALID, code="invalid") from None
    if _is_ip_literal(host):
        raise ValidationError(MSG_INSTANCE_INVALID, code="invalid")
    if host == "localhost" or f".{host}".endswith(_PRIVATE_SUFFIXES):
        raise ValidationError(MSG_INSTANCE_LOCAL, code="private")
    if len(host) > 253 or not _HOST_NAME.match(host):
        raise ValidationError(MSG_INSTANCE_INVALID, code="invalid")
    return f"https://{host}"


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def api_base_override(network: str) -> str:
    """The fake server's base URL for `network` when a test set one, else ""."""
    overrides = getattr(settings, "SOCIAL_API_BASE_OVERRIDES", None) or {}
    return str(overrides.get(str(network), "") or "").rstrip("/")


def origin(url: str) -> str:
    """scheme://host[:port] of `url`, lower-cased, default ports left out."""
    try:
        parts = urlsplit(str(url))
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        return ""
    if ":" in host:
        host = f"[{host}]"
    if port is None or (scheme, port) in (("https", 443), ("http", 80)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


# ------------------------------------------------------------------ links from networks

_WEB_URL = URLValidator(schemes=["http", "https"])


def web_url(value, max_length=1000) -> str:
    """`value` when it is an absolute http(s) address (what a permalink is), else "".

    Addresses that networks return are stored and shown as links; anything else
    (javascript:, data:, relative or malformed values) is dropped, never linked.
    """
    text = str(value or "").strip()
    if not text or len(text) > max_length:
        return ""
    if any(ord(char) < 32 or char.isspace() for char in text):
        return ""
    if urlsplit(text).scheme.lower() not in ("http", "https"):
        return ""
    try:
        _WEB_URL(text)
    except ValidationError:
        return ""
    return text
