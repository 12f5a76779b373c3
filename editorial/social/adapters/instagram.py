"""Instagram professional account through the Instagram Platform (Graph API).

1. GET /{ig-user-id}/content_publishing_limit: refuse early when the rolling 24 h
   quota is used up (RetryableError with retry_after);
2. one image: POST /{ig-user-id}/media (image_url, caption, alt_text) -> container;
   several: one container per image (is_carousel_item=true, alt_text), then a
   CAROUSEL container (children, caption);
3. GET /{container-id}?fields=status_code until FINISHED (bounded);
4. POST /{ig-user-id}/media_publish (creation_id) -> media id: the only call
   that publishes;
5. reconcile: GET /{ig-user-id}/media?fields=id,caption,timestamp,permalink and
   an exact caption match since `since`.

https://developers.facebook.com/docs/instagram-platform/content-publishing/
"""

from django.utils.translation import gettext_lazy as _

from editorial.social.networks import RULES, Network, compose_text, lazy_message

from .base import (
    ChannelAccess,
    DeliveryError,
    OutgoingPost,
    PermanentError,
    RetryableError,
    SendResult,
)
from .http import MSG_RATE_LIMITED, MSG_REJECTED, HttpAdapter, parse_time, same_text, unix_time

GRAPH_API_BASE = "https://graph.facebook.com/v23.0"

MSG_NEEDS_PUBLIC_URL = _(
    "%(network)s fetches images from the web: image %(number)s has no public address"
)
MSG_STILL_PROCESSING = _(
    "The network is still processing the images; the post will be sent a little later"
)
QUOTA_RETRY_AFTER = 3600  # the quota window is rolling; look again in an hour


def wait_for_container(adapter: HttpAdapter, http, url: str, field: str) -> str:
    """Poll a Meta media container until it is FINISHED (bounded)."""
    for attempt in range(adapter.poll_attempts):
        adapter.pause(attempt)
        body = http.json(http.request("GET", url, params={"fields": f"{field},id"}))
        status = str(body.get(field) or "").upper()
        if status in ("FINISHED", "PUBLISHED"):
            return status
        if status in ("ERROR", "EXPIRED"):
            reason = body.get("error_message") or body.get("status") or status
            raise PermanentError(
                lazy_message(MSG_REJECTED, reason=str(reason)[:300]), detail=f"container {status}"
            )
    raise RetryableError(MSG_STILL_PROCESSING, retry_after=60, detail="container still IN_PROGRESS")


def public_urls(network, post: OutgoingPost) -> list[str]:
    urls = []
    for index, item in enumerate(post.media):
        if not item.public_url:
            raise PermanentError(
                lazy_message(MSG_NEEDS_PUBLIC_URL, network=Network(network), number=index + 1),
                detail=f"media {item.filename!r} without public_url",
            )
        urls.append(item.public_url)
    return urls


class InstagramAdapter(HttpAdapter):
    network = Network.INSTAGRAM.value
    can_reconcile = True
    default_base = GRAPH_API_BASE

    def caption(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def send(self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str) -> SendResult:
        base, user = self.base_url(access), access.account_id
        caption = self.caption(post)
        urls = public_urls(self.network, post)
        with self.client(access) as http:
            self._check_quota(http, base, user)
            if len(post.media) == 1:
                data = {
                    "image_url": urls[0],
                    "caption": caption,
                    "alt_text": post.media[0].alt_text,
                }
                container = self._container(http, base, user, data)
            else:
                children = [
                    self._container(
                        http,
                        base,
                        user,
                        {"image_url": url, "is_carousel_item": "true", "alt_text": item.alt_text},
                    )
                    for url, item in zip(urls, post.media, strict=True)
                ]
                data = {
                    "media_type": "CAROUSEL",
                    "children": ",".join(children),
                    "caption": caption,
                }
                container = self._container(http, base, user, data)
            wait_for_container(self, http, f"{base}/{container}", "status_code")
            response = http.request(
                "POST", f"{base}/{user}/media_publish", data={"creation_id": container}, final=True
            )
            media_id = str(http.require(http.json(response, final=True), "id", final=True))
            permalink = self._permalink(http, base, media_id)
        return SendResult(remote_id=media_id, url=permalink, details={"container_id": container})

    def _check_quota(self, http, base, user):
        response = http.request(
            "GET",
            f"{base}/{user}/content_publishing_limit",
            params={"fields": "quota_usage,config"},
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
        response = http.request("POST", f"{base}/{user}/media", data=data)
        return str(http.require(http.json(response), "id"))

    def _permalink(self, http, base, media_id) -> str:
        """Nice to have: the post is published already, so nothing here may fail it."""
        try:
            response = http.request("GET", f"{base}/{media_id}", params={"fields": "permalink"})
            return str(http.json(response).get("permalink") or "")
        except DeliveryError:
            return ""

    def reconcile(self, access, post, idempotency_key, since) -> SendResult | None:
        base, user = self.base_url(access), access.account_id
        caption = self.caption(post)
        since_unix = unix_time(since)
        url = f"{base}/{user}/media"
        params = {"fields": "id,caption,timestamp,permalink", "since": since_unix, "limit": 50}
        try:
            with self.client(access) as http:
                for _page in range(self.max_reconcile_pages):
                    body = http.json(http.request("GET", url, params=params))
                    older_seen = False
                    for item in body.get("data") or []:
                        created = parse_time(item.get("timestamp"))
                        if created is not None and created < since_unix:
                            older_seen = True  # newest first: the rest is older still
                            continue
                        if same_text(item.get("caption"), caption):
                            return SendResult(
                                remote_id=str(item["id"]),
                                url=item.get("permalink") or "",
                                details={"reconciled": True},
                            )
                    url = (body.get("paging") or {}).get("next")
                    if older_seen or not url:
                        return None
                    params = None
        except DeliveryError as error:
            raise self.reconcile_guard(error) from None
        raise self.reconcile_guard(DeliveryError("", detail="too many media pages since `since`"))
