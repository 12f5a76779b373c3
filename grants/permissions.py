"""Who may do what with funding records, as decisions with a reason
(editorial.moderation.permissions.Decision). Every view and action asks these."""

from django.utils.translation import gettext as _

from editorial.moderation.permissions import Decision

# applications


def can_see_applications(user):
    """The private tree's groups (specialists, heads, Administration) and superusers."""
    from .private_tree import may_see_applications

    if may_see_applications(user):
        return Decision(True, _("You may see grant applications."))
    return Decision(False, _("You may not see grant applications."))


def can_move_application(user, application, target):
    """A lifecycle move (grants/lifecycle.py holds the table and its reasons)."""
    from .lifecycle import can_move

    return can_move(user, application, target)
