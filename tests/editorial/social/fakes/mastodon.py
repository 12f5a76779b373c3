"""Fake Mastodon instance."""

import html
import re
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from .base import FakeNetwork, Reply
from .graph import graph_time

# Mastodon keeps an Idempotency-Key for one hour (PostStatusService stores it in
# Redis with a 3600 s expiry); a re-send after that makes a second status.
IDEMPOTENCY_SECONDS = 3600


class FakeMastodon(FakeNetwork):
    """A Mastodon instance: async media upload, statuses with Idempotency-Key."""

    network = "mastodon"
    account_id = "library"
    instance = "https://mastodon.example"
    numeric_id = "109000000000000001"  # what the API calls the account
    auth_error_status = 401
    max_page_size = 5  # Mastodon allows 40; small so the tests page

    def clear_state(self):
        self.media = {}
        self.statuses = {}
        self.idempotency = {}  # key -> (status JSON, stored at time.time())
        self.processing_polls = 0  # uploads answer 202 and stay processing this many polls

    def routes(self):
        return [
            ("POST", r"/api/v2/media", "media", FakeMastodon.upload_media),
            ("GET", r"/api/v1/media/(?P<id>\d+)", "media_status", FakeMastodon.media_status),
            ("POST", r"/api/v1/statuses", "statuses", FakeMastodon.create_status),
            ("GET", r"/api/v1/accounts/verify_credentials", "me", FakeMastodon.me),
            (
                "GET",
                r"/api/v1/accounts/(?P<id>\d+)/statuses",
                "account_statuses",
                FakeMastodon.account_statuses,
            ),
        ]

    def me(self, request):
        return Reply(
            200, {"id": self.numeric_id, "username": self.account_id, "acct": self.account_id}
        )

    def account_statuses(self, request):
        """Newest first; `max_id` pages back; the next page is in the Link header
        (https://docs.joinmastodon.org/api/guidelines/#pagination)."""
        if request.params["id"] != self.numeric_id:
            return self.error_reply(404, "Record not found")
        limit = max(1, min(int(request.value("limit", 20)), self.max_page_size))
        max_id = request.value("max_id")
        with self._lock:
            statuses = sorted(self.statuses.values(), key=lambda s: int(s["id"]), reverse=True)
        if max_id:
            statuses = [s for s in statuses if int(s["id"]) < int(max_id)]
        page = statuses[:limit]
        headers = {}
        if len(statuses) > limit:
            query = {k: v[0] for k, v in request.query.items() if k not in ("max_id", "min_id")}
            older = urlencode({**query, "max_id": page[-1]["id"]})
            newer = urlencode({**query, "min_id": page[0]["id"]})
            path = f"{self.url}{request.path}"
            headers["Link"] = f'<{path}?{older}>; rel="next", <{path}?{newer}>; rel="prev"'
        return Reply(200, page, headers)

    def error_reply(self, status, message, code=None) -> Reply:
        return Reply(status, {"error": message})

    def rate_limit_reply(self, retry_after=None, limit=300):
        """429 without Retry-After; the X-RateLimit-* headers say when the window
        resets, as an ISO 8601 time (https://docs.joinmastodon.org/api/rate-limits/)."""
        reset = datetime.fromtimestamp(time.time() + (retry_after or 300), UTC)
        return Reply(
            429,
            {"error": "Too many requests"},
            {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            },
        )

    def _remembered(self, key):
        """The status made with `key` while the server still remembers it."""
        stored = self.idempotency.get(key)
        if stored is None:
            return None
        body, at = stored
        if time.time() - at >= IDEMPOTENCY_SECONDS:
            del self.idempotency[key]
            return None
        return body

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
            if key and (remembered := self._remembered(key)) is not None:
                return Reply(200, remembered)
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
                "content": render_content(text, self.url),
                "visibility": request.value("visibility", "public"),
                "media_attachments": [self._media_json(m) for m in attached],
                "created_at": graph_time(time.time()),
            }
            self.statuses[status_id] = body
            if key:
                self.idempotency[key] = (body, time.time())
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


_URL = re.compile(r"https?://[^\s<]+")
_TAG = re.compile(r"(?<![\w/])#(\w+)")


def render_content(text: str, base: str) -> str:
    """A status's `content` as Mastodon renders plain text: escaped HTML,
    paragraphs, <br />, links split into visible and invisible spans, hashtags."""

    def link(match):
        url = match.group(0)
        scheme, rest = url.split("://", 1)
        return (
            f'<a href="{url}" target="_blank" rel="nofollow noopener" translate="no">'
            f'<span class="invisible">{scheme}://</span><span class="ellipsis">{rest[:30]}</span>'
            f'<span class="invisible">{rest[30:]}</span></a>'
        )

    def tag(match):
        return (
            f'<a href="{base}/tags/{match.group(1)}" class="mention hashtag" rel="tag">'
            f"#<span>{match.group(1)}</span></a>"
        )

    paragraphs = []
    for paragraph in re.split(r"\n{2,}", html.escape(text, quote=False)):
        paragraph = _URL.sub(link, paragraph)
        paragraph = _TAG.sub(tag, paragraph)
        paragraphs.append("<p>" + paragraph.replace("\n", "<br />") + "</p>")
    return "".join(paragraphs)
