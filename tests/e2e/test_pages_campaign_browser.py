"""The public campaign page and campaign list in Chromium: axe-core finds no violation;
the head reads the campaign report in Lithuanian."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from cms.factories import PASSWORD
from editorial.campaigns import campaign_factories as make
from editorial.campaigns.models import CampaignKeyMessage, CampaignPartner, CampaignRelatedPage
from editorial.social.factories import ChannelFactory, ImageFactory, jpeg_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_campaign_pages_are_accessible_and_the_head_reads_the_report(
    browser, live_server, home_page, standard_page_factory, head
):
    today = timezone.localdate()
    index = make.campaign_index(home_page)
    channel = ChannelFactory(name="Bibliotekos Mastodon", handle="https://mastodon.example/@b")
    campaign = make.campaign(
        index,
        "Žiemos skaitymo iššūkis",
        goal="<p>Paskatinti šeimas skaityti kartu.</p>",
        audience="Šeimos su 7–12 metų vaikais.",
        image=ImageFactory(title="Plakatas", file=jpeg_file(size=(1400, 900))),
        period_start=today - timedelta(days=3),
        period_end=today + timedelta(days=60),
        channels=[channel],
        target_reach=5000,
    )
    CampaignKeyMessage.objects.create(page=campaign, text="Skaityti kartu – smagu.")
    CampaignPartner.objects.create(page=campaign, name="Rajono biblioteka", url="https://r.example")
    event = standard_page_factory(title="Skaitymų vakaras")
    CampaignRelatedPage.objects.create(page=campaign, link_page=event)
    make.post_with_delivery(campaign, channel, status="sent", text="Prasideda iššūkis!")
    make.campaign(
        index,
        "Vasaros skaitymai",
        period_start=today - timedelta(days=200),
        period_end=today - timedelta(days=100),
    )

    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(live_server.url + campaign.url)
    expect(visitor.locator("h1")).to_have_text("Žiemos skaitymo iššūkis")
    expect(visitor.locator(".campaign-badge")).to_have_text("Vyksta dabar")
    expect(visitor.get_by_role("link", name="Skaitymų vakaras")).to_be_visible()
    expect(visitor.get_by_text("Prasideda iššūkis!")).to_be_visible()
    no_violations(visitor)

    visitor.goto(live_server.url + index.url)
    expect(visitor.get_by_role("link", name="Žiemos skaitymo iššūkis")).to_be_visible()
    expect(visitor.locator("#past-campaigns-heading")).to_have_text("Įvykusios kampanijos")
    no_violations(visitor)

    profile = UserProfile.get_for_user(head)
    profile.preferred_language = "lt"
    profile.save()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    admin = context.new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("#id_username", head.username)
    admin.fill("#id_password", PASSWORD)
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url(f"{live_server.url}/admin/")
    admin.goto(f"{live_server.url}/admin/campaigns/reports/{campaign.pk}/")
    expect(admin.get_by_role("heading", name="Siektini rodikliai ir rezultatai")).to_be_visible()
    expect(admin.get_by_text("Dar neimportuota").first).to_be_visible()
    expect(admin.get_by_role("link", name="Redaguoti kampanijos puslapį")).to_be_visible()
