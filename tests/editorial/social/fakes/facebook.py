"""Fake Facebook Page (Graph API): unpublished photos, feed posts, feed listing."""

import json
import re
import time

from .base import ImageFetchError, Reply, fetch_image
from .graph import GraphFake, graph_time


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
        if url:
            try:
                fetch_image(url)  # Facebook downloads the photo while answering
            except ImageFetchError:
                return self.error_reply(400, "(#324) Missing or invalid image file", 324)
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
        return self.page(request, data)
