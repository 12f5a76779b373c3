"""Fixtures: one fake network server per test (see the fakes package); loaded by tests/conftest.py."""

import pytest

from tests.editorial.social.fakes import (
    FakeFacebook,
    FakeInstagram,
    FakeLinkedIn,
    FakeMastodon,
    FakeThreads,
)


def _serve(fake_class):
    with fake_class() as fake:
        yield fake


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
