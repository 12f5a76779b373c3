"""Deadlines: reminders 14, 7, 2 and 1 days before a call deadline or a report due date,
and the same dates on the editorial calendar.

Reminders (Celery beat runs `remind_deadlines` every morning): for each deadline at most
14 days ahead, the smallest of the thresholds (14, 7, 2, 1) not below the days left is
the reminder due; a beat that missed a morning catches up with that one, never with the
ones before it. Each reminder is sent once: the sender first inserts a DeadlineReminder
row (kind, object, deadline, days before) whose unique constraint refuses a second
sender, and notifies in the same transaction, so two runs at once (two workers) or a run
repeated tell each person once; a notice that fails rolls its claim back.

Who is told: for a call, its responsible person and the head of their department; calls
the head decided not to apply for are not reminded. For a report, its responsible
person, else the application's. Everyone through cms.notifications (their preferences,
their deputies while they are absent).
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cms.dates import local_moment
from cms.models import StaffProfile, display_name
from cms.notification_events import NotificationEvent
from cms.notifications import Message, notify_each, stand_in_line
from editorial.moderation.registries import CalendarEntry, CalendarSource, local_date

from .models import Call, DeadlineReminder, ReportingDuty
from .permissions import can_view_funding

logger = logging.getLogger(__name__)

DAYS_BEFORE = (14, 7, 2, 1)
EVENT_CALL = "grants.call_deadline"
EVENT_REPORT = "grants.report_due"
KIND = "grant_deadline"


def deadline_events():
    return [
        NotificationEvent(
            EVENT_CALL,
            _("Call deadline approaching"),
            _("14, 7, 2 and 1 days before the deadline of a call you are responsible for."),
            order=80,
        ),
        NotificationEvent(
            EVENT_REPORT,
            _("Project report due"),
            _("14, 7, 2 and 1 days before a report to a funder is due."),
            order=81,
        ),
    ]


def threshold(days_left):
    """The reminder due when `days_left` days remain (None: nothing to remind yet)."""
    if days_left < 1:
        return None
    return min((days for days in DAYS_BEFORE if days >= days_left), default=None)


def days_phrase(count):
    """“1 day left”, “2 days left”… in the active language (Lithuanian has three forms)."""
    return ngettext("%(count)d day left", "%(count)d days left", count) % {"count": count}


def call_path(call_id):
    return reverse("grants_call_modeladmin_inspect", args=[call_id])


def application_path(application_id):
    return reverse("wagtailadmin_pages:edit", args=[application_id])


def _claim_and_tell(kind, object_id, due_date, days, people, render, url, event):
    """Send one reminder once: claim its row, then notify in the same transaction."""
    try:
        with transaction.atomic():
            record = DeadlineReminder.objects.create(
                kind=kind, object_id=object_id, due_date=due_date, days_before=days
            )
            told = notify_each(
                people,
                render,
                url,
                event_key=f"grants:{kind}:{object_id}:{due_date.isoformat()}:{days}",
                event=event,
            )
            if not told:
                # Nobody active to tell: keep the reminder unsent, so the next run
                # tells whoever is named responsible by then, and say so in the log.
                transaction.set_rollback(True)
                logger.warning(
                    "Deadline reminder %s %s (%s, %s days before) has nobody to tell; "
                    "it stays unsent until someone responsible is named.",
                    kind,
                    object_id,
                    due_date,
                    days,
                )
                return 0
            record.recipients = told
            record.save(update_fields=["recipients"])
    except IntegrityError:
        return 0  # another run sent this reminder first
    return told


def _heads_of(user_ids):
    """{user id: who heads their department (a User)} in one query: the head, else the
    standing deputy head, so a department without a head still hears of its deadlines
    (the notification service passes it on to a stand-in while that person is away)."""
    profiles = (
        StaffProfile.objects.filter(user_id__in=user_ids)
        .filter(Q(department__head__isnull=False) | Q(department__deputy_head__isnull=False))
        .select_related("department__head", "department__deputy_head")
    )
    return {
        profile.user_id: profile.department.head or profile.department.deputy_head
        for profile in profiles
    }


def remind_calls(today):
    horizon = today.toordinal() + max(DAYS_BEFORE)
    calls = (
        Call.objects.exclude(decision=Call.Decision.NO_GO)
        .filter(
            deadline__gt=timezone.now(),
            # A day beyond the horizon: local dates may differ from UTC ones.
            deadline__lt=timezone.now() + timedelta(days=max(DAYS_BEFORE) + 2),
            responsible__isnull=False,
        )
        .select_related("responsible", "source")
        .order_by("deadline", "pk")
    )
    due = []
    for call in calls:
        local_day = timezone.localtime(call.deadline).date()
        if local_day.toordinal() > horizon:
            break
        days = threshold((local_day - today).days)
        if days is not None:
            due.append((call, local_day, days))
    heads = _heads_of({call.responsible_id for call, _day, _days in due})
    sent = 0
    for call, local_day, days in due:
        left = (local_day - today).days
        moment = local_moment(call.deadline)

        def render(person, standing_in_for, call=call, left=left, moment=moment):
            subject = gettext("%(left)s: call “%(name)s”") % {
                "left": days_phrase(left),
                "name": call.name,
            }
            message = gettext(
                "The deadline of the call “%(name)s” (%(source)s) is %(deadline)s, "
                "Europe/Vilnius time."
            ) % {"name": call.name, "source": call.source, "deadline": moment}
            if standing_in_for:
                message = f"{stand_in_line(standing_in_for)}\n{message}"
            return Message(subject, message)

        people = [call.responsible, heads.get(call.responsible_id)]
        sent += _claim_and_tell(
            DeadlineReminder.Kind.CALL, call.pk, local_day, days, people, render,
            call_path(call.pk), EVENT_CALL,
        )  # fmt: skip
    return sent


def remind_reports(today):
    duties = (
        ReportingDuty.objects.filter(
            submitted_on__isnull=True,
            due_date__gt=today,
            due_date__lte=today + timedelta(days=max(DAYS_BEFORE)),
        )
        .select_related("responsible", "application__responsible", "application__owner")
        .order_by("due_date", "pk")
    )
    sent = 0
    for duty in duties:
        left = (duty.due_date - today).days
        days = threshold(left)
        if days is None:
            continue
        # The report's person, else the application's, else whoever created it.
        person = duty.responsible or duty.application.responsible or duty.application.owner

        def render(person, standing_in_for, duty=duty, left=left):
            subject = gettext("%(left)s: report “%(title)s”") % {
                "left": days_phrase(left),
                "title": duty.title,
            }
            message = gettext(
                "The report “%(title)s” of the application “%(application)s” is due on %(due)s."
            ) % {
                "title": duty.title,
                "application": duty.application.title,
                "due": duty.due_date.isoformat(),
            }
            if standing_in_for:
                message = f"{stand_in_line(standing_in_for)}\n{message}"
            return Message(subject, message)

        sent += _claim_and_tell(
            DeadlineReminder.Kind.REPORT, duty.pk, duty.due_date, days, [person], render,
            application_path(duty.application_id), EVENT_REPORT,
        )  # fmt: skip
    return sent


def remind_deadlines(today=None):
    """Send the reminders due today (idempotent). Returns the number of notices recorded."""
    today = today or timezone.localdate()
    return remind_calls(today) + remind_reports(today)


# --- the editorial calendar ---------------------------------------------------------------


class GrantDeadlineCalendarSource(CalendarSource):
    """Call deadlines (timed) and report due dates (whole days), for funding staff."""

    kind = KIND
    label = _("Funding deadlines")
    colour = "#6a1b9a"  # purple: AA contrast with white text

    def entries(self, user, start, end):
        if not can_view_funding(user):
            return []
        entries = []
        calls = (
            Call.objects.filter(deadline__gte=start, deadline__lt=end)
            .select_related("source", "responsible")
            .order_by("deadline", "pk")
        )
        for call in calls:
            entries.append(
                CalendarEntry(
                    key=f"{KIND}:call:{call.pk}",
                    kind=KIND,
                    title=str(_("Call deadline: %(name)s") % {"name": call.name}),
                    starts_at=call.deadline,
                    url=call_path(call.pk),
                    state=call.decision,
                    state_label=str(call.get_decision_display()),
                    author_id=call.responsible_id,
                    author_label=display_name(call.responsible) if call.responsible_id else "",
                    extra={"source": str(call.source)},
                )
            )
        duties = (
            ReportingDuty.objects.filter(
                due_date__gte=local_date(start), due_date__lt=local_date(end)
            )
            .select_related("application", "responsible", "application__responsible")
            .order_by("due_date", "pk")
        )
        for duty in duties:
            person = duty.responsible or duty.application.responsible
            entries.append(
                CalendarEntry(
                    key=f"{KIND}:report:{duty.pk}",
                    kind=KIND,
                    title=str(_("Report due: %(title)s") % {"title": duty.title}),
                    starts_at=duty.due_date,
                    url=application_path(duty.application_id),
                    state="done" if duty.submitted_on else "due",
                    state_label=str(_("submitted") if duty.submitted_on else _("due")),
                    author_id=getattr(person, "pk", None),
                    author_label=display_name(person) if person else "",
                    extra={"application": duty.application.title},
                )
            )
        return entries
