"""Who may do what with rubrics and their slots, as decisions with a reason.

The snippet views check Wagtail's model permissions (granted per role in roles.py);
the calendar source, My work and the post prefill ask these functions.
"""

from django.utils.translation import gettext_lazy as _

from editorial.moderation.permissions import Decision, signed_in


def can_view_rubrics(user):
    if not signed_in(user) or not user.has_perm("campaigns.view_rubric"):
        return Decision(False, _("You may not see rubrics."))
    return Decision(True, _("Allowed."))
