"""An image whose pixels would exhaust the server's memory is refused at upload, in
Lithuanian, and nothing is stored."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext, override
from PIL import Image as PILImage
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db


def png(width, height):
    # One bit a pixel: an 11000 x 11000 image in a few kilobytes.
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("plakatas.png", buffer.getvalue(), content_type="image/png")


def stored_originals():
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    return sorted(folder.iterdir()) if folder.exists() else []


def too_many_pixels_message(num_pixels):
    with override("lt"):
        return gettext(
            "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."
        ) % {"num_pixels": num_pixels, "max_pixels_count": settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS}


@pytest.fixture
def bomb():
    upload = png(11_000, 11_000)
    assert upload.size < 100_000
    return upload


def test_a_huge_png_is_refused_on_the_add_image_form(admin_client, bomb):
    before = stored_originals()

    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Plakatas", "file": bomb})

    assert response.status_code == 200
    assert too_many_pixels_message(121_000_000) in response.content.decode()
    assert not get_image_model().objects.exists()
    assert stored_originals() == before


def test_a_huge_png_is_refused_by_the_multiple_upload(admin_client, bomb):
    before = stored_originals()

    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": bomb})

    assert response.json() == {
        "success": False,
        "error_message": too_many_pixels_message(121_000_000),
    }
    assert not get_image_model().objects.exists()
    assert stored_originals() == before


def test_a_camera_photo_is_accepted(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": png(7360, 4912)}
    )

    assert response.json()["success"] is True
    assert get_image_model().objects.get().width == 7360
