"""Fake social networks for tests and benchmarks: real HTTP servers on 127.0.0.1.

Each fake is a ThreadingHTTPServer on a free port emulating the endpoints the
adapters call, keeping what was published (`.published`) and every request
(`.requests`), so a test can assert "exactly one post exists". Faults are
programmed per route and consumed in order:

    fake.fail("feed", status=500)                 # next POST /{page}/feed answers 500
    fake.fail("feed", status=400, message="...")  # the network's own error shape
    fake.rate_limit("feed", retry_after=2)        # 429 + Retry-After
    fake.delay("feed", seconds=3)                 # sleep, then handle normally
    fake.slow_then_succeed("feed", seconds=3)     # handle (publish!), then sleep
    fake.disconnect("feed", after=True)           # handle, then drop the connection
    fake.expire_token()                           # every call: the network's auth error

Faults take `times=` (None: for ever). The server is thread-safe and fast enough
for a Celery worker in another process to deliver through it (>= 50 deliveries/s);
give the worker `fake.url` and `fake.access()`.

    with FakeMastodon() as fake:
        adapter.send(fake.access(), post, "key-1")
"""

import email.parser
import email.policy
import itertools
import json
import re
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

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


def _parse_multipart(content_type: str, body: bytes):
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    form, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = {
                "filename": filename,
                "content_type": part.get_content_type(),
                "data": data,
            }
        else:
            form.setdefault(name, []).append(data.decode("utf-8"))
    return form, files


def graph_time(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(timestamp))


class _Handler(BaseHTTPRequestHandler):
    fake = None  # set per server
    server_version = "FakeNetwork/1.0"

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

    def rate_limit(self, route, retry_after=2, times=1, status=429):
        return self._add(route, Fault("rate_limit", times, status=status, retry_after=retry_after))

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
            except ValueError:
                request.json = None
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
        request = self._read(handler)
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
                reply = self.error_reply(fault.status, "Too many requests")
                reply.headers["Retry-After"] = str(fault.retry_after)
                return self._write(handler, reply)
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


# --------------------------------------------------------------------------------------
# Meta (Graph API) networks
# --------------------------------------------------------------------------------------


class GraphFake(FakeNetwork):
    auth_error_status = 400  # Graph answers an expired token with 400 + OAuthException 190

    def error_reply(self, status, message, code=None) -> Reply:
        if code is None:
            code = 100 if status == 400 else (4 if status == 429 else (2 if status >= 500 else 100))
        subcode = None
        if isinstance(code, tuple):
            code, subcode = code
        error = {
            "message": message,
            "type": "OAuthException" if code in (190, 102) else "GraphMethodException",
            "code": code,
            "fbtrace_id": "AbCdEf123",
        }
        if subcode is not None:
            error["error_subcode"] = subcode
        if status >= 500:
            error["is_transient"] = True
        return Reply(status, {"error": error})

    def auth_error_reply(self) -> Reply:
        reply = self.error_reply(
            self.auth_error_status,
            "Error validating access token: Session has expired on Friday, 27-Nov-26 10:00:00 PST.",
            (190, 463),
        )
        reply.headers["WWW-Authenticate"] = 'OAuth "Facebook Platform" "invalid_token"'
        return reply

    def since(self, request) -> float:
        value = request.value("since")
        return float(value) if value not in (None, "") else 0.0


