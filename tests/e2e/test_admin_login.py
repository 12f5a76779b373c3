"""A communication specialist signs in through the real login form and gets the
Lithuanian admin; pages offer them no "Publish" (approval goes through the head)."""

import pytest
from playwright.sync_api import expect

from cms import roles
from home.factories import StandardPageFactory, make_site_home
from tests.e2e.admin_session import make_user, sign_in_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, live_server, user):
    # Through the redirect a person meets when they open the admin signed out.
    sign_in_on(page, live_server, user, start="/admin/")


def test_specialist_signs_in_to_the_lithuanian_dashboard(page, live_server):
    specialist = make_user(
        "specialiste", roles.SPECIALISTS, first_name="Rūta", last_name="Petrauskienė"
    )
    home = make_site_home(title="Apskrities viešoji biblioteka", slug="biblioteka")
    about = StandardPageFactory(parent=home, title="Apie mus", slug="apie-mus")

    sign_in(page, live_server, specialist)

    expect(page.locator("html")).to_have_attribute("lang", "lt")
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_text("Puslapiai", exact=True)).to_be_visible()
    expect(page.get_by_text("Prisijungti", exact=True)).to_have_count(0)

    page.goto(f"{live_server.url}/admin/pages/{about.pk}/edit/")
    expect(page.get_by_role("button", name="Išsaugoti juodraštį")).to_be_visible()
    expect(page.locator('[name="action-publish"]')).to_have_count(0)


def test_department_head_is_offered_publish(page, live_server):
    # The counterpart of the specialist's missing "Publish": the same page, a head.
    head = make_user("vadove", roles.HEADS)
    home = make_site_home(title="Apskrities viešoji biblioteka", slug="biblioteka")
    about = StandardPageFactory(parent=home, title="Apie mus", slug="apie-mus")

    sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/admin/pages/{about.pk}/edit/")

    expect(page.locator('[name="action-publish"]')).to_have_count(1)
