"""Who may moderate what, as decisions with a reason.

One function answers for the workflow task, the moderation queue and the tests,
so the four-eyes rule and the deputy rule cannot drift apart.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.models import Absence


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    on_behalf_of: object = None  # the absent head a deputy acts for

    def __bool__(self):
        return self.allowed


def submitter_of(obj):
    """The user who sent `obj` to moderation, or None when it is not in a workflow."""
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by if state is not None else None


def absent_members_deputised_by(user, group_ids, day=None):
    """Members of `group_ids` for whom `user` stands in on `day`."""
    User = get_user_model()
    return User.objects.filter(
        groups__in=group_ids,
        absences__in=Absence.objects.covering(day).filter(deputy=user),
    ).distinct()


def can_moderate(task, obj, user, day=None):
    """May `user` act on `task` for `obj` (approve, request changes, reject)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return Decision(False, _("You must be signed in."))
    submitter = submitter_of(obj)
    if submitter is not None and submitter.pk == user.pk:
        return Decision(False, _("Nobody may approve their own submission."))
    group_ids = list(task.groups.values_list("pk", flat=True))
    if user.is_superuser or user.groups.filter(pk__in=group_ids).exists():
        return Decision(True, _("You are a moderator of this step."))
    absent = absent_members_deputised_by(user, group_ids, day).first()
    if absent is not None:
        if submitter is not None and absent.pk == submitter.pk:
            return Decision(False, _("A deputy may not approve the submission of the person they stand in for."))
        return Decision(True, _("You stand in for an absent moderator."), on_behalf_of=absent)
    return Decision(False, _("Only the department head, or their deputy during an absence, may moderate."))
