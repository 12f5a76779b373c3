"""The editorial calendar pages: who sees what, filters, gaps, bad input, query budgets."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cms import roles
from editorial.moderation.registries import CalendarEntry, CalendarSource, calendar_sources
from editorial.social.calendar import SocialPostCalendarSource
from tests.editorial.moderation.calendar_helpers import (
    at,
    channel,
    draft,
    published,
    scheduled,
    submitted,
)

pytestmark = pytest.mark.django_db

CALENDAR_PAGES = (
    "moderation_calendar",
    "moderation_calendar_week",
    "moderation_calendar_agenda",
    "moderation_calendar_feed",
)
# Who sees social posts on the calendar (the post listing's readers).
POST_READERS = {roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, "superuser"}


@pytest.fixture
def world(specialist, head, django_capture_on_commit_callbacks):
    mastodon = channel(name="Bibliotekos Mastodon")
    other = channel(name="Vaikų skyriaus paskyra")
    with django_capture_on_commit_callbacks(execute=False):  # no delivery is enqueued
        posts = {
            "draft": draft(specialist, [mastodon], at(1), "Juodraštis kalendoriuje"),
            "in_moderation": submitted(specialist, [mastodon], at(1, 12), "Laukia vadovės"),
            "scheduled": scheduled(specialist, head, [other], at(2), "Suplanuota knygų mugė"),
            "published": published(specialist, head, [mastodon], "Jau paskelbta žinia"),
        }
    return {"mastodon": mastodon, "other": other, "posts": posts}


@pytest.mark.parametrize("name", CALENDAR_PAGES)
@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        roles.SPECIALISTS,
        roles.HEADS,
        roles.ADMINISTRATION,
        roles.OTHER_DEPARTMENTS,
        "superuser",
    ],
)
def test_every_role_opens_the_calendar_and_sees_only_the_posts_it_may(
    name, role, role_users, client_for, world
):
    response = client_for(role_users[role]).get(reverse(name) + f"?date={at(1).date()}")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        return
    assert response.status_code == 200
    html = response.content.decode()
    for post in world["posts"].values():
        if name == "moderation_calendar_feed":
            assert post.title not in html
        elif name != "moderation_calendar_agenda" or post.title != "Jau paskelbta žinia":
            # (the agenda starts on the given day; the published post is from today)
            assert (post.title in html) == (role in POST_READERS), (post.title, role)


def test_states_colours_and_links(client_for, specialist, world):
    html = client_for(specialist).get(reverse("moderation_calendar")).content.decode()
    for state in ("draft", "in_moderation", "scheduled", "published"):
        assert f"sk-cal-state-{state}" in html
    # The legend's and the entries' colour: a class whose colour the stylesheet gives.
    assert 'sk-cal-entry sk-cal-state-draft sk-cal-kind-social_post"' in html
    assert 'class="sk-cal-swatch sk-cal-kind-social_post"' in html
    css = client_for(specialist).get(reverse("moderation_calendar_colours")).content.decode()
    assert ".sk-cal-kind-social_post { --sk-colour: #1d5f99; }" in css
    post = world["posts"]["draft"]
    assert reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk]) in html
    assert 'draggable="true"' in html  # the author's draft may be dragged


def test_nobody_drags_what_they_may_not_move(client_for, administration_user, world):
    html = client_for(administration_user).get(reverse("moderation_calendar")).content.decode()
    assert world["posts"]["draft"].title in html
    assert 'draggable="true"' not in html


def test_filters_by_channel_and_state(client_for, specialist, world):
    url = reverse("moderation_calendar")
    browser = client_for(specialist)
    html = browser.get(url + f"?channel={world['other'].pk}").content.decode()
    assert "Suplanuota knygų mugė" in html
    assert "Juodraštis kalendoriuje" not in html
    html = browser.get(url + "?state=in_moderation").content.decode()
    assert "Laukia vadovės" in html
    assert "Juodraštis kalendoriuje" not in html
    html = browser.get(url + f"?author={specialist.pk}&kind=social_post").content.decode()
    assert "Juodraštis kalendoriuje" in html
    html = browser.get(url + "?kind=assignment").content.decode()
    assert "Juodraštis kalendoriuje" not in html


def test_days_without_a_post_on_a_channel_are_marked(client_for, specialist, world):
    url = reverse("moderation_calendar_week") + f"?date={at(1).date()}&channel={world['other'].pk}"
    response = client_for(specialist).get(url)
    html = response.content.decode()
    assert "has-gap" in html
    assert "Vaikų skyriaus paskyra" in html
    # The day of its scheduled post is not a gap, the day before it is.
    days = response.context["days"]
    other = world["other"].pk
    assert all(c.id != other for c in days[at(2).date()].gaps)
    assert any(c.id == other for c in days[at(1).date()].gaps)


def test_the_month_lists_gap_days_per_channel(client_for, specialist, world):
    response = client_for(specialist).get(reverse("moderation_calendar"))
    rows = {row["channel"].label: row["days"] for row in response.context["gap_rows"]}
    mastodon = str(world["mastodon"])
    assert mastodon in rows
    if at(1).date().month == at(0).date().month:
        assert at(1).date() not in rows[mastodon]


@pytest.mark.parametrize("bad", ["2026-13-45", "<script>alert(1)</script>", "../../etc", "9" * 500])
def test_a_bad_date_shows_today_with_a_message(client_for, specialist, world, bad):
    response = client_for(specialist).get(reverse("moderation_calendar"), {"date": bad})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert "warning" in levels


def test_hostile_filters_are_ignored(client_for, specialist, world):
    response = client_for(specialist).get(
        reverse("moderation_calendar"),
        {"channel": "1 OR 1=1", "author": "-1", "state": "<b>x</b>" * 100, "kind": "../"},
    )
    assert response.status_code == 200
    assert "<b>x</b>" not in response.content.decode()


def test_navigation_keeps_the_filters(client_for, specialist, world):
    response = client_for(specialist).get(
        reverse("moderation_calendar"), {"date": "2026-01-15", "state": "draft"}
    )
    assert response.context["previous_query"] == "?date=2025-12-01&state=draft"
    assert response.context["next_query"] == "?date=2026-02-01&state=draft"


class BrokenSource(CalendarSource):
    kind = "broken"
    label = "Sugedęs šaltinis"

    def entries(self, user, start, end):
        raise RuntimeError("boom")


class HolidaySource(CalendarSource):
    """A later app's whole-day, several-day item (a campaign period)."""

    kind = "campaign"
    label = "Kampanijos"
    colour = "#6a1b9a"

    def entries(self, user, start, end):
        first = at(1).date()
        return [
            CalendarEntry(
                key="campaign:1",
                kind=self.kind,
                title="Skaitymo savaitė",
                starts_at=first,
                ends_at=at(3).date(),
                url="/admin/",
            )
        ]


