"""Adapters against fake networks (real HTTP on 127.0.0.1): what gets published,
with which payload, and how every failure is classified for the pipeline."""

import json
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import time_machine
from django.utils import translation

from editorial.social.adapters import (
    AuthorisationError,
    ChannelAccess,
    FacebookAdapter,
    InstagramAdapter,
    LinkedInAdapter,
    ManualAdapter,
    ManualDeliveryRequired,
    MastodonAdapter,
    MediaItem,
    OutgoingPost,
    PermanentError,
    RetryableError,
    ThreadsAdapter,
    UnknownOutcome,
    get_adapter,
)
from editorial.social.adapters.http import GRAPH_THROTTLE_WAIT, Deadline, parse_retry_after
from editorial.social.adapters.linkedin import escape_commentary

TEXT = "Kviečiame į vasaros skaitymus! Daugiau (ir programa) – nuorodoje. #skaitome"
LINK = "https://biblioteka.lt/renginiai/vasaros-skaitymai"


IMAGES = {}  # the web server the networks fetch images from (set per test)


@pytest.fixture(autouse=True)
def _serve_images(image_host):
    IMAGES["host"] = image_host
    yield
    IMAGES.clear()


def image(n):
    data = b"\xff\xd8\xff\xe0" + bytes([n]) * 2048
    return MediaItem(
        filename=f"skaitymai-{n}.jpg",
        content_type="image/jpeg",
        data=data,
        alt_text=f"Vaikai skaito knygas bibliotekos kieme, nuotrauka {n}",
        public_url=IMAGES["host"].add(f"/media/skaitymai-{n}.jpg", data),
    )


def two_images():
    return OutgoingPost(text=TEXT, link=LINK, media=(image(1), image(2)))


def unreachable_url():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/media/skaitymai.jpg"


TEXT_POST = OutgoingPost(text=TEXT, link=LINK)

ADAPTERS = {
    "facebook": FacebookAdapter,
    "instagram": InstagramAdapter,
    "threads": ThreadsAdapter,
    "mastodon": MastodonAdapter,
    "linkedin": LinkedInAdapter,
}
# The one call that publishes, and a preparation call that publishes nothing.
FINAL_ROUTE = {
    "facebook": "feed",
    "instagram": "publish",
    "threads": "publish",
    "mastodon": "statuses",
    "linkedin": "posts",
}
PREPARATION_ROUTE = {
    "facebook": "photos",
    "instagram": "create",
    "threads": "create",
    "mastodon": "media",
    "linkedin": "images_init",
}
NETWORKS = list(ADAPTERS)
RECONCILING = ["facebook", "instagram", "threads", "linkedin", "mastodon"]


def adapter_for(network, read_timeout=2.0):
    adapter = ADAPTERS[network]()
    adapter.timeout = (1.0, read_timeout)
    adapter.poll_interval = 0.01
    return adapter


@pytest.fixture
def fake(request):
    return request.getfixturevalue(f"fake_{request.param}")


def parametrize_fakes(networks=NETWORKS):
    return pytest.mark.parametrize("fake", networks, indirect=True)


def en(message):
    with translation.override("en"):
        return str(message)


# -- success paths -----------------------------------------------------------------------


def test_facebook_text_and_two_photos(fake_facebook):
    result = adapter_for("facebook").send(fake_facebook.access(), two_images(), "key-1")

    assert len(fake_facebook.published) == 1
    post = fake_facebook.published[0]
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.facebook.com/{post['id']}"
    assert post["message"] == f"{TEXT}\n\n{LINK}"  # photos replace the link preview
    assert [p["alt_text"] for p in post["attached_media"]] == [image(1).alt_text, image(2).alt_text]
    # the bytes travel with the request: Facebook need not reach Sklaida's server
    assert [(p["filename"], p["size"]) for p in post["attached_media"]] == [
        ("skaitymai-1.jpg", len(image(1).data)),
        ("skaitymai-2.jpg", len(image(2).data)),
    ]
    assert all(not p["published"] for p in fake_facebook.photos.values())
    feed_call = fake_facebook.requests_to("feed")[0]
    attached = [json.loads(feed_call.form[f"attached_media[{i}]"][0]) for i in range(2)]
    assert attached == [{"media_fbid": p["id"]} for p in post["attached_media"]]
    # the token travels in the header only
    assert all("access_token" not in r.query for r in fake_facebook.requests)


