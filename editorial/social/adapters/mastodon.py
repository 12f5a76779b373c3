"""Mastodon through its REST API; `access.api_base` is the instance URL.

1. each image: POST /api/v2/media (multipart file, description = alt text) -> id;
   202 means still processing: poll GET /api/v1/media/{id} (206 while processing,
   200 when done), bounded;
2. POST /api/v1/statuses (status, media_ids[], visibility) with the header
   Idempotency-Key: re-sending with the same key returns the same status instead
   of a second one, so an unknown outcome is resolved by sending again (within
   the hour the server keeps the key).

https://docs.joinmastodon.org/methods/media/#v2
https://docs.joinmastodon.org/methods/statuses/#create
"""

from django.utils.translation import gettext_lazy as _

from editorial.social.networks import Network, compose_text

from .base import ChannelAccess, MediaItem, OutgoingPost, PermanentError, RetryableError, SendResult
from .containers import MSG_STILL_PROCESSING
from .http import HttpAdapter

MSG_NO_INSTANCE = _("The Mastodon channel has no server address; add it in the channel settings")


class MastodonAdapter(HttpAdapter):
    network = Network.MASTODON.value
    idempotent = True
    # Mastodon keeps idempotency keys for one hour (PostStatusService: the key is
    # stored in Redis with a 3600 s expiry).
    idempotency_window = 3600
    visibility = "public"

    def base_url(self, access: ChannelAccess) -> str:
        base = (access.api_base or "").rstrip("/")
        if not base:
            raise PermanentError(MSG_NO_INSTANCE, detail="ChannelAccess.api_base is empty")
        return base

    def send(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, deadline=None, **kw
    ) -> SendResult:
        base = self.base_url(access)
        status = compose_text(self.network, post.text, post.link, with_media=bool(post.media))
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
