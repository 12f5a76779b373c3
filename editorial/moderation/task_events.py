"""The notification events of proposals and assignments (cms.notification_events)."""

from django.utils.translation import gettext_lazy as _

from cms.notification_events import NotificationEvent

from .assignment_services import EVENT_DUE, EVENT_GIVEN, EVENT_PROPOSAL_DECIDED


def proposal_and_assignment_events():
    return [
        NotificationEvent(
            EVENT_GIVEN,
            _("Assignment given to me"),
            _("A head or Administration gives you an assignment."),
            order=60,
        ),
        NotificationEvent(
            EVENT_DUE,
            _("Assignment due"),
            _("The day before an assignment of yours is due, and once it is overdue."),
            order=61,
        ),
        NotificationEvent(
            EVENT_PROPOSAL_DECIDED,
            _("Decision on my proposal"),
            _("The head accepts or declines a proposal you submitted."),
            order=62,
        ),
    ]
