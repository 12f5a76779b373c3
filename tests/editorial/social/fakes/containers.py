"""Meta's container flow shared by Instagram and Threads: containers -> publish -> media."""

import time

from .base import DAY, ImageFetchError, Reply, fetch_image
from .graph import GraphFake, graph_time


class _ContainerFake(GraphFake):
    """Shared by Instagram and Threads: containers -> publish -> media."""

    status_field = "status_code"
    create_path = "media"
    publish_path = "media_publish"
    limit_path = "content_publishing_limit"
    text_field = "caption"
    max_children = 10
    quota_total = 50

    def clear_state(self):
        self.containers = {}
        self.media = {}
        self.quota_used = 0  # published elsewhere in the last 24 h
        self.processing_polls = 0  # new containers stay IN_PROGRESS for this many polls
        self.next_container_status = None  # e.g. "ERROR" for the next container

    def _object_route(self, request):
        return "container_status" if request.params["obj"] in self.containers else "media_get"

    def routes(self):
        cls = type(self)
        return [
            ("GET", rf"/(?P<user>\d+)/{self.limit_path}", "publishing_limit", cls.publishing_limit),
            ("POST", rf"/(?P<user>\d+)/{self.create_path}", "create", cls.create_container),
            ("POST", rf"/(?P<user>\d+)/{self.publish_path}", "publish", cls.publish),
            ("GET", rf"/(?P<user>\d+)/{self.create_path}", "list", cls.list_media),
            ("GET", r"/(?P<obj>\d+)", cls._object_route, cls.get_object),
        ]

    def _wrong_user(self, request):
        if request.params["user"] != self.account_id:
            return self.error_reply(400, "(#100) Unsupported request: unknown user")
        return None

    def _recent(self):
        cutoff = time.time() - DAY
        return sum(1 for m in self.published if m["created"] >= cutoff)

    def publishing_limit(self, request):
        if error := self._wrong_user(request):
            return error
        with self._lock:
            usage = self._recent() + self.quota_used
        return Reply(
            200,
            {
                "data": [
                    {
                        "quota_usage": usage,
                        "config": {"quota_total": self.quota_total, "quota_duration": DAY},
                    }
                ]
            },
        )

    def container_fields(self, request) -> dict:
        raise NotImplementedError

    def _carousel_fields(self, request, media_type):
        with self._lock:
            children = self._children(request)
        if isinstance(children, Reply):
            return children
        return {
            "media_type": media_type,
            "is_carousel_item": False,
            self.text_field: request.value(self.text_field, ""),
            "images": [img for child in children for img in child["images"]],
        }

    def _image_fields(self, request):
        image_url = request.value("image_url")
        if not image_url:
            return self.error_reply(400, "(#100) The parameter image_url is required")
        is_item = str(request.value("is_carousel_item", "false")).lower() == "true"
        fields = {
            "media_type": "IMAGE",
            "is_carousel_item": is_item,
            self.text_field: "" if is_item else request.value(self.text_field, ""),
            "images": [{"image_url": image_url, "alt_text": request.value("alt_text", "")}],
        }
        try:
            fetch_image(image_url)  # the network downloads the image from our server
        except ImageFetchError:
            return self.image_fetch_failed(image_url, fields)
        return fields

    def image_fetch_failed(self, image_url, fields):
        """What the network does when it cannot download `image_url`: a Reply, or
        the container's fields (it fails later, in its status)."""
        raise NotImplementedError

    def create_container(self, request):
        if error := self._wrong_user(request):
            return error
        fields = self.container_fields(request)
        if isinstance(fields, Reply):
            return fields
        with self._lock:
            container_id = str(17_900_000_000_000_000 + next(self._ids))
            status = self.next_container_status or "FINISHED"
            self.next_container_status = None
            if fields.pop("fetch_failed", False):
                status = "ERROR"
                fields["error_message"] = "UNKNOWN"
            fields.update(id=container_id, status=status, polls_left=self.processing_polls)
            self.containers[container_id] = fields
        return Reply(200, {"id": container_id})

    def _children(self, request):
        ids = [c for c in str(request.value("children", "")).split(",") if c]
        if not 2 <= len(ids) <= self.max_children:
            return self.error_reply(
                400, f"(#100) A carousel needs 2 to {self.max_children} children"
            )
        children = []
        for child_id in ids:
            child = self.containers.get(child_id)
            if child is None or not child["is_carousel_item"] or child["status"] != "FINISHED":
                return self.error_reply(400, f"(#100) Invalid carousel child {child_id}")
            children.append(child)
        return children

    def get_object(self, request):
        obj = request.params["obj"]
        with self._lock:
            container = self.containers.get(obj)
            if container is not None:
                status = container["status"]
                if status == "FINISHED" and container["polls_left"] > 0:
                    container["polls_left"] -= 1
                    status = "IN_PROGRESS"
                body = {"id": obj, self.status_field: status}
                if status == "ERROR":
                    body["error_message"] = container.get("error_message", "UNKNOWN")
                return Reply(200, body)
            media = self.media.get(obj)
        if media is None:
            return self.error_reply(
                400, f"(#100) Unsupported get request. Object with ID '{obj}' does not exist"
            )
        return Reply(200, {"id": obj, "permalink": media["permalink"]})

    def publish(self, request):
        if error := self._wrong_user(request):
            return error
        creation_id = str(request.value("creation_id", ""))
        with self._lock:
            container = self.containers.get(creation_id)
            if container is None or container["is_carousel_item"]:
                return self.error_reply(400, "(#100) The parameter creation_id is invalid")
            if container["status"] == "PUBLISHED":
                return self.error_reply(400, "(#9004) The media has already been published")
            if container["status"] != "FINISHED" or container["polls_left"] > 0:
                return self.error_reply(400, "(#9007) The media is not ready for publishing")
            if self._recent() + self.quota_used >= self.quota_total:
                return self.error_reply(400, "Application request limit reached", (9, 2207042))
            media_id = str(18_000_000_000_000_000 + next(self._ids))
            container["status"] = "PUBLISHED"
            item = {
                "id": media_id,
                "container_id": creation_id,
                self.text_field: container.get(self.text_field, ""),
                "media_type": container["media_type"],
                "images": container["images"],
                "created": time.time(),
                "permalink": f"https://www.example.test/{self.network}/p/{media_id}",
            }
            self.media[media_id] = item
            self.published.append(item)
        return Reply(200, {"id": media_id})

    def list_media(self, request):
        if error := self._wrong_user(request):
            return error
        since = self.since(request)
        with self._lock:
            items = [m for m in self.published if m["created"] >= since]
        data = [
            {
                "id": m["id"],
                self.text_field: m[self.text_field],
                "timestamp": graph_time(m["created"]),
                "permalink": m["permalink"],
            }
            for m in reversed(items)
        ]
        return self.page(request, data)
