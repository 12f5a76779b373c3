"""One way to tell staff that something needs them: e-mail plus an in-admin notice.

Apps call `notify(...)`; nobody else calls send_mail for staff notifications, so
the channel (and later per-person preferences) is decided in one place.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

from .models import Notice

logger = logging.getLogger(__name__)


def notify(users, subject, message, url=""):
    """Record a notice for each active user and e-mail those who have an address."""
    users = [user for user in users if user is not None and user.is_active]
    Notice.objects.bulk_create(
        [
            Notice(user=user, subject=str(subject)[:200], message=str(message), url=url)
            for user in users
        ]
    )
    recipients = sorted({user.email for user in users if user.email})
    if not recipients:
        return len(users)
    body = f"{message}\n\n{settings.WAGTAILADMIN_BASE_URL}{url}" if url else str(message)
    try:
        send_mail(str(subject), body, None, recipients, fail_silently=False)
    except OSError:
        # The in-admin notice is already recorded; a mail outage must not undo the work.
        logger.warning("Notification e-mail could not be sent", exc_info=True)
    return len(users)
