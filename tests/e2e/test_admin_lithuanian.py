"""What Wagtail's scripts write into the editor is Lithuanian too (its JavaScript
catalogue): "collapse all" / "expand all", autosave, the side panels."""

import pytest
from playwright.sync_api import expect

from cms import roles
from home.factories import StandardPageFactory, make_site_home
from tests.cms.test_admin_speaks_lithuanian import english_in
from tests.e2e.admin_session import make_user, sign_in_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_page_editor_speaks_lithuanian_while_editing(page, live_server):
    user = make_user("specialiste", roles.SPECIALISTS, first_name="Rūta", last_name="Petrauskienė")
    home = make_site_home(title="Apskrities viešoji biblioteka", slug="biblioteka")
    about = StandardPageFactory(parent=home, title="Apie mus", slug="apie-mus")

    sign_in_on(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pages/{about.pk}/edit/")
    page.get_by_role("button", name="Suskleisti visus").click()
    expect(page.get_by_role("button", name="Išskleisti visus")).to_be_visible()
    page.get_by_role("button", name="Išskleisti visus").click()

    with page.expect_response(lambda response: response.request.method == "POST"):
        page.fill("#id_title", "Apie biblioteką")  # autosaved by Wagtail's script

    text = page.locator("body").inner_text()
    assert english_in(text.splitlines()) == []
