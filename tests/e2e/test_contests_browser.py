"""A contest in browsers, in Lithuanian: a visitor enters on the public page (axe-core
finds no violation in any of its states), the head runs the draw in the admin and sees
the winner and the record."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from editorial.campaigns.models import PromotionDraw, PromotionEntry, PromotionPage
from tests.e2e.admin_session import lithuanian, sign_in
from tests.editorial.campaigns.contests_helpers import add_entries, make_promotion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_visitor_enters_and_the_head_draws_the_winner(
    browser, live_server, home_page, specialist, head
):
    lithuanian(head)
    promotion = make_promotion(home_page, owner=specialist, winners_count=1, reserves_count=1)
    add_entries(promotion, 2)  # two earlier entrants

    # ---- the visitor: errors first (no consent), then a valid entry, then a second try
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(live_server.url + promotion.url)
    expect(visitor.locator("h1")).to_have_text(promotion.title)
    no_violations(visitor)
    visitor.get_by_label("Jūsų vardas").fill("Ieva <b>Kazlauskaitė</b>")
    visitor.get_by_label("El. paštas").fill("ieva@example.lt")
    visitor.get_by_label(promotion.question).fill("„Metai“ <script>alert(1)</script>")
    visitor.get_by_role("button", name="Siųsti anketą").click()
    expect(visitor.locator(".entry-form")).to_contain_text("Turite sutikti su konkurso taisyklėmis")
    assert not PromotionEntry.objects.filter(email="ieva@example.lt").exists()
    no_violations(visitor)
    visitor.get_by_label("Perskaičiau konkurso taisykles ir su jomis sutinku.").check()
    visitor.locator("#id_consent_processing").check()
    visitor.get_by_role("button", name="Siųsti anketą").click()
    expect(visitor.locator("[role=status]")).to_contain_text("Jūsų anketa gauta")
    no_violations(visitor)
    entry = PromotionEntry.objects.get(email="ieva@example.lt")
    assert entry.name == "Ieva <b>Kazlauskaitė</b>"

    visitor.goto(live_server.url + promotion.url)
    visitor.get_by_label("Jūsų vardas").fill("Ieva")
    visitor.get_by_label("El. paštas").fill(" IEVA@example.lt")
    visitor.get_by_label(promotion.question).fill("Dar kartą")
    visitor.locator("#id_consent_rules").check()
    visitor.locator("#id_consent_processing").check()
    visitor.get_by_role("button", name="Siųsti anketą").click()
    expect(visitor.locator(".entry-form")).to_contain_text(
        "Anketa su šiuo el. pašto adresu jau gauta"
    )
    assert PromotionEntry.objects.filter(promotion=promotion).count() == 3

    # ---- entries close; the visitor sees it, the head runs the draw
    PromotionPage.objects.filter(pk=promotion.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    visitor.goto(live_server.url + promotion.url)
    expect(visitor.locator("[role=status]")).to_contain_text("konkursas baigėsi")
    no_violations(visitor)

    admin = sign_in(browser, live_server, head)
    admin.goto(f"{live_server.url}/admin/contests/{promotion.pk}/draw/")
    admin.get_by_role("button", name="Traukti burtus").click()
    expect(admin.locator(".messages")).to_contain_text("Burtai ištraukti")
    record = PromotionDraw.objects.get(promotion=promotion)
    winner = PromotionEntry.objects.get(pk=record.winner_ids[0])
    expect(admin.locator(".contest-winners")).to_contain_text(winner.email)
    expect(admin.locator(".contest-reserves li")).to_have_count(1)
    expect(admin.locator(".contest-record")).to_contain_text(record.seed)
    expect(admin.locator(".contest-record")).to_contain_text("Atkartota")
    assert admin.get_by_role("button", name="Traukti burtus").count() == 0

    # ---- the entries register shows them, escaped
    admin.goto(f"{live_server.url}/admin/campaigns/promotionentry/")
    expect(admin.locator("table.listing")).to_contain_text("Ieva <b>Kazlauskaitė</b>")
