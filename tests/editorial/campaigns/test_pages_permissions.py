"""Who may edit campaign pages and read campaign reports (specialist, head,
Administration, another department, anonymous); a refusal changes nothing; the
reports' query budgets at 1 and 30 rows."""

from datetime import date

import pytest
from django.urls import reverse
from wagtail import hooks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms import roles
from editorial.campaigns import campaign_factories as make
from editorial.campaigns.campaign_kpis import (
    CAMPAIGN_FIGURES_HOOK,
    REACH,
    CampaignFiguresProvider,
    Figure,
)
from editorial.campaigns.models import CampaignPage
from editorial.social.factories import ChannelFactory

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
ANONYMOUS = "anonymous"
ALL = (S, H, A, OD, ANONYMOUS)
READERS = {S, H, A, "superuser"}


@pytest.fixture
def index(home_page):
    return make.campaign_index(home_page)


@pytest.fixture
def campaign(index, specialist):
    return make.campaign(
        index,
        "Žiemos iššūkis",
        owner=specialist,
        live=False,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 2, 28),
        target_reach=5000,
    )


def editor_data(page, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "goal": rich_text("<p>Skaityti kartu.</p>"),
        "audience": page.audience,
        "period_start": page.period_start.isoformat() if page.period_start else "",
        "period_end": page.period_end.isoformat() if page.period_end else "",
        "image": "",
        "key_messages": inline_formset([{"text": "Skaityti smagu."}]),
        "body": streamfield([]),
        "partners": inline_formset([]),
        "related_links": inline_formset([]),
        "utm_campaign": page.utm_campaign,
        "target_reach": "5000",
        "target_engagement": "",
        "target_registrations": "",
        "target_visits": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(fields)
    return nested_form_data(data)


# ---- editing the page: page permissions and the workflow --------------------------------


@pytest.mark.parametrize("role", ALL)
def test_who_opens_the_campaign_editor(role, campaign, role_users, client_for, assert_denied):
    response = client_for(role_users[role]).get(
        reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    )
    if role in (S, H):
        assert response.status_code == 200
        html = response.content.decode()
        assert "Planas ir rodikliai" in html and "Dar neimportuota" in html
        assert reverse("campaigns_campaign_report", args=[campaign.pk]) in html
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)


@pytest.mark.parametrize("role", ALL)
def test_publishing_a_campaign_needs_the_head(
    role, campaign, role_users, client_for, assert_denied
):
    response = client_for(role_users[role]).post(
        reverse("wagtailadmin_pages:edit", args=[campaign.pk]),
        editor_data(campaign, title="Žiemos skaitymo iššūkis", **{"action-publish": "1"}),
    )
    campaign.refresh_from_db()
    latest = campaign.get_latest_revision().as_object()
    if role == H:
        assert response.status_code == 302
        assert campaign.live and campaign.title == "Žiemos skaitymo iššūkis"
        assert [m.text for m in campaign.key_messages.all()] == ["Skaityti smagu."]
    elif role == S:
        # A draft is saved instead: nothing goes live without the head.
        assert response.status_code == 302
        assert not campaign.live and latest.title == "Žiemos skaitymo iššūkis"
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert not campaign.live and latest.title == "Žiemos iššūkis"
        assert campaign.revisions.count() == 1


