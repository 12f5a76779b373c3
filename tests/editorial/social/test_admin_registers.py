"""The post listing and the delivery register stay within a fixed number of queries,
whatever the number of rows: one bounded count, no query per row. Timings at 10,000
posts / 30,000 deliveries are measured by bench/admin_registers.py, not here."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import Delivery
from editorial.social.networks import Network
from editorial.social.paginators import CappedPaginator

pytestmark = pytest.mark.django_db

POSTS_URL = "wagtailsnippets_social_socialpost:list"
DELIVERIES_URL = "social_delivery_modeladmin_index"
# Each includes the moderation queue's count in the menu (editorial/moderation/menu.py),
# a fixed number of queries on every admin page of people who may moderate, and the
# Funding menu's grant applications item (it reads the person's groups: one query).
POSTS_BUDGET = 29
DELIVERIES_BUDGET = 23


@pytest.fixture
def channels(db):
    return [
        ChannelFactory(network=Network.MASTODON, name="Mastodon"),
        ChannelFactory(network=Network.FACEBOOK, name="Facebook"),
        ChannelFactory(network=Network.LINKEDIN, name="LinkedIn"),
    ]


def add_posts(count, author, channels):
    """`count` posts, each with a delivery on each channel."""
    now = timezone.now()
    for number in range(count):
        post = SocialPostFactory(title=f"Įrašas {number}", channels=channels, author=author)
        Delivery.objects.bulk_create(
            Delivery(post=post, channel=channel, status=Delivery.Status.SENT, scheduled_for=now)
            for channel in channels
        )


def measure(client, url, params, budget, assert_max):
    client.get(url, params)  # warm caches (content types, site, permissions)
    with assert_max(budget) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def counts_in(queries):
    """The register's counts (not the moderation queue's, counted in SQL for the menu)."""
    return [
        sql
        for sql in queries
        if "COUNT(" in sql.upper() and '"wagtailcore_taskstate"' not in sql.split(" WHERE ")[0]
    ]


@pytest.mark.parametrize(
    ("url", "params", "budget", "max_counts"),
    [
        (POSTS_URL, {}, POSTS_BUDGET, 1),
        (POSTS_URL, {"author": "specialist"}, POSTS_BUDGET, 1),
        (POSTS_URL, {"state": "failed"}, POSTS_BUDGET, 1),
        (DELIVERIES_URL, {}, DELIVERIES_BUDGET, 1),
        (DELIVERIES_URL, {"status": "sent"}, DELIVERIES_BUDGET, 2),
    ],
    ids=["posts", "posts-by-author", "posts-failed", "deliveries", "deliveries-sent"],
)
def test_register_queries_do_not_grow_with_its_rows(
    client_for, head, specialist, channels, url, params, budget, max_counts,
    django_assert_max_num_queries,
):  # fmt: skip
    client = client_for(head)
    params = {k: specialist.pk if v == "specialist" else v for k, v in params.items()}
    url = reverse(url)

    add_posts(1, specialist, channels)
    with_one = measure(client, url, params, budget, django_assert_max_num_queries)
    add_posts(29, specialist, channels)
    with_thirty = measure(client, url, params, budget, django_assert_max_num_queries)

    assert len(with_thirty) == len(with_one)  # nothing per row
    assert len(counts_in(with_thirty)) <= max_counts  # was 3 for the delivery register
    for count in counts_in(with_thirty):
        assert "LIMIT" in count.upper()  # bounded: never the whole table


def test_post_author_filter_does_not_join_every_post(client_for, head, specialist, channels):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_posts(2, specialist, channels)
    with CaptureQueriesContext(connection) as captured:
        client_for(head).get(reverse(POSTS_URL))
    authors = [q["sql"] for q in captured.captured_queries if 'FROM "auth_user"' in q["sql"]]
    choices = [sql for sql in authors if "EXISTS" in sql.upper()]
    assert choices, authors
    assert not any("DISTINCT" in sql.upper() for sql in authors)


def test_capped_paginator_counts_at_most_its_cap(channels, specialist, monkeypatch):
    from django.utils import translation

    add_posts(4, specialist, channels)
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(Delivery.objects.all(), 5)

    assert paginator.count == 4  # cap + 1: "more than the cap"
    assert paginator.is_capped
    with translation.override("lt"):
        assert paginator.count_label() == "3+"
    one_post = Delivery.objects.filter(post__title="Įrašas 0")
    assert CappedPaginator(one_post, 5).count_label() == 3  # under the cap: the number


def test_delivery_register_shows_a_capped_count(
    client_for, head, specialist, channels, monkeypatch
):
    add_posts(2, specialist, channels)  # 6 deliveries
    monkeypatch.setattr(CappedPaginator, "cap", 4)

    response = client_for(head).get(reverse(DELIVERIES_URL))

    assert response.status_code == 200
    assert response.context["paginator"].is_capped
    assert response.context["result_count"] == "4+"
    assert len(response.context["object_list"]) == 6  # the page is not cut at the cap