def test_facebook_fetches_the_photo_url_when_there_are_no_bytes(fake_facebook, image_host):
    url = image_host.add("/media/a.png", b"\x89PNG" + b"0" * 100, "image/png")
    remote = MediaItem("a.png", "image/png", b"", "Skaitykla", public_url=url)
    adapter_for("facebook").send(
        fake_facebook.access(), OutgoingPost("Skaitykla", media=(remote,)), "k"
    )
    assert fake_facebook.published[0]["attached_media"][0]["url"] == url
    assert image_host.fetched == ["/media/a.png"]


def test_facebook_unreachable_photo_url_is_refused_with_its_reason(fake_facebook):
    remote = MediaItem("a.png", "image/png", b"", "Skaitykla", public_url=unreachable_url())
    with pytest.raises(PermanentError) as error:
        adapter_for("facebook").send(
            fake_facebook.access(), OutgoingPost("Skaitykla", media=(remote,)), "k"
        )
    assert "Missing or invalid image file" in en(error.value.message)
    assert fake_facebook.published == []
    assert fake_facebook.requests_to("feed") == []


def test_facebook_link_post_uses_the_link_field(fake_facebook):
    adapter_for("facebook").send(fake_facebook.access(), TEXT_POST, "key-1")
    post = fake_facebook.published[0]
    assert (post["message"], post["link"]) == (TEXT, LINK)


def test_instagram_carousel_with_alt_texts(fake_instagram):
    result = adapter_for("instagram").send(fake_instagram.access(), two_images(), "key-1")

    assert len(fake_instagram.published) == 1
    item = fake_instagram.published[0]
    assert result.remote_id == item["id"]
    assert result.url == item["permalink"]
    assert result.details["container_id"] == item["container_id"]
    assert item["media_type"] == "CAROUSEL_ALBUM"
    assert item["caption"] == f"{TEXT}\n\n{LINK}"
    assert item["images"] == [
        {"image_url": image(1).public_url, "alt_text": image(1).alt_text},
        {"image_url": image(2).public_url, "alt_text": image(2).alt_text},
    ]
    children = [
        r for r in fake_instagram.requests_to("create") if r.value("is_carousel_item") == "true"
    ]
    assert len(children) == 2
    assert len(fake_instagram.requests_to("publishing_limit")) == 1
    assert IMAGES["host"].fetched == ["/media/skaitymai-1.jpg", "/media/skaitymai-2.jpg"]


def test_instagram_single_image(fake_instagram):
    post = OutgoingPost(TEXT, media=(image(1),))
    adapter_for("instagram").send(fake_instagram.access(), post, "key-1")
    item = fake_instagram.published[0]
    assert item["media_type"] == "IMAGE"
    assert item["images"] == [{"image_url": image(1).public_url, "alt_text": image(1).alt_text}]


def test_threads_carousel(fake_threads):
    result = adapter_for("threads").send(fake_threads.access(), two_images(), "key-1")
    assert len(fake_threads.published) == 1
    item = fake_threads.published[0]
    assert result.remote_id == item["id"]
    assert item["media_type"] == "CAROUSEL"
    assert item["text"] == f"{TEXT}\n\n{LINK}"
    assert [i["alt_text"] for i in item["images"]] == [image(1).alt_text, image(2).alt_text]


def test_threads_text_only(fake_threads):
    adapter_for("threads").send(fake_threads.access(), TEXT_POST, "key-1")
    assert fake_threads.published[0]["media_type"] == "TEXT"


