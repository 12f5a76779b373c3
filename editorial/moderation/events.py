"""The kinds of moderation notification a person can tune (cms.notification_events)."""

from django.utils.translation import gettext_lazy as _

from cms.notification_events import NotificationEvent

SUBMITTED = "moderation.submitted"
APPROVED = "moderation.approved"
CHANGES_REQUESTED = "moderation.changes_requested"
REJECTED = "moderation.rejected"  # declined, or the moderation cancelled by a moderator
PUBLISHED = "moderation.published"


def moderation_events():
    return [
        NotificationEvent(
            SUBMITTED,
            _("Submitted for your approval"),
            _("Someone asks you (or the head you stand in for) to review their work."),
            order=10,
        ),
        NotificationEvent(APPROVED, _("Your work approved"), order=20),
        NotificationEvent(
            CHANGES_REQUESTED,
            _("Changes requested"),
            _("The head asks you to change your work; the comment comes with it."),
            order=30,
        ),
        NotificationEvent(
            REJECTED,
            _("Your work rejected or its moderation cancelled"),
            order=40,
        ),
        NotificationEvent(PUBLISHED, _("Your work published"), order=50),
    ]