class FakeFacebook(GraphFake):
    """Graph API for one Page: photos (unpublished), feed posts, feed listing."""

    network = "facebook"
    account_id = "104000000000001"

    def clear_state(self):
        self.photos = {}

    def routes(self):
        return [
            ("POST", r"/(?P<page>[^/]+)/photos", "photos", FakeFacebook.create_photo),
            ("POST", r"/(?P<page>[^/]+)/feed", "feed", FakeFacebook.create_post),
            ("GET", r"/(?P<page>[^/]+)/feed", "feed_list", FakeFacebook.list_feed),
        ]

    def _wrong_page(self, request):
        if request.params["page"] != self.account_id:
            return self.error_reply(400, "(#100) Unsupported post request: unknown page")
        return None

    def create_photo(self, request):
        if error := self._wrong_page(request):
            return error
        url = request.value("url")
        source = request.files.get("source")
        if not url and not source:
            return self.error_reply(400, "(#324) Requires upload file")
        published = str(request.value("published", "true")).lower() != "false"
        with self._lock:
            photo_id = str(2_000_000_000 + next(self._ids))
            photo = {
                "id": photo_id,
                "url": url or "",
                "filename": source["filename"] if source else "",
                "content_type": source["content_type"] if source else "",
                "size": len(source["data"]) if source else 0,
                "alt_text": request.value("alt_text_custom", ""),
                "published": published,
                "attached_to": None,
            }
            self.photos[photo_id] = photo
            if published:
                self.published.append({"id": photo_id, "type": "photo", "photo": photo})
        return Reply(200, {"id": photo_id})

    def create_post(self, request):
        if error := self._wrong_page(request):
            return error
        message = request.value("message", "")
        link = request.value("link", "")
        attached = []
        for key in sorted(request.form, key=lambda k: int(re.sub(r"\D", "", k) or 0)):
            if key.startswith("attached_media["):
                try:
                    attached.append(json.loads(request.form[key][0])["media_fbid"])
                except (ValueError, KeyError, TypeError):
                    return self.error_reply(
                        400, "(#100) param attached_media must be an array of objects"
                    )
        if not message and not link and not attached:
            return self.error_reply(400, "(#100) Missing message or attachment")
        with self._lock:
            photos = []
            for photo_id in attached:
                photo = self.photos.get(str(photo_id))
                if photo is None or photo["published"] or photo["attached_to"]:
                    return self.error_reply(400, f"(#100) Invalid media_fbid {photo_id}")
                photos.append(photo)
            post_id = f"{self.account_id}_{3_000_000_000 + next(self._ids)}"
            for photo in photos:
                photo["attached_to"] = post_id
            post = {
                "id": post_id,
                "message": message,
                "link": link,
                "attached_media": photos,
                "created": time.time(),
                "permalink_url": f"https://www.facebook.com/{post_id}",
            }
            self.published.append(post)
        return Reply(200, {"id": post_id})

    def list_feed(self, request):
        since = self.since(request)
        with self._lock:
            posts = [p for p in self.published if "message" in p and p["created"] >= since]
        data = [
            {
                "id": p["id"],
                "message": p["message"],
                "created_time": graph_time(p["created"]),
                "permalink_url": p["permalink_url"],
            }
            for p in reversed(posts)
        ]
        return Reply(200, {"data": data, "paging": {}})