def test_mastodon_status_with_two_described_images_and_idempotency_key(fake_mastodon):
    result = adapter_for("mastodon").send(fake_mastodon.access(), two_images(), "delivery-42")

    assert len(fake_mastodon.published) == 1
    status = fake_mastodon.published[0]
    assert result.remote_id == status["id"]
    assert result.url.endswith(f"/@library/{status['id']}")
    assert status["status"] == f"{TEXT}\n\n{LINK}"
    assert status["idempotency_key"] == "delivery-42"
    assert [m["description"] for m in status["media"]] == [image(1).alt_text, image(2).alt_text]
    assert [m["filename"] for m in status["media"]] == ["skaitymai-1.jpg", "skaitymai-2.jpg"]
    call = fake_mastodon.requests_to("statuses")[0]
    assert call.header("Idempotency-Key") == "delivery-42"
    assert call.header("Authorization") == f"Bearer {fake_mastodon.token}"


def test_mastodon_waits_for_media_processing(fake_mastodon):
    fake_mastodon.processing_polls = 2
    adapter_for("mastodon").send(fake_mastodon.access(), two_images(), "k")
    assert len(fake_mastodon.published) == 1
    assert len(fake_mastodon.requests_to("media_status")) == 2 * 3  # 2 x (206, 206, 200)


def test_mastodon_media_still_processing_is_retryable(fake_mastodon):
    fake_mastodon.processing_polls = 100
    adapter = adapter_for("mastodon")
    adapter.poll_attempts = 3
    with pytest.raises(RetryableError):
        adapter.send(fake_mastodon.access(), two_images(), "k")
    assert fake_mastodon.published == []


def test_mastodon_needs_its_server_address():
    access = ChannelAccess("mastodon", "", "library", {"access_token": "t"})
    with pytest.raises(PermanentError) as error:
        MastodonAdapter().send(access, TEXT_POST, "k")
    assert "server address" in en(error.value.message)


def test_linkedin_multi_image_post_with_version_headers(fake_linkedin):
    result = adapter_for("linkedin").send(fake_linkedin.access(), two_images(), "key-1")

    assert len(fake_linkedin.published) == 1
    post = fake_linkedin.published[0]
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.linkedin.com/feed/update/{post['id']}/"
    assert post["author"] == "urn:li:organization:5515715"
    assert post["commentary"] == escape_commentary(f"{TEXT}\n\n{LINK}")
    assert "\\(ir programa\\)" in post["commentary"] and "#skaitome" in post["commentary"]
    assert [i["altText"] for i in post["images"]] == [image(1).alt_text, image(2).alt_text]
    assert all(i["size"] == len(image(1).data) for i in post["images"])
    assert post["distribution"]["feedDistribution"] == "MAIN_FEED"
    for call in fake_linkedin.requests:
        if call.path.startswith("/rest/"):
            assert call.header("LinkedIn-Version") == "202610"
            assert call.header("X-Restli-Protocol-Version") == "2.0.0"


def test_linkedin_single_image_uses_content_media(fake_linkedin):
    adapter_for("linkedin").send(fake_linkedin.access(), OutgoingPost(TEXT, media=(image(1),)), "k")
    content = fake_linkedin.published[0]["content"]
    assert content["media"]["altText"] == image(1).alt_text


def test_linkedin_version_can_be_set_in_settings(fake_linkedin, settings):
    settings.SOCIAL_LINKEDIN_API_VERSION = "202701"
    adapter_for("linkedin").send(fake_linkedin.access(), TEXT_POST, "k")
    assert fake_linkedin.requests_to("posts")[0].header("LinkedIn-Version") == "202701"


# -- failures, for every network ---------------------------------------------------------


FROZEN = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)


def test_mastodon_rate_limit_waits_until_its_reset_time(fake_mastodon):
    fake_mastodon.rate_limit("statuses", retry_after=300)
    with time_machine.travel(FROZEN, tick=False), pytest.raises(RetryableError) as error:
        adapter_for("mastodon").send(fake_mastodon.access(), TEXT_POST, "key-1")
    answer = fake_mastodon.requests_to("statuses")[0]
    assert answer.header("Retry-After") is None  # Mastodon sends none ...
    assert error.value.retry_after == 300  # ... the X-RateLimit-Reset time is honoured
    assert en(error.value.message).startswith("The network asks us to slow down")
    assert fake_mastodon.published == []


