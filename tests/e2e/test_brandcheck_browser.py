"""The head defines a checklist rule in the browser; the specialist sees it judged live
beside the post editor (with the library's brand kit), is refused at submission with
the reason in Lithuanian, mends the text from the kit and submits."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Site, WorkflowState

from editorial.campaigns.models import BrandKit, ChecklistRule
from editorial.social.factories import ChannelFactory
from editorial.social.models import SocialPost
from editorial.social.networks import Network
from tests.e2e.admin_session import lithuanian, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def choose_action(page, name):
    button = page.locator(f'footer button[name="{name}"]')
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def test_the_head_sets_a_rule_and_the_specialist_meets_it_live_and_at_submission(
    browser, live_server, home_page, specialist, head
):
    site = Site.objects.get(is_default_site=True)
    kit = BrandKit.for_site(site)
    kit.standard_hashtags = "#SkaitykLietuviškai #Biblioteka"
    kit.sign_off = "Iki pasimatymo bibliotekoje!"
    kit.tone_of_voice = "Kalbame šiltai ir paprastai."
    kit.save()
    channel = ChannelFactory(network=Network.FACEBOOK, name="Bibliotekos Facebook")

    # ---- the head decides: no "nemokamai" in posts (required)
    boss = sign_in(browser, live_server, lithuanian(head))
    boss.goto(f"{live_server.url}/admin/snippets/campaigns/checklistrule/add/")
    boss.select_option("#id_kind", "banned_words")
    boss.select_option("#id_level", "required")
    boss.fill("#id_words", "nemokamai")
    boss.get_by_role("button", name=re.compile("^Išsaugoti")).first.click()
    boss.wait_for_url(re.compile(r".*/admin/snippets/campaigns/checklistrule/$"))
    rule = ChecklistRule.objects.get()
    assert (rule.site, rule.level, rule.words) == (site, "required", "nemokamai")

    # ---- the specialist writes; the checklist answers as they type
    page = sign_in(browser, live_server, lithuanian(specialist))
    page.goto(f"{live_server.url}/admin/snippets/social/socialpost/add/")
    page.fill("#id_title", "Rudens skaitymai")
    page.get_by_label(str(channel)).check()
    kit_panel = page.locator("[data-brandcheck-kit]")
    expect(kit_panel).to_contain_text("Kalbame šiltai ir paprastai.")
    page.fill("#id_text", "Rudens skaitymai – visiškai nemokamai!")
    verdicts = page.locator("[data-brandcheck-verdicts]")
    expect(verdicts.locator("li.brandcheck-blocking")).to_contain_text("nemokamai")
    expect(page.locator("[data-brandcheck-summary]")).to_contain_text("negalima pateikti")

    # ---- submission is refused with the same reason; nothing goes to moderation
    choose_action(page, "action-submit")
    expect(page.locator("body")).to_contain_text(
        "Patikros sąrašas: Jokių draudžiamų žodžių. Pašalinkite šiuos žodžius: nemokamai."
    )
    assert not WorkflowState.objects.exists()

    # ---- mended with the kit's hashtag (a click inserts it) and submitted
    page.fill("#id_text", "Rudens skaitymai bibliotekoje – ateikite!")
    page.locator("[data-brandcheck-kit] [data-brandcheck-insert='#Biblioteka']").click()
    expect(page.locator("#id_text")).to_have_value(
        "Rudens skaitymai bibliotekoje – ateikite! #Biblioteka"
    )
    expect(verdicts.locator("li.brandcheck-passed")).to_have_count(1)
    expect(page.locator("[data-brandcheck-summary]")).to_be_empty()
    choose_action(page, "action-submit")
    page.wait_for_url("**/admin/snippets/social/socialpost/")
    post = SocialPost.objects.get()
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert post.text.endswith("#Biblioteka")
