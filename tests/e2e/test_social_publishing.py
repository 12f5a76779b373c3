"""The whole social publishing loop in a browser.

The specialist writes a post with an image for two channels and submits it; the
department head approves it in another browser; a real Celery worker, fed through
Redis, delivers it to both (fake) networks exactly once, and the post shows it.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from editorial.social.factories import ImageFactory
from editorial.social.models import Delivery, SocialPost
from tests.e2e.admin_session import lithuanian
from tests.e2e.admin_session import sign_in_on as sign_in
from tests.editorial.social.helpers import channel_for
from tests.worker import running_worker, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = "/tmp/social-{}.png"  # noqa: S108 - screenshots for people to look at


@pytest.fixture
def worker():
    # The worker shares this process's broker (Redis in CI, the embedded transport
    # otherwise) and its test database.
    with running_worker() as running:
        yield running


def choose_action(page, name):
    """Press an action of the editor's footer menu, opening its dropdown if needed."""
    button = page.locator(f'footer button[name="{name}"]')
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def in_lithuanian(text):
    with translation.override("lt"):
        return str(gettext(text) if isinstance(text, str) else text)


def test_post_written_submitted_approved_and_delivered_once(
    page, browser, live_server, specialist, head, fake_mastodon, fake_facebook, worker
):
    lithuanian(specialist)
    lithuanian(head)
    mastodon = channel_for(fake_mastodon, name="Bibliotekos Mastodon")
    facebook = channel_for(fake_facebook, name="Bibliotekos Facebook")
    ImageFactory(title="Vasaros skaitymai kieme")
    page.set_viewport_size({"width": 1400, "height": 1000})

    # ---- the specialist writes and submits
    sign_in(page, live_server, specialist)
    page.goto(f"{live_server.url}/admin/snippets/social/socialpost/")
    page.locator('a[href$="/admin/snippets/social/socialpost/add/"]').first.click()
    page.wait_for_url("**/socialpost/add/")

    page.fill("#id_title", "Vasaros skaitymai kieme")
    page.get_by_label(str(mastodon)).check()
    page.get_by_label(str(facebook)).check()
    page.fill(
        "#id_text",
        "Kviečiame į vasaros skaitymus bibliotekos kieme! Atsineškite pledą. #skaitymai",
    )
    counters = page.locator("[data-social-counters-list]")
    expect(counters).to_contain_text("Mastodon")
    expect(counters).to_contain_text("Facebook")

    page.locator("#id_images-ADD").click()
    page.locator("#inline_child_images-0 button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_text("Vasaros skaitymai kieme").first.click()
    expect(modal).to_be_hidden()
    page.fill("#id_images-0-alt_text", "Vaikai skaito knygas ant žolės bibliotekos kieme")
    page.locator("#id_title").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS.format("editor"))
    page.locator("#id_images-0-alt_text").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS.format("editor-image"))

    choose_action(page, "action-submit")
    page.wait_for_url("**/admin/snippets/social/socialpost/")
    post = SocialPost.objects.get()  # one post: no duplicate from an autosave in flight
    state = WorkflowState.objects.get(object_id=str(post.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not post.live
    assert post.images.get().alt_text == "Vaikai skaito knygas ant žolės bibliotekos kieme"
    assert not Delivery.objects.exists()
    page.screenshot(path=SHOTS.format("list-submitted"))

    # ---- the head approves in a browser of their own
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    head_page = context.new_page()
    sign_in(head_page, live_server, head)
    edit_url = f"{live_server.url}/admin/snippets/social/socialpost/edit/{post.pk}/"
    head_page.goto(edit_url)
    approve = head_page.locator(
        'footer button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    expect(approve).to_have_count(1)
    expect(approve).to_have_text("Patvirtinti")
    if not approve.is_visible():
        head_page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    approve.click()
    head_page.wait_for_url("**/admin/snippets/social/socialpost/")

    # ---- the worker delivers, once per network
    wait_until(
        lambda: (
            len(fake_mastodon.published) >= 1
            and len([p for p in fake_facebook.published if "message" in p]) >= 1
        ),
        timeout=60,
        message="both networks to receive the post",
    )
    wait_until(
        lambda: set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT},
        timeout=30,
        message="both deliveries to be recorded as published",
    )
    post.refresh_from_db()
    assert post.live
    assert len(fake_mastodon.published) == 1
    [status] = fake_mastodon.published
    assert status["status"].startswith("Kviečiame į vasaros skaitymus")
    assert [m["description"] for m in status["media"]] == [
        "Vaikai skaito knygas ant žolės bibliotekos kieme"
    ]
    facebook_posts = [p for p in fake_facebook.published if "message" in p]
    assert len(facebook_posts) == 1
    assert [m["alt_text"] for m in facebook_posts[0]["attached_media"]] == [
        "Vaikai skaito knygas ant žolės bibliotekos kieme"
    ]

    # ---- the post shows where it went
    head_page.goto(edit_url)
    published = in_lithuanian(Delivery.Status.SENT.label)
    head_page.get_by_role("tab", name=in_lithuanian("Publishing")).click()
    panel = head_page.locator("table.listing").filter(has_text=str(mastodon))
    for channel, delivery_url in (
        (mastodon, Delivery.objects.get(channel=mastodon).remote_url),
        (facebook, Delivery.objects.get(channel=facebook).remote_url),
    ):
        row = panel.locator("tr", has_text=str(channel))
        expect(row.locator(".w-status")).to_have_text(published)
        expect(row.locator(f'a[href="{delivery_url}"]')).to_have_count(1)
    head_page.screenshot(path=SHOTS.format("deliveries"))

    head_page.goto(f"{live_server.url}/admin/snippets/social/socialpost/")
    badges = head_page.locator("tbody tr", has_text=post.title).locator(".w-status")
    expect(badges.filter(has_text=f"{mastodon.name}: {published}")).to_have_count(1)
    expect(badges.filter(has_text=f"{facebook.name}: {published}")).to_have_count(1)
    head_page.screenshot(path=SHOTS.format("list-published"))
    context.close()
    assert len(fake_mastodon.published) == 1
    assert len([p for p in fake_facebook.published if "message" in p]) == 1
