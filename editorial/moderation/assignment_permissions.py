"""Who may do what with proposals and assignments, as decisions with a reason.

Every view, button and service asks these; the tests walk them as a matrix.
Giving assignments is the "moderation.add_assignment" permission (Department heads
and Administration, editorial/moderation/roles.py).
"""

from django.utils.translation import gettext_lazy as _

from .assignment_models import ASSIGNEE, GIVER, MOVES, move_refusal
from .permissions import Decision, signed_in

ALLOWED = _("Allowed.")


def gives_assignments(user):
    return signed_in(user) and user.has_perm("moderation.add_assignment")


def can_give(user):
    if not gives_assignments(user):
        return Decision(False, _("Only department heads and Administration give assignments."))
    return Decision(True, ALLOWED)


def can_view(user, assignment):
    if not signed_in(user):
        return Decision(False, _("You must be signed in."))
    if gives_assignments(user) or assignment.assignee_id == user.pk:
        return Decision(True, ALLOWED)
    return Decision(False, _("This assignment was given to someone else."))


def can_edit(user, assignment):
    if not gives_assignments(user) or not user.has_perm("moderation.change_assignment"):
        return Decision(False, _("Only department heads and Administration change assignments."))
    if not assignment.is_open:
        return Decision(False, move_refusal(assignment.status, assignment.status))
    return Decision(True, ALLOWED)


def can_move(user, assignment, target, note=""):
    """May `user` move `assignment` to `target` now (with `note`)?"""
    if not signed_in(user):
        return Decision(False, _("You must be signed in."))
    refusal = move_refusal(assignment.status, target)
    if refusal:
        return Decision(False, refusal)
    move = MOVES[(assignment.status, target)]
    if move["by"] == ASSIGNEE and assignment.assignee_id != user.pk:
        return Decision(False, _("Only the person the assignment was given to may do this."))
    if move["by"] == GIVER and not gives_assignments(user):
        return Decision(False, _("Only department heads and Administration cancel assignments."))
    if move["note_required"] and not (note or "").strip():
        return Decision(False, _("Write a note on what was done."))
    return Decision(True, ALLOWED)


def moves_for(user, assignment):
    """The targets `user` may move `assignment` to (a note aside): the buttons to show."""
    return [
        target
        for (current, target), move in MOVES.items()
        if current == assignment.status and can_move(user, assignment, target, note="-")
    ]


def can_make_assignment(user, proposal):
    """An accepted proposal becomes one assignment, made by a head or Administration."""
    if not gives_assignments(user):
        return Decision(False, _("Only department heads and Administration give assignments."))
    if not proposal.live:
        return Decision(False, _("Only an accepted proposal can become an assignment."))
    if getattr(proposal, "assignment", None) is not None:
        return Decision(False, _("This proposal has already become an assignment."))
    return Decision(True, ALLOWED)
