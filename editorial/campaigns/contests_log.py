"""Entries in the promotion page's history (Wagtail's audit log): the draw and the
erasure of entrants' personal data, so the page's own history tells the story."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

DRAW_RUN = "campaigns.contest_draw"
ENTRIES_ERASED = "campaigns.contest_entries_erased"


def register_contest_log_actions(actions):
    @actions.register_action(DRAW_RUN)
    class DrawRunFormatter(LogFormatter):
        label = _("Contest draw run")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = _(
                "Contest draw run: %(entries)s eligible entries, %(winners)s winner(s), "
                "%(reserves)s reserve winner(s); list hash %(hash)s"
            ) % {
                "entries": data.get("entries", 0),
                "winners": data.get("winners", 0),
                "reserves": data.get("reserves", 0),
                "hash": data.get("hash", ""),
            }
            if data.get("on_behalf_of"):
                message = _("%(message)s (on behalf of %(name)s)") % {
                    "message": message,
                    "name": data["on_behalf_of"],
                }
            return message

    @actions.register_action(ENTRIES_ERASED)
    class EntriesErasedFormatter(LogFormatter):
        label = _("Contest entrants' personal data erased")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _(
                "The personal data of %(count)s contest entries were erased "
                "(retention period %(days)s days)."
            ) % {"count": data.get("count", 0), "days": data.get("days", "")}