@parametrize_fakes(["facebook", "instagram", "threads"])
@pytest.mark.parametrize("code,status", [(4, 400), (17, 400), (32, 403), (613, 400)])
def test_graph_throttling_is_a_rate_limit_not_a_rejection(fake, code, status):
    fake.rate_limit(FINAL_ROUTE[fake.network], code=code, status=status)
    with pytest.raises(RetryableError) as error:
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert en(error.value.message).startswith("The network asks us to slow down")
    # X-App-Usage gives no time: wait a while rather than hammer a throttled app
    assert error.value.retry_after == GRAPH_THROTTLE_WAIT
    assert fake.published == []


@parametrize_fakes(["facebook", "instagram", "threads"])
def test_graph_business_use_case_estimate_gives_the_wait(fake):
    fake.rate_limit(PREPARATION_ROUTE[fake.network], code=32, regain_minutes=7)
    with pytest.raises(RetryableError) as error:
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert error.value.retry_after == 7 * 60
    assert fake.published == []


def test_linkedin_daily_limit_waits_until_midnight_utc(fake_linkedin):
    fake_linkedin.rate_limit("posts", daily=True)
    with time_machine.travel(FROZEN, tick=False), pytest.raises(RetryableError) as error:
        adapter_for("linkedin").send(fake_linkedin.access(), TEXT_POST, "key-1")
    assert error.value.retry_after == 2 * 3600 + 60  # 22:00 -> midnight, and a minute
    assert fake_linkedin.published == []


def test_linkedin_other_throttling_leaves_the_wait_to_the_backoff(fake_linkedin):
    fake_linkedin.rate_limit("posts", daily=False)
    with pytest.raises(RetryableError) as error:
        adapter_for("linkedin").send(fake_linkedin.access(), TEXT_POST, "key-1")
    assert error.value.retry_after is None
    assert fake_linkedin.published == []


@parametrize_fakes()
def test_server_error_is_retryable(fake):
    fake.fail(FINAL_ROUTE[fake.network], status=500)
    with pytest.raises(RetryableError) as error:
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert en(error.value.message) == "The network is temporarily unavailable"
    assert fake.published == []


@parametrize_fakes()
def test_rejection_is_permanent_with_the_networks_reason(fake):
    fake.fail(FINAL_ROUTE[fake.network], status=400, message="Nuotraukos formatas netinka")
    with pytest.raises(PermanentError) as error:
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert not isinstance(error.value, AuthorisationError)
    assert en(error.value.message) == "The network rejected the post: Nuotraukos formatas netinka"
    assert fake.published == []


@parametrize_fakes()
def test_expired_token_needs_reauthorisation(fake):
    fake.expire_token()
    with pytest.raises(AuthorisationError) as error:
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert en(error.value.message) == "The channel's access has expired; reconnect the account"
    assert fake.token not in error.value.detail and fake.token not in str(error.value)
    assert fake.published == []


@parametrize_fakes()
def test_slow_preparation_call_is_retryable_not_unknown(fake):
    fake.delay(PREPARATION_ROUTE[fake.network], seconds=1.5)
    with pytest.raises(RetryableError):
        adapter_for(fake.network, read_timeout=0.6).send(fake.access(), two_images(), "key-1")
    assert fake.published == []


@parametrize_fakes(RECONCILING)
def test_timeout_after_publishing_is_unknown_then_reconciled(fake):
    since = datetime.now(UTC)
    adapter = adapter_for(fake.network, read_timeout=0.6)
    fake.slow_then_succeed(FINAL_ROUTE[fake.network], seconds=1.5)

    with pytest.raises(UnknownOutcome) as error:
        adapter.send(fake.access(), two_images(), "key-1")
    assert "may already be published" in en(error.value.message)
    assert len(fake.published) == 1  # it did go out

    found = adapter.reconcile(fake.access(), two_images(), "key-1", since)
    assert found is not None
    assert found.remote_id == fake.published[0]["id"]
    assert len(fake.published) == 1


