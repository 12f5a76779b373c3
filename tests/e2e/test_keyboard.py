"""Keyboard use of the public site."""

import pytest
from playwright.sync_api import expect

from home.factories import StandardPageFactory, make_site_home

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_first_tab_reveals_the_skip_link_which_moves_focus_to_main(page, live_server):
    home = make_site_home(title="Apskrities viešoji biblioteka", slug="biblioteka")
    StandardPageFactory(parent=home, title="Renginiai", slug="renginiai")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")

    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside main (the first card link), not back in the header.
    expect(page.locator("main a").first).to_be_focused()
