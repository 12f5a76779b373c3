"""A specialist plans on the editorial calendar: drags a post to another day in the month
view, and the post's publishing time moves with it (same time of day)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from editorial.social.models import SocialPost
from tests.e2e.admin_session import sign_in
from tests.editorial.moderation.calendar_helpers import at, channel, draft

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_specialist_drags_a_post_to_another_day(browser, live_server, specialist):
    source = at(3, 10, 30)
    # Another day of the same week, so both are on the month's grid whatever today is.
    step = -1 if source.weekday() == 6 else 1
    target = source + timedelta(days=step)
    post = draft(specialist, [channel()], source, "Savaitgalio skaitymai vaikams")

    page = sign_in(browser, live_server, specialist)
    page.goto(f"{live_server.url}/admin/calendar/?date={source.date().isoformat()}")
    entry = page.locator(".sk-cal-entry", has_text="Savaitgalio skaitymai vaikams")
    expect(entry).to_have_attribute("draggable", "true")
    expect(entry).to_have_attribute("data-date", source.date().isoformat())
    entry.drag_to(page.locator(f'td[data-drop-date="{target.date().isoformat()}"]'))

    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("10:30")
    moved = page.locator(
        f'td[data-drop-date="{target.date().isoformat()}"] .sk-cal-entry',
        has_text="Savaitgalio skaitymai vaikams",
    )
    expect(moved).to_be_visible()

    post = SocialPost.objects.get(pk=post.pk)
    assert timezone.localtime(post.go_live_at) == target
    assert timezone.localtime(post.get_latest_revision_as_object().go_live_at) == target


def test_the_agenda_moves_a_post_without_a_mouse(browser, live_server, specialist):
    source = at(4, 9, 0)
    post = draft(specialist, [channel()], source, "Klaviatūra perkeliamas įrašas")
    page = sign_in(browser, live_server, specialist)
    page.goto(f"{live_server.url}/admin/calendar/agenda/?date={at(1).date().isoformat()}")
    form = page.locator("form.sk-cal-agenda-move").first
    new_day = at(6, 9, 0)
    form.locator("input[name=date]").fill(new_day.date().isoformat())
    form.locator("input[name=time]").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("09:00")
    post = SocialPost.objects.get(pk=post.pk)
    assert timezone.localtime(post.go_live_at) == new_day
