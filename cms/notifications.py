"""One way to tell staff that something needs them: an in-admin notice plus an e-mail.

Apps call `notify(...)`; nobody else calls send_mail for staff notifications, so
the channel (and later per-person preferences) is decided in one place.

The notice is written in the caller's transaction; the e-mail is sent by a Celery
worker after commit (cms.tasks.send_notice_email), so a slow or unreachable mail
server, or a broker that is down, never fails or slows the action that caused it.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction

from .models import Notice

logger = logging.getLogger(__name__)

# Seconds an SMTP conversation may take in the worker before it is retried later.
DEFAULT_EMAIL_TIMEOUT = 30


def admin_url(path):
    """The absolute URL of an admin `path`, as a person opens it from an e-mail."""
    if not path or "://" in path:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def notify(users, subject, message, url="", *, event_key="", email_body=None, event=""):
    """Record a notice for each active user and have each e-mailed by the worker.

    `url` is an admin path (shown as the notice's link, made absolute in the e-mail).
    With `event_key`, a person gets one notice and one e-mail per event however often
    this is called for it. `email_body` replaces the default body (message + link).
    Returns the number of notices recorded.
    """
    people = {}
    for user in users:
        if user is not None and user.is_active:
            people.setdefault(user.pk, user)
    if event_key:
        seen = set(
            Notice.objects.filter(event_key=event_key, user_id__in=people).values_list(
                "user_id", flat=True
            )
        )
        people = {pk: user for pk, user in people.items() if pk not in seen}

    notices = []
    for user in people.values():
        notice = Notice(
            user=user,
            subject=str(subject)[:200],
            message=str(message),
            url=url,
            event_key=event_key,
        )
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue  # a concurrent call recorded this event for this person first
        notices.append(notice)

    body = str(email_body) if email_body is not None else None
    for notice in notices:
        if notice.user.email:
            transaction.on_commit(partial(_enqueue_email, notice.pk, body))
    return len(notices)


def _enqueue_email(notice_id, body):
    from .broker import hand_over
    from .tasks import send_notice_email

    hand_over(
        send_notice_email,
        (notice_id, body),
        what=f"the e-mail of notice {notice_id}",
        then="the notice is in the admin",
        level=logging.ERROR,  # nothing sends this e-mail later
    )


def email_body_for(notice):
    """The default e-mail text of a notice: its message and the absolute link."""
    parts = [notice.message or notice.subject]
    if notice.url:
        parts.append(admin_url(notice.url))
    return "\n\n".join(parts)


def send_notice_email(notice_id, body=None):
    """Send the e-mail of one notice (in the worker). Returns True when sent.

    SMTP and socket errors propagate so the task can retry; a notice whose person
    has since left (inactive, no address) is skipped.
    """
    notice = Notice.objects.select_related("user").filter(pk=notice_id).first()
    if notice is None or not notice.user.is_active or not notice.user.email:
        return False
    connection = get_connection(
        timeout=getattr(settings, "EMAIL_TIMEOUT", None) or DEFAULT_EMAIL_TIMEOUT
    )
    send_mail(
        notice.subject,
        body or email_body_for(notice),
        None,
        [notice.user.email],
        fail_silently=False,
        connection=connection,
    )
    return True
