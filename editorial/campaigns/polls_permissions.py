"""Who may see poll and quiz results, as decisions.

Results (counts, scores) are for the communication department and Administration
(the `view_poll` / `view_quiz` permissions of roles.py). A quiz's draw entries are
its promotion's entries, seen and exported under contests_permissions.
"""

from django.utils.translation import gettext_lazy as _

from editorial.moderation.permissions import Decision, signed_in


def can_view_poll_results(user):
    if not signed_in(user) or not user.has_perm("campaigns.view_poll"):
        return Decision(False, _("You may not see poll results."))
    return Decision(True, _("Allowed."))


def can_view_quiz_results(user):
    if not signed_in(user) or not user.has_perm("campaigns.view_quiz"):
        return Decision(False, _("You may not see quiz results."))
    return Decision(True, _("Allowed."))
