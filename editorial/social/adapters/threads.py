"""Threads through the Threads API.

1. GET /{user-id}/threads_publishing_limit: stop early when the 24 h quota is used;
2. text: POST /{user-id}/threads (media_type=TEXT, text) -> container; one image:
   media_type=IMAGE, image_url, alt_text, text; several: item containers
   (is_carousel_item=true) and a CAROUSEL container (children, text);
3. GET /{container-id}?fields=status until FINISHED (bounded);
4. POST /{user-id}/threads_publish (creation_id) -> media id: the only call that
   publishes;
5. reconcile: GET /{user-id}/threads?fields=id,text,timestamp,permalink&since=.

https://developers.facebook.com/docs/threads/posts
"""

from editorial.social.networks import RULES, Network, compose_text

from .base import ChannelAccess, DeliveryError, OutgoingPost, RetryableError, SendResult
from .http import MSG_RATE_LIMITED, HttpAdapter, parse_time, same_text, unix_time
from .instagram import QUOTA_RETRY_AFTER, public_urls, wait_for_container

THREADS_API_BASE = "https://graph.threads.net/v1.0"


class ThreadsAdapter(HttpAdapter):
    network = Network.THREADS.value
    can_reconcile = True
    default_base = THREADS_API_BASE

    def text(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def send(self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str) -> SendResult:
        base, user = self.base_url(access), access.account_id
        text = self.text(post)
        urls = public_urls(self.network, post)
        with self.client(access) as http:
            self._check_quota(http, base, user)
            if not post.media:
                data = {"media_type": "TEXT", "text": text}
            elif len(post.media) == 1:
                data = {
                    "media_type": "IMAGE",
                    "image_url": urls[0],
                    "alt_text": post.media[0].alt_text,
                    "text": text,
                }
            else:
                children = [
                    self._container(
                        http,
                        base,
                        user,
                        {
                            "media_type": "IMAGE",
                            "image_url": url,
                            "alt_text": item.alt_text,
                            "is_carousel_item": "true",
                        },
                    )
                    for url, item in zip(urls, post.media, strict=True)
                ]
                data = {"media_type": "CAROUSEL", "children": ",".join(children), "text": text}
            container = self._container(http, base, user, data)
            wait_for_container(self, http, f"{base}/{container}", "status")
            response = http.request(
                "POST",
                f"{base}/{user}/threads_publish",
                data={"creation_id": container},
                final=True,
            )
            media_id = str(http.require(http.json(response, final=True), "id", final=True))
            permalink = self._permalink(http, base, media_id)
        return SendResult(remote_id=media_id, url=permalink, details={"container_id": container})

    def _check_quota(self, http, base, user):
        response = http.request(
            "GET",
            f"{base}/{user}/threads_publishing_limit",
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
        response = http.request("POST", f"{base}/{user}/threads", data=data)
        return str(http.require(http.json(response), "id"))

    def _permalink(self, http, base, media_id) -> str:
        try:
            response = http.request("GET", f"{base}/{media_id}", params={"fields": "permalink"})
            return str(http.json(response).get("permalink") or "")
        except DeliveryError:
            return ""

    def reconcile(self, access, post, idempotency_key, since) -> SendResult | None:
        base, user = self.base_url(access), access.account_id
        text = self.text(post)
        since_unix = unix_time(since)
        url = f"{base}/{user}/threads"
        params = {"fields": "id,text,timestamp,permalink", "since": since_unix, "limit": 50}
        try:
            with self.client(access) as http:
                for _page in range(self.max_reconcile_pages):
                    body = http.json(http.request("GET", url, params=params))
                    for item in body.get("data") or []:
                        created = parse_time(item.get("timestamp"))
                        if created is not None and created < since_unix:
                            continue
                        if same_text(item.get("text"), text):
                            return SendResult(
                                remote_id=str(item["id"]),
                                url=item.get("permalink") or "",
                                details={"reconciled": True},
                            )
                    url = (body.get("paging") or {}).get("next")
                    if not url:
                        return None
                    params = None
        except DeliveryError as error:
            raise self.reconcile_guard(error) from None
        raise self.reconcile_guard(DeliveryError("", detail="too many thread pages since `since`"))
