"""Project actions (duty 10): marking an approved action done."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import ProjectAction
from .permissions import can_mark_action_done

ACTION_DONE = "sklaida.grants.action_done"


def mark_action_done(user, action):
    """Mark `action` done if the head approved its latest version; returns the Decision.

    A refusal changes nothing.
    """
    with transaction.atomic():
        action = ProjectAction.objects.select_for_update().get(pk=action.pk)
        decision = can_mark_action_done(user, action)
        if not decision:
            return decision
        action.done_at = timezone.now()
        action.done_by = user
        # Only these two columns: the live content stays as the head approved it.
        ProjectAction.objects.filter(pk=action.pk).update(done_at=action.done_at, done_by=user)
        log(
            instance=action,
            action=ACTION_DONE,
            user=user,
            data={"done_at": action.done_at.isoformat()},
        )
    return decision
