"""The private iCal feed: the link page, the feed's content per person, revoked and
guessed tokens, caching."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from cms import roles
from editorial.moderation.editorial_calendar import feeds
from editorial.moderation.models import CalendarFeedToken
from tests.editorial.moderation.calendar_helpers import (
    at,
    channel,
    draft,
    published,
    scheduled,
)

pytestmark = pytest.mark.django_db
PAGE = "moderation_calendar_feed"


@pytest.fixture
def posts(specialist, head, django_capture_on_commit_callbacks):
    ch = channel(name="Bibliotekos Mastodon")
    with django_capture_on_commit_callbacks(execute=False):
        return {
            "draft": draft(specialist, [ch], at(2, 9, 30), "Rudens skaitymų anonsas"),
            "scheduled": scheduled(specialist, head, [ch], at(20), "Knygų mugės kvietimas"),
            "published": published(specialist, head, [ch], "Paskelbta naujiena"),
            "far": draft(specialist, [ch], at(400), "Per toli ateityje"),
            "channel": ch,
        }


def make_link(client):
    response = client.post(reverse(PAGE), {"action": "create"})
    assert response.status_code == 200
    match = re.search(
        r'value="(http://testserver(/kalendorius/[^"]+\.ics))"', response.content.decode()
    )
    assert match, "the new link is shown"
    return match.group(2)


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_parses_back_with_the_right_events(client_for, specialist, posts):
    path = make_link(client_for(specialist))
    found = events(Client().get(path))
    ch = posts["channel"]
    draft_event = found[f"Rudens skaitymų anonsas · {ch}"]
    assert draft_event.decoded("dtstart") == at(2, 9, 30)
    assert str(draft_event["uid"]) == f"post:{posts['draft'].pk}:channel:{ch.pk}@sklaida"
    assert f"/admin/snippets/social/socialpost/edit/{posts['draft'].pk}/" in str(draft_event["url"])
    assert "Juodraštis" in str(draft_event["description"]) or "Draft" in str(
        draft_event["description"]
    )
    assert f"Knygų mugės kvietimas · {ch}" in found
    assert f"Paskelbta naujiena · {ch}" in found
    assert not any("Per toli ateityje" in summary for summary in found)  # outside the window


@pytest.mark.parametrize(
    "role,sees_posts",
    [
        (roles.SPECIALISTS, True),
        (roles.HEADS, True),
        (roles.ADMINISTRATION, True),
        (roles.OTHER_DEPARTMENTS, False),
    ],
)
def test_each_person_gets_only_what_they_may_see(role, sees_posts, role_users, client_for, posts):
    path = make_link(client_for(role_users[role]))
    response = Client().get(path)
    found = events(response)
    assert bool(found) == sees_posts
    if not sees_posts:
        assert "Rudens skaitymų" not in response.content.decode()


def test_the_link_page_is_for_signed_in_staff_only(client_for):
    response = client_for(None).get(reverse(PAGE))
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    response = client_for(None).post(reverse(PAGE), {"action": "create"})
    assert response.status_code == 302
    assert not CalendarFeedToken.objects.exists()


def test_only_a_digest_is_stored(client_for, specialist):
    path = make_link(client_for(specialist))
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeedToken.objects.get(user=specialist)
    assert stored.token_hash != token
    assert token not in stored.token_hash
    assert stored.token_hash == feeds.digest(token)


def test_a_revoked_link_answers_404_and_is_not_cached(client_for, specialist, posts):
    browser = client_for(specialist)
    path = make_link(browser)
    assert Client().get(path).status_code == 200
    response = browser.post(reverse(PAGE), {"action": "revoke"})
    assert response.status_code == 302
    assert Client().get(path).status_code == 404
    assert Client().get(path).status_code == 404  # not served from the public page cache
    assert CalendarFeedToken.objects.get(user=specialist).revoked_at is not None


def test_a_new_link_revokes_the_old_one(client_for, specialist, posts):
    browser = client_for(specialist)
    old = make_link(browser)
    new = make_link(browser)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeedToken.objects.filter(user=specialist, revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "A" * 43,  # well-formed, unknown
        "short",
        "x" * 500,
        "%3Cscript%3E",
        "..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_a_guessed_or_malformed_token_answers_404(token, client_for, specialist, posts):
    make_link(client_for(specialist))
    response = Client().get(f"/kalendorius/{token}.ics")
    assert response.status_code == 404
    assert b"Rudens" not in response.content


def test_someone_who_left_gets_nothing(client_for, specialist, posts):
    path = make_link(client_for(specialist))
    specialist.is_active = False
    specialist.save(update_fields=["is_active"])
    assert Client().get(path).status_code == 404


def test_the_feed_is_private_and_records_its_use(client_for, specialist, posts):
    path = make_link(client_for(specialist))
    response = Client().get(path)
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]  # the application asks again each time
    assert not response.cookies
    assert CalendarFeedToken.objects.get(user=specialist).last_used_at is not None
    assert Client().post(path).status_code == 405


def test_an_unchanged_feed_answers_not_modified_and_a_change_shows_at_once(
    client_for, specialist, posts
):
    path = make_link(client_for(specialist))
    first = Client().get(path)
    etag = first["ETag"]
    again = Client().get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    post = posts["draft"]
    post.title = "Pervadintas įrašas"
    post.save()
    changed = Client().get(path, headers={"If-None-Match": etag})
    assert changed["ETag"] != etag
    assert any(summary.startswith("Pervadintas įrašas") for summary in events(changed))


def test_someone_elses_revoke_touches_only_their_own_link(client_for, specialist, head, posts):
    path = make_link(client_for(specialist))
    client_for(head).post(reverse(PAGE), {"action": "revoke"})
    assert Client().get(path).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_feed_costs_the_same_queries_for_1_and_30_posts(
    count, client_for, specialist, django_assert_max_num_queries
):
    ch = channel()
    for number in range(count):
        draft(specialist, [ch], at(1 + number % 25, 10), f"Įrašas {number}")
    path = make_link(client_for(specialist))
    Client().get(path)
    # 10, +2 for the funding deadlines source (grants: calls, report due dates), +1 for
    # the rubric slot source (editorial/campaigns/calendar.py: one query when no rubric
    # is approved), +1 for the campaign period source (editorial/campaigns/
    # calendar_campaigns.py: the reader's library, then one query when no campaign has a
    # period).
    with django_assert_max_num_queries(15):
        found = events(Client().get(path))
    assert len(found) == count
