"""Channels through the admin: credentials are write-only, encrypted at rest and never
shown again, not in a form, a page or a log."""

import logging
import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from cms.models import Notice
from editorial.social import channel_audit, services
from editorial.social.adapters import get_adapter
from editorial.social.adapters.base import ChannelAccess, OutgoingPost, PermanentError, SendResult
from editorial.social.endpoints import normalise_instance
from editorial.social.factories import ChannelFactory
from editorial.social.models import Channel, Delivery
from editorial.social.networks import Network
from tests.editorial.social.fakes import FakeFacebook, FakeLinkedIn, FakeMastodon
from tests.editorial.social.helpers import channel_for, published_post

pytestmark = pytest.mark.django_db

TOKEN = "EAAGm0PX4ZCpsBAKslaptas-raktas-9f8e7d6c5b4a"
NEW_TOKEN = "EAAGm0PX4ZCpsBAnaujas-raktas-1a2b3c4d5e6f"


def in_lithuanian(message):
    with translation.override("lt"):
        return str(gettext(message))


def channel_form(**fields):
    data = {
        "network": Network.FACEBOOK,
        "name": "Bibliotekos Facebook puslapis",
        "handle": "https://facebook.com/biblioteka",
        "account_id": "104857600",
        "api_base": "",
        "access_token": TOKEN,
        "active": "on",
        "site": "",
    }
    data.update(fields)
    return data


