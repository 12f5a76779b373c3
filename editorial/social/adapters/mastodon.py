"""Mastodon through its REST API; `access.api_base` is the server the channel chose.

1. each image: POST /api/v2/media (multipart file, description = alt text) -> id;
   202 means still processing: poll GET /api/v1/media/{id} (206 while processing,
   200 when done), bounded;
2. POST /api/v1/statuses (status, media_ids[], visibility) with the header
   Idempotency-Key: re-sending with the same key returns the same status instead
   of a second one, so an unknown outcome is resolved by sending again (within
   the hour the server keeps the key).
3. after that hour, reconcile (HttpAdapter.reconcile): GET
   /api/v1/accounts/verify_credentials for the account id, then its statuses
   (newest first, following the `Link: <...>; rel="next"` header) and match the
   text of each status's rendered `content`.

https://docs.joinmastodon.org/methods/media/#v2
https://docs.joinmastodon.org/methods/statuses/#create
https://docs.joinmastodon.org/methods/accounts/#statuses
https://docs.joinmastodon.org/api/guidelines/#pagination
"""

import html
import re

from editorial.social.networks import Network, compose_text

from .base import (
    ChannelAccess,
    DeliveryError,
    MediaItem,
    OutgoingPost,
    RetryableError,
    SendResult,
)
from .containers import MSG_STILL_PROCESSING
from .http import HttpAdapter, Listed, parse_time


class MastodonAdapter(HttpAdapter):
    network = Network.MASTODON.value
    idempotent = True
    # Mastodon keeps idempotency keys for one hour (PostStatusService: the key is
    # stored in Redis with a 3600 s expiry).
    idempotency_window = 3600
    can_reconcile = True  # once the key is forgotten: look through the account's statuses
    visibility = "public"
    reconcile_page_size = 40  # Mastodon's maximum

    def text(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def send(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, deadline=None, **kw
    ) -> SendResult:
        base = self.base_url(access)
        status = self.text(post)
        with self.client(access, deadline) as http:
            media_ids = [self._upload(http, base, item) for item in post.media]
            data = [("status", status), ("visibility", self.visibility)]
            data += [("media_ids[]", media_id) for media_id in media_ids]
            response = http.request(
                "POST",
                f"{base}/api/v1/statuses",
                data=data,
                headers={"Idempotency-Key": idempotency_key},
                final=True,
            )
            body = http.json(response, final=True)
            status_id = str(http.require(body, "id", final=True))
        return SendResult(
            remote_id=status_id,
            url=body.get("url") or body.get("uri") or "",
            details={"media_ids": media_ids},
        )

    def _upload(self, http, base, item: MediaItem) -> str:
        response = http.request(
            "POST",
            f"{base}/api/v2/media",
            files={"file": (item.filename, item.data, item.content_type)},
            data={"description": item.alt_text},
        )
        body = http.json(response)
        media_id = str(http.require(body, "id"))
        if response.status_code == 202 or not body.get("url"):
            self._wait_processed(http, base, media_id)
        return media_id

    def _wait_processed(self, http, base, media_id):
        for attempt in range(self.poll_attempts):
            self.pause(http, attempt + 1)  # the server has just said "processing"
            response = http.request("GET", f"{base}/api/v1/media/{media_id}")
            if response.status_code == 200 and http.json(response).get("url"):
                return
        raise RetryableError(MSG_STILL_PROCESSING, retry_after=60, detail="media still processing")

    def match_texts(self, post):
        return {self.text(post)}

    def listing(self, http, access, since):
        base = self.base_url(access)
        me = http.json(http.request("GET", f"{base}/api/v1/accounts/verify_credentials"))
        url = f"{base}/api/v1/accounts/{http.require(me, 'id')}/statuses"
        params = {"limit": self.reconcile_page_size, "exclude_reblogs": "true"}
        while url:
            response = http.request("GET", url, params=params)
            try:
                statuses = response.json()
            except ValueError:
                statuses = None
            if not isinstance(statuses, list):
                raise DeliveryError("", detail="account statuses: not a list")
            yield [
                Listed(
                    remote_id=str(status.get("id")),
                    text=content_text(status.get("content")),
                    created=parse_time(status.get("created_at")),
                    url=status.get("url") or status.get("uri") or "",
                )
                for status in statuses
                if isinstance(status, dict)
            ]
            url = response.links.get("next", {}).get("url")
            if url and not http.same_server(url):
                raise DeliveryError("", detail="Link rel=next points to another server")
            params = None  # the next link carries them


def content_text(content) -> str:
    """The plain text of a status's HTML `content` as Mastodon renders it:
    paragraphs and line breaks back to newlines, tags dropped (a link's hidden
    parts are kept, so the URL comes back whole), entities decoded."""
    text = re.sub(r"<br\s*/?>", "\n", str(content or ""))
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))