def test_later_sources_join_and_a_broken_one_does_not_break_the_page(
    client_for, specialist, world, monkeypatch
):
    sources = [*calendar_sources(), BrokenSource(), HolidaySource()]
    monkeypatch.setattr(
        "editorial.moderation.editorial_calendar.grid.calendar_sources", lambda: sources
    )
    response = client_for(specialist).get(
        reverse("moderation_calendar_week"), {"date": at(1).date()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sugedęs šaltinis" in html  # named in the warning
    assert html.count("Skaitymo savaitė") >= 3  # one per day of the period
    assert "Juodraštis kalendoriuje" in html


def _many_posts(count, specialist, head, channels, capture):
    with capture(execute=False):
        for number in range(count):
            kind = number % 3
            when = at(1 + number % 20, 9 + number % 8)
            if kind == 0:
                draft(specialist, channels, when, f"Juodraštis {number}")
            elif kind == 1:
                submitted(specialist, channels, when, f"Moderuojamas {number}")
            else:
                scheduled(specialist, head, channels, when, f"Suplanuotas {number}")
    # a published one with its deliveries
    with capture(execute=False):
        published(specialist, head, channels, f"Paskelbtas {count}")


@pytest.mark.parametrize("count", [1, 30])
def test_the_month_view_costs_the_same_queries_for_1_and_30_posts(
    count,
    client_for,
    specialist,
    head,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    channels = [channel(name="A"), channel(name="B")]
    _many_posts(count, specialist, head, channels, django_capture_on_commit_callbacks)
    browser = client_for(specialist)
    browser.get(reverse("moderation_calendar"))  # warm caches (content types, menus)
    for name in ("moderation_calendar", "moderation_calendar_week", "moderation_calendar_agenda"):
        # 24, +1 for the reader's library (campaign periods are per library)
        with django_assert_max_num_queries(25):
            response = browser.get(reverse(name), {"date": at(1).date()})
        assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_social_source_costs_the_same_queries_for_1_and_30_posts(
    count, specialist, head, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    channels = [channel(name="A"), channel(name="B")]
    _many_posts(count, specialist, head, channels, django_capture_on_commit_callbacks)
    source = SocialPostCalendarSource()
    source.entries(specialist, at(-1), at(40))  # warm the permission cache
    with django_assert_max_num_queries(7):
        entries = source.entries(specialist, at(-1), at(40))
    # one entry per post per channel
    assert len(entries) == (count + 1) * 2


class TaskSource(CalendarSource):
    kind = "task"
    label = "Užduotys"

    def entries(self, user, start, end):
        return [
            CalendarEntry(
                key="task:1",
                kind="task",
                title="Pavėluota užduotis",
                starts_at=at(1).date(),
                state="overdue",
                state_label="Vėluoja",
            )
        ]


def test_a_sources_own_states_can_be_filtered(client_for, specialist, world, monkeypatch):
    sources = [*calendar_sources(), TaskSource()]
    monkeypatch.setattr(
        "editorial.moderation.editorial_calendar.grid.calendar_sources", lambda: sources
    )
    url = reverse("moderation_calendar_week")
    response = client_for(specialist).get(url, {"date": at(1).date(), "state": "overdue"})
    assert ("overdue", "Vėluoja") in response.context["state_choices"]
    html = response.content.decode()
    assert "Pavėluota užduotis" in html
    assert "Juodraštis kalendoriuje" not in html


def test_colours_come_from_a_stylesheet_and_a_hostile_colour_is_not_served(
    client_for, specialist, monkeypatch
):
    html = client_for(specialist).get(reverse("moderation_calendar")).content.decode()
    assert "style=" not in html  # the admin's CSP refuses style attributes
    source = type(calendar_sources()[0])
    monkeypatch.setattr(source, "colour", "red; } body { display: none")
    css = client_for(specialist).get(reverse("moderation_calendar_colours"))
    assert css["Content-Type"].startswith("text/css")
    text = css.content.decode()
    assert f".sk-cal-kind-{source.kind} {{ --sk-colour: #5c6bc0; }}" in text
    assert "display: none" not in text
