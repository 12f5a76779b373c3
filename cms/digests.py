"""The daily digest: one e-mail a day listing the notices a person chose to read that way.

Celery beat runs `cms.tasks.send_daily_digests` every quarter of an hour. For each
person whose digest hour (Europe/Vilnius, `NotificationSchedule`, 8:00 by default) has
come today and who has notices waiting for the digest, it makes that day's
`NotificationDigest` and attaches the waiting notices to it in one transaction (unique
per person and local date: a second beat tick or worker gets an IntegrityError and
leaves it), then a worker sends it (claimed, then stamped sent: a re-delivered task
sends nothing). A digest made but never sent (its task lost) is handed to a worker
again at the next tick.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import (
    DEFAULT_DIGEST_HOUR,
    EmailMode,
    Notice,
    NotificationDigest,
    NotificationSchedule,
)
from .notifications import EMAIL_CLAIM_SECONDS, admin_url, claim, email_connection, language_of

# Digests of the last days still unsent are handed to a worker again (a lost task).
RESEND_DAYS = 2


def digest_time_zone():
    """The library's time zone: a person's "8:00" is 8:00 in Vilnius, summer and winter."""
    return ZoneInfo(settings.TIME_ZONE)


def local_now(now=None):
    return timezone.localtime(now or timezone.now(), digest_time_zone())


def waiting_notices():
    """Notices that wait for their person's next digest."""
    return Notice.objects.filter(
        email_mode=EmailMode.DAILY_DIGEST, digest__isnull=True, user__is_active=True
    ).exclude(user__email="")


def people_due(now=None):
    """Ids of the people whose digest should leave now: their hour has come today,
    today's digest is not made yet, and something waits for it."""
    moment = local_now(now)
    hour_of = NotificationSchedule.objects.filter(user=OuterRef("pk")).values("digest_hour")
    sent_today = NotificationDigest.objects.filter(user=OuterRef("pk"), local_date=moment.date())
    people = (
        get_user_model()
        .objects.filter(Exists(waiting_notices().filter(user=OuterRef("pk"))))
        .exclude(Exists(sent_today))
        .annotate(hour=Coalesce(Subquery(hour_of), Value(DEFAULT_DIGEST_HOUR)))
        .filter(hour__lte=moment.hour)
    )
    return list(people.values_list("pk", flat=True))


def open_digest(user_id, now=None):
    """Make today's digest of one person with every notice waiting for it; its id, or
    None when it exists already (another tick or worker made it) or nothing waits."""
    moment = local_now(now)
    try:
        with transaction.atomic():
            digest = NotificationDigest.objects.create(user_id=user_id, local_date=moment.date())
            attached = (
                waiting_notices()
                .filter(user_id=user_id, created_at__lte=moment)
                .update(digest=digest)
            )
            if not attached:
                raise _NothingWaiting
    except (IntegrityError, _NothingWaiting):
        return None
    return digest.pk


class _NothingWaiting(Exception):
    """Rolls back a digest that would list nothing."""


def open_due_digests(now=None):
    """Make the digests due now; the ids of every digest a worker should send (the new
    ones and those of the last days still unsent and unclaimed)."""
    for user_id in people_due(now):
        open_digest(user_id, now)
    moment = local_now(now)
    stale = timezone.now() - timedelta(seconds=EMAIL_CLAIM_SECONDS)
    return list(
        NotificationDigest.objects.filter(
            sent_at__isnull=True, local_date__gte=moment.date() - timedelta(days=RESEND_DAYS)
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def render_digest(digest, notices):
    """(subject, body) of a digest in the active language."""
    context = {
        "count": len(notices),
        "date": digest.local_date,
        "notices": [
            {
                "subject": notice.subject,
                "message": notice.message,
                "url": admin_url(notice.url),
                "time": timezone.localtime(notice.created_at, digest_time_zone()),
            }
            for notice in notices
        ],
        "settings_url": admin_url(reverse("wagtailadmin_account")),
    }
    subject = render_to_string("cms/emails/digest_subject.txt", context)
    body = render_to_string("cms/emails/digest.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


def send_digest(digest_id):
    """E-mail one digest (in the worker). True when sent; once, however often asked.

    SMTP and socket errors release the claim and propagate so the task can retry.
    """
    now = timezone.now()
    digests = NotificationDigest.objects.filter(pk=digest_id)
    if not claim(digests, now, "sent_at", "claimed_at"):
        return False
    digest = digests.select_related("user").first()
    user = digest.user
    notices = list(digest.notices.order_by("created_at", "pk"))
    if not notices or not user.is_active or not user.email:
        digests.update(sent_at=timezone.now())  # nothing to send, ever
        return False
    with translation.override(language_of(user)):
        subject, body = render_digest(digest, notices)
    try:
        send_mail(
            subject, body, None, [user.email], fail_silently=False, connection=email_connection()
        )
    except BaseException:
        digests.filter(claimed_at=now).update(claimed_at=None)
        raise
    digests.update(sent_at=timezone.now())
    return True
