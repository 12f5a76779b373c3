"""The post schedule takes dates as Lithuanians type them, or refuses them; never today."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from editorial.social.factories import ChannelFactory
from editorial.social.models import SocialPost
from editorial.social.networks import Network
from tests.editorial.social.test_admin_posts import post_data

pytestmark = pytest.mark.django_db

VILNIUS = zoneinfo.ZoneInfo("Europe/Vilnius")
ADD_URL = "wagtailsnippets_social_socialpost:add"


@pytest.fixture(autouse=True)
def _early_2026():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=VILNIUS), tick=False):
        yield


@pytest.fixture
def mastodon(db):
    return ChannelFactory(network=Network.MASTODON, api_base="https://mastodon.example")


@pytest.mark.parametrize(
    "typed", ["2026-12-31 14:00", "2026.12.31 14:00", "2026.12.31. 14:00", "31.12.2026 14:00"]
)
def test_schedule_in_the_formats_lithuanians_type(typed, specialist, mastodon, client_for):
    response = client_for(specialist).post(
        reverse(ADD_URL), post_data(channels=[mastodon], go_live_at=typed)
    )
    assert response.status_code == 302
    scheduled = SocialPost.objects.get().latest_revision.as_object().go_live_at
    assert scheduled == datetime.datetime(2026, 12, 31, 14, 0, tzinfo=VILNIUS)


@pytest.mark.parametrize("typed", ["31/12/2026 14:00", "rytoj", "2026-12-31 25:00"])
def test_an_unreadable_schedule_is_refused_not_rewritten(typed, specialist, mastodon, client_for):
    response = client_for(specialist).post(
        reverse(ADD_URL), post_data(channels=[mastodon], go_live_at=typed)
    )
    assert response.status_code == 200
    with translation.override("lt"):
        expected = translation.gettext(
            "Enter the date and time as 2026-12-31 14:00 or 2026.12.31 14:00."
        )
    assert escape(expected) in response.content.decode()
    assert not SocialPost.objects.exists()
