"""HTTP for the adapters, and the one place where what happened on the wire is
turned into a delivery outcome (done / retry later / refused / re-authorise /
unknown).

Rules (see docs of each network for the error shapes):
- 429 and Graph throttling codes (4, 17, 32, 613, 800xx; sent with HTTP 400 or
  403) -> RetryableError, retry_after from what the network says (see
  `rate_limit_wait`: Retry-After, Mastodon's X-RateLimit-Reset, Meta's
  X-Business-Use-Case-Usage, LinkedIn's daily limit), clamped to a day;
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

Connections: one requests.Session per channel and thread (`session_for`), so a
worker process reuses its connections; every call is bounded by the connect and
read timeouts and the whole send by a deadline (`Deadline`).
"""

import hashlib
import json
import os
import re
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext_lazy as _
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from editorial.social.endpoints import origin
from editorial.social.networks import lazy_message

from .base import (
    Adapter,
    AuthorisationError,
    ChannelAccess,
    DeliveryError,
    PermanentError,
    RetryableError,
    SendResult,
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
MSG_TOO_SLOW = _(
    "The network answered too slowly; the post was not sent and will be sent a little later"
)

# Graph API error codes (https://developers.facebook.com/docs/graph-api/guides/error-handling/)
GRAPH_EXPIRED_CODES = {102, 190}
GRAPH_PERMISSION_CODES = {10, *range(200, 300)}
# 4 app, 17 user, 32 page, 613 custom; 800xx: Business Use Case limits (pages,
# Instagram, ...). Graph sends them with HTTP 400 or 403, never 429.
GRAPH_THROTTLE_CODES = {4, 17, 32, 613, *range(80000, 80015)}
GRAPH_TRANSIENT_CODES = {1, 2}
# IG: "the maximum number of posts that can be published in 24 hours was reached"
IG_PUBLISHING_LIMIT_SUBCODES = {2207042}

REASON_MAX = 300
RECONCILE_SKEW = 120  # seconds subtracted from `since` for clock differences
# No network we speak asks for more than a day (Instagram's quota is a rolling
# 24 h, LinkedIn's limits reset at midnight UTC); anything longer is a broken
# header and must not overflow a date or park a post for years.
MAX_RETRY_AFTER = 86400
# Graph throttling without an estimate (X-App-Usage gives percentages only): the
# platform limits are a rolling hour, and calling again while throttled prolongs it.
GRAPH_THROTTLE_WAIT = 300
LINKEDIN_DAILY_MARGIN = 60  # seconds after midnight UTC, for clock differences


def redact(text, secrets=()) -> str:
    text = str(text or "")
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return re.sub(r"(access_token=)[^&\s\"']+", r"\1[redacted]", text)


def _clamp(seconds: float) -> float:
    return min(max(0.0, seconds), float(MAX_RETRY_AFTER))


def parse_retry_after(value) -> float | None:
    """Retry-After as seconds to wait: either delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return _clamp(float(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return _clamp((when - datetime.now(UTC)).total_seconds())


def parse_rate_limit_reset(value) -> float | None:
    """Mastodon's X-RateLimit-Reset (an ISO 8601 time) as seconds from now."""
    when = parse_time(value)
    if when is None:
        return None
    return _clamp(when - datetime.now(UTC).timestamp())


def _seconds_to_midnight_utc() -> float:
    now = datetime.now(UTC)
    midnight = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
    return (midnight - now).total_seconds() + LINKEDIN_DAILY_MARGIN


def rate_limit_wait(response, info) -> float | None:
    """Seconds until a throttled network takes us back, as far as it says."""
    headers = response.headers
    wait = parse_retry_after(headers.get("Retry-After"))
    if wait is None and response.status_code == 429:
        wait = parse_rate_limit_reset(headers.get("X-RateLimit-Reset"))
    if wait is None:
        wait = _meta_regain_seconds(headers)
    if wait is None and info["graph"] and info["code"] in GRAPH_THROTTLE_CODES:
        wait = float(GRAPH_THROTTLE_WAIT)
    daily = info["service_code"] == "TOO_MANY_REQUESTS" and "DAY limit" in info["message"]
    if wait is None and daily:
        wait = _seconds_to_midnight_utc()
    return None if wait is None else _clamp(wait)


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
    longest = max((m for m in minutes if isinstance(m, (int, float))), default=0)
    return _clamp(float(longest * 60)) if longest else None


def _error_info(body) -> dict:
    """The network's own error description, whatever its shape:
    Graph {"error": {"message", "code", "error_subcode", "is_transient", ...}},
    Mastodon {"error": "..."}, LinkedIn {"message", "serviceErrorCode", "code"}."""
    info = {
        "message": "",
        "code": None,
        "subcode": None,
        "transient": False,
        "graph": False,
        "service_code": None,
    }
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
        info["message"] = str(body["message"])
        info["code"] = body.get("serviceErrorCode")
        info["service_code"] = body.get("code")
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
    code = info["code"]

    if status == 429 or (info["graph"] and code in GRAPH_THROTTLE_CODES):
        wait = rate_limit_wait(response, info)
        return RetryableError(MSG_RATE_LIMITED, retry_after=wait, detail=detail)
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
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


# One session per channel and thread: a prefork or solo worker has one thread,
# so each of its processes keeps one session (and its kept-alive connections) per
# channel; threads never share a session. Bounded, least recently used out.
MAX_SESSIONS = 64
# A kept-alive connection idle longer than this may have been closed by the
# server while we were not looking; the publishing call then takes a fresh one,
# so a stale connection cannot turn a sure failure into an unknown outcome.
FRESH_CONNECTION_AFTER = 15.0
# A call is not started with less time than this left before the deadline.
MIN_CALL_SECONDS = 1.0
_local = threading.local()


def _sessions() -> OrderedDict:
    sessions = getattr(_local, "sessions", None)
    if sessions is None:
        sessions = _local.sessions = OrderedDict()
    return sessions


def session_for(access: ChannelAccess, base: str) -> requests.Session:
    """The calling thread's session for this channel (network, server, account, token)."""
    token = str((access.credentials or {}).get("access_token") or "")
    key = (
        access.network,
        base,
        access.account_id,
        hashlib.sha256(token.encode()).hexdigest(),
    )
    sessions = _sessions()
    session = sessions.get(key)
    if session is None:
        session = requests.Session()
        # The environment (proxy variables, CA bundle) is read once, here, for this
        # server: with `trust_env` requests re-reads it, and ~/.netrc, on every call
        # (a tenth of a delivery's CPU), and a .netrc entry would replace the token.
        session.trust_env = False
        session.proxies = requests.utils.get_environ_proxies(base)
        session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get(
            "CURL_CA_BUNDLE", True
        )
        session.headers["User-Agent"] = "Sklaida"
        if token:
            session.headers["Authorization"] = f"Bearer {token}"
        session.last_used = 0.0
        sessions[key] = session
        while len(sessions) > MAX_SESSIONS:
            sessions.popitem(last=False)[1].close()
    sessions.move_to_end(key)
    return session


def close_sessions():
    """Close the calling thread's sessions (tests, worker shutdown)."""
    sessions = _sessions()
    while sessions:
        sessions.popitem()[1].close()


class Deadline:
    """When a send must be over. `deadline`: an aware datetime (e.g. the claim's
    lease end minus a margin), a timedelta or seconds from now; None: the
    adapter's `max_send_seconds`. Measured on the monotonic clock."""

    def __init__(self, deadline=None, default_seconds=120.0):
        if deadline is None:
            seconds = float(default_seconds)
        elif isinstance(deadline, datetime):
            when = deadline if deadline.tzinfo else deadline.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
        elif isinstance(deadline, timedelta):
            seconds = deadline.total_seconds()
        else:
            seconds = float(deadline)
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def before_call(self, timeout, *, final=False):
        """Asked by the client right before each call with the adapter's
        (connect, read) timeouts; returns the ones to use (cut to the time left),
        or raises a DeliveryError so that the call is not made. A caller may
        extend it: the pipeline keeps the delivery's lease ahead of each call
        (services/claim.py, `AttemptDeadline`)."""
        remaining = self.remaining()
        connect, read = timeout
        return (min(connect, remaining), min(read, remaining))


class HttpClient:
    """Requests for one adapter call over the channel's session; raises DeliveryErrors."""

    def __init__(self, adapter: Adapter, access: ChannelAccess, base: str, deadline=None):
        self.timeout = adapter.timeout
        self.deadline = (
            deadline
            if isinstance(deadline, Deadline)
            else Deadline(deadline, adapter.max_send_seconds)
        )
        self.origin = _origin(base)
        self.session = session_for(access, base)
        self.headers = {}  # sent with every request of this client (e.g. API versions)
        self.secrets = tuple(
            str(value) for value in (access.credentials or {}).values() if isinstance(value, str)
        )
        # The token goes to the network's own API only: an address from anywhere
        # else (a paging link, an upload URL in an answer) is refused before sending.
        self.trusted_origins = adapter.credential_origins(access)

    def _timeout(self, final):
        remaining = self.deadline.remaining()
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout,) * 2
        if remaining < MIN_CALL_SECONDS:
            # Too little time left to expect an answer: this call is not made
            # (nothing is published by it), the pipeline tries again later.
            what = "the publishing call" if final else "a call"
            raise RetryableError(MSG_TOO_SLOW, detail=f"deadline reached before {what}")
        return self.deadline.before_call((connect, read), final=final)

    def request(self, method, url, *, final=False, headers=None, **kwargs) -> requests.Response:
        """`final`: this call publishes; an answer lost after sending it leaves the
        outcome unknown."""
        if origin(url) not in self.trusted_origins:
            raise PermanentError(
                MSG_BAD_ADDRESS, detail=f"refused to send credentials to {origin(url) or '?'}"
            )
        timeout = self._timeout(final)
        session = self.session
        if final and time.monotonic() - session.last_used > FRESH_CONNECTION_AFTER:
            session.close()  # drops idle pooled connections; the session stays usable
        try:
            response = session.request(
                method, url, timeout=timeout, headers={**self.headers, **(headers or {})}, **kwargs
            )
        except requests.RequestException as exc:
            session.close()  # whatever state that connection is in, do not reuse it
            raise classify_exception(exc, final=final, secrets=self.secrets) from None
        session.last_used = time.monotonic()
        error = classify_response(response, final=final, secrets=self.secrets)
        if error is not None:
            raise error
        return response

    def same_server(self, url) -> bool:
        """Whether a link the network gave (e.g. a `next` page) points at the channel's
        own API server, so the channel's token may be sent there."""
        return bool(url) and _origin(url) == self.origin

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


