"""From an awarded application to a published project page, in browsers, in Lithuanian.

The specialist clicks "Sukurti projekto puslapį" on the awarded application, edits the
draft and submits it; the head approves; the public sees the page with the funder's
wording, and axe-core finds no violation on the page nor on the project list.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from cms.factories import PASSWORD
from editorial.social.factories import ImageFactory, jpeg_file
from grants import projects_factories as make
from grants.models import ProjectPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACKNOWLEDGEMENT = "Projektą finansuoja Lietuvos kultūros taryba"
NEW_SUMMARY = "Vasarą 7–12 metų vaikai skaito knygas ir renka lipdukus skaitymo pase."


def lithuanian(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "lt"
    profile.save()
    return user


def sign_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def footer_action(page, selector):
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    return button


def no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_awarded_application_to_published_project_page(
    browser, live_server, home_page, specialist, head
):
    for person in (specialist, head):
        lithuanian(person)
    index = make.project_index(home_page)
    logo = ImageFactory(title="LKT logotipas", file=jpeg_file(size=(480, 240)))
    source = make.funding_source(acknowledgement=ACKNOWLEDGEMENT, logo=logo)
    application = make.application(call=make.call_of(source))

    # ---- the specialist makes the page from the application, edits and submits it
    writer = sign_in(browser, live_server, specialist)
    writer.goto(f"{live_server.url}/admin/pages/{application.pk}/edit/")
    button = writer.get_by_role("button", name="Sukurti projekto puslapį")
    if not button.is_visible():
        writer.locator("header [data-w-dropdown-target='toggle']").first.click()
    button.click()
    writer.wait_for_url("**/admin/pages/*/edit/")
    expect(writer.locator(".messages")).to_contain_text("sukurtas kaip juodraštis")
    project = ProjectPage.objects.get(application=application)
    assert writer.url.endswith(f"/admin/pages/{project.pk}/edit/")
    writer.fill("#id_summary", NEW_SUMMARY)
    footer_action(writer, 'button[name="action-submit"]').click()
    writer.wait_for_url("**/admin/pages/**")
    project.refresh_from_db()
    assert project.workflow_in_progress and not project.live

    # ---- the head approves
    moderator = sign_in(browser, live_server, head)
    moderator.goto(f"{live_server.url}/admin/pages/{project.pk}/edit/")
    footer_action(
        moderator,
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
    ).click()
    expect(moderator.locator(".messages")).to_contain_text(project.title)
    project.refresh_from_db()
    assert project.live and project.summary == NEW_SUMMARY

    # ---- the public sees it, accessible, with the funder's wording
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(live_server.url + project.url)
    expect(visitor.locator("h1")).to_have_text(project.title)
    expect(visitor.locator(".acknowledgement")).to_have_text(ACKNOWLEDGEMENT)
    expect(visitor.locator(".intro")).to_have_text(NEW_SUMMARY)
    assert "777.77" not in visitor.content() and "Slaptas rėmėjas" not in visitor.content()
    no_violations(visitor)

    visitor.goto(live_server.url + index.url)
    expect(visitor.get_by_role("link", name=project.title)).to_be_visible()
    no_violations(visitor)
    visitor.goto(live_server.url + index.url + "?status=hacked&year=2027")
    expect(visitor.locator("[role=alert]")).to_be_visible()
    no_violations(visitor)
