"""A specialist opens My work from the menu, reads the head's comment on a post that
came back with requested changes, and follows "edit" to the post's editor."""

import pytest
from playwright.sync_api import expect

from editorial.social.factories import ChannelFactory, SocialPostFactory
from tests.e2e.admin_session import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "Pridėkite renginio datą ir laiką."


def test_the_specialist_reads_the_comment_and_opens_the_editor(
    browser, live_server, specialist, head
):
    post = SocialPostFactory(
        title="Poezijos vakaras",
        text="Kviečiame į poezijos vakarą bibliotekoje!",
        author=specialist,
        channels=[ChannelFactory()],
    )
    post.save_revision(user=specialist)
    post.get_workflow().start(post, specialist)
    post.refresh_from_db()
    task_state = post.current_workflow_task_state
    task_state.task.specific.on_action(task_state, head, "reject", comment=COMMENT)

    page = sign_in(browser, live_server, specialist)
    page.locator("#wagtail-sidebar a[href='/admin/my-work/']").click()
    page.wait_for_url(f"{live_server.url}/admin/my-work/")

    section = page.locator("#my-work-changes_requested")
    row = section.locator("tr.my-work-item", has_text="Poezijos vakaras")
    expect(row.locator(".my-work-comment-text")).to_have_text(COMMENT)
    expect(row.locator(".my-work-comment-by")).to_contain_text("Rūta Kazlauskaitė")

    row.locator("a.my-work-action").click()
    page.wait_for_url(f"{live_server.url}/admin/snippets/social/socialpost/edit/{post.pk}/")
    expect(page.locator("#id_title")).to_have_value("Poezijos vakaras")
