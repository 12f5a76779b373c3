"""Campaign pages: the period rule, the UTM name posts take (through a real delivery),
the post editor's campaign choice, and the KPI figures with where they come from."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail import hooks

from editorial.campaigns import campaign_factories as make
from editorial.campaigns.campaign_kpis import (
    CAMPAIGN_FIGURES_HOOK,
    REACH,
    VISITS,
    CampaignFiguresProvider,
    Figure,
    campaign_figures,
)
from editorial.campaigns.models import CampaignPage
from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.forms import SocialPostForm
from editorial.social.models import Delivery, SocialPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return make.campaign_index(home_page)


# ---- the period -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (
            date(2027, 3, 1),
            date(2027, 2, 28),
            "period_end",
            "Laikotarpis negali baigtis anksčiau, nei prasideda.",
        ),
        (None, date(2027, 2, 28), "period_start", "Nurodykite, kada kampanija prasideda."),
    ],
)
def test_a_period_that_makes_no_sense_is_refused_in_lithuanian(index, start, end, field, message):
    page = CampaignPage(title="Iššūkis", slug="issukis", period_start=start, period_end=end)
    with translation.override("lt"), pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert raised.value.message_dict[field] == [message]


@pytest.mark.parametrize(
    ("start", "end"), [(date(2027, 1, 1), date(2027, 1, 1)), (date(2027, 1, 1), None), (None, None)]
)
def test_a_sensible_period_is_accepted(index, start, end):
    page = CampaignPage(title="Iššūkis", slug="issukis", period_start=start, period_end=end)
    page.full_clean(exclude=["path", "depth", "content_type", "locale", "translation_key"])


def test_is_current_counts_the_last_day_and_open_ended_campaigns(index):
    page = CampaignPage(period_start=date(2027, 1, 10), period_end=date(2027, 1, 20))
    assert not page.is_current(date(2027, 1, 9))
    assert page.is_current(date(2027, 1, 10)) and page.is_current(date(2027, 1, 20))
    assert not page.is_current(date(2027, 1, 21))
    page.period_end = None
    assert page.is_current(date(2030, 1, 1))


# ---- UTM: the campaign's name reaches the link a network gets ---------------------------


def test_a_post_tied_to_a_campaign_sends_its_utm_name_in_the_delivery(index, specialist):
    campaign = make.campaign(index, title="Žiemos iššūkis", utm_campaign="ziema-2027")
    channel = ChannelFactory(active=True)
    post = SocialPostFactory(
        link="https://biblioteka.example/issukis?x=1", add_utm=True, campaign=campaign
    )
    post.channels.set([channel])
    post.save()
    post.save_revision(user=specialist).publish()
    delivery = Delivery.objects.get(post=post)
    query = parse_qs(urlsplit(delivery.content["link"]).query)
    assert query["utm_campaign"] == ["ziema-2027"]
    assert query["utm_source"] == [channel.network] and query["x"] == ["1"]


def test_the_utm_name_defaults_to_the_slug_and_the_post_may_name_its_own(index):
    campaign = make.campaign(index, title="Vasara", slug="vasara-su-knyga")
    channel = ChannelFactory()
    post = SocialPostFactory(link="https://biblioteka.example/", add_utm=True, campaign=campaign)
    assert "utm_campaign=vasara-su-knyga" in post.link_for(channel)
    post.utm_campaign = "savas-vardas"
    assert "utm_campaign=savas-vardas" in post.link_for(channel)
    post.utm_campaign, post.campaign = "", None
    assert "utm_campaign=sklaida" in post.link_for(channel)


# ---- the post editor: only published campaigns ------------------------------------------


def _form(specialist, instance=None, campaign=None):
    form_class = SocialPost.snippet_viewset.get_edit_handler().get_form_class()
    data = {"title": "Įrašas", "text": "Tekstas", "campaign": campaign.pk if campaign else ""}
    return form_class(data=data, instance=instance or SocialPost(), for_user=specialist)


def test_the_post_editor_offers_published_campaigns_only(index, specialist):
    live = make.campaign(index, title="Vyksta", live=True)
    draft = make.campaign(index, title="Juodraštis", live=False)
    form = _form(specialist, campaign=draft)
    assert isinstance(form, SocialPostForm)
    choices = set(form.fields["campaign"].queryset.values_list("pk", flat=True))
    assert live.pk in choices and draft.pk not in choices
    with translation.override("lt"):
        form.is_valid()
        assert "campaign" in form.errors
        assert "paskelbt" in form.errors["campaign"][0]


def test_a_post_keeps_a_campaign_that_was_unpublished_later(index, specialist):
    campaign = make.campaign(index, title="Baigta", live=False)
    post = SocialPostFactory(campaign=campaign)
    form = _form(specialist, instance=post, campaign=campaign)
    assert campaign.pk in set(form.fields["campaign"].queryset.values_list("pk", flat=True))


# ---- KPIs: from deliveries now, from imported statistics later --------------------------


def test_delivery_figures_count_what_reached_the_networks(index):
    campaign = make.campaign(index)
    other = make.campaign(index, title="Kita")
    a, b = ChannelFactory(), ChannelFactory()
    post = make.post_with_delivery(campaign, a, status="sent")
    Delivery.objects.create(post=post, channel=b, status="failed", scheduled_for=post.created_at)
    make.post_with_delivery(campaign, b, status="sent")
    make.post_with_delivery(campaign, a, status="pending")
    make.post_with_delivery(campaign, a, status=None, live=False)  # a draft
    make.post_with_delivery(other, a, status="sent")
    withdrawn = make.post_with_delivery(campaign, b, status="sent", live=False)
    assert withdrawn.deliveries.count() == 1

    figures = campaign_figures([campaign, other])
    mine = figures[campaign.pk].deliveries
    assert mine.posts == 5
    assert mine.posts_published == 2  # live, with a delivery sent
    assert mine.deliveries_sent == 3 and mine.deliveries_failed == 1
    assert mine.deliveries_open == 1 and mine.channels_reached == 2
    assert figures[other.pk].deliveries.posts_published == 1


def test_imported_figures_come_from_a_registered_provider_and_add_up(index):
    campaign = make.campaign(index, target_reach=1000, target_visits=200)

    class Facebook(CampaignFiguresProvider):
        def figures(self, campaigns):
            return {c.pk: {REACH: Figure(600, "Facebook")} for c in campaigns}

    class Instagram(CampaignFiguresProvider):
        def figures(self, campaigns):
            return {
                c.pk: {REACH: Figure(150, "Instagram"), "nonsense": Figure(1, "?")}
                for c in campaigns
            }

    before = {row.key: row for row in campaign_figures([campaign])[campaign.pk].kpis}
    assert before[REACH].figure is None and before[REACH].target == 1000
    with hooks.register_temporarily(CAMPAIGN_FIGURES_HOOK, Facebook), \
            hooks.register_temporarily(CAMPAIGN_FIGURES_HOOK, Instagram):  # fmt: skip
        rows = {row.key: row for row in campaign_figures([campaign])[campaign.pk].kpis}
    assert rows[REACH].figure == Figure(750, "Facebook; Instagram")
    assert rows[REACH].percent == 75
    assert rows[VISITS].figure is None and rows[VISITS].percent is None
    assert set(rows) == {"reach", "engagement", "registrations", "visits"}
