"""Entering a contest on the public page: one entry per person (also under concurrent
requests against the real database), the period, consents, hostile input, CSRF."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.campaigns.contests_services import Refused, normalise_email, submit_entry
from editorial.campaigns.models import PromotionEntry
from tests.editorial.campaigns.contests_helpers import entry_post, make_promotion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw, key",
    [
        ("  Ieva@Example.LT ", "ieva@example.lt"),
        ("ＩＥＶＡ@example.lt", "ieva@example.lt"),  # full-width letters (NFKC)
        ("Ieva.Kaz+konkursas@GMAIL.com", "ievakaz@gmail.com"),
        ("ieva.kaz@googlemail.com", "ievakaz@gmail.com"),
        ("ieva.kaz+x@example.lt", "ieva.kaz+x@example.lt"),  # only Gmail folds dots and tags
    ],
)
def test_the_email_key_folds_what_names_the_same_mailbox(raw, key):
    assert normalise_email(raw) == key


def test_a_visitor_enters_and_sees_the_thank_you_state(home_page, specialist):
    page = make_promotion(home_page, owner=specialist)
    client = Client()
    form = client.get(page.url)
    assert form.status_code == 200
    assert "Cache-Control" in form and "private" in form["Cache-Control"]
    response = client.post(page.url, entry_post())
    assert response.status_code == 302
    entry = PromotionEntry.objects.get()
    assert (entry.name, entry.email_key, entry.consent_rules, entry.consent_processing) == (
        "Ieva Kazlauskaitė",
        "ieva@example.lt",
        True,
        True,
    )
    thanks = client.get(response["Location"])
    assert "Jūsų anketa gauta" in thanks.content.decode() or "entry has been received" in (
        thanks.content.decode()
    )


def test_a_second_entry_from_the_same_person_is_refused(home_page, specialist):
    page = make_promotion(home_page, owner=specialist)
    Client().post(page.url, entry_post())
    response = Client().post(page.url, entry_post(email="  IEVA@example.lt "))
    assert response.status_code == 400
    assert PromotionEntry.objects.count() == 1
    text = response.content.decode()
    assert "jau gauta" in text or "already been received" in text


@pytest.mark.parametrize("when", ["closed", "upcoming"])
def test_an_entry_outside_the_period_is_refused(home_page, specialist, when):
    now = timezone.now()
    if when == "closed":
        opens, closes = now - timedelta(days=10), now - timedelta(minutes=1)
    else:
        opens, closes = now + timedelta(days=1), now + timedelta(days=10)
    page = make_promotion(home_page, owner=specialist, opens=opens, closes=closes)
    response = Client().post(page.url, entry_post())
    assert response.status_code == 400
    assert not PromotionEntry.objects.exists()
    assert 'name="answer"' not in Client().get(page.url).content.decode()  # no form shown
    with pytest.raises(Refused):
        submit_entry(
            page, name="A", email="a@example.lt", answer="x",
            consent_rules=True, consent_processing=True,
        )  # fmt: skip


@pytest.mark.parametrize("missing", ["consent_rules", "consent_processing"])
def test_missing_consent_is_refused_with_its_reason(home_page, specialist, missing):
    page = make_promotion(home_page, owner=specialist)
    response = Client().post(page.url, entry_post(**{missing: None}))
    assert response.status_code == 400
    assert not PromotionEntry.objects.exists()
    text = response.content.decode()
    expected = {
        "consent_rules": ("Turite sutikti su konkurso taisyklėmis", "accept the contest rules"),
        "consent_processing": ("Turite sutikti, kad", "agree to the processing"),
    }[missing]
    assert any(phrase in text for phrase in expected)


def test_bad_fields_are_refused_and_nothing_is_saved(home_page, specialist):
    page = make_promotion(home_page, owner=specialist)
    for body in (entry_post(email="ne-adresas"), entry_post(name=""), entry_post(answer="")):
        assert Client().post(page.url, body).status_code == 400
    assert not PromotionEntry.objects.exists()


def test_script_in_an_answer_is_stored_as_text_and_escaped_everywhere(
    home_page, specialist, head, client_for
):
    page = make_promotion(home_page, owner=specialist)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    Client().post(page.url, entry_post(name=hostile, answer=hostile))
    entry = PromotionEntry.objects.get()
    assert entry.answer == hostile  # kept as the visitor typed it, never interpreted
    register = client_for(head).get(reverse("campaigns_promotionentry_modeladmin_index"))
    inspect = client_for(head).get(
        reverse("campaigns_promotionentry_modeladmin_inspect", args=[entry.pk])
    )
    for response in (register, inspect):
        assert response.status_code == 200
        body = response.content.decode()
        assert hostile not in body and "<script>alert" not in body
        assert "&lt;script&gt;" in body


def test_an_entry_without_a_csrf_token_is_refused(home_page, specialist):
    page = make_promotion(home_page, owner=specialist)
    response = Client(enforce_csrf_checks=True).post(page.url, entry_post())
    assert response.status_code == 403
    assert not PromotionEntry.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicates_lose_cleanly_in_the_database(home_page, specialist):
    """Eight threads enter with spellings of one address at once: the unique constraint
    keeps exactly one; the others get the duplicate message, none an error."""
    page = make_promotion(home_page, owner=specialist)
    spellings = [
        "ieva@example.lt", "IEVA@example.lt", " ieva@example.lt", "Ieva@Example.lt",
        "ieva@EXAMPLE.LT", "ＩＥＶＡ@example.lt", "ieva@example.lt ", "iEVA@example.lt",
    ]  # fmt: skip
    barrier = threading.Barrier(len(spellings))
    outcomes, errors = [], []

    def enter(email):
        try:
            barrier.wait(timeout=10)
            try:
                submit_entry(
                    page, name="Ieva", email=email, answer="„Metai“",
                    consent_rules=True, consent_processing=True,
                )  # fmt: skip
                outcomes.append("saved")
            except Refused as refused:
                assert refused.field == "email"
                outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=enter, args=(email,)) for email in spellings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == ["refused"] * 7 + ["saved"]
    assert PromotionEntry.objects.filter(promotion=page).count() == 1


def test_the_database_itself_refuses_a_second_active_entry(home_page, specialist):
    """The constraint, not only the service's check: what the concurrent test relies on."""
    from django.db import IntegrityError, transaction

    page = make_promotion(home_page, owner=specialist)
    fields = {"promotion": page, "name": "A", "email": "a@example.lt", "answer": "x"}
    PromotionEntry.objects.create(email_key="a@example.lt", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        PromotionEntry.objects.create(email_key="a@example.lt", **fields)
    # Once erased (retention), the person may take part in a later round again.
    PromotionEntry.objects.update(anonymised_at=timezone.now(), email_key="")
    PromotionEntry.objects.create(email_key="a@example.lt", **fields)
    assert PromotionEntry.objects.count() == 2
