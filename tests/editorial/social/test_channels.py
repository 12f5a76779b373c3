"""Channels through the admin: credentials are write-only, encrypted at rest and never
shown again, not in a form, a page or a log."""

import logging

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cms.models import Notice
from editorial.social import services
from editorial.social.models import Channel, Delivery
from editorial.social.networks import Network
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
