"""The public campaign list and campaign page: what the public sees (only published
posts, only live public related pages), share cards, escaping, and query budgets."""

from datetime import date, datetime

import pytest
import time_machine
from wagtail.models import PageViewRestriction

from editorial.campaigns import campaign_factories as make
from editorial.campaigns.cadence import VILNIUS
from editorial.campaigns.models import CampaignKeyMessage, CampaignRelatedPage
from editorial.social.factories import ChannelFactory, ImageFactory, jpeg_file

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=VILNIUS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def index(home_page):
    return make.campaign_index(home_page)


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_only_published_posts_of_this_campaign_are_shown(index, client):
    campaign = make.campaign(index, "Žiemos iššūkis")
    other = make.campaign(index, "Kita kampanija")
    channel = ChannelFactory(name="Bibliotekos Mastodon")
    make.post_with_delivery(campaign, channel, status="sent", text="Paskelbtas kvietimas")
    make.post_with_delivery(campaign, channel, status="pending", text="Dar laukia eilėje")
    make.post_with_delivery(campaign, channel, status="failed", text="Nepavyko išsiųsti")
    make.post_with_delivery(campaign, channel, status=None, live=False, text="Slaptas juodraštis")
    make.post_with_delivery(campaign, channel, status="sent", live=False, text="Atšauktas įrašas")
    make.post_with_delivery(other, channel, status="sent", text="Kitos kampanijos įrašas")
    html = html_of(client, campaign)
    assert "Paskelbtas kvietimas" in html
    for hidden in (
        "Dar laukia eilėje",
        "Nepavyko išsiųsti",
        "Slaptas juodraštis",
        "Atšauktas įrašas",
        "Kitos kampanijos įrašas",
    ):
        assert hidden not in html
    assert "Žiūrėti: Bibliotekos Mastodon" in html
    assert 'href="https://social.example/@biblioteka/' in html


def test_only_live_public_related_pages_are_linked(index, client, standard_page_factory):
    campaign = make.campaign(index, "Žiemos iššūkis")
    shown = standard_page_factory(title="Skaitymų vakaras")
    draft = standard_page_factory(title="Slaptas renginys", live=False)
    private = standard_page_factory(title="Vidinis puslapis")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for number, page in enumerate((shown, draft, private)):
        CampaignRelatedPage.objects.create(page=campaign, link_page=page, sort_order=number)
    html = html_of(client, campaign)
    assert "Skaitymų vakaras" in html and f'href="{shown.url}"' in html
    assert "Slaptas renginys" not in html and "Vidinis puslapis" not in html


def test_hostile_text_is_escaped_and_share_card_is_there(index, client):
    image = ImageFactory(title="Plakatas", file=jpeg_file(size=(1400, 900)))
    campaign = make.campaign(
        index,
        "Iššūkis <script>alert(1)</script>",
        audience="Šeimos <img src=x onerror=alert(2)>",
        goal="<p>Skaityti kartu.</p>",
        image=image,
        period_start=date(2026, 11, 1),
        period_end=date(2027, 1, 31),
    )
    CampaignKeyMessage.objects.create(page=campaign, text="<script>alert(3)</script>")
    html = html_of(client, campaign)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert '<meta property="og:title" content="Iššūkis &lt;script&gt;' in html
    assert '<meta property="og:description" content="Skaityti kartu.">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert "Vyksta dabar" in html
    assert '<time datetime="2027-01-31">' in html
    assert "campaigns/campaign_pages.css" in html and "style=" not in html.split("<main")[1]


def test_the_list_has_current_and_past_campaigns_and_no_drafts(index, client):
    make.campaign(index, "Vyksta", period_start=date(2026, 11, 1), period_end=date(2026, 12, 2))
    make.campaign(index, "Bus", period_start=date(2027, 1, 1))
    make.campaign(index, "Baigėsi", period_start=date(2026, 6, 1), period_end=date(2026, 12, 1))
    make.campaign(index, "Juodraštis", live=False, period_start=date(2026, 11, 1))
    html = html_of(client, index)
    current, past = html.split('id="past-campaigns-heading"')
    assert current.index("Vyksta") < current.index("Bus")
    assert "Baigėsi" in past and "Baigėsi" not in current
    assert "Juodraštis" not in html


def test_an_empty_list_says_so(index, client):
    assert "Šiuo metu nevyksta nė viena kampanija." in html_of(client, index)


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_has_a_fixed_number_of_queries(
    index, count, client, django_assert_max_num_queries
):
    image = ImageFactory(file=jpeg_file(size=(600, 400)))
    for number in range(count):
        past = number % 2
        make.campaign(
            index,
            f"Kampanija {number}",
            image=image,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 1) if past else None,
        )
    client.get(index.url)  # renditions are made once
    # site, locale, menu and brand (the base template: contacts and the brand kit, two site
    # settings), the index, the view restrictions,
    # current campaigns, past ones (count, page), their images and renditions, share card
    with django_assert_max_num_queries(23):
        response = client.get(index.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="campaign-card"') == min(
        count, (count + 1) // 2 + min(count // 2, 12)
    )


@pytest.mark.parametrize("count", [1, 30])
def test_a_campaign_page_has_a_fixed_number_of_queries(
    index, count, client, standard_page_factory, django_assert_max_num_queries
):
    channels = [ChannelFactory(), ChannelFactory()]
    campaign = make.campaign(index, "Žiemos iššūkis", channels=channels)
    for number in range(count):
        make.post_with_delivery(campaign, channels[number % 2], status="sent")
        CampaignKeyMessage.objects.create(page=campaign, text=f"Žinia {number}")
        page = standard_page_factory(title=f"Renginys {number}")
        CampaignRelatedPage.objects.create(page=campaign, link_page=page)
    client.get(campaign.url)
    # the base template's (two site settings: contacts and the brand kit), the page's own
    # (messages, partners, related pages, channels, posts with their sent deliveries and
    # channels) and the share card's
    with django_assert_max_num_queries(24):
        response = client.get(campaign.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="campaign-post"') == min(count, 12)
