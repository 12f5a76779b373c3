"""The admin and the public site work under the Content-Security-Policy.

Chromium reports every blocked script, style or resource as a `securitypolicyviolation`
event (and a console error); the pages below must produce none.
"""

import pytest
from playwright.sync_api import expect

from cms import roles
from home.factories import StandardPageFactory, brand_kit, make_site_home
from tests.e2e.admin_session import make_user, sign_in_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
        + ` at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports while the test runs."""
    found = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text or "CSP violation" in message.text
            else None
        ),
    )
    return found


@pytest.fixture
def site_with_page(db):
    home = make_site_home(title="Apskrities viešoji biblioteka", slug="biblioteka")
    brand_kit(primary_colour="#7a1f5c", accent_colour="#1f5c7a")
    about = StandardPageFactory(parent=home, title="Apie mus", slug="apie-mus")
    return home, about


def test_public_home_page_has_no_violation(page, live_server, site_with_page, violations):
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Apskrities viešoji biblioteka")).to_be_visible()
    # The brand colour reaches the page through the stylesheet, not an inline style.
    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand')")
    assert brand.strip() == "#7a1f5c"
    assert violations == []


@pytest.mark.parametrize("role", [roles.SPECIALISTS, roles.HEADS])
def test_admin_dashboard_and_page_editor_have_no_violation(
    role, page, live_server, site_with_page, violations
):
    _home, about = site_with_page
    user = make_user("redaktorius", role)
    sign_in_on(page, live_server, user)
    expect(page.locator("#wagtail-sidebar").get_by_text("Puslapiai", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/admin/pages/{about.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Apie mus")
    page.locator("#id_title").fill("Apie mus ir biblioteką")
    page.wait_for_load_state("networkidle")
    if role == roles.HEADS:
        # Date widgets are initialised by Wagtail's inline scripts (the admin allowance).
        page.goto(f"{live_server.url}/admin/cms/absence/create/")
        expect(page.locator("#id_starts_on")).to_be_visible()
        page.wait_for_load_state("networkidle")

    assert violations == []


def test_public_page_with_the_userbar_has_no_violation(
    page, live_server, site_with_page, violations
):
    user = make_user("redaktorius", roles.SPECIALISTS)
    sign_in_on(page, live_server, user)
    page.goto(f"{live_server.url}/apie-mus/")
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert violations == []
