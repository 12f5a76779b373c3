"""Meta's container APIs (Instagram, Threads): the flow both share.

1. GET /{user-id}/{limit_path}: refuse early when the rolling 24 h quota is used
   up (RetryableError with retry_after);
2. POST /{user-id}/{container_path} -> container; several images: one item
   container each (is_carousel_item=true), then a CAROUSEL container (children
   and the text);
3. GET /{container-id}?fields={status_field} until FINISHED (bounded);
4. POST /{user-id}/{publish_path} (creation_id) -> media id: the only call that
   publishes;
5. reconcile: GET /{user-id}/{container_path}?fields=id,{text_field},timestamp,
   permalink&since= and an exact text match since `since`.

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
from .http import MSG_RATE_LIMITED, MSG_REJECTED, HttpAdapter, parse_time, same_text, unix_time

MSG_NEEDS_PUBLIC_URL = _(
    "%(network)s fetches images from the web: image %(number)s has no public address"
)
MSG_STILL_PROCESSING = _(
    "The network is still processing the images; the post will be sent a little later"
)
QUOTA_RETRY_AFTER = 3600  # the quota window is rolling; look again in an hour


class ContainerAdapter(HttpAdapter):
    can_reconcile = True
    container_path = ""  # POST creates a container, GET lists the published media
    publish_path = ""
    limit_path = ""
    status_field = ""  # the container's processing status
    text_field = ""  # the post's text, in payloads and in the media listing
    listing_newest_first = False  # stop reconciling at the first item older than `since`

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

    def send(self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str) -> SendResult:
        base, user = self.base_url(access), access.account_id
        text = self.text(post)
        images = list(zip(self.public_urls(post), post.media, strict=True))
        with self.client(access) as http:
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
            self.pause(attempt)
            body = http.json(http.request("GET", url, params={"fields": f"{field},id"}))
            status = str(body.get(field) or "").upper()
            if status in ("FINISHED", "PUBLISHED"):
                return status
            if status in ("ERROR", "EXPIRED"):
                reason = body.get("error_message") or body.get("status") or status
                raise PermanentError(
                    lazy_message(MSG_REJECTED, reason=str(reason)[:300]),
                    detail=f"container {status}",
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

    def reconcile(self, access, post, idempotency_key, since) -> SendResult | None:
        base, user = self.base_url(access), access.account_id
        text = self.text(post)
        since_unix = unix_time(since)
        url = f"{base}/{user}/{self.container_path}"
        params = {
            "fields": f"id,{self.text_field},timestamp,permalink",
            "since": since_unix,
            "limit": 50,
        }
        try:
            with self.client(access) as http:
                for _page in range(self.max_reconcile_pages):
                    body = http.json(http.request("GET", url, params=params))
                    older_seen = False
                    for item in body.get("data") or []:
                        created = parse_time(item.get("timestamp"))
                        if created is not None and created < since_unix:
                            older_seen = self.listing_newest_first  # the rest is older still
                            continue
                        if same_text(item.get(self.text_field), text):
                            return SendResult(
                                remote_id=str(item["id"]),
                                url=item.get("permalink") or "",
                                details={"reconciled": True},
                            )
                    url = (body.get("paging") or {}).get("next")
                    if older_seen or not url:
                        return None
                    params = None  # the next link carries them
        except DeliveryError as error:
            raise self.reconcile_guard(error) from None
        raise self.reconcile_guard(
            DeliveryError("", detail=f"too many {self.container_path} pages since `since`")
        )
