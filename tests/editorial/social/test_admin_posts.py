"""Writing social posts through the real admin views: the editor, the list, the
preview and the live counters, as the communication specialist uses them."""

import html
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from editorial.social import services
from editorial.social.factories import ChannelFactory, ImageFactory, SocialPostFactory
from editorial.social.models import Delivery, PostImage, SocialPost
from editorial.social.networks import Network, count_text, outgoing_text
from tests.editorial.social.helpers import approve, channel_for

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_social_socialpost:add"
LIST_URL = "wagtailsnippets_social_socialpost:list"
NBSP = "\u00a0"


def post_data(channels=(), images=(), variants=(), action=None, **fields):
    """The POST body of the post editor. `images`: dicts with image, alt_text, channel."""
    data = {
        "title": "Vasaros skaitymai",
        "text": "Kviečiame į vasaros skaitymus bibliotekos kieme! #skaitymai",
        "link": "",
        "add_utm": "",
        "utm_campaign": "",
        "tags": "",
        "go_live_at": "",
        "expire_at": "",
        "images": inline_formset(
            [
                {
                    "id": "",
                    "image": item["image"].pk,
                    "alt_text": item.get("alt_text", ""),
                    "channel": item["channel"].pk if item.get("channel") else "",
                }
                for item in images
            ]
        ),
        "variants": inline_formset(
            [{"id": "", "channel": channel.pk, "text": text} for channel, text in variants]
        ),
    }
    data.update(fields)
    flat = nested_form_data(data)
    flat["channels"] = [str(channel.pk) for channel in channels]
    if action:
        flat[action] = "1"
    return flat


def page_text(response):
    """The response as the reader sees it: entities decoded."""
    return html.unescape(response.content.decode())


def in_lithuanian(message):
    with translation.override("lt"):
        return str(gettext(message))


def gif_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="GIF")
    return ImageFactory(file=ImageFile(buffer, name="skelbimas.gif"))


@pytest.fixture
def mastodon(db):
    return ChannelFactory(
        network=Network.MASTODON, name="Mastodon", api_base="https://mastodon.example"
    )


@pytest.fixture
def facebook(db):
    return ChannelFactory(network=Network.FACEBOOK, name="Facebook", account_id="1001")


@pytest.fixture
def instagram(db):
    return ChannelFactory(network=Network.INSTAGRAM, name="Instagram", account_id="1789")


@pytest.fixture
def specialist_client(client_for, specialist):
    return client_for(specialist)


def assert_nothing_saved():
    assert SocialPost.objects.count() == 0
    assert PostImage.objects.count() == 0
    assert WorkflowState.objects.count() == 0
    assert Delivery.objects.count() == 0


# ------------------------------------------------------------------ writing and submitting


def test_specialist_writes_a_post_for_two_channels_and_submits_it(
    specialist_client, specialist, mastodon, facebook
):
    image = ImageFactory(title="Skaitymai kieme")
    response = specialist_client.post(
        reverse(ADD_URL),
        post_data(
            channels=[mastodon, facebook],
            images=[{"image": image, "alt_text": "Vaikai skaito knygas ant žolės"}],
            action="action-submit",
        ),
    )

    assert response.status_code == 302, page_text(response)[:3000]
    post = SocialPost.objects.get()
    assert post.title == "Vasaros skaitymai"
    assert post.author == specialist
    assert set(post.channels.all()) == {mastodon, facebook}
    assert [(i.image, i.alt_text) for i in post.images.all()] == [
        (image, "Vaikai skaito knygas ant žolės")
    ]
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == specialist
    assert int(state.object_id) == post.pk
    assert not post.live
    assert Delivery.objects.count() == 0

    # The list shows it as waiting for moderation; the editor offers no "publish".
    listing = page_text(specialist_client.get(reverse(LIST_URL)))
    assert "Vasaros skaitymai" in listing
    edit = specialist_client.get(reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk]))
    assert 'name="action-publish"' not in edit.content.decode()


