"""Shared set-up of the contest tests: a campaign list and promotions in it."""

from datetime import timedelta

from django.utils import timezone

from editorial.campaigns.contests_services import normalise_email
from editorial.campaigns.models import CampaignIndexPage, PromotionEntry, PromotionPage


def campaign_index(home_page):
    index = CampaignIndexPage.objects.first()
    if index is None:
        index = CampaignIndexPage(title="Kampanijos", slug="kampanijos")
        home_page.add_child(instance=index)
    return index


def make_promotion(home_page, owner=None, opens=None, closes=None, **fields):
    now = timezone.now()
    values = {
        "title": "Dovanų žaidimas: atspėk knygą",
        "slug": f"atspek-knyga-{PromotionPage.objects.count() + 1}",
        "rules": "<p>Vienas asmuo – viena anketa.</p>",
        "question": "Iš kurios knygos ši ištrauka?",
        "opens_at": opens or now - timedelta(days=1),
        "closes_at": closes or now + timedelta(days=7),
        "winners_count": 1,
        "reserves_count": 1,
        "owner": owner,
    }
    values.update(fields)
    page = PromotionPage(**values)
    campaign_index(home_page).add_child(instance=page)
    page.save_revision(user=owner).publish()
    return PromotionPage.objects.get(pk=page.pk)


def add_entries(promotion, count, at=None):
    at = at or promotion.opens_at + timedelta(minutes=1)
    entries = [
        PromotionEntry(
            promotion=promotion,
            name=f"Dalyvis {number}",
            email=f"dalyvis{number}@example.lt",
            email_key=normalise_email(f"dalyvis{number}@example.lt"),
            answer="„Metai“",
            consent_rules=True,
            consent_processing=True,
            created_at=at,
        )
        for number in range(count)
    ]
    return PromotionEntry.objects.bulk_create(entries)


def entry_post(**fields):
    values = {
        "name": "Ieva Kazlauskaitė",
        "email": "ieva@example.lt",
        "answer": "„Metai“",
        "consent_rules": "on",
        "consent_processing": "on",
    }
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}
