"""HTTP for the adapters, and the one place where what happened on the wire is
turned into a delivery outcome (done / retry later / refused / re-authorise /
unknown).

Rules (see docs of each network for the error shapes):
- 429 and Graph throttling codes -> RetryableError(retry_after from Retry-After,
  in seconds or as an HTTP date, or from Meta's X-Business-Use-Case-Usage);
- 5xx, Graph transient errors -> RetryableError; except a 504 on the publishing
  call: a gateway gave up waiting after forwarding it -> UnknownOutcome;
- 401, Graph OAuth code 190 (expired/invalid token) -> AuthorisationError; 403 and
  Graph permission codes (10, 200-299) -> AuthorisationError (missing permission);
- any other 4xx -> PermanentError with the network's own reason;
- no connection made (refused, DNS, connect timeout, TLS) -> RetryableError;
- the request left but no answer came (read timeout, connection dropped) ->
  UnknownOutcome on the publishing call, RetryableError on preparation calls
  (media upload, container creation), which publish nothing.

Access tokens travel only in the Authorization header, and every text that can
reach a message, a detail or a log is passed through `redact`.
"""

import json
import re
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext_lazy as _
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from editorial.social.networks import lazy_message

from .base import (
    Adapter,
    AuthorisationError,
    ChannelAccess,
    DeliveryError,
    PermanentError,
    RetryableError,
    UnknownOutcome,
)

MSG_UNAVAILABLE = _("The network is temporarily unavailable")
MSG_RATE_LIMITED = _("The network asks us to slow down; the post will be sent a little later")
MSG_REJECTED = _("The network rejected the post: %(reason)s")
MSG_EXPIRED = _("The channel's access has expired; reconnect the account")
MSG_PERMISSION = _(
    "The channel's account is not allowed to publish; reconnect it and grant publishing permission"
)
MSG_UNKNOWN = _(
    "The network did not confirm the post in time; it may already be published. "
    "Sklaida will check before sending it again"
)
MSG_UNREACHABLE = _("The network could not be reached")
MSG_BAD_ANSWER = _("The network gave an answer Sklaida could not read")
MSG_BAD_ADDRESS = _("The channel's network address is not valid; check the channel settings")
MSG_CANNOT_TELL = _("Sklaida could not check whether the post was published")

# Graph API error codes (https://developers.facebook.com/docs/graph-api/guides/error-handling/)
GRAPH_EXPIRED_CODES = {102, 190}
GRAPH_PERMISSION_CODES = {10, *range(200, 300)}
GRAPH_THROTTLE_CODES = {4, 17, 32, 613, 80001, 80002, 80004}
GRAPH_TRANSIENT_CODES = {1, 2}
# IG: "the maximum number of posts that can be published in 24 hours was reached"
IG_PUBLISHING_LIMIT_SUBCODES = {2207042}

REASON_MAX = 300
RECONCILE_SKEW = 120  # seconds subtracted from `since` for clock differences


def redact(text, secrets=()) -> str:
    text = str(text or "")
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return re.sub(r"(access_token=)[^&\s\"']+", r"\1[redacted]", text)


