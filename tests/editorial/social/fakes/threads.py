"""Fake Threads API."""

from .containers import _ContainerFake


class FakeThreads(_ContainerFake):
    """Threads: TEXT/IMAGE/CAROUSEL containers, threads_publish, quota."""

    network = "threads"
    account_id = "25000000000000001"
    status_field = "status"
    create_path = "threads"
    publish_path = "threads_publish"
    limit_path = "threads_publishing_limit"
    text_field = "text"
    max_children = 20
    quota_total = 250

    def container_fields(self, request):
        media_type = str(request.value("media_type", "")).upper()
        if media_type == "TEXT":
            text = request.value("text", "")
            if not text:
                return self.error_reply(400, "(#100) The parameter text is required")
            return {"media_type": "TEXT", "is_carousel_item": False, "text": text, "images": []}
        if media_type == "CAROUSEL":
            return self._carousel_fields(request, "CAROUSEL")
        if media_type != "IMAGE":
            return self.error_reply(400, "(#100) The parameter media_type is required")
        return self._image_fields(request)

    def image_fetch_failed(self, image_url, fields):
        # Threads accepts the container and fails it while processing: its status
        # becomes ERROR, with an error_message that names no image problem.
        return {**fields, "fetch_failed": True}
