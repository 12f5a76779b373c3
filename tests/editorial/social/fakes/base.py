"""The fakes' framework: one real HTTP server on 127.0.0.1 per fake network.

Each fake is a ThreadingHTTPServer on a free port emulating the endpoints the
adapters call, keeping what was published (`.published`) and every request
(`.requests`), so a test can assert "exactly one post exists". Faults are
programmed per route and consumed in order:

    fake.fail("feed", status=500)                 # next POST /{page}/feed answers 500
    fake.fail("feed", status=400, message="...")  # the network's own error shape
    fake.rate_limit("feed", retry_after=120)      # throttled, in the network's own shape
    fake.delay("feed", seconds=3)                 # sleep, then handle normally
    fake.slow_then_succeed("feed", seconds=3)     # handle (publish!), then sleep
    fake.disconnect("feed", after=True)           # handle, then drop the connection
    fake.expire_token()                           # every call: the network's auth error

Faults take `times=` (None: for ever). Throttling answers as the real network
does (see each fake's `rate_limit_reply`): Mastodon 429 + X-RateLimit-Reset, the
Graph API 400/403 + error code 4/17/32/613 + usage headers, LinkedIn 429.

Like the real networks, the fakes fetch the image URLs they are given (see
`fetch_image`), keep connections alive (HTTP/1.1) and count the TCP connections
they accepted (`.connections`). The server is thread-safe; a Celery worker in
another process can deliver through it: give the worker `fake.url` and
`fake.access()`.

    with FakeMastodon() as fake:
        adapter.send(fake.access(), post, "key-1")
"""

import contextlib
import itertools
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from editorial.social.adapters.base import ChannelAccess

DAY = 86400