class _ContainerFake(GraphFake):
    """Shared by Instagram and Threads: containers -> publish -> media."""

    status_field = "status_code"
    create_path = "media"
    publish_path = "media_publish"
    limit_path = "content_publishing_limit"
    text_field = "caption"
    max_children = 10
    quota_total = 50

    def clear_state(self):
        self.containers = {}
        self.media = {}
        self.quota_used = 0  # published elsewhere in the last 24 h
        self.processing_polls = 0  # new containers stay IN_PROGRESS for this many polls
        self.next_container_status = None  # e.g. "ERROR" for the next container

    def _object_route(self, request):
        return "container_status" if request.params["obj"] in self.containers else "media_get"

    def routes(self):
        cls = type(self)
        return [
            ("GET", rf"/(?P<user>\d+)/{self.limit_path}", "publishing_limit", cls.publishing_limit),
            ("POST", rf"/(?P<user>\d+)/{self.create_path}", "create", cls.create_container),
            ("POST", rf"/(?P<user>\d+)/{self.publish_path}", "publish", cls.publish),
            ("GET", rf"/(?P<user>\d+)/{self.create_path}", "list", cls.list_media),
            ("GET", r"/(?P<obj>\d+)", cls._object_route, cls.get_object),
        ]

    def _wrong_user(self, request):
        if request.params["user"] != self.account_id:
            return self.error_reply(400, "(#100) Unsupported request: unknown user")
        return None

    def _recent(self):
        cutoff = time.time() - DAY
        return sum(1 for m in self.published if m["created"] >= cutoff)

    def publishing_limit(self, request):
        if error := self._wrong_user(request):
            return error
        with self._lock:
            usage = self._recent() + self.quota_used
        return Reply(
            200,
            {
                "data": [
                    {
                        "quota_usage": usage,
                        "config": {"quota_total": self.quota_total, "quota_duration": DAY},
                    }
                ]
            },
        )

    def container_fields(self, request) -> dict:
        raise NotImplementedError

    def _carousel_fields(self, request, media_type):
        with self._lock:
            children = self._children(request)
        if isinstance(children, Reply):
            return children
        return {
            "media_type": media_type,
            "is_carousel_item": False,
            self.text_field: request.value(self.text_field, ""),
            "images": [img for child in children for img in child["images"]],
        }

    def _image_fields(self, request):
        image_url = request.value("image_url")
        if not image_url:
            return self.error_reply(400, "(#100) The parameter image_url is required")
        is_item = str(request.value("is_carousel_item", "false")).lower() == "true"
        return {
            "media_type": "IMAGE",
            "is_carousel_item": is_item,
            self.text_field: "" if is_item else request.value(self.text_field, ""),
            "images": [{"image_url": image_url, "alt_text": request.value("alt_text", "")}],
        }

    def create_container(self, request):
        if error := self._wrong_user(request):
            return error
        fields = self.container_fields(request)
        if isinstance(fields, Reply):
            return fields
        with self._lock:
            container_id = str(17_900_000_000_000_000 + next(self._ids))
            status = self.next_container_status or "FINISHED"
            self.next_container_status = None
            fields.update(id=container_id, status=status, polls_left=self.processing_polls)
            self.containers[container_id] = fields
        return Reply(200, {"id": container_id})

    def _children(self, request):
        ids = [c for c in str(request.value("children", "")).split(",") if c]
        if not 2 <= len(ids) <= self.max_children:
            return self.error_reply(
                400, f"(#100) A carousel needs 2 to {self.max_children} children"
            )
        children = []
        for child_id in ids:
            child = self.containers.get(child_id)
            if child is None or not child["is_carousel_item"] or child["status"] != "FINISHED":
                return self.error_reply(400, f"(#100) Invalid carousel child {child_id}")
            children.append(child)
        return children

    def get_object(self, request):
        obj = request.params["obj"]
        with self._lock:
            container = self.containers.get(obj)
            if container is not None:
                status = container["status"]
                if status == "FINISHED" and container["polls_left"] > 0:
                    container["polls_left"] -= 1
                    status = "IN_PROGRESS"
                body = {"id": obj, self.status_field: status}
                if status == "ERROR":
                    body["error_message"] = "The image could not be fetched from the URL"
                return Reply(200, body)
            media = self.media.get(obj)
        if media is None:
            return self.error_reply(
                400, f"(#100) Unsupported get request. Object with ID '{obj}' does not exist"
            )
        return Reply(200, {"id": obj, "permalink": media["permalink"]})

    def publish(self, request):
        if error := self._wrong_user(request):
            return error
        creation_id = str(request.value("creation_id", ""))
        with self._lock:
            container = self.containers.get(creation_id)
            if container is None or container["is_carousel_item"]:
                return self.error_reply(400, "(#100) The parameter creation_id is invalid")
            if container["status"] == "PUBLISHED":
                return self.error_reply(400, "(#9004) The media has already been published")
            if container["status"] != "FINISHED" or container["polls_left"] > 0:
                return self.error_reply(400, "(#9007) The media is not ready for publishing")
            if self._recent() + self.quota_used >= self.quota_total:
                return self.error_reply(400, "Application request limit reached", (9, 2207042))
            media_id = str(18_000_000_000_000_000 + next(self._ids))
            container["status"] = "PUBLISHED"
            item = {
                "id": media_id,
                "container_id": creation_id,
                self.text_field: container.get(self.text_field, ""),
                "media_type": container["media_type"],
                "images": container["images"],
                "created": time.time(),
                "permalink": f"https://www.example.test/{self.network}/p/{media_id}",
            }
            self.media[media_id] = item
            self.published.append(item)
        return Reply(200, {"id": media_id})

    def list_media(self, request):
        if error := self._wrong_user(request):
            return error
        since = self.since(request)
        with self._lock:
            items = [m for m in self.published if m["created"] >= since]
        data = [
            {
                "id": m["id"],
                self.text_field: m[self.text_field],
                "timestamp": graph_time(m["created"]),
                "permalink": m["permalink"],
            }
            for m in reversed(items)
        ]
        return Reply(200, {"data": data, "paging": {}})


