"""A deadline reminder is sent exactly once through a real Celery worker, even when the
beat task runs several times at once on two worker processes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import Notice
from grants.models import DeadlineReminder
from grants.tasks import remind_deadlines
from tests.cms.test_notification_once_worker import mails_to
from tests.grants.funding_helpers import make_call
from tests.worker import running_worker, wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAIL_SETTINGS = "tests.editorial.moderation.mail_worker_settings"


def succeeded(worker, task_name):
    return len(re.findall(rf"Task {re.escape(task_name)}\[[^\]]+\] succeeded", worker.log()))


def test_two_beat_runs_at_once_send_one_reminder(tmp_path, specialist, head):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    call = make_call(
        responsible=specialist,
        name="Bibliotekų programų finansavimas 2027",
        deadline=timezone.now() + timedelta(days=7),
    )
    with running_worker(
        settings_module=MAIL_SETTINGS,
        env={"SKLAIDA_TEST_MAIL_DIR": mail_dir},
        concurrency=2,
        pool="prefork",
    ) as worker:
        for _run in range(3):  # a beat restarted, a second beat by mistake
            remind_deadlines.apply_async()
        wait_until(
            lambda: (
                succeeded(worker, "grants.remind_deadlines") == 3
                and len(mails_to(mail_dir, specialist)) >= 1
                and len(mails_to(mail_dir, head)) >= 1
            ),
            timeout=90,
            message="three runs and the e-mails",
        )
        # Whatever e-mail a late run could still hand over would be in the queue by now.
        wait_until(
            lambda: Notice.objects.filter(emailed_at__isnull=False).count() == 2,
            message="both notices e-mailed",
        )

    assert DeadlineReminder.objects.get().object_id == call.pk
    assert DeadlineReminder.objects.get().days_before == 7
    assert Notice.objects.filter(user=specialist).count() == 1
    assert Notice.objects.filter(user=head).count() == 1
    mine = mails_to(mail_dir, specialist)
    assert len(mine) == 1 and "Bibliotekų programų finansavimas 2027" in mine[0]["Subject"]
    assert len(mails_to(mail_dir, head)) == 1
