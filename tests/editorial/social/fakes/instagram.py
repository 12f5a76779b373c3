"""Fake Instagram content publishing."""

from .base import Reply
from .containers import _ContainerFake


class FakeInstagram(_ContainerFake):
    """Instagram content publishing: containers, carousels, media_publish, quota."""

    network = "instagram"
    account_id = "17841400000000001"

    def container_fields(self, request):
        if str(request.value("media_type", "IMAGE")).upper() == "CAROUSEL":
            return self._carousel_fields(request, "CAROUSEL_ALBUM")
        return self._image_fields(request)

    def image_fetch_failed(self, image_url, fields):
        # Instagram refuses the container at once (code 9004, subcode 2207052).
        return Reply(
            400,
            {
                "error": {
                    "message": "Only photo or video can be accepted as media type.",
                    "type": "OAuthException",
                    "code": 9004,
                    "error_subcode": 2207052,
                    "is_transient": False,
                    "error_user_title": "Media download has failed.",
                    "error_user_msg": f"The media could not be fetched from this uri: {image_url}",
                    "fbtrace_id": "AbCdEf123",
                }
            },
        )
