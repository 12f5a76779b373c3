"""The moderation loop in browsers, in Lithuanian, to the right people.

The specialist submits a post; the head asks for changes with a comment; the specialist
finds the comment on the dashboard, edits and resubmits; the head has gone on leave
meanwhile, so their deputy is asked and approves. The resubmitted text is what is
published. Every screen on the way is checked for English words, and each person
gets only the notices meant for them.
"""

import pytest
from playwright.sync_api import expect

from cms.factories import AbsenceFactory, StaffProfileFactory, UserFactory
from cms.models import Notice
from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import SocialPost
from editorial.social.networks import Network
from tests.cms.test_admin_speaks_lithuanian import english_in
from tests.e2e.admin_session import lithuanian, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "Pridėkite renginio datą ir laiką."


def assert_lithuanian(page):
    assert english_in(page.locator("body").inner_text().splitlines()) == []


def footer_action(page, selector):
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    return button


@pytest.fixture
def deputy(department):
    user = UserFactory(
        username="pavaduotoja", first_name="Aistė", last_name="Vasiliauskaitė", head=True
    )
    return StaffProfileFactory(user=user, department=department, position="Pavaduotoja").user


def test_request_changes_resubmit_and_the_deputy_approves(
    browser, live_server, specialist, head, deputy
):
    for person in (specialist, head, deputy):
        lithuanian(person)
    channel = ChannelFactory(network=Network.MANUAL, name="Bibliotekos naujienlaiškis", token="")
    post = SocialPostFactory(
        title="Poezijos vakaras",
        text="Kviečiame į poezijos vakarą bibliotekoje!",
        author=specialist,
        channels=[channel],
    )
    post.save_revision(user=specialist)
    edit_path = f"/admin/snippets/social/socialpost/edit/{post.pk}/"

    # ---- the specialist submits
    writer = sign_in(browser, live_server, specialist)
    writer.goto(live_server.url + edit_path)
    assert_lithuanian(writer)
    footer_action(writer, 'button[name="action-submit"]').click()
    writer.wait_for_url("**/admin/snippets/social/socialpost/")
    assert_lithuanian(writer)

    # ---- the head asks for changes, with a comment
    moderator = sign_in(browser, live_server, head)
    assert_lithuanian(moderator)
    moderator.goto(live_server.url + edit_path)
    footer_action(moderator, 'button[data-workflow-action-name="reject"]').click()
    dialog = moderator.locator(".modal-dialog")
    dialog.locator("textarea").fill(COMMENT)
    dialog.locator("button[type=submit]").click()
    expect(moderator.locator(".messages")).to_contain_text("Poezijos vakaras")
    assert_lithuanian(moderator)

    AbsenceFactory(person=head, deputy=deputy)  # the head goes on leave

    # ---- the specialist sees the comment where they work, edits and resubmits
    writer.goto(f"{live_server.url}/admin/")
    expect(writer.get_by_text(COMMENT).first).to_be_visible()
    assert_lithuanian(writer)
    writer.goto(live_server.url + edit_path)
    writer.fill("#id_text", "Kviečiame į poezijos vakarą bibliotekoje gruodžio 10 d. 18 val.!")
    footer_action(writer, 'button[name="action-submit"]').click()
    writer.wait_for_url("**/admin/snippets/social/socialpost/")
    assert_lithuanian(writer)

    # ---- the head is away now: the deputy is asked, and approves on their behalf
    stand_in = sign_in(browser, live_server, deputy)
    stand_in.goto(live_server.url + edit_path)
    assert_lithuanian(stand_in)
    footer_action(
        stand_in,
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
    ).click()
    stand_in.wait_for_url("**/admin/snippets/social/socialpost/")
    assert_lithuanian(stand_in)

    post = SocialPost.objects.get(pk=post.pk)
    assert post.live
    assert post.text.endswith("gruodžio 10 d. 18 val.!")
    # Notices went to the right people: the author heard the decisions, the absent
    # head was not asked to review the resubmission, the deputy was.
    assert Notice.objects.filter(user=specialist, message__contains=COMMENT).exists()
    assert Notice.objects.filter(user=deputy).exists()
    assert Notice.objects.filter(user=head).count() == 1  # the first submission only