def test_new_post_page_does_not_autosave_but_the_editor_does(
    specialist_client, specialist, mastodon
):
    # Autosave on the create page could race "Submit" into two posts; a post autosaves
    # once it exists.
    add_page = specialist_client.get(reverse(ADD_URL)).content.decode()
    assert "data-w-autosave-interval-value" not in add_page
    assert "w-unsaved" in add_page  # leaving with unsaved changes still warns

    post = SocialPostFactory(channels=[mastodon], author=specialist)
    post.save_revision(user=specialist)
    edit_page = specialist_client.get(
        reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk])
    ).content.decode()
    assert "data-w-autosave-interval-value" in edit_page


# ------------------------------------------------------------------ bad input


def test_text_over_instagrams_limit_is_refused_with_the_counts(specialist_client, instagram):
    image = ImageFactory()
    response = specialist_client.post(
        reverse(ADD_URL),
        post_data(
            channels=[instagram],
            text="a" * 2341,
            images=[{"image": image, "alt_text": "Knygų lentyna"}],
            action="action-submit",
        ),
    )

    assert response.status_code == 200
    text = page_text(response)
    # "Instagram: 2 341 / 2 200 …" with Lithuanian thousands grouping (a no-break space).
    assert f"Instagram: 2{NBSP}341 / 2{NBSP}200" in text
    assert_nothing_saved()


def test_image_without_alt_text_is_refused(specialist_client, mastodon):
    image = {"image": ImageFactory(), "alt_text": ""}

    # Submitting for moderation: the description is a required field of the image.
    submitted = specialist_client.post(
        reverse(ADD_URL), post_data(channels=[mastodon], images=[image], action="action-submit")
    )
    assert submitted.status_code == 200
    image_form = submitted.context["form"].formsets["images"].forms[0]
    assert image_form.errors["alt_text"] == [in_lithuanian("This field is required.")]
    assert in_lithuanian("This field is required.") in page_text(submitted)
    assert_nothing_saved()

    # A draft may be incomplete: saved, to be described before it is submitted.
    draft = specialist_client.post(reverse(ADD_URL), post_data(channels=[mastodon], images=[image]))
    assert draft.status_code == 302
    assert [item.alt_text for item in SocialPost.objects.get().images.all()] == [""]