def stored_column(channel):
    """The credentials column exactly as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT credentials_encrypted FROM social_channel WHERE id = %s", [channel.pk]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def specialist_client(client_for, specialist):
    return client_for(specialist)


def create_channel(client, **fields):
    return client.post(reverse("social_channel_modeladmin_create"), channel_form(**fields))


def edit_url(channel):
    return reverse("social_channel_modeladmin_edit", args=[channel.pk])


def test_the_token_is_stored_encrypted(specialist_client):
    response = create_channel(specialist_client)

    assert response.status_code == 302
    channel = Channel.objects.get()
    column = stored_column(channel)
    assert column  # something is stored ...
    assert TOKEN not in column  # ... but not the token
    assert "slaptas" not in column
    assert channel.get_credentials() == {"access_token": TOKEN}
    assert channel.state == Channel.State.OK


def test_the_token_is_never_rendered_back(specialist_client):
    create_channel(specialist_client)
    channel = Channel.objects.get()

    for url in (edit_url(channel), reverse("social_channel_modeladmin_index")):
        page = specialist_client.get(url).content.decode()
        assert TOKEN not in page
        assert channel.credentials_encrypted not in page

    edit_page = specialist_client.get(edit_url(channel)).content.decode()
    assert 'name="access_token"' in edit_page  # the field is there, empty
    assert 'type="password"' in edit_page


def test_an_empty_token_on_edit_keeps_the_stored_one(specialist_client):
    create_channel(specialist_client)
    channel = Channel.objects.get()
    before = stored_column(channel)

    response = specialist_client.post(
        edit_url(channel), channel_form(name="Pervadintas puslapis", access_token="")
    )

    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Pervadintas puslapis"
    assert stored_column(channel) == before
    assert channel.get_credentials() == {"access_token": TOKEN}


def test_a_new_token_replaces_the_old_and_clears_the_reauthorisation_flag(specialist_client):
    create_channel(specialist_client)
    channel = Channel.objects.get()
    channel.mark_needs_reauthorisation("Prieigos raktas nebegalioja")

    specialist_client.post(edit_url(channel), channel_form(access_token=NEW_TOKEN))

    channel.refresh_from_db()
    assert channel.get_credentials() == {"access_token": NEW_TOKEN}
    assert NEW_TOKEN not in stored_column(channel)
    assert channel.state == Channel.State.OK
    assert channel.state_message == ""


def test_mastodon_needs_its_instance_address(specialist_client):
    response = create_channel(
        specialist_client, network=Network.MASTODON, account_id="", api_base=""
    )

    assert response.status_code == 200
    message = in_lithuanian("Mastodon needs the instance address.")
    assert response.context["form"].errors["api_base"] == [message]
    assert message in response.content.decode()
    assert not Channel.objects.exists()


@pytest.mark.parametrize("network", [Network.FACEBOOK, Network.INSTAGRAM, Network.LINKEDIN])
def test_a_network_that_needs_the_account_id_refuses_a_channel_without_it(
    specialist_client, network
):
    response = create_channel(specialist_client, network=network, account_id="")

    assert response.status_code == 200
    message = in_lithuanian("This network needs the account ID.")
    assert response.context["form"].errors["account_id"] == [message]
    assert message in response.content.decode()
    assert not Channel.objects.exists()


def test_a_manual_channel_needs_neither_token_nor_account(specialist_client):
    response = create_channel(
        specialist_client,
        network=Network.MANUAL,
        name="Naujienlaiškis",
        account_id="",
        access_token="",
    )

    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.is_manual
    assert not channel.has_credentials


@pytest.mark.parametrize("network", ["fake_mastodon", "fake_facebook", "fake_linkedin"])
def test_the_token_never_reaches_a_log_when_a_delivery_fails(
    request, network, specialist, head, caplog, monkeypatch
):
    fake = request.getfixturevalue(network)
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)
    fake.expire_token()
    channel = channel_for(fake)
    post = published_post([channel], specialist, head, images=1)
    delivery = post.deliveries.get()

    with caplog.at_level(logging.DEBUG):
        services.deliver(delivery.pk)

    delivery.refresh_from_db()
    channel.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error_kind == Delivery.ErrorKind.AUTHORISATION
    assert channel.state == Channel.State.NEEDS_REAUTH
    assert caplog.records  # the failure was logged (urllib3, the pipeline) ...
    assert fake.token not in caplog.text  # ... without the token
    assert fake.token not in delivery.error_message
    assert fake.token not in channel.state_message
    for notice in Notice.objects.all():
        assert fake.token not in f"{notice.subject} {notice.message} {notice.url}"
    for email in mail.outbox:
        assert fake.token not in f"{email.subject} {email.body}"
    # The specialist hears about it.
    assert Notice.objects.filter(user=specialist).exists()


# -- where a token may go -----------------------------------------------------------------

MASTODON = "https://mastodon.example"


def mastodon_form(**fields):
    data = {
        "network": Network.MASTODON,
        "name": "Bibliotekos Mastodon",
        "handle": "@biblioteka@mastodon.example",
        "account_id": "",
        "api_base": MASTODON,
    }
    data.update(fields)
    return channel_form(**data)


def mastodon_channel(**fields):
    fields.setdefault("department", None)
    return ChannelFactory(
        network=Network.MASTODON,
        name="Bibliotekos Mastodon",
        api_base=MASTODON,
        token=TOKEN,
        **fields,
    )


def channel_logs(channel, action=None):
    entries = ModelLogEntry.objects.filter(object_id=str(channel.pk))
    return entries.filter(action=action) if action else entries


HOSTILE_SERVERS = [
    "http://mastodon.example",  # not https
    "https://127.0.0.1",  # loopback
    "https://10.1.2.3",  # private range
    "https://169.254.169.254",  # cloud metadata
    "https://[::1]",
    "https://2130706433",  # 127.0.0.1 as one number
    "https://localhost",
    "https://mastodon.local",
    "https://mastodon.example:8443",  # another port
    "https://user:secret@mastodon.example",  # user information
    "https://mastodon.example@evil.example",  # "mastodon.example" is only a user name
    "https://evil.example\\@mastodon.example",
    "https://mastodon.example/api/../../evil",  # a path
    "https://mastodon.example?next=https://evil.example",
    "https://mastodon.example#x",
    "javascript:alert(1)",
    "mastodon.example",
    "https://mastodon example",
]


@pytest.mark.parametrize("server", HOSTILE_SERVERS)
def test_the_form_refuses_a_mastodon_server_that_is_not_a_public_https_name(
    specialist_client, server
):
    response = create_channel(specialist_client, **mastodon_form(api_base=server))

    assert response.status_code == 200
    assert response.context["form"].errors["api_base"]
    assert not Channel.objects.exists()


def test_the_mastodon_server_is_stored_as_its_https_origin(specialist_client):
    response = create_channel(
        specialist_client, **mastodon_form(api_base=" HTTPS://Mastodon.Example:443/ ")
    )

    assert response.status_code == 302
    assert Channel.objects.get().api_base == "https://mastodon.example"


def test_normalise_instance_keeps_international_names_as_punycode():
    assert normalise_instance("https://Bibliotekų.lt/") == "https://xn--bibliotek-y8b.lt"


@pytest.mark.parametrize("network", [Network.FACEBOOK, Network.INSTAGRAM, Network.LINKEDIN])
def test_other_networks_take_no_address(specialist_client, network):
    response = create_channel(specialist_client, network=network, api_base="https://evil.example")

    assert response.status_code == 200
    assert response.context["form"].errors["api_base"] == [
        in_lithuanian(
            "Only a Mastodon channel has a server address; this network's address is fixed. "
            "Leave the field empty."
        )
    ]
    assert not Channel.objects.exists()


def test_a_refused_change_of_the_server_changes_nothing(specialist_client, head):
    channel = mastodon_channel()
    before = stored_column(channel)

    response = specialist_client.post(
        edit_url(channel), mastodon_form(api_base="https://127.0.0.1:8443", access_token="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["api_base"]
    channel.refresh_from_db()
    assert channel.api_base == MASTODON
    assert stored_column(channel) == before
    assert channel.state == Channel.State.OK
    assert not channel_logs(channel).exists()
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"api_base": "https://mastodon.social"},
        {"network": Network.THREADS, "api_base": "", "account_id": "1789"},
    ],
    ids=["server", "network"],
)
def test_changing_server_or_network_removes_the_stored_token(specialist_client, change):
    channel = mastodon_channel()

    response = specialist_client.post(edit_url(channel), mastodon_form(access_token="", **change))

    assert response.status_code == 302
    channel.refresh_from_db()
    assert not channel.has_credentials
    assert stored_column(channel) == ""
    assert channel.state == Channel.State.NOT_CONNECTED
    assert channel_logs(channel, channel_audit.CREDENTIALS_REMOVED).count() == 1


def test_changing_the_account_id_removes_the_stored_token(specialist_client):
    create_channel(specialist_client)
    channel = Channel.objects.get()

    specialist_client.post(edit_url(channel), channel_form(account_id="999", access_token=""))

    channel.refresh_from_db()
    assert channel.account_id == "999"
    assert not channel.has_credentials
    assert channel.state == Channel.State.NOT_CONNECTED


def test_a_new_token_entered_with_the_new_server_is_kept(specialist_client):
    channel = mastodon_channel()

    specialist_client.post(
        edit_url(channel), mastodon_form(api_base="https://mastodon.social", access_token=NEW_TOKEN)
    )

    channel.refresh_from_db()
    assert channel.api_base == "https://mastodon.social"
    assert channel.get_credentials() == {"access_token": NEW_TOKEN}
    assert channel.state == Channel.State.OK


def test_a_redirected_channel_sends_nothing_when_retried(
    specialist_client, fake_mastodon, specialist, head, monkeypatch
):
    """The reported attack: point the channel at one's own server, keep the stored
    token, press "retry". The token is gone with the change, so nothing is sent."""
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)
    channel = channel_for(fake_mastodon, department=None)
    post = published_post([channel], specialist, head)
    delivery = post.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)

    specialist_client.post(
        edit_url(channel),
        mastodon_form(name=channel.name, api_base="https://evil.example", access_token=""),
    )
    specialist_client.post(reverse("social_delivery_retry", args=[delivery.pk]))
    services.deliver(delivery.pk)

    delivery.refresh_from_db()
    channel.refresh_from_db()
    assert not channel.has_credentials
    assert delivery.status == Delivery.Status.FAILED
    assert fake_mastodon.requests == []  # not the token, not anything


def test_a_token_goes_only_to_the_networks_own_address(
    fake_facebook, specialist, head, monkeypatch
):
    """A channel row that still names another server (stored before this check, or
    written past the form) cannot take the token there."""
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)
    with FakeFacebook() as elsewhere:
        channel = channel_for(fake_facebook)
        Channel.objects.filter(pk=channel.pk).update(api_base=elsewhere.url)
        post = published_post([channel], specialist, head)
        delivery = post.deliveries.get()

        services.deliver(delivery.pk)

        assert elsewhere.requests == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert fake_facebook.requests
    for request in fake_facebook.requests:
        assert request.headers.get("Authorization") == f"Bearer {fake_facebook.token}"


@pytest.mark.parametrize(
    "network,address",
    [
        (Network.FACEBOOK, "https://graph.facebook.com/v23.0"),
        (Network.INSTAGRAM, "https://graph.facebook.com/v23.0"),
        (Network.THREADS, "https://graph.threads.net/v1.0"),
        (Network.LINKEDIN, "https://api.linkedin.com/rest"),
    ],
)
def test_the_api_address_is_fixed_per_network(settings, network, address):
    settings.SOCIAL_API_BASE_OVERRIDES = {}
    access = ChannelAccess(network, "http://127.0.0.1:9/", "1", {"access_token": TOKEN})

    assert get_adapter(network).base_url(access) == address


@pytest.mark.parametrize("server", ["http://127.0.0.1:9", "https://10.0.0.1", ""])
def test_a_mastodon_channel_with_a_bad_server_sends_nothing(settings, server):
    settings.SOCIAL_API_BASE_OVERRIDES = {}
    access = ChannelAccess(Network.MASTODON, server, "", {"access_token": TOKEN})

    with pytest.raises(PermanentError):
        get_adapter(Network.MASTODON).send(access, OutgoingPost("Sveiki"), "key-1")


class LinkedInUploadingElsewhere(FakeLinkedIn):
    """A LinkedIn whose upload address points at another server."""

    elsewhere = ""

    def routes(self):
        return [
            (method, pattern, name, type(self).init_elsewhere if name == "images_init" else handler)
            for method, pattern, name, handler in super().routes()
        ]

    def init_elsewhere(self, request):
        reply = FakeLinkedIn.initialize_upload(self, request)
        value = reply.body["value"]
        value["uploadUrl"] = value["uploadUrl"].replace(self.url, self.elsewhere)
        return reply


def test_an_address_from_the_network_answer_gets_no_token(settings):
    from editorial.social.adapters.base import MediaItem

    with FakeMastodon() as elsewhere, LinkedInUploadingElsewhere() as linkedin:
        linkedin.elsewhere = elsewhere.url
        settings.SOCIAL_API_BASE_OVERRIDES = {"linkedin": linkedin.url + linkedin.api_path}
        image = MediaItem("a.jpg", "image/jpeg", b"\xff\xd8\xff", "Skaitykla")

        with pytest.raises(PermanentError):
            get_adapter(Network.LINKEDIN).send(
                linkedin.access(), OutgoingPost("Sveiki", media=(image,)), "key-1"
            )

        assert elsewhere.requests == []
        assert linkedin.published == []


# -- connection states -------------------------------------------------------------------


def row_text(html, name):
    """The text of the listing row that names `name`."""
    for row in re.findall(r"<tr\b.*?</tr>", html, flags=re.S):
        if name in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no row for {name}")


def test_the_channel_list_says_whether_each_channel_is_connected(specialist_client):
    ChannelFactory(network=Network.FACEBOOK, name="Be rakto", token="")
    ChannelFactory(network=Network.LINKEDIN, name="Su raktu", token=TOKEN)
    expired = ChannelFactory(network=Network.THREADS, name="Pasibaigęs", token=TOKEN)
    expired.mark_needs_reauthorisation("Prieigos raktas nebegalioja")
    ChannelFactory(network=Network.TIKTOK, name="Rankinis", token="")

    html = specialist_client.get(
        reverse("social_channel_modeladmin_index"), HTTP_ACCEPT_LANGUAGE="lt"
    ).content.decode()

    assert in_lithuanian("Not connected") in row_text(html, "Be rakto")
    assert in_lithuanian("Connected") in row_text(html, "Su raktu").split()
    assert in_lithuanian("Connected") not in row_text(html, "Be rakto").split()
    assert in_lithuanian("Needs re-authorisation") in row_text(html, "Pasibaigęs")
    assert in_lithuanian("Published by hand") in row_text(html, "Rankinis")


def test_a_channel_without_credentials_is_never_connected():
    channel = ChannelFactory(network=Network.FACEBOOK, token="")
    Channel.objects.filter(pk=channel.pk).update(state=Channel.State.OK)  # an old row
    channel.refresh_from_db()

    assert channel.connection == Channel.State.NOT_CONNECTED


# -- history and the head ----------------------------------------------------------------


def test_every_change_is_in_the_channels_history(specialist_client, specialist):
    create_channel(specialist_client)
    channel = Channel.objects.get()
    specialist_client.post(
        edit_url(channel), channel_form(name="Pervadintas puslapis", access_token="")
    )
    specialist_client.post(
        edit_url(channel), channel_form(name="Pervadintas puslapis", access_token=NEW_TOKEN)
    )

    actions = list(channel_logs(channel).order_by("timestamp", "pk").values_list("action", "user"))
    assert actions == [
        (channel_audit.CREATED, specialist.pk),
        (channel_audit.EDITED, specialist.pk),
        (channel_audit.TOKEN_REPLACED, specialist.pk),
    ]
    assert channel_logs(channel, channel_audit.EDITED).get().data == {"fields": ["name"]}
    history = specialist_client.get(
        reverse("social_channel_modeladmin_history", args=[channel.pk]), HTTP_ACCEPT_LANGUAGE="lt"
    ).content.decode()
    with translation.override("lt"):
        field = str(Channel._meta.get_field("name").verbose_name)
        edited = gettext("Channel settings changed: %(fields)s") % {"fields": f"„{field}“"}
        replaced = gettext("Access token replaced")
    assert edited in history
    assert replaced in history
    for entry in channel_logs(channel):
        assert TOKEN not in str(entry.data) and NEW_TOKEN not in str(entry.data)


def test_the_head_hears_of_a_change_once(specialist_client, specialist, head, second_head):
    channel = mastodon_channel()

    specialist_client.post(
        edit_url(channel), mastodon_form(api_base="https://mastodon.social", access_token="")
    )

    notices = Notice.objects.filter(user=head)
    assert notices.count() == 1  # one change, one notice, however many entries it logged
    notice = notices.get()
    assert channel.name in notice.subject
    assert notice.url == reverse("social_channel_modeladmin_history", args=[channel.pk])
    assert TOKEN not in notice.message
    assert not Notice.objects.filter(user=second_head).exists()  # another department
    assert not Notice.objects.filter(user=specialist).exists()  # who made the change


def test_the_channels_own_department_head_is_told(
    client_for, specialist, head, second_head, other_department
):
    channel = mastodon_channel(department=other_department)

    client_for(specialist).post(
        edit_url(channel),
        mastodon_form(name="Kitas vardas", department=other_department.pk, access_token=""),
    )

    assert Notice.objects.filter(user=second_head).count() == 1
    assert not Notice.objects.filter(user=head).exists()


def test_a_new_channel_is_told_to_the_head_of_its_authors_department(specialist_client, head):
    create_channel(specialist_client)
    channel = Channel.objects.get()

    assert channel_logs(channel, channel_audit.CREATED).count() == 1
    assert Notice.objects.filter(user=head).count() == 1


def test_deleting_a_channel_is_logged_and_told_to_its_head(
    client_for, head, second_head, other_department
):
    channel = mastodon_channel(department=other_department)
    pk = channel.pk

    response = client_for(head).post(reverse("social_channel_modeladmin_delete", args=[pk]))

    assert response.status_code == 302
    assert not Channel.objects.filter(pk=pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(pk), action="wagtail.delete").exists()
    assert Notice.objects.filter(user=second_head).count() == 1


# -- expired access: one notice per channel ----------------------------------------------


def test_an_expired_token_gives_one_notice_per_channel(
    fake_mastodon, specialist, head, monkeypatch
):
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)
    fake_mastodon.expire_token()
    channel = channel_for(fake_mastodon, department=head.headed_departments.get())
    channel_notices = Notice.objects.filter(
        url=reverse("social_channel_modeladmin_edit", args=[channel.pk])
    )
    deliveries = [published_post([channel], specialist, head).deliveries.get() for _ in range(3)]

    for delivery in deliveries:
        services.deliver(delivery.pk)

    assert all(d.status == Delivery.Status.FAILED for d in Delivery.objects.filter(channel=channel))
    assert channel_notices.filter(user=specialist).count() == 1
    assert channel_notices.filter(user=head).count() == 1
    assert channel_logs(channel, channel_audit.ACCESS_EXPIRED).count() == 1

    # Reconnected, then expired again: that is news again.
    channel.refresh_from_db()
    channel.set_credentials({"access_token": fake_mastodon.token})
    channel.save()
    services.deliver(published_post([channel], specialist, head).deliveries.get().pk)
    assert channel_notices.filter(user=specialist).count() == 2


# -- links from networks -----------------------------------------------------------------

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/admin/",
]


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_an_address_from_a_network_is_kept_only_when_http(link):
    assert SendResult("1", url=link).url == ""
    assert (
        SendResult("1", url="https://mastodon.example/@b/1").url == "https://mastodon.example/@b/1"
    )


class MastodonWithHostileLinks(FakeMastodon):
    link = "javascript:alert(document.cookie)"

    def routes(self):
        return [
            (method, pattern, name, type(self).hostile_status if name == "statuses" else handler)
            for method, pattern, name, handler in super().routes()
        ]

    def hostile_status(self, request):
        reply = FakeMastodon.create_status(self, request)
        if isinstance(reply.body, dict) and "id" in reply.body:
            reply.body = {**reply.body, "url": self.link, "uri": self.link}
        return reply


def test_a_hostile_permalink_is_neither_stored_nor_linked(
    specialist, head, client_for, settings, monkeypatch
):
    monkeypatch.setattr(services, "enqueue", lambda ids, countdown=None: ids)
    with MastodonWithHostileLinks() as fake:
        settings.SOCIAL_API_BASE_OVERRIDES = {"mastodon": fake.url}
        post = published_post([channel_for(fake)], specialist, head)
        delivery = post.deliveries.get()
        services.deliver(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.remote_url == ""


def test_a_hostile_address_stored_earlier_is_not_rendered_as_a_link(specialist, head, client_for):
    channel = ChannelFactory(network=Network.MASTODON, api_base=MASTODON)
    post = published_post([channel], specialist, head)
    Delivery.objects.filter(post=post).update(
        status=Delivery.Status.SENT, remote_url="javascript:alert(document.cookie)"
    )

    page = client_for(head).get(reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk]))

    assert page.status_code == 200
    assert "javascript:alert(document.cookie)" not in page.content.decode()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/a"])
def test_marking_as_published_refuses_an_address_that_is_not_http(
    client_for, specialist, head, link
):
    channel = ChannelFactory(network=Network.TIKTOK, token="")
    post = published_post([channel], specialist, head)
    delivery = post.deliveries.get()
    services.deliver(delivery.pk)  # due: a worker makes it wait for a person
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.MANUAL

    client_for(specialist).post(
        reverse("social_delivery_mark_posted", args=[delivery.pk]), {"url": link}
    )

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.MANUAL
    assert delivery.remote_url == ""
    assert services.mark_posted(delivery, specialist, link)  # even past the form ...
    delivery.refresh_from_db()
    assert delivery.remote_url == ""  # ... nothing but http(s) is stored


def test_the_migration_removes_tokens_that_could_have_been_sent_elsewhere():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "editorial.social.migrations.0003_channel_fixed_api_and_connection"
    )
    redirected = ChannelFactory(network=Network.FACEBOOK, token=TOKEN)
    mastodon = ChannelFactory(network=Network.MASTODON, token=TOKEN)
    Channel.objects.filter(pk=redirected.pk).update(api_base="https://evil.example")
    Channel.objects.filter(pk=mastodon.pk).update(api_base=" https://Mastodon.Example/ ")
    empty = ChannelFactory(network=Network.LINKEDIN, token="")
    Channel.objects.filter(pk=empty.pk).update(state=Channel.State.OK)

    migration.fix_addresses_and_states(apps, None)

    redirected.refresh_from_db()
    mastodon.refresh_from_db()
    empty.refresh_from_db()
    assert (redirected.api_base, redirected.has_credentials) == ("", False)
    assert redirected.state == Channel.State.NOT_CONNECTED
    assert mastodon.api_base == MASTODON
    assert mastodon.get_credentials() == {"access_token": TOKEN}
    assert empty.state == Channel.State.NOT_CONNECTED
