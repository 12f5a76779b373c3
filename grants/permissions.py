"""Who may do what with funding records, as decisions with a reason.

Every view and action asks these functions on the server; the buttons only mirror them.
"""

from django.utils.translation import gettext_lazy as _

from editorial.moderation.permissions import Decision

# --- projects and actions ------------------------------------------------------------------

# An application whose funding was granted: a project page and project actions belong here.
FUNDED_STATES = ("awarded", "contract", "implementation", "reporting", "closed")
# Project actions are planned while the project still runs.
ACTIONABLE_STATES = ("awarded", "contract", "implementation", "reporting")


def _signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def can_create_project_page(user, application, index=None):
    """May `user` make the public project page of `application` (under `index`)?"""
    if not _signed_in(user):
        return Decision(False, _("You must be signed in."))
    if application is None:
        return Decision(False, _("There is no such grant application."))
    if application.status not in FUNDED_STATES:
        return Decision(
            False,
            _(
                "A project page can only be made from an awarded application; this one "
                "is “%(status)s”."
            )
            % {"status": application.get_status_display()},
        )
    if not application.permissions_for_user(user).can_edit():
        return Decision(False, _("You may not edit this grant application."))
    if application.project_pages.exists():
        return Decision(False, _("This application already has a project page."))
    if index is None:
        return Decision(
            False, _("There is no project list page yet: create the “Projects” page first.")
        )
    if not index.permissions_for_user(user).can_add_subpage():
        return Decision(False, _("You may not add pages to the project list."))
    return Decision(True, _("The application is awarded and has no project page yet."))


def can_mark_action_done(user, action):
    """Only an action whose latest version the head approved may be marked done."""
    if not _signed_in(user):
        return Decision(False, _("You must be signed in."))
    if not user.has_perm("grants.change_projectaction"):
        return Decision(False, _("You may not change project actions."))
    if action.done_at is not None:
        return Decision(False, _("This action is already marked done."))
    if not action.live:
        return Decision(
            False, _("The head has not approved this action yet, so it cannot be marked done.")
        )
    if action.has_unpublished_changes:
        return Decision(
            False,
            _(
                "The action was changed after the head approved it; the head must approve "
                "the changes before it can be marked done."
            ),
        )
    if action.workflow_in_progress:
        return Decision(
            False, _("The action is waiting for the head's decision, so it cannot be marked done.")
        )
    return Decision(True, _("The head approved the latest version of this action."))