@parametrize_fakes(RECONCILING)
def test_reconcile_says_absent_when_nothing_was_published(fake):
    since = datetime.now(UTC)
    adapter = adapter_for(fake.network)
    other = OutgoingPost("Kitas įrašas apie bibliotekos naujienas", media=(image(3),))
    adapter.send(fake.access(), other, "other")
    fake.fail(FINAL_ROUTE[fake.network], status=500)
    with pytest.raises(RetryableError):
        adapter.send(fake.access(), two_images(), "key-1")

    assert adapter.reconcile(fake.access(), two_images(), "key-1", since) is None


@parametrize_fakes(RECONCILING)
def test_reconcile_ignores_posts_made_before_since(fake):
    adapter = adapter_for(fake.network)
    adapter.send(fake.access(), two_images(), "yesterday")
    later = datetime.now(UTC) + timedelta(minutes=10)  # beyond the clock-skew margin
    assert adapter.reconcile(fake.access(), two_images(), "key-1", later) is None


@parametrize_fakes(RECONCILING)
def test_reconcile_cannot_tell_when_the_network_fails(fake):
    fake.fail(LIST_ROUTE[fake.network], status=503)
    with pytest.raises(UnknownOutcome):
        adapter_for(fake.network).reconcile(fake.access(), two_images(), "key-1", datetime.now(UTC))


LIST_ROUTE = {
    "facebook": "feed_list",
    "instagram": "list",
    "threads": "list",
    "linkedin": "posts_list",
    "mastodon": "account_statuses",
}


@parametrize_fakes(RECONCILING)
def test_reconcile_pages_through_the_listing(fake):
    since = datetime.now(UTC)
    adapter = adapter_for(fake.network)
    wanted = OutgoingPost("Ieškomas įrašas apie knygų mainus", media=(image(1),))
    adapter.send(fake.access(), wanted, "wanted")
    for number in range(12):  # newer posts push it to the third page (five a page)
        adapter.send(
            fake.access(), OutgoingPost(f"Naujiena {number}", media=(image(2),)), f"n-{number}"
        )

    found = adapter.reconcile(fake.access(), wanted, "wanted", since)

    assert found is not None and found.remote_id == fake.published[0]["id"]
    assert len(fake.requests_to(LIST_ROUTE[fake.network])) == 3


def test_mastodon_status_content_is_matched_as_text(fake_mastodon):
    since = datetime.now(UTC)
    adapter = adapter_for("mastodon")
    sent = adapter.send(fake_mastodon.access(), TEXT_POST, "k")  # a link, a hashtag, ( )
    status = fake_mastodon.statuses[sent.remote_id]
    assert "<p>" in status["content"] and 'rel="tag"' in status["content"]
    found = adapter.reconcile(fake_mastodon.access(), TEXT_POST, "other-key", since)
    assert found is not None and found.remote_id == sent.remote_id


@parametrize_fakes(["facebook", "instagram"])
def test_reconcile_does_not_follow_a_next_link_to_another_server(fake, monkeypatch):
    adapter = adapter_for(fake.network)
    for number in range(7):
        adapter.send(
            fake.access(), OutgoingPost(f"Naujiena {number}", media=(image(2),)), f"n-{number}"
        )
    real_page = type(fake).page

    def page_pointing_away(self, request, items):
        reply = real_page(self, request, items)
        reply.body["paging"]["next"] = "https://attacker.example/next?after=1"
        return reply

    monkeypatch.setattr(type(fake), "page", page_pointing_away)
    wanted = OutgoingPost("Niekur neskelbtas įrašas", media=(image(1),))
    with pytest.raises(UnknownOutcome):  # cannot tell, and the token stays home
        adapter.reconcile(fake.access(), wanted, "k", datetime.now(UTC) - timedelta(hours=1))
    assert len(fake.requests_to(LIST_ROUTE[fake.network])) == 1