class FakeInstagram(_ContainerFake):
    """Instagram content publishing: containers, carousels, media_publish, quota."""

    network = "instagram"
    account_id = "17841400000000001"

    def container_fields(self, request):
        if str(request.value("media_type", "IMAGE")).upper() == "CAROUSEL":
            return self._carousel_fields(request, "CAROUSEL_ALBUM")
        return self._image_fields(request)


class FakeThreads(_ContainerFake):
    """Threads: TEXT/IMAGE/CAROUSEL containers, threads_publish, quota."""

    network = "threads"
    account_id = "25000000000000001"
    status_field = "status"
    create_path = "threads"
    publish_path = "threads_publish"
    limit_path = "threads_publishing_limit"
    text_field = "text"
    max_children = 20
    quota_total = 250

    def container_fields(self, request):
        media_type = str(request.value("media_type", "")).upper()
        if media_type == "TEXT":
            text = request.value("text", "")
            if not text:
                return self.error_reply(400, "(#100) The parameter text is required")
            return {"media_type": "TEXT", "is_carousel_item": False, "text": text, "images": []}
        if media_type == "CAROUSEL":
            return self._carousel_fields(request, "CAROUSEL")
        if media_type != "IMAGE":
            return self.error_reply(400, "(#100) The parameter media_type is required")
        return self._image_fields(request)


# --------------------------------------------------------------------------------------
# Mastodon
# --------------------------------------------------------------------------------------


