"""A date the picker cannot read stays as typed (it used to become today on blur)."""

import pytest
from playwright.sync_api import expect

from cms import roles
from tests.e2e.admin_session import make_user, sign_in_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("typed", ["rytoj", "31/12/2026", "2026.12.31"])
def test_typed_absence_date_is_kept_when_the_field_loses_focus(page, live_server, typed):
    user = make_user("vadove", roles.HEADS, first_name="Rūta", last_name="Kazlauskaitė")
    sign_in_on(page, live_server, user)
    page.goto(f"{live_server.url}/admin/cms/absence/create/")

    field = page.locator("#id_ends_on")
    field.click()
    field.fill(typed)
    page.locator("#id_note").click()  # focus elsewhere: the picker used to rewrite here

    expect(field).to_have_value(typed)
