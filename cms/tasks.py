"""Celery tasks of the core app: thin wrappers, the work lives elsewhere."""

import logging
import smtplib

from celery import shared_task
from django.core.management import call_command
from django.utils.module_loading import import_string

from . import digests, notifications

logger = logging.getLogger(__name__)


@shared_task(name="cms.tasks.publish_scheduled")
def publish_scheduled():
    """Publish pages and snippets whose go-live time has come (Celery beat, every minute)."""
    call_command("publish_scheduled")


@shared_task(name="cms.tasks.run_django_task")
def run_django_task(module_path, args, kwargs):
    """Run a `django_tasks` task (Wagtail's own background work) inside a Celery worker."""
    task = import_string(module_path)
    return task.call(*args, **kwargs)


@shared_task(name="cms.tasks.ping")
def ping():
    """Health check: proves a worker is consuming from the broker."""
    return "pong"


# Waits between attempts to mail a notice; short enough to stay far below the Redis
# visibility timeout (1 hour), long enough to outlast a mail server's restart.
EMAIL_RETRY_COUNTDOWNS = (30, 60, 120, 300, 600)


@shared_task(bind=True, name="cms.tasks.send_notice_email", max_retries=len(EMAIL_RETRY_COUNTDOWNS))
def send_notice_email(self, notice_id, body=None):
    """E-mail one notice (cms.notifications); retried on SMTP and network errors."""
    try:
        return notifications.send_notice_email(notice_id, body)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.retries >= self.max_retries:
            logger.error(
                "Notification e-mail for notice %s not sent after %s attempts: %s",
                notice_id,
                self.request.retries + 1,
                exc,
            )
            return False
        logger.warning("Notification e-mail for notice %s failed, retrying: %s", notice_id, exc)
        raise self.retry(exc=exc, countdown=EMAIL_RETRY_COUNTDOWNS[self.request.retries]) from exc


@shared_task(name="cms.tasks.send_daily_digests")
def send_daily_digests():
    """Make the daily digests that are due and hand each to a worker (Celery beat)."""
    digest_ids = digests.open_due_digests()
    for digest_id in digest_ids:
        send_digest_email.apply_async(args=(digest_id,))
    return len(digest_ids)


@shared_task(bind=True, name="cms.tasks.send_digest_email", max_retries=len(EMAIL_RETRY_COUNTDOWNS))
def send_digest_email(self, digest_id):
    """E-mail one daily digest (cms.digests); retried on SMTP and network errors."""
    try:
        return digests.send_digest(digest_id)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Daily digest %s not sent after %s attempts: %s",
                         digest_id, self.request.retries + 1, exc)  # fmt: skip
            return False
        logger.warning("Daily digest %s failed, retrying: %s", digest_id, exc)
        raise self.retry(exc=exc, countdown=EMAIL_RETRY_COUNTDOWNS[self.request.retries]) from exc