class FakeMastodon(FakeNetwork):
    """A Mastodon instance: async media upload, statuses with Idempotency-Key."""

    network = "mastodon"
    account_id = "library"
    instance = "https://mastodon.example"
    auth_error_status = 401

    def clear_state(self):
        self.media = {}
        self.statuses = {}
        self.idempotency = {}  # key -> status JSON
        self.processing_polls = 0  # uploads answer 202 and stay processing this many polls

    def routes(self):
        return [
            ("POST", r"/api/v2/media", "media", FakeMastodon.upload_media),
            ("GET", r"/api/v1/media/(?P<id>\d+)", "media_status", FakeMastodon.media_status),
            ("POST", r"/api/v1/statuses", "statuses", FakeMastodon.create_status),
        ]

    def error_reply(self, status, message, code=None) -> Reply:
        return Reply(status, {"error": message})

    def _media_json(self, media):
        ready = media["polls_left"] <= 0
        return {
            "id": media["id"],
            "type": "image",
            "url": f"{self.url}/system/media/{media['id']}.jpg" if ready else None,
            "preview_url": f"{self.url}/system/media/{media['id']}_small.jpg",
            "description": media["description"],
        }

    def upload_media(self, request):
        upload = request.files.get("file")
        if upload is None:
            return self.error_reply(422, "Validation failed: File can't be blank")
        with self._lock:
            media_id = str(110_000_000_000_000_000 + next(self._ids))
            media = {
                "id": media_id,
                "filename": upload["filename"],
                "content_type": upload["content_type"],
                "size": len(upload["data"]),
                "description": request.value("description", ""),
                "polls_left": self.processing_polls,
                "status_id": None,
            }
            self.media[media_id] = media
            body = self._media_json(media)
        return Reply(202 if body["url"] is None else 200, body)

    def media_status(self, request):
        with self._lock:
            media = self.media.get(request.params["id"])
            if media is None:
                return self.error_reply(404, "Record not found")
            if media["polls_left"] > 0:
                media["polls_left"] -= 1
                return Reply(206, self._media_json({**media, "polls_left": 1}))
            return Reply(200, self._media_json(media))

    def create_status(self, request):
        key = request.header("Idempotency-Key")
        text = request.value("status", "")
        media_ids = request.values("media_ids[]")
        with self._lock:
            if key and key in self.idempotency:
                return Reply(200, self.idempotency[key])
            if not text and not media_ids:
                return self.error_reply(422, "Validation failed: Text can't be blank")
            attached = []
            for media_id in media_ids:
                media = self.media.get(media_id)
                if media is None:
                    return self.error_reply(422, f"Validation failed: media {media_id} not found")
                if media["polls_left"] > 0:
                    return self.error_reply(
                        422,
                        "Cannot attach files that have not finished processing. "
                        "Try again in a moment!",
                    )
                if media["status_id"]:
                    return self.error_reply(422, "Validation failed: media already attached")
                attached.append(media)
            status_id = str(111_000_000_000_000_000 + next(self._ids))
            for media in attached:
                media["status_id"] = status_id
            body = {
                "id": status_id,
                "uri": f"{self.url}/users/{self.account_id}/statuses/{status_id}",
                "url": f"{self.url}/@{self.account_id}/{status_id}",
                "content": f"<p>{text}</p>",
                "visibility": request.value("visibility", "public"),
                "media_attachments": [self._media_json(m) for m in attached],
                "created_at": graph_time(time.time()),
            }
            self.statuses[status_id] = body
            if key:
                self.idempotency[key] = body
            self.published.append(
                {
                    "id": status_id,
                    "status": text,
                    "visibility": body["visibility"],
                    "media": attached,
                    "idempotency_key": key,
                    "created": time.time(),
                }
            )
        return Reply(200, body)


# --------------------------------------------------------------------------------------
# LinkedIn
# --------------------------------------------------------------------------------------


