"""Deadline reminders already sent: one row per (kind, object, deadline, days before).

The unique constraint is the claim: whoever inserts the row sends the reminder, in the
same transaction, so two beat runs at once (two workers) tell each person once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineReminder(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", _("call deadline")
        REPORT = "report", _("report due date")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField(_("object"))
    # The deadline reminded of: a moved deadline is a new one and is reminded again.
    due_date = models.DateField(_("deadline"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    recipients = models.PositiveSmallIntegerField(_("people told"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_date", "days_before"],
                name="grants_deadline_reminder_once",
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}:{self.due_date}:{self.days_before}"
