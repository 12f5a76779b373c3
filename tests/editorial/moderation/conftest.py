"""Fixtures for the moderation notification tests."""

import pytest
from django.core import mail

from cms.tasks import send_notice_email


@pytest.fixture
def mail_queue(monkeypatch):
    """Records the e-mails the request hands to Celery; `.deliver()` runs them as a worker would.

    The request itself must send nothing: `mail.outbox` stays empty until `deliver()`.
    """

    class Queue(list):
        def deliver(self):
            while self:
                # Called in this process (no task_prerun: that would close the test's
                # database connection); the worker tests run the real thing.
                send_notice_email(*self.pop(0))
            return list(mail.outbox)

    queue = Queue()
    monkeypatch.setattr(
        send_notice_email, "apply_async", lambda args, **options: queue.append(args)
    )
    return queue