def test_gif_for_instagram_is_refused_naming_the_accepted_type(specialist_client, instagram):
    response = specialist_client.post(
        reverse(ADD_URL),
        post_data(
            channels=[instagram],
            images=[{"image": gif_image(), "alt_text": "Renginio skelbimas"}],
            action="action-submit",
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    message = errors[0]
    assert "Instagram" in message and "GIF" in message and "JPEG" in message
    assert message in page_text(response)
    assert_nothing_saved()


def test_channel_without_credentials_is_refused(specialist_client, mastodon):
    unconnected = ChannelFactory(network=Network.FACEBOOK, name="Naujas puslapis", token="")
    response = specialist_client.post(
        reverse(ADD_URL), post_data(channels=[mastodon, unconnected], action="action-submit")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["channels"]
    assert len(errors) == 1
    assert str(unconnected) in errors[0]
    assert errors[0] in page_text(response)
    assert_nothing_saved()


def test_publishing_time_in_the_past_is_refused(specialist_client, mastodon):
    past = timezone.localtime() - timedelta(days=1)
    response = specialist_client.post(
        reverse(ADD_URL),
        post_data(
            channels=[mastodon],
            go_live_at=past.strftime("%Y-%m-%d %H:%M"),
            action="action-submit",
        ),
    )

    assert response.status_code == 200
    expected = in_lithuanian("The publishing time has already passed.")
    assert response.context["form"].errors["go_live_at"] == [expected]
    assert expected in page_text(response)
    assert_nothing_saved()


def test_empty_text_without_image_is_refused(specialist_client, mastodon):
    response = specialist_client.post(
        reverse(ADD_URL), post_data(channels=[mastodon], text="   ", action="action-submit")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [in_lithuanian("This field is required.")]
    assert_nothing_saved()


def test_post_needs_a_channel(specialist_client):
    response = specialist_client.post(reverse(ADD_URL), post_data(channels=[]))

    assert response.status_code == 200
    assert "channels" in response.context["form"].errors
    assert_nothing_saved()


HOSTILE_TITLE = '<script>alert("pavadinimas")</script>'
HOSTILE_TEXT = '<img src=x onerror="alert(1)"><script>alert("tekstas")</script>'


def test_hostile_title_and_text_are_escaped_in_the_list(specialist_client, specialist, mastodon):
    SocialPostFactory(
        title=HOSTILE_TITLE, text=HOSTILE_TEXT, channels=[mastodon], author=specialist
    )

    response = specialist_client.get(reverse(LIST_URL))

    raw = response.content.decode()
    assert "<script>alert(" not in raw
    assert "&lt;script&gt;alert(" in raw
    assert HOSTILE_TITLE in page_text(response)  # shown as text, not run


def test_hostile_text_is_escaped_in_the_preview(specialist_client, mastodon):
    url = reverse("wagtailsnippets_social_socialpost:preview_on_add")
    data = post_data(channels=[mastodon], title=HOSTILE_TITLE, text=HOSTILE_TEXT)

    assert specialist_client.post(url, data).json()["is_valid"] is True
    response = specialist_client.get(url)

    raw = response.content.decode()
    assert "<script>alert(" not in raw
    assert "<img src=x" not in raw
    assert "&lt;img src=x onerror=" in raw
    assert HOSTILE_TEXT in page_text(response)


# ------------------------------------------------------------------ preview


def test_preview_shows_each_channels_version(specialist_client, mastodon, facebook):
    url = reverse("wagtailsnippets_social_socialpost:preview_on_add")
    data = post_data(
        channels=[mastodon, facebook],
        text="Bendras tekstas visiems tinklams",
        variants=[(mastodon, "Trumpa versija Mastodon #biblioteka")],
        link="https://biblioteka.example/skaitymai",
        add_utm="on",
    )

    assert specialist_client.post(url, data).json()["is_valid"] is True
    response = specialist_client.get(url)

    assert response.status_code == 200
    renditions = {item["channel"]: item for item in response.context["renditions"]}
    assert renditions[mastodon]["text"] == "Trumpa versija Mastodon #biblioteka"
    assert renditions[facebook]["text"] == "Bendras tekstas visiems tinklams"
    assert "utm_source=facebook" in renditions[facebook]["link"]
    text = page_text(response)
    for channel in (mastodon, facebook):
        assert str(channel) in text
    assert "Trumpa versija Mastodon #biblioteka" in text
    assert text.count("Bendras tekstas visiems tinklams") == 1  # the variant replaced it


# ------------------------------------------------------------------ the list


@pytest.fixture
def busy_list(specialist, head):
    """30 posts, each for 3 channels, each with a delivery."""
    channels = [
        ChannelFactory(network=Network.MASTODON, name="Mastodon"),
        ChannelFactory(network=Network.FACEBOOK, name="Facebook"),
        ChannelFactory(network=Network.LINKEDIN, name="LinkedIn"),
    ]
    statuses = [Delivery.Status.SENT, Delivery.Status.FAILED, Delivery.Status.PENDING]
    now = timezone.now()
    posts = []
    for number in range(30):
        post = SocialPostFactory(
            title=f"Įrašas nr. {number}", channels=channels, author=specialist, live=True
        )
        post.save_revision(user=specialist)
        Delivery.objects.bulk_create(
            Delivery(post=post, channel=channel, status=status, scheduled_for=now)
            for channel, status in zip(channels, statuses, strict=True)
        )
        posts.append(post)
    return posts, channels


def test_list_of_posts_with_deliveries_stays_within_a_query_budget(
    specialist_client, busy_list, django_assert_max_num_queries
):
    url = reverse(LIST_URL)
    specialist_client.get(url)  # warm caches (content types, site)
    with django_assert_max_num_queries(20) as full_page:
        response = specialist_client.get(url)
    with django_assert_max_num_queries(20) as last_page:
        specialist_client.get(url, {"p": 2})  # 5 posts

    assert len(full_page) == len(last_page)  # no query per row
    assert response.status_code == 200
    raw = response.content.decode()
    shown = [post for post in busy_list[0] if f">{post.title}<" in raw]
    assert len(shown) == 25  # paginated
    text = page_text(response)
    assert text.count(f"Mastodon: {in_lithuanian('Published')}") == 25
    assert text.count(f"Facebook: {in_lithuanian('Failed')}") == 25
    assert text.count(f"LinkedIn: {in_lithuanian('Scheduled')}") == 25


def _titles(response):
    raw = response.content.decode()
    return {post.title for post in SocialPost.objects.all() if f">{post.title}<" in raw}


@pytest.fixture
def varied_posts(specialist, second_specialist, head, mastodon, facebook):
    draft = SocialPostFactory(title="Rudens mugė", channels=[mastodon], author=specialist)
    draft.save_revision(user=specialist)

    waiting = SocialPostFactory(title="Poezijos vakaras", channels=[facebook], author=specialist)
    waiting.save_revision(user=specialist)
    waiting.get_workflow().start(waiting, specialist)

    published = SocialPostFactory(
        title="Knygų klubas", channels=[mastodon, facebook], author=second_specialist
    )
    approve(published, second_specialist, head)
    Delivery.objects.filter(post=published, channel=facebook).update(
        status=Delivery.Status.FAILED, error_message="Tinklas atmetė įrašą"
    )

    scheduled = SocialPostFactory(
        title="Kalėdinė akcija",
        channels=[facebook],
        author=specialist,
        go_live_at=timezone.now() + timedelta(days=3),
    )
    approve(scheduled, specialist, head)
    return {"draft": draft, "waiting": waiting, "published": published, "scheduled": scheduled}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("draft", {"Rudens mugė"}),
        ("in_moderation", {"Poezijos vakaras"}),
        ("scheduled", {"Kalėdinė akcija"}),
        ("published", {"Knygų klubas"}),
        ("failed", {"Knygų klubas"}),
        ("", {"Rudens mugė", "Poezijos vakaras", "Knygų klubas", "Kalėdinė akcija"}),
    ],
)
def test_list_filters_by_state(specialist_client, varied_posts, state, expected):
    response = specialist_client.get(reverse(LIST_URL), {"state": state})
    assert response.status_code == 200
    assert _titles(response) == expected


def test_list_filters_by_channel_and_author(
    specialist_client, varied_posts, mastodon, second_specialist
):
    by_channel = specialist_client.get(reverse(LIST_URL), {"channels": mastodon.pk})
    assert _titles(by_channel) == {"Rudens mugė", "Knygų klubas"}

    by_author = specialist_client.get(reverse(LIST_URL), {"author": second_specialist.pk})
    assert _titles(by_author) == {"Knygų klubas"}


def test_list_shows_each_posts_state(specialist_client, varied_posts):
    raw = specialist_client.get(reverse(LIST_URL)).content.decode()

    def row_of(title):
        start = raw.index(f">{title}<")
        return raw[start : raw.index("</tr>", start)]

    assert in_lithuanian("in moderation") in row_of("Poezijos vakaras")
    assert in_lithuanian("scheduled") in row_of("Kalėdinė akcija")
    assert in_lithuanian("draft") in row_of("Rudens mugė")
    assert in_lithuanian("live") in row_of("Knygų klubas")


def test_post_editor_shows_deliveries_with_links(
    specialist_client, varied_posts, mastodon, facebook
):
    published = varied_posts["published"]
    Delivery.objects.filter(post=published, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENT, remote_url="https://mastodon.example/@biblioteka/42"
    )
    response = specialist_client.get(
        reverse("wagtailsnippets_social_socialpost:edit", args=[published.pk])
    )

    rows = delivery_rows(response)
    assert rows[str(mastodon)]["status"] == in_lithuanian("Published")
    assert rows[str(mastodon)]["link"] == "https://mastodon.example/@biblioteka/42"
    assert rows[str(facebook)]["status"] == in_lithuanian("Failed")
    assert rows[str(facebook)]["link"] is None


def delivery_rows(response):
    """The deliveries panel of the editor: {channel: {"status", "link"}}."""
    raw = response.content.decode()
    panel = raw[raw.index('<table class="listing">') :]
    panel = panel[: panel.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", panel, re.S)[1:]:
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        status = re.sub(r"<[^>]+>", "", cells[1]).strip()
        link = re.search(r'href="(https://[^"]+)"', cells[3])
        rows[html.unescape(cells[0].strip())] = {
            "status": html.unescape(status),
            "link": link.group(1) if link else None,
        }
    return rows


# ------------------------------------------------------------------ live counters


def counters(client, data, post=None):
    """The editor's counters: the script posts the whole editor form."""
    if post is None:
        url = reverse("social_text_counters")
    else:
        url = reverse("social_text_counters_for_post", args=[post.pk])
    return client.post(url, data)


def counter_rows(response):
    assert response.status_code == 200, response.content[:500]
    return {row["channel"]: row for row in response.json()["counters"]}


def test_counters_count_per_channel_with_its_own_version(specialist_client, instagram, mastodon):
    rows = counter_rows(
        counters(
            specialist_client,
            post_data(
                channels=[instagram, mastodon],
                text="a" * 2341,
                variants=[(mastodon, "Trumpai: https://biblioteka.example/labai/ilgas/adresas")],
            ),
        )
    )

    assert rows[str(instagram)]["count"] == 2341
    assert rows[str(instagram)]["limit"] == 2200
    assert rows[str(instagram)]["ok"] is False
    assert f"2{NBSP}341" in rows[str(instagram)]["message"]
    assert "Instagram" in rows[str(instagram)]["message"]
    # Mastodon counts every URL as 23 characters: "Trumpai: " (9) + 23.
    assert rows[str(mastodon)]["count"] == 32
    assert rows[str(mastodon)]["ok"] is True


def test_counters_include_the_link_with_its_utm_tags(specialist_client, instagram):
    # Instagram has no link field: the link goes into the caption, with the UTM tags
    # the post adds, and the counter counts it as the validation does (it used to
    # count the bare link: 2,201 shown, 2,261 enforced).
    link = "https://biblioteka.example/renginiai/skaitymai"
    data = post_data(channels=[instagram], text="a" * 2100, link=link, add_utm="on")
    [row] = counter_rows(counters(specialist_client, data)).values()

    tagged = "?utm_source=instagram&utm_medium=social&utm_campaign=sklaida"
    assert row["count"] == 2100 + 2 + len(link + tagged)

    # Without UTM tags, the bare link.
    data = post_data(channels=[instagram], text="a" * 2100, link=link)
    [row] = counter_rows(counters(specialist_client, data)).values()
    assert row["count"] == 2100 + 2 + len(link)


def test_facebook_counter_counts_the_link_once_photos_replace_its_preview(
    specialist_client, facebook
):
    # Facebook takes the link in its own field, unless photos are attached: then the
    # link goes into the text, and is counted there.
    link = "https://biblioteka.example/r/1"
    image = {"image": ImageFactory(), "alt_text": "Skaitykla"}
    text_only = post_data(channels=[facebook], text="Renginys", link=link)
    with_photo = post_data(channels=[facebook], text="Renginys", link=link, images=[image])

    [alone] = counter_rows(counters(specialist_client, text_only)).values()
    [photo] = counter_rows(counters(specialist_client, with_photo)).values()

    assert alone["count"] == len("Renginys")
    assert photo["count"] == len(f"Renginys\n\n{link}")


def test_counters_of_a_saved_post_count_its_form_not_its_stored_text(
    specialist_client, specialist, mastodon
):
    post = SocialPostFactory(channels=[mastodon], author=specialist, text="Senas tekstas")
    data = post_data(channels=[mastodon], text="x" * 600)

    [row] = counter_rows(counters(specialist_client, data, post=post)).values()

    assert row["count"] == 600 and row["ok"] is False


def test_counters_ignore_malformed_input(specialist_client, mastodon):
    garbage = specialist_client.post(
        reverse("social_text_counters"), data="{not json", content_type="application/json"
    )
    assert garbage.status_code == 200 and garbage.json()["counters"] == []

    data = post_data(channels=[mastodon])
    data["channels"] = ["pirmas"]
    assert counter_rows(counters(specialist_client, data)) == {}


def test_counters_count_huge_text_as_validation_does(specialist_client, facebook):
    data = post_data(channels=[facebook], text="a" * 1_000_000)
    [row] = counter_rows(counters(specialist_client, data)).values()

    assert row["count"] == 1_000_000
    assert row["ok"] is False

    # A body beyond Django's upload limit is refused, not a server error.
    too_big = counters(specialist_client, post_data(channels=[facebook], text="ž" * 1_500_000))
    assert too_big.status_code == 400


def test_counters_are_for_authors_only(client_for, other_department_user, head, mastodon):
    data = post_data(channels=[mastodon], text="Labas")
    assert counters(client_for(head), data).status_code == 200

    denied = counters(client_for(other_department_user), data)
    assert denied.status_code == 403
    assert "counters" not in denied.json()
    post = SocialPostFactory(channels=[mastodon])
    denied = counters(client_for(other_department_user), data, post=post)
    assert denied.status_code == 403
    assert counters(client_for(head), data, post=post).status_code == 200

    anonymous = counters(client_for(None), data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))


# ------------------------------------------------------------------ one composed text


def test_counter_validation_and_the_network_agree_on_the_composed_text(
    specialist_client, specialist, head, fake_threads
):
    # Threads has no link field: the link goes into the text, with this channel's UTM
    # tags. The counter, the submission's check and the network count the same text.
    threads = channel_for(fake_threads, name="Threads")
    link = "https://biblioteka.example/renginiai/vasaros-skaitymai"
    room = 500 - len("\n\n") - len(SocialPost(link=link, add_utm=True).link_for(threads))

    over = post_data(
        channels=[threads], text="a" * (room + 1), link=link, add_utm="on", action="action-submit"
    )
    [row] = counter_rows(counters(specialist_client, over)).values()
    assert (row["count"], row["ok"]) == (501, False)
    refused = specialist_client.post(reverse(ADD_URL), over)
    assert refused.status_code == 200
    assert row["message"] in refused.context["form"].non_field_errors()
    assert_nothing_saved()

    fits = dict(over, text="a" * room)
    [row] = counter_rows(counters(specialist_client, fits)).values()
    assert (row["count"], row["ok"]) == (500, True)
    assert specialist_client.post(reverse(ADD_URL), fits).status_code == 302

    post = SocialPost.objects.get()
    task_state = post.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, head, "approve")
    delivery = Delivery.objects.get(post=post)
    services.deliver(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    [sent] = [item["text"] for item in fake_threads.containers.values()]
    assert sent == outgoing_text(post, threads)
    assert count_text(Network.THREADS, sent) == row["count"] == 500


# ------------------------------------------------------------------ a draft may be incomplete


def _revisions(post):
    return list(post.revisions.order_by("pk").values_list("pk", flat=True))


def test_draft_over_the_limit_and_without_its_image_is_saved_but_not_submitted(
    specialist_client, instagram
):
    long_text = "ž" * 2341
    saved = specialist_client.post(
        reverse(ADD_URL), post_data(channels=[instagram], text=long_text)
    )

    assert saved.status_code == 302
    post = SocialPost.objects.get()
    assert post.text == long_text
    assert not post.live
    revisions = _revisions(post)

    edit_url = reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk])
    submitted = specialist_client.post(
        edit_url, post_data(channels=[instagram], text=long_text, action="action-submit")
    )

    assert submitted.status_code == 200
    errors = submitted.context["form"].non_field_errors()
    with translation.override("lt"):
        too_long = gettext("%(network)s: %(count)s / %(limit)s characters") % {
            "network": gettext("Instagram"),
            "count": f"2{NBSP}341",
            "limit": f"2{NBSP}200",
        }
        no_image = gettext("%(network)s: the post needs at least one image") % {
            "network": gettext("Instagram")
        }
    assert too_long in errors and no_image in errors
    text = page_text(submitted)
    assert too_long in text and no_image in text
    # Nothing changed: no moderation, no new revision, nothing live or sent.
    assert WorkflowState.objects.count() == 0
    assert _revisions(post) == revisions
    post.refresh_from_db()
    assert not post.live and post.text == long_text
    assert Delivery.objects.count() == 0