def test_the_specialist_submits_to_the_head_through_the_workflow(campaign, specialist, client_for):
    response = client_for(specialist).post(
        reverse("wagtailadmin_pages:edit", args=[campaign.pk]),
        editor_data(campaign, **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.workflow_in_progress and not campaign.live
    assert campaign.get_workflow().name == "Specialistas → Skyriaus vadovas"


def test_a_bad_period_in_the_editor_is_refused_and_nothing_saved(campaign, head, client_for):
    response = client_for(head).post(
        reverse("wagtailadmin_pages:edit", args=[campaign.pk]),
        editor_data(campaign, period_end="2026-12-01", **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    assert "Laikotarpis negali baigtis anksčiau, nei prasideda." in response.content.decode()
    campaign.refresh_from_db()
    assert not campaign.live and campaign.revisions.count() == 1


# ---- the reports ------------------------------------------------------------------------


@pytest.mark.parametrize("role", (*ALL, "superuser"))
@pytest.mark.parametrize("view", ["index", "report"])
def test_who_reads_campaign_reports(role, view, campaign, role_users, client_for, assert_denied):
    url = (
        reverse("campaigns_campaign_reports")
        if view == "index"
        else reverse("campaigns_campaign_report", args=[campaign.pk])
    )
    response = client_for(role_users[role]).get(url)
    if role in READERS:
        assert response.status_code == 200
        assert "Žiemos iššūkis" in response.content.decode()
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert b"Ziemos" not in response.content


def test_a_report_for_a_page_that_is_no_campaign_is_404(standard_page_factory, head, client_for):
    page = standard_page_factory(title="Apie mus")
    response = client_for(head).get(reverse("campaigns_campaign_report", args=[page.pk]))
    assert response.status_code == 404


def test_the_report_shows_targets_sources_posts_and_delivery_states(
    campaign, administration_user, head, client_for
):
    channel = ChannelFactory(name="Bibliotekos Mastodon")
    make.post_with_delivery(campaign, channel, status="sent", title="Kvietimas <b>dalyvauti</b>")
    make.post_with_delivery(campaign, channel, status="failed", title="Nepavykęs įrašas")
    html = (
        client_for(administration_user)
        .get(reverse("campaigns_campaign_report", args=[campaign.pk]))
        .content.decode()
    )
    assert "Dar neimportuota" in html and "5000" in html
    assert "Kvietimas &lt;b&gt;dalyvauti&lt;/b&gt;" in html
    assert "Nepavyko" in html and "Paskelbta" in html
    # Administration reads; it has no page rights, so no edit button and no post links.
    assert reverse("wagtailadmin_pages:edit", args=[campaign.pk]) not in html
    assert "/admin/snippets/social/socialpost/edit/" not in html
    html = (
        client_for(head)
        .get(reverse("campaigns_campaign_report", args=[campaign.pk]))
        .content.decode()
    )
    assert reverse("wagtailadmin_pages:edit", args=[campaign.pk]) in html

    class Imported(CampaignFiguresProvider):
        def figures(self, campaigns):
            return {c.pk: {REACH: Figure(2500, "Facebook statistika")} for c in campaigns}

    with hooks.register_temporarily(CAMPAIGN_FIGURES_HOOK, Imported):
        html = (
            client_for(head)
            .get(reverse("campaigns_campaign_report", args=[campaign.pk]))
            .content.decode()
        )
    assert "2500 (50 %)" in html and "Facebook statistika" in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_report_has_a_fixed_number_of_queries(
    count, campaign, head, client_for, django_assert_max_num_queries
):
    channels = [ChannelFactory(), ChannelFactory()]
    for _number in range(count):
        post = make.post_with_delivery(campaign, channels[0], status="sent")
        make.post_with_delivery(campaign, channels[1], status="pending")
        assert post.deliveries.count() == 1
    client = client_for(head)
    url = reverse("campaigns_campaign_report", args=[campaign.pk])
    client.get(url)
    # the admin chrome (menu, user, moderation counts) plus the reader's library site,
    # campaign, count, posts, deliveries and the two figure queries
    with django_assert_max_num_queries(28):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= min(2 * count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_the_report_list_has_a_fixed_number_of_queries(
    count, index, administration_user, client_for, django_assert_max_num_queries
):
    channel = ChannelFactory()
    for number in range(count):
        page = make.campaign(
            index, f"Kampanija {number}", period_start=date(2026, 1, number % 28 + 1)
        )
        make.post_with_delivery(page, channel, status="sent")
    client = client_for(administration_user)
    url = reverse("campaigns_campaign_reports")
    client.get(url)
    # the admin chrome plus the reader's library site, count, campaigns and the two
    # figure queries
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    assert CampaignPage.objects.count() == count
    assert response.content.decode().count("Kampanija ") >= min(count, 25)


def test_a_reader_sees_only_the_campaigns_of_their_own_library(
    campaign, index, specialist, client_for
):
    from wagtail.models import Page, Site

    from cms.factories import DepartmentFactory, StaffProfileFactory, UserFactory

    other_home = Page.get_first_root_node().add_child(
        instance=Page(title="Kita biblioteka", slug="kita-biblioteka")
    )
    other_site = Site.objects.create(hostname="kita.example", root_page=other_home)
    other_index = make.campaign_index(other_home)
    theirs = make.campaign(other_index, "Kitos bibliotekos kampanija", owner=specialist)
    reader = StaffProfileFactory(
        user=UserFactory(specialist=True),
        department=DepartmentFactory(name="Kitos bibliotekos skyrius", site=other_site),
    ).user
    ours_client, their_client = client_for(specialist), client_for(reader)

    listing = ours_client.get(reverse("campaigns_campaign_reports")).content.decode()
    assert "Žiemos iššūkis" in listing and "Kitos bibliotekos kampanija" not in listing
    report = reverse("campaigns_campaign_report", args=[theirs.pk])
    assert ours_client.get(report).status_code == 404
    listing = their_client.get(reverse("campaigns_campaign_reports")).content.decode()
    assert "Kitos bibliotekos kampanija" in listing and "Žiemos iššūkis" not in listing
