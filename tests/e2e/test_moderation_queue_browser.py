"""The head clears items from the moderation queue in a browser, in Lithuanian.

The head opens the queue from the dashboard's summary, selects two items, approves them
together with one comment, reads the confirmation naming both, and finds the comment on
an item's history; the specialist then reads the comment beside both items in My work.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import TaskState

from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.networks import Network
from tests.cms.test_admin_speaks_lithuanian import english_in
from tests.e2e.admin_session import lithuanian, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "Puiku, skelbiame šią savaitę."


def assert_lithuanian(page):
    assert english_in(page.locator("body").inner_text().splitlines()) == []


def submitted_post(title, author, channel):
    post = SocialPostFactory(
        title=title, text=f"{title}: kviečiame!", author=author, channels=[channel]
    )
    post.save_revision(user=author)
    post.get_workflow().start(post, author)
    post.refresh_from_db()
    return post, post.current_workflow_task_state


def test_the_head_approves_two_items_in_bulk_with_a_comment(browser, live_server, specialist, head):
    for person in (specialist, head):
        lithuanian(person)
    channel = ChannelFactory(network=Network.MANUAL, name="Bibliotekos naujienlaiškis", token="")
    first, first_state = submitted_post("Poezijos vakaras", specialist, channel)
    second, second_state = submitted_post("Knygų mugė", specialist, channel)
    _third, third_state = submitted_post("Vaikų rytmetis", specialist, channel)

    moderator = sign_in(browser, live_server, head)
    summary = moderator.locator("#awaiting-review-section")
    expect(summary).to_contain_text("Poezijos vakaras")
    summary.locator("a.button").click()
    moderator.wait_for_url("**/admin/moderation/queue/")
    assert_lithuanian(moderator)

    for state in (first_state, second_state):
        moderator.locator(f'tr[data-task-state="{state.pk}"] input[type=checkbox]').check()
    moderator.select_option("#bulk-action", "approve_comment")
    moderator.fill("#bulk-comment", COMMENT)
    moderator.locator("#queue-bulk button[type=submit]").click()
    moderator.wait_for_url("**/admin/moderation/queue/")

    messages = moderator.locator(".messages")
    expect(messages).to_contain_text("Poezijos vakaras")
    expect(messages).to_contain_text("Knygų mugė")
    assert_lithuanian(moderator)
    # The approved items left the queue; the third still waits.
    expect(moderator.locator(f'tr[data-task-state="{first_state.pk}"]')).to_have_count(0)
    expect(moderator.locator(f'tr[data-task-state="{third_state.pk}"]')).to_have_count(1)
    for state in (first_state, second_state):
        state.refresh_from_db()
        assert state.status == TaskState.STATUS_APPROVED
        assert state.comment == COMMENT

    # The comment is on the item's history.
    moderator.goto(f"{live_server.url}/admin/snippets/social/socialpost/history/{first.pk}/")
    expect(moderator.get_by_text(COMMENT).first).to_be_visible()

    # The specialist reads the head's comment beside both items in My work.
    author = sign_in(browser, live_server, specialist)
    author.goto(f"{live_server.url}/admin/my-work/")
    assert_lithuanian(author)
    published = author.locator("#my-work-published")
    for post in (first, second):
        row = published.locator("tr", has_text=post.title)
        expect(row).to_contain_text(COMMENT)
        expect(row).to_contain_text(head.get_full_name())
