"""Guessing passwords through the admin sign-in form is stopped per account and per address."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

pytestmark = pytest.mark.django_db

PASSWORD = "Teisingas-Slaptazodis-2026"
LOGIN_URL = reverse("wagtailadmin_login")


@pytest.fixture
def users():
    User = get_user_model()
    return {
        name: User.objects.create_user(name, f"{name}@biblioteka.example", PASSWORD, is_staff=True)
        for name in ("rasa", "jonas", "ieva")
    }


def sign_in(username, password, address="10.0.0.1", client=None, **headers):
    client = client or Client()
    response = client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(times, username, address="10.0.0.1", **headers):
    for _ in range(times):
        _client, response = sign_in(username, "neteisingas", address, **headers)
        assert response.status_code in (200, 429)


def lockout_title():
    with override("lt"):
        return gettext("Signing in is blocked for a while")


def test_a_locked_out_account_cannot_sign_in_even_with_the_right_password(users):
    fail(5, "rasa")

    client, response = sign_in("rasa", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    assert lockout_title() in response.text
    assert '<html lang="lt"' in response.text


def test_the_account_stays_locked_from_another_address(users):
    fail(5, "rasa", address="10.0.0.1")

    client, response = sign_in("rasa", PASSWORD, address="192.0.2.7")

    assert response.status_code == 429
    assert not signed_in(client)


def test_another_user_from_another_address_signs_in(users):
    fail(5, "rasa", address="10.0.0.1")

    client, response = sign_in("jonas", PASSWORD, address="192.0.2.7")

    assert response.status_code == 302
    assert signed_in(client)


def test_four_mistakes_do_not_lock_the_account(users):
    fail(4, "rasa")

    client, response = sign_in("rasa", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=8)
def test_an_address_guessing_many_accounts_is_locked_for_every_account(users):
    # Under the per-account limit for each name, over the per-address limit in total.
    for name in ("rasa", "jonas", "nera-tokio", "ieva"):
        fail(2, name, address="10.0.0.66")

    client, response = sign_in("ieva", PASSWORD, address="10.0.0.66")
    assert response.status_code == 429
    assert not signed_in(client)

    elsewhere, response = sign_in("ieva", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302
    assert signed_in(elsewhere)


def test_the_lock_ends_after_the_cool_off(users):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(5, "rasa")
        assert sign_in("rasa", PASSWORD)[1].status_code == 429

        clock.shift(timedelta(minutes=16))
        client, response = sign_in("rasa", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape_the_lock(users):
    # The proxy appends the address it saw; whatever the visitor wrote before is ignored.
    for forged in range(5):
        fail(1, "ghost", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{forged}, 10.9.9.9")
    fail(16, "ghost2", address="127.0.0.1", HTTP_X_FORWARDED_FOR="2.2.2.2, 10.9.9.9")

    client, response = sign_in(
        "jonas", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="3.3.3.3, 10.9.9.9"
    )
    assert response.status_code == 429
    assert not signed_in(client)

    other, response = sign_in(
        "jonas", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.10"
    )
    assert response.status_code == 302
