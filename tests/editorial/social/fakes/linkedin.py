"""Fake LinkedIn versioned REST API."""

import re
import time
from urllib.parse import urlencode

from .base import FakeNetwork, Reply


class FakeLinkedIn(FakeNetwork):
    """LinkedIn versioned REST API: Images (initializeUpload + PUT) and Posts."""

    network = "linkedin"
    account_id = "urn:li:organization:5515715"
    auth_error_status = 401
    api_path = "/rest"
    max_page_size = 5  # LinkedIn allows up to 100; small so the tests page

    def clear_state(self):
        self.images = {}
        self.uploads = {}  # upload number -> image URN

    def routes(self):
        return [
            ("POST", r"/rest/images", "images_init", FakeLinkedIn.initialize_upload),
            ("PUT", r"/upload/(?P<n>\d+)", "upload", FakeLinkedIn.upload),
            ("POST", r"/rest/posts", "posts", FakeLinkedIn.create_post),
            ("GET", r"/rest/posts", "posts_list", FakeLinkedIn.list_posts),
        ]

    def error_reply(self, status, message, code=None) -> Reply:
        return Reply(
            status,
            {
                "status": status,
                "serviceErrorCode": code or 100,
                "code": "ERROR",
                "message": message,
            },
        )

    def rate_limit_reply(self, retry_after=None, daily=True):
        """429 and no Retry-After: LinkedIn's limits are per day and reset at
        midnight UTC; rarely a 429 protects its infrastructure (`daily=False`)."""
        if retry_after is not None:
            raise ValueError("LinkedIn says no wait time; choose daily=True or False")
        message = (
            "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
            if daily
            else "Too Many Requests"
        )
        return Reply(
            429,
            {
                "status": 429,
                "serviceErrorCode": 101,
                "code": "TOO_MANY_REQUESTS",
                "message": message,
            },
        )

    def auth_error_reply(self) -> Reply:
        return Reply(
            401,
            {
                "status": 401,
                "serviceErrorCode": 65601,
                "code": "REVOKED_ACCESS_TOKEN",
                "message": "The token used in the request has been revoked by the user",
            },
        )

    def _version_error(self, request):
        version = request.header("LinkedIn-Version") or ""
        if not re.fullmatch(r"20\d{4}(\.\d{2})?", version):
            return Reply(
                426,
                {"status": 426, "code": "VERSION_MISSING", "message": "A version must be present"},
            )
        if request.header("X-Restli-Protocol-Version") != "2.0.0":
            return self.error_reply(400, "X-Restli-Protocol-Version 2.0.0 is required")
        return None

    def initialize_upload(self, request):
        if error := self._version_error(request):
            return error
        if request.value("action") != "initializeUpload":
            return self.error_reply(400, "Unknown action")
        owner = ((request.json or {}).get("initializeUploadRequest") or {}).get("owner")
        if owner != self.account_id:
            return self.error_reply(403, "Not enough permissions to act for this owner")
        with self._lock:
            number = next(self._ids)
            urn = f"urn:li:image:C4D22AQ{number:08d}"
            self.images[urn] = {"id": urn, "uploaded": False, "size": 0}
            self.uploads[str(number)] = urn
        return Reply(
            200,
            {
                "value": {
                    "uploadUrlExpiresAt": int((time.time() + 3600) * 1000),
                    "uploadUrl": f"{self.url}/upload/{number}",
                    "image": urn,
                }
            },
        )

    def upload(self, request):
        with self._lock:
            urn = self.uploads.get(request.params["n"])
            if urn is None:
                return self.error_reply(404, "Unknown upload")
            self.images[urn].update(uploaded=True, size=len(request.body))
        return Reply(201, None)

    def create_post(self, request):
        if error := self._version_error(request):
            return error
        body = request.json if isinstance(request.json, dict) else {}
        if body.get("author") != self.account_id:
            return self.error_reply(403, "Not enough permissions to post as this author")
        if body.get("lifecycleState") != "PUBLISHED" or body.get("visibility") != "PUBLIC":
            return self.error_reply(422, "lifecycleState and visibility are required")
        content = body.get("content") or {}
        refs = []
        if "media" in content:
            refs = [content["media"]]
        elif "multiImage" in content:
            refs = content["multiImage"].get("images") or []
            if not 2 <= len(refs) <= 20:
                return self.error_reply(422, "multiImage needs 2 to 20 images")
        with self._lock:
            images = []
            for ref in refs:
                image = self.images.get(ref.get("id"))
                if image is None or not image["uploaded"]:
                    return self.error_reply(422, f"Image {ref.get('id')} is not uploaded")
                images.append(
                    {"id": image["id"], "altText": ref.get("altText", ""), "size": image["size"]}
                )
            urn = f"urn:li:share:{7_200_000_000_000_000_000 + next(self._ids)}"
            self.published.append(
                {
                    "id": urn,
                    "author": body["author"],
                    "commentary": body.get("commentary", ""),
                    "images": images,
                    "content": content,
                    "distribution": body.get("distribution"),
                    "created": time.time(),
                }
            )
        return Reply(201, None, {"x-restli-id": urn, "x-linkedin-id": urn})

    def list_posts(self, request):
        if error := self._version_error(request):
            return error
        if request.value("q") != "author" or request.value("author") != self.account_id:
            return self.error_reply(400, "q=author and a known author are required")
        count = max(1, min(int(request.value("count", 10)), self.max_page_size))
        start = int(request.value("start", 0))
        with self._lock:
            items = list(reversed(self.published))
        elements = [
            {
                "id": p["id"],
                "author": p["author"],
                "commentary": p["commentary"],
                "createdAt": int(p["created"] * 1000),
                "publishedAt": int(p["created"] * 1000),
                "lifecycleState": "PUBLISHED",
            }
            for p in items[start : start + count]
        ]
        paging = {"start": start, "count": count, "links": []}
        if start + count < len(items):
            query = {k: v[0] for k, v in request.query.items() if k not in ("start", "count")}
            query.update(start=start + count, count=count)
            paging["links"].append(
                {
                    "type": "application/json",
                    "rel": "next",
                    "href": f"/rest/posts?{urlencode(query)}",
                }
            )
        return Reply(200, {"elements": elements, "paging": paging})
