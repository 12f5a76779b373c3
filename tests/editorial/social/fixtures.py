"""Fixtures: one fake network server per test (see fakes.py); loaded by tests/conftest.py."""

import json

import pytest

from tests.editorial.social.fakes import (
    FakeFacebook,
    FakeInstagram,
    FakeLinkedIn,
    FakeMastodon,
    FakeThreads,
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