def test_publishing_an_over_limit_draft_is_refused(client_for, superuser, mastodon):
    admin = client_for(superuser)
    saved = admin.post(reverse(ADD_URL), post_data(channels=[mastodon], text="x" * 600))
    assert saved.status_code == 302
    post = SocialPost.objects.get()

    edit_url = reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk])
    published = admin.post(
        edit_url, post_data(channels=[mastodon], text="x" * 600, action="action-publish")
    )

    assert published.status_code == 200
    assert any("600" in error for error in published.context["form"].non_field_errors())
    post.refresh_from_db()
    assert not post.live
    assert Delivery.objects.count() == 0


def test_approving_a_draft_edited_over_the_limit_is_refused_with_the_reason(
    client_for, specialist, head, mastodon
):
    post = SocialPostFactory(channels=[mastodon], author=specialist, text="Trumpas tekstas")
    post.save_revision(user=specialist)
    post.get_workflow().start(post, specialist)
    # While it waits, someone saves an over-limit draft (drafts are not checked).
    post.text = "x" * 600
    post.save_revision(user=specialist)
    task_state = post.current_workflow_state.current_task_state

    url = reverse(
        "wagtailsnippets_social_socialpost:workflow_action",
        args=[post.pk, "approve", task_state.pk],
    )
    response = client_for(head).post(url, follow=True)

    post.refresh_from_db()
    assert not post.live
    assert Delivery.objects.count() == 0
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    messages = [str(message) for message in response.context["messages"]]
    assert any("Mastodon" in message and "600" in message for message in messages)


