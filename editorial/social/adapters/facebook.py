"""Facebook Page through the Graph API.

- text / link: POST /{page-id}/feed (message, link);
- with photos: each photo POST /{page-id}/photos (published=false, url or a
  multipart `source`, alt_text_custom) -> photo id, then POST /{page-id}/feed with
  attached_media[i]={"media_fbid": id} (Pages API, "Posts": multi-photo posts);
- reconcile: GET /{page-id}/feed?fields=id,message,created_time,permalink_url&since=
  and an exact match of the message.

https://developers.facebook.com/docs/graph-api/reference/page/feed/
https://developers.facebook.com/docs/graph-api/reference/page/photos/
"""

import json

from editorial.social.networks import Network, compose_text

from .base import ChannelAccess, DeliveryError, MediaItem, OutgoingPost, SendResult
from .http import HttpAdapter, parse_time, same_text, unix_time

GRAPH_API_BASE = "https://graph.facebook.com/v23.0"


class FacebookAdapter(HttpAdapter):
    network = Network.FACEBOOK.value
    can_reconcile = True
    default_base = GRAPH_API_BASE

    def message(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def send(self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str) -> SendResult:
        base, page = self.base_url(access), access.account_id
        data = {"message": self.message(post)}
        with self.client(access) as http:
            photo_ids = [self._upload_photo(http, base, page, item) for item in post.media]
            for index, photo_id in enumerate(photo_ids):
                data[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo_id})
            if post.link and not post.media:
                data["link"] = post.link
            response = http.request("POST", f"{base}/{page}/feed", data=data, final=True)
            post_id = str(http.require(http.json(response, final=True), "id", final=True))
        return SendResult(
            remote_id=post_id,
            url=f"https://www.facebook.com/{post_id}",
            details={"photo_ids": photo_ids},
        )

    def _upload_photo(self, http, base, page, item: MediaItem) -> str:
        """An unpublished photo to attach to the post; publishes nothing."""
        data = {"published": "false", "alt_text_custom": item.alt_text}
        files = None
        if item.public_url:
            data["url"] = item.public_url
        else:
            files = {"source": (item.filename, item.data, item.content_type)}
        response = http.request("POST", f"{base}/{page}/photos", data=data, files=files)
        return str(http.require(http.json(response), "id"))

    def reconcile(self, access, post, idempotency_key, since) -> SendResult | None:
        base, page = self.base_url(access), access.account_id
        message = self.message(post)
        since_unix = unix_time(since)
        url = f"{base}/{page}/feed"
        params = {
            "fields": "id,message,created_time,permalink_url",
            "since": since_unix,
            "limit": 100,
        }
        try:
            with self.client(access) as http:
                for _page in range(self.max_reconcile_pages):
                    body = http.json(http.request("GET", url, params=params))
                    for item in body.get("data") or []:
                        created = parse_time(item.get("created_time"))
                        if created is not None and created < since_unix:
                            continue
                        if same_text(item.get("message"), message):
                            return SendResult(
                                remote_id=str(item["id"]),
                                url=item.get("permalink_url") or "",
                                details={"reconciled": True},
                            )
                    url = (body.get("paging") or {}).get("next")
                    if not url:
                        return None
                    params = None  # the next link carries them
        except DeliveryError as error:
            raise self.reconcile_guard(error) from None
        raise self.reconcile_guard(DeliveryError("", detail="too many feed pages since `since`"))
