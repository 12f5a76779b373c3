"""Who may moderate what, as decisions with a reason.

One function answers for the workflow task, the moderation queue and the tests,
so the four-eyes rule and the deputy rule cannot drift apart.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models import Absence


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    on_behalf_of: object = None  # the absent head a deputy acts for

    def __bool__(self):
        return self.allowed


def submitter_id_of(obj):
    """The id of the user who sent `obj` to moderation, or None when it is not in a workflow."""
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by_id if state is not None else None


def absent_members_deputised_by(user, group_ids, day=None):
    """Members of `group_ids` for whom `user` stands in on `day` (today by default)."""
    User = get_user_model()
    return User.objects.filter(
        groups__in=group_ids,
        absences__in=Absence.objects.covering(day).filter(deputy=user),
    ).distinct()


@dataclass
class Moderator:
    """What one user is to one approval task on one day; a handful of queries, once."""

    user: object
    is_member: bool = False
    absent: list = field(default_factory=list)  # absent members the user stands in for

    @classmethod
    def of(cls, task, user, day=None):
        if user is None or not user.is_authenticated or not user.is_active:
            return cls(user=None)
        if user.is_superuser:
            return cls(user=user, is_member=True)
        group_ids = list(task.groups.values_list("pk", flat=True))
        if user.groups.filter(pk__in=group_ids).exists():
            return cls(user=user, is_member=True)
        return cls(user=user, absent=list(absent_members_deputised_by(user, group_ids, day)))

    def decide(self, submitter_id):
        if self.user is None:
            return Decision(False, _("You must be signed in."))
        if submitter_id is not None and submitter_id == self.user.pk:
            return Decision(False, _("Nobody may approve their own submission."))
        if self.is_member:
            return Decision(True, _("You are a moderator of this step."))
        stand_in_for = [person for person in self.absent if person.pk != submitter_id]
        if stand_in_for:
            return Decision(
                True, _("You stand in for an absent moderator."), on_behalf_of=stand_in_for[0]
            )
        if self.absent:
            return Decision(
                False,
                _("A deputy may not approve the submission of the person they stand in for."),
            )
        return Decision(
            False, _("Only the department head, or their deputy during an absence, may moderate.")
        )


def remember_moderators(task):
    """Let `task` reuse each user's Moderator for the rest of this request (listings)."""
    task._sklaida_moderators = {}
    return task


def moderator_for(task, user, day=None):
    memo = getattr(task, "_sklaida_moderators", None)
    if memo is None:
        return Moderator.of(task, user, day)
    key = (getattr(user, "pk", None), day or timezone.localdate())
    if key not in memo:
        memo[key] = Moderator.of(task, user, day)
    return memo[key]


def can_moderate(task, obj, user, day=None):
    """May `user` act on `task` for `obj` (approve, request changes, reject) on `day`?"""
    return moderator_for(task, user, day).decide(submitter_id_of(obj))


def reviewers_for(obj, day=None):
    """Who is asked to review `obj` on `day`: the head of the submitter's department,
    or the head's deputy while an absence covers that day.

    Minimal version for notifications; falls back to the other department heads when
    the submitter has no department head (or is the head).
    """
    from cms.roles import HEADS

    User = get_user_model()
    submitter = None
    state = getattr(obj, "current_workflow_state", None)
    if state is not None:
        submitter = state.requested_by
    profile = getattr(submitter, "staff_profile", None) if submitter else None
    department = profile.department if profile is not None else None
    head = department.head if department is not None else None
    if head is None or head == submitter or not head.is_active:
        heads = User.objects.filter(groups__name=HEADS, is_active=True)
        if submitter is not None:
            heads = heads.exclude(pk=submitter.pk)
        return list(heads.distinct())
    absence = (
        Absence.objects.covering(day)
        .filter(person=head, deputy__is_active=True)
        .exclude(deputy=submitter)
        .select_related("deputy")
        .first()
    )
    return [absence.deputy] if absence is not None else [head]
