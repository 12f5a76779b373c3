"""Meta's container APIs (Instagram, Threads): the flow both share.

1. GET /{user-id}/{limit_path}: refuse early when the rolling 24 h quota is used
   up (RetryableError with retry_after);
2. POST /{user-id}/{container_path} -> container; several images: one item
   container each (is_carousel_item=true), then a CAROUSEL container (children
   and the text);
3. GET /{container-id}?fields={status_field} until FINISHED (bounded);
4. POST /{user-id}/{publish_path} (creation_id) -> media id: the only call that
   publishes;
5. reconcile (HttpAdapter.reconcile): GET /{user-id}/{container_path}?fields=
   id,{text_field},timestamp,permalink&since=, following `paging.next`, and an
   exact text match since `since`.

A subclass names its paths and fields and builds the payloads that differ.
"""

from django.utils.translation import gettext_lazy as _

from editorial.social.networks import RULES, Network, compose_text, lazy_message

from .base import (
    ChannelAccess,
    DeliveryError,
    MediaItem,
    OutgoingPost,
    PermanentError,
    RetryableError,
    SendResult,
)
from .http import MSG_RATE_LIMITED, MSG_REJECTED, HttpAdapter, Listed, parse_time

MSG_NEEDS_PUBLIC_URL = _(
    "%(network)s fetches images from the web: image %(number)s has no public address"
)
MSG_STILL_PROCESSING = _(
    "The network is still processing the images; the post will be sent a little later"
)
MSG_CONTAINER_FAILED = _(
    "The network could not process the post's images (%(reason)s); check that the "
    "images open from the internet and retry"
)
QUOTA_RETRY_AFTER = 3600  # the quota window is rolling; look again in an hour


class ContainerAdapter(HttpAdapter):
    can_reconcile = True
    container_path = ""  # POST creates a container, GET lists the published media
    publish_path = ""
    limit_path = ""
    status_field = ""  # the container's processing status
    text_field = ""  # the post's text, in payloads and in the media listing

    def text(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def single_data(self, url: str, item: MediaItem, text: str) -> dict:
        """The container payload for a post with one image."""
        raise NotImplementedError

    def carousel_item_data(self, url: str, item: MediaItem) -> dict:
        """The container payload for one image of a carousel."""
        raise NotImplementedError

    def post_data(self, http, base, user, images: list[tuple[str, MediaItem]], text) -> dict:
        """The payload of the container that gets published; `images` pairs each
        image's public URL with its item. Several images: the carousel items'
        containers are created first."""
        if len(images) == 1:
            url, item = images[0]
            return self.single_data(url, item, text)
        children = [
            self._container(http, base, user, self.carousel_item_data(url, item))
            for url, item in images
        ]
        return {"media_type": "CAROUSEL", "children": ",".join(children), self.text_field: text}

    def public_urls(self, post: OutgoingPost) -> list[str]:
        urls = []
        for index, item in enumerate(post.media):
            if not item.public_url:
                raise PermanentError(
                    lazy_message(
                        MSG_NEEDS_PUBLIC_URL, network=Network(self.network), number=index + 1
                    ),
                    detail=f"media {item.filename!r} without public_url",
                )
            urls.append(item.public_url)
        return urls

    def send(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, deadline=None, **kw
    ) -> SendResult:
        base, user = self.base_url(access), access.account_id
        text = self.text(post)
        images = list(zip(self.public_urls(post), post.media, strict=True))
        with self.client(access, deadline) as http:
            self._check_quota(http, base, user)
            data = self.post_data(http, base, user, images, text)
            container = self._container(http, base, user, data)
            self._wait_for_container(http, f"{base}/{container}")
            response = http.request(
                "POST",
                f"{base}/{user}/{self.publish_path}",
                data={"creation_id": container},
                final=True,
            )
            media_id = str(http.require(http.json(response, final=True), "id", final=True))
            permalink = self._permalink(http, base, media_id)
        return SendResult(remote_id=media_id, url=permalink, details={"container_id": container})

    def _check_quota(self, http, base, user):
        response = http.request(
            "GET", f"{base}/{user}/{self.limit_path}", params={"fields": "quota_usage,config"}
        )
        entries = http.json(response).get("data") or [{}]
        entry = entries[0] if isinstance(entries[0], dict) else {}
        usage = entry.get("quota_usage")
        total = (entry.get("config") or {}).get("quota_total") or RULES[
            self.network
        ].max_posts_per_24h
        if isinstance(usage, int) and usage >= total:
            raise RetryableError(
                MSG_RATE_LIMITED,
                retry_after=QUOTA_RETRY_AFTER,
                detail=f"publishing quota used: {usage}/{total}",
            )

    def _container(self, http, base, user, data) -> str:
        response = http.request("POST", f"{base}/{user}/{self.container_path}", data=data)
        return str(http.require(http.json(response), "id"))

    def _wait_for_container(self, http, url: str) -> str:
        """Poll the container until it is FINISHED (bounded)."""
        field = self.status_field
        for attempt in range(self.poll_attempts):
            self.pause(http, attempt)
            body = http.json(http.request("GET", url, params={"fields": f"{field},id"}))
            status = str(body.get(field) or "").upper()
            if status in ("FINISHED", "PUBLISHED"):
                return status
            if status in ("ERROR", "EXPIRED"):
                reason = str(body.get("error_message") or body.get("status") or status)[:300]
                message = MSG_CONTAINER_FAILED if status == "ERROR" else MSG_REJECTED
                raise PermanentError(
                    lazy_message(message, reason=reason), detail=f"container {status}: {reason}"
                )
        raise RetryableError(
            MSG_STILL_PROCESSING, retry_after=60, detail="container still IN_PROGRESS"
        )

    def _permalink(self, http, base, media_id) -> str:
        """Nice to have: the post is published already, so nothing here may fail it."""
        try:
            response = http.request("GET", f"{base}/{media_id}", params={"fields": "permalink"})
            return str(http.json(response).get("permalink") or "")
        except DeliveryError:
            return ""

    def match_texts(self, post):
        return {self.text(post)}

    def listing(self, http, access, since):
        url = f"{self.base_url(access)}/{access.account_id}/{self.container_path}"
        params = {"fields": f"id,{self.text_field},timestamp,permalink", "since": since}
        for page in self.graph_pages(http, url, params):
            yield [
                Listed(
                    remote_id=str(item.get("id")),
                    text=item.get(self.text_field) or "",
                    created=parse_time(item.get("timestamp")),
                    url=item.get("permalink") or "",
                )
                for item in page
            ]
