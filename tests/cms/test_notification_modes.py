"""Each person's preference per kind of notification: immediately, in the digest, or off.

The notice is always recorded; the e-mail follows the preference; a deputy of an absent
recipient gets a copy under their own preference; the e-mail is sent once.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail import hooks

from cms.factories import AbsenceFactory, UserFactory
from cms.models import EmailMode, Notice, NotificationPreference
from cms.notification_events import (
    DAILY_DIGEST,
    NOTIFICATION_EVENTS_HOOK,
    NotificationEvent,
    notification_events,
)
from cms.notifications import EMAIL_CLAIM_SECONDS, notify
from cms.tasks import send_notice_email

pytestmark = pytest.mark.django_db

APPROVED = "moderation.approved"


@pytest.fixture
def queued(monkeypatch):
    """Notice ids handed to the broker for an immediate e-mail."""
    calls = []
    monkeypatch.setattr(
        send_notice_email, "apply_async", lambda args, **options: calls.append(args[0])
    )
    return calls


@pytest.fixture
def told(queued, django_capture_on_commit_callbacks):
    """`told(users, **kwargs)`: notify inside a committed transaction."""

    def run(users, subject="Patvirtinta: „Rudens skaitymai“", **kwargs):
        kwargs.setdefault("event", APPROVED)
        with django_capture_on_commit_callbacks(execute=True):
            return notify(users, subject, "Rūta Kazlauskaitė patvirtino.", "/admin/", **kwargs)

    return run


def prefer(user, event, mode):
    NotificationPreference.objects.update_or_create(user=user, event=event, defaults={"mode": mode})


def test_every_existing_kind_is_declared():
    codes = set(notification_events())
    assert {
        "moderation.submitted",
        "moderation.approved",
        "moderation.changes_requested",
        "moderation.rejected",
        "moderation.published",
        "social.delivery_failed",
        "social.channel_changed",
    } <= codes


@pytest.mark.parametrize(
    "mode, mailed, digest",
    [
        (EmailMode.IMMEDIATELY, True, False),
        (EmailMode.DAILY_DIGEST, False, True),
        (EmailMode.OFF, False, False),
    ],
)
def test_the_persons_choice_decides_the_email_and_the_notice_is_always_made(
    specialist, told, queued, mode, mailed, digest
):
    prefer(specialist, APPROVED, mode)
    assert told([specialist]) == 1
    notice = Notice.objects.get(user=specialist)
    assert notice.email_mode == mode
    assert notice.event == APPROVED
    assert (queued == [notice.pk]) is mailed
    assert (notice.email_mode == EmailMode.DAILY_DIGEST) is digest


def test_a_choice_for_another_kind_does_not_apply(specialist, told, queued):
    prefer(specialist, "moderation.submitted", EmailMode.OFF)
    told([specialist])
    assert len(queued) == 1


def test_people_choose_each_for_themselves(specialist, second_specialist, told, queued):
    prefer(second_specialist, APPROVED, EmailMode.OFF)
    told([specialist, second_specialist])
    assert queued == [Notice.objects.get(user=specialist).pk]
    assert Notice.objects.filter(user=second_specialist, email_mode=EmailMode.OFF).exists()


@pytest.mark.parametrize("event", ["", "assignments.not_declared_yet"])
def test_an_undeclared_kind_is_mailed_immediately(specialist, told, queued, event):
    prefer(specialist, event or "x", EmailMode.OFF)  # a stray row changes nothing
    told([specialist], event=event)
    assert len(queued) == 1
    assert Notice.objects.get(user=specialist).email_mode == EmailMode.IMMEDIATELY


def test_a_kinds_own_default_applies_until_the_person_chooses(
    specialist, second_specialist, told, queued
):
    def quiet_events():
        return [NotificationEvent("tests.quiet", "Tylus", default=DAILY_DIGEST)]

    with hooks.register_temporarily(NOTIFICATION_EVENTS_HOOK, quiet_events):
        prefer(second_specialist, "tests.quiet", EmailMode.IMMEDIATELY)
        told([specialist, second_specialist], event="tests.quiet")
    assert Notice.objects.get(user=specialist).email_mode == EmailMode.DAILY_DIGEST
    assert queued == [Notice.objects.get(user=second_specialist).pk]


# --- stand-ins ---------------------------------------------------------------------------


def test_a_deputy_gets_a_copy_while_the_recipient_is_absent(
    specialist, second_specialist, told, queued
):
    AbsenceFactory(person=specialist, deputy=second_specialist)
    with translation.override("en"):
        assert told([specialist]) == 2
    copy = Notice.objects.get(user=second_specialist)
    assert copy.subject == "[Pavaduojate: Jonas Petrauskas] Patvirtinta: „Rudens skaitymai“"
    assert copy.message.startswith("Jūs pavaduojate: Jonas Petrauskas.")
    assert copy.on_behalf_of == "Jonas Petrauskas"
    assert Notice.objects.get(user=specialist).on_behalf_of == ""
    assert len(queued) == 2


def test_the_deputy_copy_follows_the_deputys_own_choice(
    specialist, second_specialist, told, queued
):
    AbsenceFactory(person=specialist, deputy=second_specialist)
    prefer(second_specialist, APPROVED, EmailMode.DAILY_DIGEST)
    told([specialist])
    assert queued == [Notice.objects.get(user=specialist).pk]
    assert Notice.objects.get(user=second_specialist).email_mode == EmailMode.DAILY_DIGEST


def test_no_copy_outside_the_absence(specialist, second_specialist, told):
    today = timezone.localdate()
    AbsenceFactory(
        person=specialist,
        deputy=second_specialist,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today - datetime.timedelta(days=1),
    )
    AbsenceFactory(
        person=specialist,
        deputy=second_specialist,
        starts_on=today + datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=3),
    )
    told([specialist])
    assert not Notice.objects.filter(user=second_specialist).exists()


def test_a_deputy_told_in_their_own_right_gets_one_notice(specialist, second_specialist, told):
    AbsenceFactory(person=specialist, deputy=second_specialist)
    told([specialist, second_specialist])
    notices = list(Notice.objects.filter(user=second_specialist))
    assert len(notices) == 1 and notices[0].on_behalf_of == ""


def test_the_actor_is_not_told_even_as_a_deputy(specialist, second_specialist, head, told):
    AbsenceFactory(person=specialist, deputy=head)
    told([specialist, head], actor=head)
    assert not Notice.objects.filter(user=head).exists()
    assert Notice.objects.filter(user=specialist).exists()


def test_an_inactive_deputy_gets_nothing(specialist, told):
    gone = UserFactory(specialist=True)
    AbsenceFactory(person=specialist, deputy=gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    told([specialist])
    assert not Notice.objects.filter(user=gone).exists()


def test_the_deputy_is_told_once_per_event(specialist, second_specialist, told):
    AbsenceFactory(person=specialist, deputy=second_specialist)
    told([specialist], event_key="moderation:approved:5")
    told([specialist], event_key="moderation:approved:5")
    assert Notice.objects.filter(user=second_specialist).count() == 1
    assert Notice.objects.filter(user=specialist).count() == 1


# --- sent once ---------------------------------------------------------------------------


def test_a_task_delivered_twice_sends_one_email(specialist, told, queued):
    told([specialist])
    notice_id = queued[0]
    assert send_notice_email(notice_id) is True
    assert send_notice_email(notice_id) is False
    assert len(mail.outbox) == 1
    assert Notice.objects.get(pk=notice_id).emailed_at is not None


def test_a_task_running_while_another_holds_the_claim_sends_nothing(specialist, told, queued):
    told([specialist])
    Notice.objects.filter(pk=queued[0]).update(email_claimed_at=timezone.now())
    assert send_notice_email(queued[0]) is False
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_over(specialist, told, queued):
    told([specialist])
    stale = timezone.now() - datetime.timedelta(seconds=EMAIL_CLAIM_SECONDS + 1)
    Notice.objects.filter(pk=queued[0]).update(email_claimed_at=stale)
    assert send_notice_email(queued[0]) is True
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("mode", [EmailMode.DAILY_DIGEST, EmailMode.OFF])
def test_the_email_task_never_mails_a_notice_not_meant_for_it(specialist, mode):
    notice = Notice.objects.create(user=specialist, subject="Patvirtinta", email_mode=mode)
    assert send_notice_email(notice.pk) is False
    assert mail.outbox == []


# --- a fixed number of queries -----------------------------------------------------------


@pytest.mark.parametrize("count", [1, 30])
def test_notify_queries_do_not_grow_with_the_recipients(
    count, second_specialist, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    people = [UserFactory(specialist=True) for _ in range(count)]
    for person in people[::2]:
        prefer(person, APPROVED, EmailMode.DAILY_DIGEST)
    AbsenceFactory(person=people[0], deputy=second_specialist)
    with django_assert_max_num_queries(8), django_capture_on_commit_callbacks():
        assert notify(people, "Patvirtinta", "", event_key="k:1", event=APPROVED) == count + 1
