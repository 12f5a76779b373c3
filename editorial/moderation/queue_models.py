"""The moderation queue's urgency of an item, kept in a column (see queue_urgency.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueUrgency(models.Model):
    """When a task state's item is due: the scheduled time or deadline saved in the
    revision under review (None: undated). The queue sorts by it without reading the
    revisions' content; queue_urgency.py writes it."""

    task_state = models.OneToOneField(
        "wagtailcore.TaskState",
        verbose_name=_("task state"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sklaida_urgency",
    )
    urgent_at = models.DateTimeField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation urgency")
        verbose_name_plural = _("moderation urgencies")

    def __str__(self):
        return f"{self.task_state_id}: {self.urgent_at or '-'}"