def test_mastodon_forgets_the_idempotency_key_after_an_hour(fake_mastodon):
    adapter = adapter_for("mastodon")
    with time_machine.travel(FROZEN) as clock:
        first = adapter.send(fake_mastodon.access(), TEXT_POST, "delivery-9")
        clock.shift(timedelta(minutes=59))
        within = adapter.send(fake_mastodon.access(), TEXT_POST, "delivery-9")
        assert within.remote_id == first.remote_id
        assert len(fake_mastodon.published) == 1
        clock.shift(timedelta(minutes=2))  # 61 minutes after the first
        after = adapter.send(fake_mastodon.access(), TEXT_POST, "delivery-9")
    assert after.remote_id != first.remote_id
    assert len(fake_mastodon.published) == 2
    assert adapter.idempotency_window == 3600


def test_two_sends_reuse_one_connection(fake_mastodon):
    adapter = adapter_for("mastodon")
    adapter.send(fake_mastodon.access(), TEXT_POST, "k-1")
    adapter.send(fake_mastodon.access(), OutgoingPost("Kitas įrašas"), "k-2")
    assert len(fake_mastodon.published) == 2
    assert fake_mastodon.connections == 1


def test_channels_do_not_share_a_connection(fake_mastodon):
    adapter = adapter_for("mastodon")
    adapter.send(fake_mastodon.access(), TEXT_POST, "k-1")
    other = fake_mastodon.access(account_id="kita-paskyra")
    adapter.send(other, OutgoingPost("Kitas įrašas"), "k-2")
    assert fake_mastodon.connections == 2


def test_a_netrc_entry_for_the_server_does_not_replace_the_channels_token(
    fake_mastodon, tmp_path, monkeypatch
):
    # requests with its default `trust_env` would send the .netrc login instead.
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password stolen\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    adapter_for("mastodon").send(fake_mastodon.access(), TEXT_POST, "k-1")
    [call] = fake_mastodon.requests_to("statuses")
    assert call.header("Authorization") == f"Bearer {fake_mastodon.token}"


def test_a_send_that_cannot_finish_by_its_deadline_does_not_start_publishing(fake_mastodon):
    fake_mastodon.delay("media", seconds=0.4, times=2)
    with pytest.raises(RetryableError) as error:
        adapter_for("mastodon").send(
            fake_mastodon.access(), two_images(), "k", deadline=timedelta(seconds=1.5)
        )
    assert "too slowly" in en(error.value.message)
    assert fake_mastodon.requests_to("statuses") == []
    assert fake_mastodon.published == []


def test_a_publishing_call_is_cut_at_the_deadline_and_its_outcome_is_unknown(fake_mastodon):
    fake_mastodon.slow_then_succeed("statuses", seconds=2.5)
    adapter = adapter_for("mastodon", read_timeout=10)  # the read alone would wait it out
    with pytest.raises(UnknownOutcome):
        adapter.send(fake_mastodon.access(), TEXT_POST, "k", deadline=timedelta(seconds=1.5))
    assert len(fake_mastodon.published) == 1  # it went out: the pipeline must find out


@parametrize_fakes()
def test_a_deadline_s_hook_is_asked_before_every_call_and_can_stop_one(fake):
    """The pipeline keeps its lease ahead of each call through this hook
    (services/claim.py): it must see every call, the publishing one last."""
    asked = []

    class Hook(Deadline):
        def before_call(self, timeout, *, final=False):
            asked.append(final)
            if final:
                raise RetryableError("", detail="the caller stops the publishing call")
            return super().before_call(timeout, final=final)

    with pytest.raises(RetryableError):
        adapter_for(fake.network).send(fake.access(), two_images(), "k", deadline=Hook(60))
    assert asked and asked[-1] is True and not any(asked[:-1])
    assert len(asked) == len(fake.requests) + 1  # every call was asked, the last not made
    assert fake.published == []


