"""Each notification e-mailed once per event, through a real Celery worker and broker:
the same event told twice, the e-mail task delivered again, two digest ticks on two
worker processes."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.db import transaction

from cms.factories import UserFactory
from cms.models import (
    EmailMode,
    Notice,
    NotificationDigest,
    NotificationPreference,
    NotificationSchedule,
)
from cms.notifications import notify
from cms.tasks import send_daily_digests, send_notice_email
from tests.worker import running_worker, wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAIL_SETTINGS = "tests.editorial.moderation.mail_worker_settings"


def read_mails(directory):
    messages = []
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                )
    return messages


def mails_to(directory, user):
    return [message for message in read_mails(directory) if message["To"] == user.email]


def succeeded(worker, task_name):
    return len(re.findall(rf"Task {re.escape(task_name)}\[[^\]]+\] succeeded", worker.log()))


@pytest.fixture
def mail_dir(tmp_path):
    directory = tmp_path / "mail"
    directory.mkdir()
    return directory


def test_an_event_told_twice_and_its_task_delivered_again_is_mailed_once(
    mail_dir, specialist, second_specialist
):
    with running_worker(settings_module=MAIL_SETTINGS, env={"SKLAIDA_TEST_MAIL_DIR": mail_dir}):
        for _attempt in range(2):  # e.g. a signal fired twice
            with transaction.atomic():
                notify(
                    [specialist],
                    "Patvirtinta: „Rudens skaitymai“",
                    "Rūta Kazlauskaitė patvirtino.",
                    event_key="moderation:approved:1",
                    event="moderation.approved",
                )
        wait_until(lambda: mails_to(mail_dir, specialist), message="the first e-mail")
        notice = Notice.objects.get(user=specialist)
        # The broker hands the same task over again (a lost acknowledgement, a
        # restarted worker): twice more, then a sentinel the worker reaches after them.
        send_notice_email.apply_async(args=(notice.pk, None))
        send_notice_email.apply_async(args=(notice.pk, None))
        with transaction.atomic():
            notify([second_specialist], "Sargybinis", "", event="moderation.approved")
        wait_until(lambda: mails_to(mail_dir, second_specialist), message="the sentinel e-mail")

    assert len(mails_to(mail_dir, specialist)) == 1
    assert Notice.objects.filter(user=specialist).count() == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_modes_through_the_worker_digest_and_off_are_not_mailed_at_once(
    mail_dir, specialist, second_specialist, head
):
    NotificationPreference.objects.create(
        user=specialist, event="moderation.approved", mode=EmailMode.DAILY_DIGEST
    )
    NotificationPreference.objects.create(
        user=second_specialist, event="moderation.approved", mode=EmailMode.OFF
    )
    with running_worker(settings_module=MAIL_SETTINGS, env={"SKLAIDA_TEST_MAIL_DIR": mail_dir}):
        with transaction.atomic():
            notify([specialist, second_specialist], "Patvirtinta", "", event="moderation.approved")
            notify([head], "Sargybinis", "", event="moderation.approved")  # immediate
        wait_until(lambda: mails_to(mail_dir, head), message="the immediate e-mail")
    assert mails_to(mail_dir, specialist) == [] and mails_to(mail_dir, second_specialist) == []
    assert Notice.objects.filter(user__in=[specialist, second_specialist]).count() == 2


def test_two_digest_ticks_on_two_worker_processes_send_one_digest(mail_dir, specialist):
    others = [UserFactory(specialist=True) for _ in range(2)]
    for person in [specialist, *others]:
        NotificationPreference.objects.create(
            user=person, event="moderation.approved", mode=EmailMode.DAILY_DIGEST
        )
        # Midnight: due whenever the test runs (the hour itself is tested with frozen time).
        NotificationSchedule.objects.create(user=person, digest_hour=0)
    with transaction.atomic():
        notify(
            [specialist, *others],
            "Patvirtinta: „Rudens skaitymai“",
            "",
            event="moderation.approved",
        )
        notify([specialist], "Patvirtinta: „Žiemos skaitymai“", "", event="moderation.approved")

    with running_worker(
        settings_module=MAIL_SETTINGS, env={"SKLAIDA_TEST_MAIL_DIR": mail_dir}, concurrency=2
    ) as worker:
        for _tick in range(3):
            send_daily_digests.apply_async()
        wait_until(
            lambda: (
                succeeded(worker, "cms.tasks.send_daily_digests") == 3
                and succeeded(worker, "cms.tasks.send_digest_email") >= 3
                and NotificationDigest.objects.filter(sent_at__isnull=False).count() == 3
            ),
            timeout=60,
            message="three ticks and three digests",
        )

    mine = mails_to(mail_dir, specialist)
    assert len(mine) == 1
    assert mine[0]["Subject"] == "Dienos santrauka: 2 pranešimai"
    body = mine[0].get_content()
    assert "Rudens skaitymai" in body and "Žiemos skaitymai" in body
    for person in others:
        assert len(mails_to(mail_dir, person)) == 1
    assert NotificationDigest.objects.count() == 3