class FakeLinkedIn(FakeNetwork):
    """LinkedIn versioned REST API: Images (initializeUpload + PUT) and Posts."""

    network = "linkedin"
    account_id = "urn:li:organization:5515715"
    auth_error_status = 401
    api_path = "/rest"

    def clear_state(self):
        self.images = {}
        self.uploads = {}  # upload number -> image URN

    def routes(self):
        return [
            ("POST", r"/rest/images", "images_init", FakeLinkedIn.initialize_upload),
            ("PUT", r"/upload/(?P<n>\d+)", "upload", FakeLinkedIn.upload),
            ("POST", r"/rest/posts", "posts", FakeLinkedIn.create_post),
            ("GET", r"/rest/posts", "posts_list", FakeLinkedIn.list_posts),
        ]

    def error_reply(self, status, message, code=None) -> Reply:
        return Reply(
            status,
            {
                "status": status,
                "serviceErrorCode": code or 100,
                "code": "ERROR",
                "message": message,
            },
        )

    def auth_error_reply(self) -> Reply:
        return Reply(
            401,
            {
                "status": 401,
                "serviceErrorCode": 65601,
                "code": "REVOKED_ACCESS_TOKEN",
                "message": "The token used in the request has been revoked by the user",
            },
        )

    def _version_error(self, request):
        version = request.header("LinkedIn-Version") or ""
        if not re.fullmatch(r"20\d{4}(\.\d{2})?", version):
            return Reply(
                426,
                {"status": 426, "code": "VERSION_MISSING", "message": "A version must be present"},
            )
        if request.header("X-Restli-Protocol-Version") != "2.0.0":
            return self.error_reply(400, "X-Restli-Protocol-Version 2.0.0 is required")
        return None

    def initialize_upload(self, request):
        if error := self._version_error(request):
            return error
        if request.value("action") != "initializeUpload":
            return self.error_reply(400, "Unknown action")
        owner = ((request.json or {}).get("initializeUploadRequest") or {}).get("owner")
        if owner != self.account_id:
            return self.error_reply(403, "Not enough permissions to act for this owner")
        with self._lock:
            number = next(self._ids)
            urn = f"urn:li:image:C4D22AQ{number:08d}"
            self.images[urn] = {"id": urn, "uploaded": False, "size": 0}
            self.uploads[str(number)] = urn
        return Reply(
            200,
            {
                "value": {
                    "uploadUrlExpiresAt": int((time.time() + 3600) * 1000),
                    "uploadUrl": f"{self.url}/upload/{number}",
                    "image": urn,
                }
            },
        )

    def upload(self, request):
        with self._lock:
            urn = self.uploads.get(request.params["n"])
            if urn is None:
                return self.error_reply(404, "Unknown upload")
            self.images[urn].update(uploaded=True, size=len(request.body))
        return Reply(201, None)

    def create_post(self, request):
        if error := self._version_error(request):
            return error
        body = request.json if isinstance(request.json, dict) else {}
        if body.get("author") != self.account_id:
            return self.error_reply(403, "Not enough permissions to post as this author")
        if body.get("lifecycleState") != "PUBLISHED" or body.get("visibility") != "PUBLIC":
            return self.error_reply(422, "lifecycleState and visibility are required")
        content = body.get("content") or {}
        refs = []
        if "media" in content:
            refs = [content["media"]]
        elif "multiImage" in content:
            refs = content["multiImage"].get("images") or []
            if not 2 <= len(refs) <= 20:
                return self.error_reply(422, "multiImage needs 2 to 20 images")
        with self._lock:
            images = []
            for ref in refs:
                image = self.images.get(ref.get("id"))
                if image is None or not image["uploaded"]:
                    return self.error_reply(422, f"Image {ref.get('id')} is not uploaded")
                images.append(
                    {"id": image["id"], "altText": ref.get("altText", ""), "size": image["size"]}
                )
            urn = f"urn:li:share:{7_200_000_000_000_000_000 + next(self._ids)}"
            self.published.append(
                {
                    "id": urn,
                    "author": body["author"],
                    "commentary": body.get("commentary", ""),
                    "images": images,
                    "content": content,
                    "distribution": body.get("distribution"),
                    "created": time.time(),
                }
            )
        return Reply(201, None, {"x-restli-id": urn, "x-linkedin-id": urn})

    def list_posts(self, request):
        if error := self._version_error(request):
            return error
        if request.value("q") != "author" or request.value("author") != self.account_id:
            return self.error_reply(400, "q=author and a known author are required")
        count = int(request.value("count", 10))
        start = int(request.value("start", 0))
        with self._lock:
            items = list(reversed(self.published))
        elements = [
            {
                "id": p["id"],
                "author": p["author"],
                "commentary": p["commentary"],
                "createdAt": int(p["created"] * 1000),
                "publishedAt": int(p["created"] * 1000),
                "lifecycleState": "PUBLISHED",
            }
            for p in items[start : start + count]
        ]
        return Reply(
            200,
            {"elements": elements, "paging": {"start": start, "count": count, "total": len(items)}},
        )


FAKES = {
    "facebook": FakeFacebook,
    "instagram": FakeInstagram,
    "threads": FakeThreads,
    "mastodon": FakeMastodon,
    "linkedin": FakeLinkedIn,
}