# ------------------------------------------------------------------ no inline code (CSP)

SOCIAL_TEMPLATES = Path(__file__).resolve().parents[3] / "editorial/social/templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def test_social_templates_carry_no_inline_scripts_or_styles():
    # A Content-Security-Policy without 'unsafe-inline' would silently drop them.
    offenders = []
    for template in SOCIAL_TEMPLATES.rglob("*.html"):
        source = template.read_text()
        if INLINE_SCRIPT.search(source) or INLINE_STYLE.search(source):
            offenders.append(template.name)
    assert offenders == []


def test_editor_loads_the_counters_and_styles_from_static_files(specialist_client, mastodon):
    from django.contrib.staticfiles import finders

    raw = specialist_client.get(reverse(ADD_URL)).content.decode()

    assert "data-social-counters" in raw
    assert re.search(r'<script[^>]+src="[^"]*social/js/counters\.js"', raw)
    assert re.search(r'<link[^>]+href="[^"]*social/css/admin\.css"', raw)
    assert ".social-badge-error" not in raw  # the rule lives in the stylesheet
    for inline in INLINE_SCRIPT.finditer(raw):
        if "application/json" in inline.group(0):
            continue  # data for Wagtail's scripts, not code
        body = raw[inline.end() : raw.index("</script>", inline.end())]
        assert "social" not in body
    assert finders.find("social/js/counters.js")
    assert finders.find("social/css/admin.css")
    stylesheet = Path(finders.find("social/css/admin.css"))
    assert ".social-badge-error" in stylesheet.read_text()


