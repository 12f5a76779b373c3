"""Facebook Page through the Graph API.

- text / link: POST /{page-id}/feed (message, link);
- with photos: each photo POST /{page-id}/photos (published=false, the bytes as
  a multipart `source` -- or `url` when Sklaida has no bytes --, alt_text_custom)
  -> photo id, then POST /{page-id}/feed with attached_media[i]={"media_fbid": id}
  (Pages API, "Posts": multi-photo posts);
- reconcile (HttpAdapter.reconcile): GET /{page-id}/feed?fields=id,message,
  created_time,permalink_url&since=, following `paging.next`, and an exact match
  of the message.

https://developers.facebook.com/docs/graph-api/reference/page/feed/
https://developers.facebook.com/docs/graph-api/reference/page/photos/
"""

import json

from editorial.social.networks import Network, compose_text

from .base import ChannelAccess, MediaItem, OutgoingPost, SendResult
from .http import HttpAdapter, Listed, parse_time

GRAPH_API_BASE = "https://graph.facebook.com/v23.0"


class FacebookAdapter(HttpAdapter):
    network = Network.FACEBOOK.value
    can_reconcile = True
    default_base = GRAPH_API_BASE

    def message(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def send(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, deadline=None, **kw
    ) -> SendResult:
        base, page = self.base_url(access), access.account_id
        data = {"message": self.message(post)}
        with self.client(access, deadline) as http:
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
        """An unpublished photo to attach to the post; publishes nothing. The bytes
        go with the request, so Facebook need not reach Sklaida's server."""
        data = {"published": "false", "alt_text_custom": item.alt_text}
        files = None
        if item.data:
            files = {"source": (item.filename, item.data, item.content_type)}
        else:
            data["url"] = item.public_url
        response = http.request("POST", f"{base}/{page}/photos", data=data, files=files)
        return str(http.require(http.json(response), "id"))

    def match_texts(self, post):
        return {self.message(post)}

    def listing(self, http, access, since):
        url = f"{self.base_url(access)}/{access.account_id}/feed"
        params = {"fields": "id,message,created_time,permalink_url", "since": since}
        for page in self.graph_pages(http, url, params):
            yield [
                Listed(
                    remote_id=str(item.get("id")),
                    text=item.get("message") or "",
                    created=parse_time(item.get("created_time")),
                    url=item.get("permalink_url") or "",
                )
                for item in page
            ]
