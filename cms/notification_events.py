"""The kinds of notification a person can tune, declared by each app.

An app registers a function returning its events:

    @hooks.register(NOTIFICATION_EVENTS_HOOK)
    def my_events():
        return [NotificationEvent("assignments.due", _("Assignment due"))]

and names the event when it notifies: ``notify(users, …, event="assignments.due")``.
`cms.notifications` looks the person's preference up by that code (immediately, in the
daily digest, or no e-mail; the in-admin notice is always recorded).
"""

from dataclasses import dataclass

from wagtail import hooks

NOTIFICATION_EVENTS_HOOK = "sklaida_notification_events"

IMMEDIATELY = "immediate"
DAILY_DIGEST = "digest"
OFF = "off"


@dataclass(frozen=True)
class NotificationEvent:
    code: str  # "<app>.<event>", stable: stored in people's preferences
    label: str  # translatable, shown in the preferences form
    description: str = ""
    default: str = IMMEDIATELY
    order: int = 100


def notification_events():
    """{code: NotificationEvent} of every registered app, in display order."""
    events = [event for hook in hooks.get_hooks(NOTIFICATION_EVENTS_HOOK) for event in hook()]
    events.sort(key=lambda event: (event.order, event.code))
    return {event.code: event for event in events}