def test_social_hooks_file_only_registers():
    import ast

    source = (SOCIAL_TEMPLATES.parent / "wagtail_hooks.py").read_text()
    classes = [node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef)]
    assert classes == []  # views, columns and helpers live in their own modules


def test_the_resubmitted_text_is_what_the_head_approves_and_publishes(
    specialist_client, client_for, specialist, head, mastodon
):
    """After "request changes" the specialist edits and resubmits in the editor: the
    review resumes on the new revision, so approving it publishes the new text (and
    does not send the post back to moderation)."""
    post = SocialPostFactory(author=specialist, channels=[mastodon], title="Vasaros skaitymai")
    post.save_revision(user=specialist)
    Workflow.objects.get(active=True).start(post, specialist)
    post.refresh_from_db()
    task_state = post.current_workflow_task_state
    task_state.task.specific.on_action(task_state, head, "reject", comment="Pridėkite datą.")

    edit_url = reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk])
    specialist_client.get(edit_url)  # the editor is opened first, as a person does
    new_text = "Kviečiame į vasaros skaitymus liepos 10 d. bibliotekos kieme! #skaitymai"
    response = specialist_client.post(
        edit_url, post_data(channels=[mastodon], text=new_text, action="action-submit")
    )
    assert response.status_code == 302, page_text(response)[:2000]

    post.refresh_from_db()
    resumed = post.current_workflow_task_state
    assert resumed.revision_id == post.latest_revision_id
    resumed.task.specific.on_action(resumed, head, "approve")
    post.refresh_from_db()
    assert post.live
    assert post.text == new_text
    assert post.current_workflow_state is None
