"""Fixtures: one fake network server per test (see the fakes package), and a web
server for the images the networks fetch; loaded by tests/conftest.py."""

import json

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


def _serve(fake_class, settings, monkeypatch):
    with fake_class() as fake:
        # Adapters find the fake through the test-only override, never through a
        # channel's fields; worker processes started by the test read the variable.
        overrides = dict(getattr(settings, "SOCIAL_API_BASE_OVERRIDES", None) or {})
        overrides[fake.network] = fake.url + fake.api_path
        settings.SOCIAL_API_BASE_OVERRIDES = overrides
        monkeypatch.setenv("SOCIAL_API_BASE_OVERRIDES", json.dumps(overrides))
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
def fake_facebook(settings, monkeypatch):
    yield from _serve(FakeFacebook, settings, monkeypatch)


@pytest.fixture
def fake_instagram(settings, monkeypatch):
    yield from _serve(FakeInstagram, settings, monkeypatch)


@pytest.fixture
def fake_threads(settings, monkeypatch):
    yield from _serve(FakeThreads, settings, monkeypatch)


@pytest.fixture
def fake_mastodon(settings, monkeypatch):
    yield from _serve(FakeMastodon, settings, monkeypatch)


@pytest.fixture
def fake_linkedin(settings, monkeypatch):
    yield from _serve(FakeLinkedIn, settings, monkeypatch)
