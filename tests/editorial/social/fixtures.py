"""Fixtures: one fake network server per test (see the fakes package), and a web
server for the images the networks fetch; loaded by tests/conftest.py."""

import pytest

from editorial.social.adapters.http import close_sessions
from tests.editorial.social.fakes import (
    FakeFacebook,
    FakeInstagram,
    FakeLinkedIn,
    FakeMastodon,
    FakeThreads,
    ImageHost,
)


def _serve(fake_class):
    with fake_class() as fake:
        yield fake
    close_sessions()  # the adapters' kept-alive connections to this server


@pytest.fixture
def image_host():
    with ImageHost() as host:
        yield host


@pytest.fixture
def served_media(settings):
    """MEDIA_ROOT served over HTTP and WAGTAILADMIN_BASE_URL pointing at it, so the
    networks that fetch images by URL (Instagram, Threads) can reach the pipeline's
    images, as they reach Sklaida's public address in production."""
    with ImageHost(settings.MEDIA_ROOT, settings.MEDIA_URL) as host:
        settings.WAGTAILADMIN_BASE_URL = host.base_url
        yield host


@pytest.fixture
def fake_facebook():
    yield from _serve(FakeFacebook)


@pytest.fixture
def fake_instagram():
    yield from _serve(FakeInstagram)


@pytest.fixture
def fake_threads():
    yield from _serve(FakeThreads)


@pytest.fixture
def fake_mastodon():
    yield from _serve(FakeMastodon)


@pytest.fixture
def fake_linkedin():
    yield from _serve(FakeLinkedIn)
