"""Fake Instagram content publishing."""

from .containers import _ContainerFake


class FakeInstagram(_ContainerFake):
    """Instagram content publishing: containers, carousels, media_publish, quota."""

    network = "instagram"
    account_id = "17841400000000001"

    def container_fields(self, request):
        if str(request.value("media_type", "IMAGE")).upper() == "CAROUSEL":
            return self._carousel_fields(request, "CAROUSEL_ALBUM")
        return self._image_fields(request)
