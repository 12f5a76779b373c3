"""The demo campaign: a "Kampanijos" list, one running campaign with KPI targets,
approved by the head, posts tied to it; built once however often the demo is loaded."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from editorial.campaigns.demo_campaigns import CAMPAIGN_TITLE, INDEX_TITLE, POSTS
from editorial.campaigns.models import CampaignIndexPage, CampaignPage
from editorial.social.models import Delivery, SocialPost

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_runs_with_its_posts():
    call_command("load_demo", force=True, stdout=io.StringIO())
    call_command("load_demo", force=True, stdout=io.StringIO())  # nothing twice
    index = CampaignIndexPage.objects.get(title=INDEX_TITLE)
    campaign = CampaignPage.objects.get(title=CAMPAIGN_TITLE)
    assert index.live and campaign.live and campaign.get_parent().pk == index.pk
    assert campaign.target_reach and campaign.key_messages.count() == 3
    assert campaign.revisions.count() == 1  # written by the specialist, approved by the head
    posts = SocialPost.objects.filter(campaign=campaign)
    assert posts.count() == len(POSTS)
    approved = posts.get(live=True)
    delivery = Delivery.objects.get(post=approved)
    assert "utm_campaign=ziemos-issukis" in delivery.content["link"]
    client = Client()
    assert client.get(index.url).status_code == 200
    response = client.get(campaign.url)
    assert response.status_code == 200
    assert "Vyksta dabar" in response.content.decode()