def _origin(url) -> tuple:
    parts = urlsplit(str(url or ""))
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)


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


def normalise_text(value) -> str:
    return re.sub(r"\r\n?", "\n", str(value or "")).strip()


def same_text(remote, local) -> bool:
    return normalise_text(remote) == normalise_text(local)


class HttpAdapter(Adapter):
    """An adapter that speaks HTTP: client, bounded polling, reconciliation
    (base URL: Adapter.base_url)."""

    poll_attempts = 10
    poll_interval = 1.0  # seconds between status polls (tests shorten it)
    max_reconcile_pages = 10
    listing_newest_first = True  # a listing item older than `since` ends the search

    @contextmanager
    def client(self, access: ChannelAccess, deadline=None):
        yield HttpClient(self, access, self.base_url(access), deadline)

    def pause(self, http: HttpClient, attempt: int):
        """Wait between status polls, never past the send's deadline."""
        if attempt:
            time.sleep(max(0.0, min(self.poll_interval, http.deadline.remaining())))

    def reconcile_guard(self, error: DeliveryError):
        """An error while looking for an earlier post: re-raise access problems,
        otherwise we simply cannot tell."""
        if isinstance(error, (AuthorisationError, UnknownOutcome)):
            return error
        return UnknownOutcome(MSG_CANNOT_TELL, detail=error.detail)

    # -- reconciliation: list recent items and match the text ---------------------

    def match_texts(self, post) -> set:
        """The texts a post made from `post` can show in the network's listing."""
        raise NotImplementedError

    def listing(self, http: HttpClient, access: ChannelAccess, since: int):
        """Pages of the account's recent items, newest first, as lists of Listed."""
        raise NotImplementedError

    def reconcile(self, access, post, idempotency_key, since, deadline=None, **kwargs):
        since_unix = unix_time(since)
        texts = {normalise_text(text) for text in self.match_texts(post)}
        try:
            with self.client(access, deadline) as http:
                pages = self.listing(http, access, since_unix)
                for number, page in enumerate(pages, start=1):
                    for item in page:
                        if item.created is not None and item.created < since_unix:
                            if self.listing_newest_first:
                                return None  # the rest is older still
                            continue
                        if normalise_text(item.text) in texts:
                            return SendResult(
                                remote_id=item.remote_id,
                                url=item.url,
                                details={"reconciled": True},
                            )
                    if number >= self.max_reconcile_pages:
                        raise DeliveryError("", detail=f"more than {number} pages since `since`")
                return None
        except DeliveryError as error:
            raise self.reconcile_guard(error) from None

    def graph_pages(self, http: HttpClient, url: str, params: dict):
        """Pages of a Graph API listing, following `paging.next` (cursors)."""
        while url:
            body = http.json(http.request("GET", url, params=params))
            yield body.get("data") or []
            url = (body.get("paging") or {}).get("next")
            if url and not http.same_server(url):
                raise DeliveryError("", detail="paging.next points to another server")
            params = None  # the next link carries them


@dataclass(frozen=True)
class Listed:
    """One item of a network's listing, as reconciliation compares it."""

    remote_id: str
    text: str
    created: float | None  # Unix seconds
    url: str = ""
