"""The daily digest: once a day at the person's hour in Vilnius, in their language."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from wagtail.users.models import UserProfile

from cms import digests
from cms.factories import UserFactory
from cms.models import (
    EmailMode,
    Notice,
    NotificationDigest,
    NotificationPreference,
    NotificationSchedule,
)
from cms.notifications import notify
from cms.tasks import send_daily_digests, send_digest_email

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
VILNIUS = ZoneInfo("Europe/Vilnius")
APPROVED = "moderation.approved"


def at(*args):
    """Freeze the clock at a UTC moment (not ticking: nothing here depends on speed)."""
    return time_machine.travel(datetime.datetime(*args, tzinfo=UTC), tick=False)


def digest_person(user, hour=None):
    NotificationPreference.objects.create(user=user, event=APPROVED, mode=EmailMode.DAILY_DIGEST)
    if hour is not None:
        NotificationSchedule.objects.create(user=user, digest_hour=hour)
    return user


def tell(users, title, event=APPROVED):
    return notify(
        users,
        f"Patvirtinta: „{title}“",
        f"Rūta Kazlauskaitė patvirtino: „{title}“.",
        url="/admin/pages/4/edit/",
        event=event,
    )


def send_due():
    """One beat tick, its e-mail tasks run here as the worker would."""
    sent = []
    for digest_id in digests.open_due_digests():
        if digests.send_digest(digest_id):
            sent.append(digest_id)
    return sent


@pytest.mark.parametrize(
    "day, utc_hour_of_8_in_vilnius",
    [
        ((2026, 12, 2), 6),  # winter: UTC+2
        ((2026, 7, 1), 5),  # summer: UTC+3
        ((2026, 3, 29), 5),  # the morning the clocks go forward (03:00 -> 04:00)
        ((2026, 10, 25), 6),  # the morning they go back (04:00 -> 03:00)
    ],
)
def test_the_digest_leaves_at_8_in_vilnius_not_before(specialist, day, utc_hour_of_8_in_vilnius):
    digest_person(specialist)
    with at(*day, 0, 30):
        tell([specialist], "Rudens skaitymai")
    with at(*day, utc_hour_of_8_in_vilnius - 1, 59):
        assert send_due() == []
    assert mail.outbox == []
    with at(*day, utc_hour_of_8_in_vilnius, 0):
        assert len(send_due()) == 1
    assert [message.to for message in mail.outbox] == [[specialist.email]]
    digest = NotificationDigest.objects.get(user=specialist)
    assert digest.local_date == datetime.date(*day)


def test_each_person_at_their_own_hour(specialist, second_specialist):
    digest_person(specialist, hour=6)
    digest_person(second_specialist)
    with at(2026, 12, 2, 1, 0):
        tell([specialist, second_specialist], "Rudens skaitymai")
    with at(2026, 12, 2, 4, 0):  # 06:00 in Vilnius
        send_due()
    assert [message.to for message in mail.outbox] == [[specialist.email]]


@pytest.mark.parametrize(
    "count, subject, heading",
    [
        (1, "Dienos santrauka: 1 pranešimas", "1 naujas pranešimas:"),
        (2, "Dienos santrauka: 2 pranešimai", "2 nauji pranešimai:"),
        (10, "Dienos santrauka: 10 pranešimų", "10 naujų pranešimų:"),
        (21, "Dienos santrauka: 21 pranešimas", "21 naujas pranešimas:"),
    ],
)
def test_the_digest_speaks_lithuanian_with_the_right_plural(
    specialist, settings, count, subject, heading
):
    settings.WAGTAILADMIN_BASE_URL = "https://sklaida.example.lt"
    digest_person(specialist)
    with at(2026, 12, 1, 13, 15):  # 15:15 in Vilnius the day before
        for number in range(count):
            tell([specialist], f"Įrašas {number + 1} & <kita>")
    with at(2026, 12, 2, 6, 0):
        send_due()
    (message,) = mail.outbox
    assert message.subject == subject
    body = message.body
    assert body.startswith("Laba diena,")
    assert heading in body
    assert "1. Patvirtinta: „Įrašas 1 & <kita>“ (2026-12-01 15:15)" in body
    assert f"{count}. Patvirtinta: „Įrašas {count} & <kita>“" in body
    assert "Rūta Kazlauskaitė patvirtino: „Įrašas 1 & <kita>“." in body
    assert "https://sklaida.example.lt/admin/pages/4/edit/" in body
    assert "https://sklaida.example.lt/admin/account/" in body
    assert "&amp;" not in body and "&lt;" not in body


def test_the_digest_speaks_the_persons_language(specialist):
    digest_person(specialist)
    profile = UserProfile.get_for_user(specialist)
    profile.preferred_language = "en"
    profile.save()
    with at(2026, 12, 1, 13, 15):
        tell([specialist], "Rudens skaitymai")
        tell([specialist], "Žiemos skaitymai")
    with at(2026, 12, 2, 6, 0):
        send_due()
    assert mail.outbox[0].subject == "Daily digest: 2 notifications"
    assert "2 new notifications:" in mail.outbox[0].body


def test_only_digest_notices_are_listed(specialist, second_specialist):
    digest_person(specialist)
    NotificationPreference.objects.create(
        user=specialist, event="social.channel_changed", mode=EmailMode.OFF
    )
    with at(2026, 12, 1, 13, 15):
        tell([specialist], "Santraukoje")
        tell([specialist], "Be laiško", event="social.channel_changed")
        tell([specialist], "Iš karto", event="moderation.submitted")
    with at(2026, 12, 2, 6, 0):
        send_due()
    digest_mail = [message for message in mail.outbox if "santrauka" in message.subject]
    (message,) = digest_mail
    assert "Santraukoje" in message.body
    assert "Be laiško" not in message.body and "Iš karto" not in message.body


def test_once_a_day_and_later_notices_wait_for_tomorrow(specialist):
    digest_person(specialist)
    with at(2026, 12, 1, 13, 15):
        tell([specialist], "Vakarykštis")
    with at(2026, 12, 2, 6, 0):
        send_due()
    with at(2026, 12, 2, 6, 15):
        assert send_due() == []  # the next tick: nothing new
    with at(2026, 12, 2, 9, 0):
        tell([specialist], "Šiandieninis")
    with at(2026, 12, 2, 14, 0):
        assert send_due() == []  # today's digest has left
    with at(2026, 12, 3, 5, 59):
        assert send_due() == []  # 07:59
    with at(2026, 12, 3, 6, 0):
        assert len(send_due()) == 1
    first, second = mail.outbox
    assert "Vakarykštis" in first.body and "Šiandieninis" not in first.body
    assert "Šiandieninis" in second.body and "Vakarykštis" not in second.body
    assert second.subject == "Dienos santrauka: 1 pranešimas"


def test_a_day_with_nothing_sends_nothing(specialist):
    digest_person(specialist)
    with at(2026, 12, 2, 6, 0):
        assert send_due() == []
    assert not NotificationDigest.objects.exists()


def test_people_without_an_address_or_who_left_are_skipped(specialist):
    no_address = digest_person(UserFactory(specialist=True, email=""))
    left = digest_person(UserFactory(specialist=True))
    with at(2026, 12, 1, 13, 15):
        tell([no_address, left], "Rudens skaitymai")
    left.is_active = False
    left.save(update_fields=["is_active"])
    with at(2026, 12, 2, 6, 0):
        assert send_due() == []
    assert mail.outbox == []


def test_two_ticks_at_once_make_one_digest(specialist):
    digest_person(specialist)
    with at(2026, 12, 1, 13, 15):
        tell([specialist], "Rudens skaitymai")
    with at(2026, 12, 2, 6, 0):
        first = digests.open_digest(specialist.pk)
        second = digests.open_digest(specialist.pk)
    assert first is not None and second is None
    assert NotificationDigest.objects.count() == 1
    assert Notice.objects.get(user=specialist).digest_id == first


def test_a_digest_task_delivered_twice_sends_once(specialist):
    digest_person(specialist)
    with at(2026, 12, 1, 13, 15):
        tell([specialist], "Rudens skaitymai")
    with at(2026, 12, 2, 6, 0):
        (digest_id,) = digests.open_due_digests()
        assert send_digest_email(digest_id) is True
        assert send_digest_email(digest_id) is False
    assert len(mail.outbox) == 1
    assert NotificationDigest.objects.get(pk=digest_id).sent_at is not None


def test_a_digest_whose_task_was_lost_is_handed_over_again(specialist, monkeypatch):
    digest_person(specialist)
    handed = []
    monkeypatch.setattr(send_digest_email, "apply_async", lambda args, **kw: handed.append(args))
    with at(2026, 12, 1, 13, 15):
        tell([specialist], "Rudens skaitymai")
    with at(2026, 12, 2, 6, 0):
        assert send_daily_digests() == 1  # made, its task lost
    with at(2026, 12, 2, 6, 15):
        assert send_daily_digests() == 1  # handed over again
        send_digest_email(*handed[-1])
    with at(2026, 12, 2, 6, 30):
        assert send_daily_digests() == 0
    assert len(mail.outbox) == 1
    assert handed[0] == handed[1]


def test_the_beat_schedule_runs_the_digest_every_quarter_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["daily-digests"]
    assert entry["task"] == send_daily_digests.name
    assert entry["schedule"] <= 15 * 60


def test_the_zone_is_vilnius_whatever_the_servers():
    assert digests.digest_time_zone() == VILNIUS