@parametrize_fakes()
def test_a_deadline_already_past_calls_nothing(fake):
    past = datetime.now(UTC) - timedelta(seconds=1)
    with pytest.raises(RetryableError):
        adapter_for(fake.network).send(fake.access(), two_images(), "k", deadline=past)
    assert fake.requests == []


def test_mastodon_timeout_then_resend_with_the_same_key_gives_the_same_status(fake_mastodon):
    adapter = adapter_for("mastodon", read_timeout=0.6)
    fake_mastodon.slow_then_succeed("statuses", seconds=1.5)
    with pytest.raises(UnknownOutcome):
        adapter.send(fake_mastodon.access(), two_images(), "delivery-7")
    assert len(fake_mastodon.published) == 1

    assert adapter.idempotent
    again = adapter.send(fake_mastodon.access(), two_images(), "delivery-7")
    assert again.remote_id == fake_mastodon.published[0]["id"]
    assert len(fake_mastodon.published) == 1
    # a different delivery is a different status
    adapter.send(fake_mastodon.access(), two_images(), "delivery-8")
    assert len(fake_mastodon.published) == 2


@parametrize_fakes()
def test_connection_dropped_after_publishing_is_unknown(fake):
    fake.disconnect(FINAL_ROUTE[fake.network], after=True)
    with pytest.raises(UnknownOutcome):
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert len(fake.published) == 1


@parametrize_fakes()
def test_gateway_timeout_on_the_publishing_call_is_unknown(fake):
    fake.fail(FINAL_ROUTE[fake.network], status=504)
    with pytest.raises(UnknownOutcome):
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")


@pytest.mark.parametrize("network", NETWORKS)
def test_unreachable_network_is_retryable(network, settings):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.SOCIAL_API_BASE_OVERRIDES = {network: f"http://127.0.0.1:{port}"}
    access = ChannelAccess(
        network, "https://mastodon.example", "1", {"access_token": "secret-token-1"}
    )
    with pytest.raises(RetryableError) as error:
        adapter_for(network).send(access, two_images(), "key-1")
    assert en(error.value.message) == "The network could not be reached"
    assert "secret-token-1" not in error.value.detail


# -- Instagram and Threads specifics -----------------------------------------------------


@parametrize_fakes(["instagram", "threads"])
def test_publishing_quota_used_up_is_retryable_before_anything_is_created(fake):
    fake.quota_used = fake.quota_total
    with pytest.raises(RetryableError) as error:
        adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert error.value.retry_after == 3600
    assert fake.requests_to("create") == []
    assert fake.published == []


@parametrize_fakes(["instagram", "threads"])
def test_container_in_progress_is_polled_until_finished(fake):
    fake.processing_polls = 3
    adapter_for(fake.network).send(fake.access(), two_images(), "key-1")
    assert len(fake.published) == 1
    assert len(fake.requests_to("container_status")) == 4


@parametrize_fakes(["instagram", "threads"])
def test_container_still_in_progress_is_retryable(fake):
    fake.processing_polls = 50
    adapter = adapter_for(fake.network)
    adapter.poll_attempts = 3
    with pytest.raises(RetryableError):
        adapter.send(fake.access(), two_images(), "key-1")
    assert fake.published == []
    assert fake.requests_to("publish") == []


def test_instagram_refuses_an_image_it_cannot_fetch(fake_instagram):
    item = MediaItem("a.jpg", "image/jpeg", b"x", "Skaitykla", public_url=unreachable_url())
    with pytest.raises(PermanentError) as error:
        adapter_for("instagram").send(
            fake_instagram.access(), OutgoingPost(TEXT, media=(item,)), "k"
        )
    assert "The media could not be fetched from this uri" in en(error.value.message)
    assert fake_instagram.requests_to("publish") == []
    assert fake_instagram.published == []