# --------------------------------------------------------------------------------------
# Requests, replies, faults
# --------------------------------------------------------------------------------------


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict
    headers: object  # http.client.HTTPMessage: case-insensitive .get()
    body: bytes
    form: dict = field(default_factory=dict)  # name -> [values]
    files: dict = field(default_factory=dict)  # name -> {"filename", "content_type", "data"}
    json: object = None
    route: str = ""
    params: dict = field(default_factory=dict)  # named groups of the route pattern
    at: float = 0.0

    def value(self, name, default=None):
        """A parameter from the form, the query string or a JSON body."""
        if name in self.form:
            return self.form[name][0]
        if name in self.query:
            return self.query[name][0]
        if isinstance(self.json, dict) and name in self.json:
            return self.json[name]
        return default

    def values(self, name) -> list:
        return self.form.get(name) or self.query.get(name) or []

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def token(self) -> str:
        auth = self.header("Authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return self.value("access_token") or ""


@dataclass
class Reply:
    status: int = 200
    body: object = None  # dict/list -> JSON; bytes as is; None -> empty
    headers: dict = field(default_factory=dict)


@dataclass
class Fault:
    kind: str  # fail | rate_limit | delay | disconnect
    times: int | None = 1  # None: every time
    status: int = 500
    message: str = ""
    code: object = None
    retry_after: object = None
    seconds: float = 0.0
    after: bool = False  # delay/disconnect after the request was handled
    shape: dict = field(default_factory=dict)  # network-specific rate-limit details


class ImageFetchError(Exception):
    """The image URL given to a network could not be fetched (as the network sees it)."""


IMAGE_FETCH_TIMEOUT = 5  # seconds; the real networks give up after a while too
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch_image(url: str) -> dict:
    """Download an image as a network does from `image_url`/`url`: a 2xx answer
    with an image content type, or ImageFetchError."""
    if not re.match(r"https?://", url or ""):
        raise ImageFetchError(f"not an http(s) URL: {url!r}")
    try:
        with _NO_PROXY.open(url, timeout=IMAGE_FETCH_TIMEOUT) as answer:
            content_type = answer.headers.get_content_type()
            data = answer.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ImageFetchError(f"{url}: {exc}") from None
    if not content_type.startswith("image/") or not data:
        raise ImageFetchError(f"{url}: not an image ({content_type}, {len(data)} bytes)")
    return {"url": url, "content_type": content_type, "size": len(data)}


class MalformedRequest(ValueError):
    """A body the real network would refuse to read (answered 400)."""


_BOUNDARY = re.compile(r'boundary=(?:"([^"]{1,70})"|([^";\s]{1,70}))', re.IGNORECASE)
_PARAM = re.compile(r';\s*([A-Za-z0-9_*.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _parse_multipart(content_type: str, body: bytes):
    """multipart/form-data (RFC 7578) as a web framework reads it: the framing is
    checked (every part between boundaries, the closing boundary present, each
    part's headers and a Content-Disposition of form-data with a name), anything
    else is refused. Written for the fakes instead of the `email` package's parser,
    which was most of their CPU in the benchmark and accepts broken bodies."""
    found = _BOUNDARY.search(content_type)
    if not found:
        raise MalformedRequest("multipart body without a boundary")
    delimiter = b"\r\n--" + (found.group(1) or found.group(2)).encode("ascii")
    # Before the first boundary: an optional preamble; after the closing one
    # ("--" right after the boundary): an optional epilogue.
    chunks = (b"\r\n" + body).split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise MalformedRequest("multipart body without its parts or its closing boundary")
    form, files = {}, {}
    for chunk in chunks[1:-1]:
        line_end = chunk.find(b"\r\n")
        if line_end < 0 or chunk[:line_end].strip(b" \t"):
            raise MalformedRequest("text after a boundary")
        head_end = chunk.find(b"\r\n\r\n", line_end)
        if head_end < 0:
            raise MalformedRequest("a part without the blank line after its headers")
        headers = {}
        if head_end > line_end:
            for line in chunk[line_end + 2 : head_end].decode("utf-8").split("\r\n"):
                name, colon, value = line.partition(":")
                if not colon or not name.strip() or name != name.strip():
                    raise MalformedRequest(f"a malformed part header: {line!r}")
                headers[name.lower()] = value.strip()
        data = chunk[head_end + 4 :]
        disposition = headers.get("content-disposition", "")
        kind, _, params_text = disposition.partition(";")
        params = {
            key.lower(): value[1:-1].replace('\\"', '"') if value.startswith('"') else value
            for key, value in _PARAM.findall(";" + params_text)
        }
        if kind.strip().lower() != "form-data" or not params.get("name"):
            raise MalformedRequest("a part without Content-Disposition: form-data; name=...")
        if headers.get("content-transfer-encoding", "binary").lower() not in (
            "binary",
            "7bit",
            "8bit",
        ):
            raise MalformedRequest("a Content-Transfer-Encoding in multipart/form-data")
        filename = params.get("filename")
        if "filename*" in params:  # RFC 2231/5987: charset'language'percent-encoded
            charset, _, encoded = params["filename*"].partition("'")
            filename = unquote(encoded.partition("'")[2], encoding=charset or "utf-8")
        if filename is not None:
            part_type = headers.get("content-type", "text/plain").split(";")[0].strip()
            files[params["name"]] = {
                "filename": filename,
                "content_type": part_type.lower(),
                "data": data,
            }
        else:
            form.setdefault(params["name"], []).append(data.decode("utf-8"))
    return form, files


class _Handler(BaseHTTPRequestHandler):
    fake = None  # set per server
    server_version = "FakeNetwork/1.0"
    protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs: clients may reuse connections

    def setup(self):
        super().setup()
        self.fake._connected(self.connection)

    def finish(self):
        super().finish()
        self.fake._disconnected(self.connection)

    def do_GET(self):
        self.fake._handle(self)

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        pass  # clients that timed out and left are expected here


# --------------------------------------------------------------------------------------
# The framework
# --------------------------------------------------------------------------------------


class FakeNetwork:
    """Base of the fakes: server, routing, recording, faults, token checks."""

    network = ""
    token = "fake-token-0123456789"  # what `access()` carries; never printed by adapters
    account_id = ""
    auth_error_status = 401
    api_path = ""  # appended to the server URL: the base the test override points at
    instance = ""  # the server a channel chooses (Mastodon); the override wins in tests

    def __init__(self):
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self.published: list[dict] = []
        self.requests: list[FakeRequest] = []
        self._faults: dict[str, deque] = defaultdict(deque)
        self.token_expired = False
        self.connections = 0  # TCP connections accepted since start (not reset by reset())
        self._open_sockets = set()
        self._server = None
        self._thread = None
        self._routes = [
            (method, re.compile(pattern), name, handler)
            for method, pattern, name, handler in self.routes()
        ]
        self.reset()

    # -- to override ---------------------------------------------------------------

    def routes(self):
        """[(method, path regex, route name or callable(match) -> name, handler)]"""
        return []

    def clear_state(self):
        """Forget network-specific state (called by reset)."""

    def error_reply(self, status, message, code=None) -> Reply:
        return Reply(status, {"error": message})

    def auth_error_reply(self) -> Reply:
        return self.error_reply(self.auth_error_status, "The access token is invalid")

    def rate_limit_reply(self, retry_after=None, **shape) -> Reply:
        """The network's answer when it throttles; `retry_after` (seconds) is when
        it wants us back, said the network's own way."""
        reply = self.error_reply(429, "Too many requests")
        if retry_after is not None:
            reply.headers["Retry-After"] = str(retry_after)
        return reply

    # -- life cycle ----------------------------------------------------------------

    def start(self):
        handler = type(f"{type(self).__name__}Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"{type(self).__name__}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            with self._lock:
                sockets, self._open_sockets = self._open_sockets, set()
            for sock in sockets:  # kept-alive connections end with the server
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        return self.start() if self._server is None else self

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def access(self, **overrides) -> ChannelAccess:
        values = {
            "network": self.network,
            "api_base": self.instance,
            "account_id": self.account_id,
            "credentials": {"access_token": self.token},
        }
        values.update(overrides)
        return ChannelAccess(**values)

    def reset(self):
        with self._lock:
            self.published.clear()
            self.requests.clear()
            self._faults.clear()
            self.token_expired = False
            self.clear_state()

    # -- faults --------------------------------------------------------------------

    def _add(self, route, fault):
        with self._lock:
            self._faults[route].append(fault)
        return fault

    def fail(self, route, status=500, times=1, message="", code=None):
        return self._add(route, Fault("fail", times, status=status, message=message, code=code))

    def rate_limit(self, route, retry_after=None, times=1, **shape):
        """Throttle the route as the network does (see `rate_limit_reply`)."""
        self.rate_limit_reply(retry_after, **shape)  # unknown shape details fail here, early
        return self._add(route, Fault("rate_limit", times, retry_after=retry_after, shape=shape))

    def delay(self, route, seconds, times=1, after=False):
        """Sleep before handling (after=False), or handle and then sleep before
        answering (after=True: the work is done when the client gives up)."""
        return self._add(route, Fault("delay", times, seconds=seconds, after=after))

    def slow_then_succeed(self, route, seconds, times=1):
        return self.delay(route, seconds, times=times, after=True)

    def disconnect(self, route, times=1, after=True):
        """Close the connection without an answer, after (or before) handling."""
        return self._add(route, Fault("disconnect", times, after=after))

    def expire_token(self):
        with self._lock:
            self.token_expired = True

    def restore_token(self):
        with self._lock:
            self.token_expired = False

    def _next_fault(self, route):
        with self._lock:
            queue = self._faults.get(route)
            if not queue:
                return None
            fault = queue[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    queue.popleft()
            return fault

    # -- helpers for tests ---------------------------------------------------------

    def requests_to(self, route) -> list[FakeRequest]:
        with self._lock:
            return [r for r in self.requests if r.route == route]

    def _connected(self, sock):
        with self._lock:
            self.connections += 1
            self._open_sockets.add(sock)

    def _disconnected(self, sock):
        with self._lock:
            self._open_sockets.discard(sock)

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    # -- dispatch ------------------------------------------------------------------

    def _read(self, handler) -> FakeRequest:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = FakeRequest(
            method=handler.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers=handler.headers,
            body=body,
            at=time.time(),
        )
        content_type = handler.headers.get("Content-Type") or ""
        if content_type.startswith("application/x-www-form-urlencoded"):
            request.form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        elif content_type.startswith("multipart/form-data"):
            request.form, request.files = _parse_multipart(content_type, body)
        elif content_type.startswith("application/json") and body:
            try:
                request.json = json.loads(body)
            except ValueError as error:
                # A real network answers a broken JSON body with 400, as for multipart.
                raise MalformedRequest(f"malformed JSON body: {error}") from None
        return request

    def _route(self, request):
        for method, pattern, name, handler in self._routes:
            if method != request.method:
                continue
            match = pattern.fullmatch(request.path)
            if match:
                request.params = match.groupdict()
                request.route = name(self, request) if callable(name) else name
                return handler
        return None

    def _handle(self, handler):
        try:
            request = self._read(handler)
        except (MalformedRequest, UnicodeDecodeError) as error:
            handler.close_connection = True  # the rest of the stream cannot be trusted
            return self._write(handler, self.error_reply(400, f"Malformed request: {error}"))
        route_handler = self._route(request)
        with self._lock:
            self.requests.append(request)
        if route_handler is None:
            return self._write(
                handler, self.error_reply(404, f"No route for {request.method} {request.path}")
            )
        fault = self._next_fault(request.route)
        if fault and not fault.after:
            if fault.kind == "fail":
                reply = self.error_reply(
                    fault.status, fault.message or "Something went wrong", fault.code
                )
                return self._write(handler, reply)
            if fault.kind == "rate_limit":
                return self._write(handler, self.rate_limit_reply(fault.retry_after, **fault.shape))
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            if fault.kind == "disconnect":
                handler.close_connection = True
                return None
        if self.token_expired or request.token() != self.token:
            reply = self.auth_error_reply()
        else:
            reply = route_handler(self, request)
        if fault and fault.after:
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            elif fault.kind == "disconnect":
                handler.close_connection = True
                return None
        return self._write(handler, reply)

    def _write(self, handler, reply: Reply):
        if isinstance(reply.body, (dict, list)):
            payload, content_type = json.dumps(reply.body).encode(), "application/json"
        elif isinstance(reply.body, bytes):
            payload, content_type = reply.body, "application/octet-stream"
        else:
            payload, content_type = b"", "application/json"
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except OSError:
            pass  # the client has gone (it timed out): what it left behind stays
