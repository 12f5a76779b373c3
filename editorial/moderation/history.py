"""The history of a record as its inspect page lists it (calls, assignments, ...): its
log entries, newest first as Wagtail returns them, with who did it and the comment
the action stored. Shown by templates/moderation/includes/history.html."""

from wagtail.log_actions import registry as log_registry

from cms.models import display_name


def history_of(instance, comment_key):
    """[{when, who, message, comment}] of `instance`'s log entries; `comment_key`: the
    key of the entry's data that holds the person's comment ("reason", "note", ...)."""
    return [
        {
            "when": entry.timestamp,
            "who": display_name(entry.user),
            "message": entry.message,
            "comment": (entry.data or {}).get(comment_key, ""),
        }
        for entry in log_registry.get_logs_for_instance(instance).select_related("user")
    ]
