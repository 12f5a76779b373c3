"""Images the networks fetch by URL, through the pipeline: Instagram and Threads
download them from Sklaida's public address, and an address they cannot reach
fails the delivery with the network's reason, as it would in production."""

import pytest

from editorial.social import services
from editorial.social.models import Delivery
from tests.editorial.social.helpers import channel_for, published_post

pytestmark = pytest.mark.django_db

Status = Delivery.Status


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)


def deliver(post):
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)
    delivery.refresh_from_db()
    return delivery


@pytest.mark.parametrize("fake_name", ["fake_instagram", "fake_threads"])
def test_the_network_fetches_the_images_from_sklaidas_address(
    request, fake_name, served_media, specialist, head
):
    fake = request.getfixturevalue(fake_name)
    post = published_post([channel_for(fake)], specialist, head, images=2)

    delivery = deliver(post)

    assert delivery.status == Status.SENT, delivery.error_message
    assert len(fake.published) == 1
    fetched = [path for path in served_media.fetched if path.startswith("/media/")]
    assert len(fetched) == 2
    assert len(fake.published[0]["images"]) == 2


def test_an_address_the_network_cannot_reach_fails_with_its_reason(
    fake_instagram, specialist, head, settings
):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:9"  # nobody serves the images there
    post = published_post([channel_for(fake_instagram)], specialist, head, images=1)

    delivery = deliver(post)

    assert delivery.status == Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.VALIDATION
    # the network's own reason, inside Sklaida's (translated) sentence
    assert "The media could not be fetched from this uri" in delivery.error_message
    assert fake_instagram.published == []
