"""One way to tell staff that something needs them: an in-admin notice plus an e-mail.

Apps call `notify(...)` (or `notify_each(...)` to word each person's copy in their own
language); nobody else calls send_mail for staff notifications, so the channel, each
person's preferences and stand-ins are decided in one place:

- the notice is always recorded, in the caller's transaction;
- the e-mail follows the person's preference for the event (cms.notification_events):
  immediately (a Celery task after commit), in the daily digest (cms.digests), or none;
- while a recipient is absent (cms.models.Absence covering today), their deputy gets a
  copy too, marked "standing in for", under the deputy's own preferences.

A slow or unreachable mail server, or a broker that is down, never fails or slows the
action that caused the notification.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Absence, EmailMode, Notice, NotificationPreference, display_name
from .notification_events import notification_events

logger = logging.getLogger(__name__)

# Seconds an SMTP conversation may take in the worker before it is retried later.
DEFAULT_EMAIL_TIMEOUT = 30
# A worker that claimed an e-mail and vanished (killed mid-send) leaves the claim; a
# re-delivered task may take it over after this long (far above the SMTP timeout).
EMAIL_CLAIM_SECONDS = 300


@dataclass(frozen=True)
class Message:
    """What one person reads: the subject, the notice's text, the e-mail's body
    (None: the notice's text and its link)."""

    subject: str
    message: str = ""
    email_body: str | None = None


def admin_url(path):
    """The absolute URL of an admin `path`, as a person opens it from an e-mail."""
    if not path or "://" in path:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def notify(users, subject, message, url="", *, event_key="", email_body=None, event="", actor=None):
    """Record a notice for each active user and e-mail it as each person prefers.

    `url` is an admin path (shown as the notice's link, made absolute in the e-mail).
    With `event_key`, a person gets one notice and one e-mail per event however often
    this is called for it. `email_body` replaces the default body (message + link).
    `event` names the kind (cms.notification_events; unknown or empty: immediately).
    `actor`, the person who caused it, is never told, not even as a deputy.
    Returns the number of notices recorded.
    """
    same = Message(str(subject), str(message), None if email_body is None else str(email_body))

    def render(person, standing_in_for):
        if not standing_in_for:
            return same
        line = stand_in_line(standing_in_for)
        body = None if same.email_body is None else f"{line}\n\n{same.email_body}"
        return Message(same.subject, f"{line}\n{same.message}".strip(), body)

    return notify_each(users, render, url, event_key=event_key, event=event, actor=actor)


def notify_each(users, render, url="", *, event_key="", event="", actor=None):
    """`notify` with each copy worded by `render(person, standing_in_for)` -> Message,
    called in the person's admin language; `standing_in_for` lists the absent
    recipients a deputy's copy is for (empty for a person's own copy).

    A fixed number of queries however many people are told.
    """
    actor_id = getattr(actor, "pk", None)
    people = {}
    for user in users:
        if user is not None and user.is_active and user.pk != actor_id:
            people.setdefault(user.pk, user)
    if not people:
        return 0
    standing_in_for = _deputies(people, actor_id)
    if event_key:
        seen = set(
            Notice.objects.filter(event_key=event_key, user_id__in=people).values_list(
                "user_id", flat=True
            )
        )
        people = {pk: user for pk, user in people.items() if pk not in seen}
    modes = email_modes(people, event)
    languages = _languages(people)

    notices = []
    for pk, user in people.items():
        absent = standing_in_for.get(pk, [])
        with translation.override(languages.get(pk) or settings.LANGUAGE_CODE):
            text = render(user, absent)
            subject = str(text.subject)
            on_behalf = ", ".join(display_name(person) for person in absent)
            if absent:
                subject = _("[Standing in for: %(names)s] %(subject)s") % {
                    "names": on_behalf,
                    "subject": subject,
                }
        notice = Notice(
            user=user,
            subject=" ".join(subject.split())[:200],
            message=str(text.message),
            url=url,
            event_key=event_key,
            event=(event or "")[:100],
            email_mode=modes[pk],
            on_behalf_of=on_behalf[:300],
        )
        notices.append((notice, text.email_body))
    created = _save(notices)

    for notice, body in created:
        if notice.email_mode == EmailMode.IMMEDIATELY and notice.user.email:
            transaction.on_commit(
                partial(_enqueue_email, notice.pk, None if body is None else str(body))
            )
    return len(created)


def stand_in_line(absent_people):
    """The line "You stand in for: <names>." in the active language."""
    return _("You stand in for: %(stand_in_for)s.") % {
        "stand_in_for": ", ".join(display_name(person) for person in absent_people)
    }


def _deputies(people, actor_id):
    """Add to `people` the deputies of those absent today; {deputy pk: [absent people]}.

    A person already told in their own right gets no second copy; nobody stands in
    twice over (a deputy's own deputy is not told).
    """
    standing_in_for = defaultdict(list)
    absences = (
        Absence.objects.covering()
        .filter(person_id__in=list(people), deputy__is_active=True)
        .select_related("deputy")
        .order_by("person_id", "pk")
    )
    deputies = {}
    for absence in absences:
        deputy = absence.deputy
        if deputy.pk == actor_id or deputy.pk in people:
            continue
        absent = people[absence.person_id]
        if absent not in standing_in_for[deputy.pk]:
            standing_in_for[deputy.pk].append(absent)
        deputies[deputy.pk] = deputy
    people.update(deputies)
    return standing_in_for


def email_modes(people, event):
    """{user pk: e-mail mode} for `event`: each person's choice, else the event's default.
    An event no app has declared (yet) is mailed immediately: nobody could have chosen
    otherwise in the form, which lists declared events only. One query."""
    declared = notification_events().get(event) if event else None
    if declared is None:
        return dict.fromkeys(people, EmailMode.IMMEDIATELY)
    default = declared.default
    chosen = {}
    if event:
        chosen = dict(
            NotificationPreference.objects.filter(
                user_id__in=list(people), event=event
            ).values_list("user_id", "mode")
        )
    return {pk: chosen.get(pk) if chosen.get(pk) in EmailMode.values else default for pk in people}


def _languages(people):
    """{user pk: preferred admin language} in one query ("" when not chosen)."""
    from wagtail.users.models import UserProfile

    return dict(
        UserProfile.objects.filter(user_id__in=list(people)).values_list(
            "user_id", "preferred_language"
        )
    )


def language_of(user):
    """The admin language `user` reads (their profile's choice, else the site's)."""
    return _languages({user.pk: user}).get(user.pk) or settings.LANGUAGE_CODE


def _save(notices):
    """Insert the notices in one statement; if another call recorded one of these
    events first (a race on `notice_once_per_event`), one by one, skipping those."""
    if not notices:
        return []
    try:
        with transaction.atomic():
            Notice.objects.bulk_create([notice for notice, _body in notices])
        return notices
    except IntegrityError:
        pass
    created = []
    for notice, body in notices:
        notice.pk = None
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue  # a concurrent call recorded this event for this person first
        created.append((notice, body))
    return created


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


def claim(queryset, now, sent_field, claimed_field):
    """Take the right to send the one row of `queryset`: True for exactly one caller
    (a conditional UPDATE, atomic on PostgreSQL and SQLite alike) until it is sent, or
    until the claim is older than EMAIL_CLAIM_SECONDS (its worker died)."""
    stale = now - timedelta(seconds=EMAIL_CLAIM_SECONDS)
    return bool(
        queryset.filter(**{f"{sent_field}__isnull": True})
        .filter(Q(**{f"{claimed_field}__isnull": True}) | Q(**{f"{claimed_field}__lt": stale}))
        .update(**{claimed_field: now})
    )


def email_connection():
    return get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or DEFAULT_EMAIL_TIMEOUT)


def send_notice_email(notice_id, body=None):
    """Send the e-mail of one notice (in the worker). Returns True when sent.

    Sent once: the task claims the notice and stamps it sent, so a task delivered twice
    (a lost acknowledgement, a restarted worker) sends nothing the second time. SMTP
    and socket errors release the claim and propagate so the task can retry; a notice
    whose person has since left (inactive, no address) is skipped.
    """
    now = timezone.now()
    notices = Notice.objects.filter(pk=notice_id, email_mode=EmailMode.IMMEDIATELY)
    if not claim(notices, now, "emailed_at", "email_claimed_at"):
        return False
    notice = notices.select_related("user").first()
    if notice is None or not notice.user.is_active or not notice.user.email:
        return False
    try:
        send_mail(
            notice.subject,
            body or email_body_for(notice),
            None,
            [notice.user.email],
            fail_silently=False,
            connection=email_connection(),
        )
    except BaseException:
        notices.filter(email_claimed_at=now).update(email_claimed_at=None)
        raise
    notices.update(emailed_at=timezone.now())
    return True