def parse_retry_after(value) -> float | None:
    """Retry-After as seconds to wait: either delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _meta_regain_seconds(headers) -> float | None:
    """Meta's usage headers say in minutes when throttled access comes back."""
    raw = headers.get("X-Business-Use-Case-Usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
        minutes = [
            entry.get("estimated_time_to_regain_access") or 0
            for entries in usage.values()
            for entry in entries
        ]
    except (ValueError, AttributeError, TypeError):
        return None
    longest = max(minutes, default=0)
    return float(longest * 60) if longest else None


def _error_info(body) -> dict:
    """The network's own error description, whatever its shape:
    Graph {"error": {"message", "code", "error_subcode", "is_transient", ...}},
    Mastodon {"error": "..."}, LinkedIn {"message", "serviceErrorCode", "code"}."""
    info = {"message": "", "code": None, "subcode": None, "transient": False, "graph": False}
    if not isinstance(body, dict):
        return info
    error = body.get("error")
    if isinstance(error, dict):
        info.update(
            message=error.get("error_user_msg") or error.get("message") or "",
            code=error.get("code"),
            subcode=error.get("error_subcode"),
            transient=bool(error.get("is_transient")),
            graph=True,
        )
    elif isinstance(error, str):
        info["message"] = body.get("error_description") or error
    elif body.get("message"):
        info["message"] = body["message"]
        info["code"] = body.get("serviceErrorCode")
    return info


def _describe(response) -> str:
    request = response.request
    path = urlsplit(request.url).path if request is not None else ""
    method = request.method if request is not None else ""
    return f"HTTP {response.status_code} on {method} {path}: {response.text[:500]}"


def classify_response(response, *, final=False, secrets=()) -> DeliveryError | None:
    """The DeliveryError a response stands for, or None when it succeeded."""
    status = response.status_code
    if status < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    info = _error_info(body)
    detail = redact(_describe(response), secrets)
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if retry_after is None:
        retry_after = _meta_regain_seconds(response.headers)
    code = info["code"]

    if status == 429 or (info["graph"] and code in GRAPH_THROTTLE_CODES):
        return RetryableError(MSG_RATE_LIMITED, retry_after=retry_after, detail=detail)
    if info["graph"] and info["subcode"] in IG_PUBLISHING_LIMIT_SUBCODES:
        return RetryableError(MSG_RATE_LIMITED, retry_after=retry_after or 3600, detail=detail)
    if (info["graph"] and code in GRAPH_EXPIRED_CODES) or status == 401:
        return AuthorisationError(MSG_EXPIRED, detail=detail)
    if (info["graph"] and code in GRAPH_PERMISSION_CODES) or (status == 403 and not info["graph"]):
        return AuthorisationError(MSG_PERMISSION, detail=detail)
    if (
        status >= 500
        or status == 408
        or info["transient"]
        or (info["graph"] and code in GRAPH_TRANSIENT_CODES)
    ):
        if final and status == 504:
            return UnknownOutcome(MSG_UNKNOWN, detail=detail)
        return RetryableError(MSG_UNAVAILABLE, retry_after=retry_after, detail=detail)
    reason = redact(info["message"] or response.reason or str(status), secrets)[:REASON_MAX]
    return PermanentError(lazy_message(MSG_REJECTED, reason=reason), detail=detail)


def _connection_made(exc) -> bool:
    """Whether a ConnectionError happened after a connection was established (so
    the request may have been sent) rather than while connecting."""
    if isinstance(exc, (requests.ConnectTimeout, requests.exceptions.SSLError)):
        return False
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return not isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def classify_exception(exc, *, final=False, secrets=()) -> DeliveryError:
    detail = redact(f"{type(exc).__name__}: {exc}", secrets)
    if isinstance(exc, requests.ConnectionError) and not _connection_made(exc):
        return RetryableError(MSG_UNREACHABLE, detail=detail)
    if isinstance(
        exc,
        (
            requests.Timeout,
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ),
    ):
        if final:
            return UnknownOutcome(MSG_UNKNOWN, detail=detail)
        return RetryableError(MSG_UNAVAILABLE, detail=detail)
    # InvalidURL, MissingSchema, InvalidHeader...: the channel is misconfigured.
    return PermanentError(MSG_BAD_ADDRESS, detail=detail)


class HttpClient:
    """One requests.Session for one adapter call; raises DeliveryErrors."""

    def __init__(self, adapter: Adapter, access: ChannelAccess):
        self.timeout = adapter.timeout
        self.deadline = adapter.deadline
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "Sklaida"
        self.secrets = tuple(
            str(value) for value in (access.credentials or {}).values() if isinstance(value, str)
        )
        token = (access.credentials or {}).get("access_token")
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def close(self):
        self.session.close()

    def request(self, method, url, *, final=False, **kwargs) -> requests.Response:
        """`final`: this call publishes; an answer lost after sending it leaves the
        outcome unknown. It always goes over a fresh connection, so a keep-alive
        connection the server had closed cannot make a sure failure look unknown."""
        if final:
            self.session.close()
        timeout = (
            self.deadline.timeout(self.timeout, final=final) if self.deadline else self.timeout
        )
        try:
            response = self.session.request(method, url, timeout=timeout, **kwargs)
        except requests.RequestException as exc:
            raise classify_exception(exc, final=final, secrets=self.secrets) from None
        error = classify_response(response, final=final, secrets=self.secrets)
        if error is not None:
            raise error
        return response

    def json(self, response, *, final=False) -> dict:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            detail = redact(_describe(response), self.secrets)
            if final:
                raise UnknownOutcome(MSG_UNKNOWN, detail=detail)
            raise RetryableError(MSG_BAD_ANSWER, detail=detail)
        return body

    def require(self, body: dict, key: str, *, final=False):
        value = body.get(key)
        if value in (None, ""):
            detail = redact(f"answer without {key!r}: {str(body)[:300]}", self.secrets)
            if final:
                raise UnknownOutcome(MSG_UNKNOWN, detail=detail)
            raise RetryableError(MSG_BAD_ANSWER, detail=detail)
        return value


def unix_time(since) -> int:
    """`since` (aware or naive-UTC datetime, or a Unix timestamp; None: a day ago)
    minus a margin for clock differences, as a Unix timestamp."""
    if since is None:
        since = datetime.now(UTC) - timedelta(days=1)
    if isinstance(since, datetime):
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        since = since.timestamp()
    return int(since) - RECONCILE_SKEW


def parse_time(value) -> float | None:
    """A network timestamp (ISO 8601 with +0000 or Z, or Unix seconds) as Unix seconds."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("Z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def same_text(remote, local) -> bool:
    def norm(value):
        return re.sub(r"\r\n?", "\n", str(value or "")).strip()

    return norm(remote) == norm(local)


class HttpAdapter(Adapter):
    """An adapter that speaks HTTP: base URL, client, bounded polling."""

    default_base = ""
    poll_attempts = 10
    poll_interval = 1.0  # seconds between status polls (tests shorten it)
    max_reconcile_pages = 5

    def base_url(self, access: ChannelAccess) -> str:
        return (access.api_base or self.default_base).rstrip("/")

    @contextmanager
    def client(self, access: ChannelAccess):
        http = HttpClient(self, access)
        try:
            yield http
        finally:
            http.close()

    def pause(self, attempt: int):
        if attempt:
            time.sleep(self.poll_interval)

    def reconcile_guard(self, error: DeliveryError):
        """An error while looking for an earlier post: re-raise access problems,
        otherwise we simply cannot tell."""
        if isinstance(error, (AuthorisationError, UnknownOutcome)):
            return error
        return UnknownOutcome(MSG_CANNOT_TELL, detail=error.detail)