def test_threads_fails_the_container_of_an_image_it_cannot_fetch(fake_threads):
    item = MediaItem("a.jpg", "image/jpeg", b"x", "Skaitykla", public_url=unreachable_url())
    with pytest.raises(PermanentError) as error:
        adapter_for("threads").send(fake_threads.access(), OutgoingPost(TEXT, media=(item,)), "k")
    message = en(error.value.message)
    assert "could not process the post's images (UNKNOWN)" in message
    assert "open from the internet" in message
    assert fake_threads.requests_to("publish") == []
    assert fake_threads.published == []


@parametrize_fakes(["instagram", "threads"])
def test_an_address_that_is_not_an_image_is_refused(fake, image_host):
    url = image_host.url("/media/missing.jpg")  # 404, an HTML page
    item = MediaItem("a.jpg", "image/jpeg", b"x", "Skaitykla", public_url=url)
    with pytest.raises(PermanentError):
        adapter_for(fake.network).send(fake.access(), OutgoingPost(TEXT, media=(item,)), "k")
    assert fake.published == []


@parametrize_fakes(["instagram", "threads"])
def test_images_need_a_public_address(fake):
    local = MediaItem("a.jpg", "image/jpeg", b"x", "Skaitykla")
    with pytest.raises(PermanentError) as error:
        adapter_for(fake.network).send(fake.access(), OutgoingPost(TEXT, media=(local,)), "k")
    assert "image 1 has no public address" in en(error.value.message)
    assert fake.requests == []


def test_instagram_permalink_failure_does_not_fail_a_published_post(fake_instagram):
    fake_instagram.fail("media_get", status=500)
    result = adapter_for("instagram").send(fake_instagram.access(), two_images(), "k")
    assert result.remote_id == fake_instagram.published[0]["id"]
    assert result.url == ""


# -- manual channels and the registry ----------------------------------------------------


@pytest.mark.parametrize("network", ["youtube", "tiktok", "manual"])
def test_manual_channels_get_a_copy_ready_package(network):
    adapter = get_adapter(network)
    assert isinstance(adapter, ManualAdapter)
    with pytest.raises(ManualDeliveryRequired) as error:
        adapter.send(None, two_images(), "key-1")
    package = error.value.package
    assert package["network"] == network
    assert package["text"] == f"{TEXT}\n\n{LINK}"
    assert [m["alt_text"] for m in package["media"]] == [image(1).alt_text, image(2).alt_text]
    assert [m["filename"] for m in package["media"]] == ["skaitymai-1.jpg", "skaitymai-2.jpg"]
    assert "mark the delivery as posted" in en(error.value.message)


def test_registry_gives_a_fresh_adapter_per_network(settings):
    assert isinstance(get_adapter("facebook"), FacebookAdapter)
    assert isinstance(get_adapter("instagram"), InstagramAdapter)
    assert isinstance(get_adapter("threads"), ThreadsAdapter)
    assert isinstance(get_adapter("mastodon"), MastodonAdapter)
    assert isinstance(get_adapter("linkedin"), LinkedInAdapter)
    assert get_adapter("mastodon") is not get_adapter("mastodon")
    assert get_adapter("mastodon").idempotent and not get_adapter("facebook").idempotent
    assert get_adapter("facebook").can_reconcile and get_adapter("mastodon").can_reconcile
    settings.SOCIAL_HTTP_TIMEOUT = (0.5, 2)
    assert get_adapter("linkedin").timeout == (0.5, 2)
    settings.SOCIAL_SEND_MAX_SECONDS = 90
    assert get_adapter("facebook").max_send_seconds == 90


@time_machine.travel(FROZEN, tick=False)
def test_parse_retry_after():
    assert parse_retry_after("12") == 12
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after(format_datetime(FROZEN + timedelta(seconds=120), usegmt=True)) == 120
    assert parse_retry_after(format_datetime(FROZEN - timedelta(minutes=1), usegmt=True)) == 0
    # an absurd value neither overflows a date nor parks the post for years
    assert parse_retry_after("300000000000") == 86400
    assert parse_retry_after(format_datetime(FROZEN + timedelta(days=900), usegmt=True)) == 86400
