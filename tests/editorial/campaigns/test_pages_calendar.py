"""Campaign periods on the editorial calendar: which campaigns, which days, for whom."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from cms import roles
from editorial.campaigns import campaign_factories as make
from editorial.campaigns.cadence import VILNIUS
from editorial.campaigns.calendar_campaigns import KIND, CampaignPeriodCalendarSource
from editorial.moderation.registries import calendar_source
from editorial.social.factories import ChannelFactory

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=VILNIUS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def index(home_page):
    return make.campaign_index(home_page)


def entries(user, first=date(2026, 12, 1), days=31):
    start = datetime(first.year, first.month, first.day, tzinfo=VILNIUS)
    return CampaignPeriodCalendarSource().entries(user, start, start + timedelta(days=days))


def test_the_source_is_registered_under_its_kind():
    assert isinstance(calendar_source(KIND), CampaignPeriodCalendarSource)


def test_campaigns_touching_the_window_are_shown_from_first_to_last_day(index, specialist):
    make.campaign(index, "Ruduo", period_start=date(2026, 10, 1), period_end=date(2026, 12, 1))
    make.campaign(index, "Žiema", period_start=date(2026, 12, 20), period_end=date(2027, 2, 28))
    make.campaign(index, "Praėjo", period_start=date(2026, 9, 1), period_end=date(2026, 11, 30))
    make.campaign(index, "Sausis", period_start=date(2027, 1, 1), period_end=date(2027, 1, 31))
    make.campaign(index, "Be datų")
    found = {e.title: e for e in entries(specialist)}
    assert set(found) == {"Ruduo", "Žiema"}
    winter = found["Žiema"]
    assert winter.all_day and winter.kind == KIND
    assert (winter.starts_at, winter.ends_at) == (date(2026, 12, 20), date(2027, 2, 28))
    assert winter.url == reverse("campaigns_campaign_report", args=[winter.extra["campaign_id"]])
    # The last day of the window (31 December, Vilnius) is inside it, 1 January is not.
    assert "Sausis" not in {e.title for e in entries(specialist, days=31)}
    assert "Sausis" in {e.title for e in entries(specialist, days=32)}


def test_open_ended_and_draft_campaigns_are_marked(index, specialist):
    make.campaign(index, "Atvira", period_start=date(2026, 12, 10))
    make.campaign(
        index,
        "Planuojama",
        live=False,
        period_start=date(2026, 12, 5),
        period_end=date(2026, 12, 5),
    )
    make.campaign(index, "Senai atvira", period_start=date(2026, 1, 5))  # its day has passed
    found = {e.extra["campaign_id"]: e for e in entries(specialist)}
    by_state = sorted((e.title, e.state, e.ends_at) for e in found.values())
    assert by_state == [
        ("Atvira (nuo šios dienos)", "published", None),
        ("Planuojama", "draft", date(2026, 12, 5)),
    ]


def test_hostile_titles_are_escaped_on_the_calendar_page(index, specialist, client_for):
    make.campaign(index, "<script>alert(1)</script>", period_start=date(2026, 12, 3))
    html = client_for(specialist).get(reverse("moderation_calendar")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("role", "sees"), [(S, True), (H, True), (A, True), (OD, False)])
def test_who_sees_campaign_periods(index, role, sees, role_users, client_for):
    make.campaign(index, "Žiemos iššūkis", period_start=date(2026, 12, 3))
    assert bool(entries(role_users[role])) is sees
    html = client_for(role_users[role]).get(reverse("moderation_calendar")).content.decode()
    assert ("Žiemos iššūkis" in html) is sees


def test_anonymous_sees_nothing(index):
    from django.contrib.auth.models import AnonymousUser

    make.campaign(index, "Žiemos iššūkis", period_start=date(2026, 12, 3))
    assert entries(AnonymousUser()) == []


@pytest.mark.parametrize("count", [1, 30])
def test_the_source_answers_with_fixed_queries(
    index, count, specialist, django_assert_max_num_queries
):
    channels = [ChannelFactory(), ChannelFactory()]
    for number in range(count):
        make.campaign(
            index, f"Kampanija {number}", period_start=date(2026, 12, 2), channels=channels
        )
    entries(specialist)  # warm the permission caches
    specialist = type(specialist).objects.get(pk=specialist.pk)
    with django_assert_max_num_queries(5):
        found = entries(specialist)
    assert len(found) == count
    assert all(e.channel_label.count(",") == 1 for e in found)
