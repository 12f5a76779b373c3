"""Who may do what with funding, as decisions with a reason (every view and action asks).

Each part of the funding app keeps its own section here.
"""

from django.utils.translation import gettext_lazy as _

from cms.models import department_of
from editorial.moderation.permissions import (
    DEPUTY,
    HEAD,
    STANDING_DEPUTY,
    Decision,
    acting_for_department,
    signed_in,
)

from .models import GrantApplicationPage

# --- sources and calls --------------------------------------------------------------------

ALLOWED = _("Allowed.")
SIGN_IN = _("You must be signed in.")


def can_view_funding(user):
    """Sources, agreements, calls, deadlines and figures: staff with rights on funding."""
    if not signed_in(user):
        return Decision(False, SIGN_IN)
    if user.has_perm("grants.view_call"):
        return Decision(True, ALLOWED)
    return Decision(False, _("Funding is for the staff who work on it."))


def responsible_department(call):
    """The department of the call's responsible person (None when there is none)."""
    return department_of(call.responsible_id)


# Why a person acting for the department may decide, by moderation tier.
_DECIDER_REASONS = {
    HEAD: _("You head the department of the person responsible for the call."),
    DEPUTY: _("You stand in for the absent head of the responsible person's department."),
    STANDING_DEPUTY: _(
        "You are the standing deputy head of the responsible person's department, "
        "and its head cannot decide."
    ),
}


def can_decide_call(user, call, day=None):
    """May `user` record the go / no-go on `call`? Whoever acts for the department of
    the person responsible for the call today, as moderation counts it
    (`editorial.moderation.permissions.acting_for_department`): its head; while the
    head is absent, the deputy (then `on_behalf_of` is the head); else its standing
    deputy head. Never a head of another department; IT always."""
    if not signed_in(user):
        return Decision(False, SIGN_IN)
    if not user.has_perm("grants.view_call"):
        return Decision(False, _("Funding is for the staff who work on it."))
    if user.is_superuser:
        return Decision(True, _("You are IT and may decide on any call."))
    if call.responsible_id is None:
        return Decision(
            False,
            _(
                "Name the person responsible for the call first: "
                "the head of their department decides."
            ),
        )
    tier = acting_for_department(responsible_department(call), day)
    if tier is None:
        return Decision(
            False,
            _(
                "The person responsible for the call has no department with a head, so "
                "nobody may decide yet. Ask Administration to complete the staff register."
            ),
        )
    if any(person.pk == user.pk for person in tier.candidates):
        return Decision(True, _DECIDER_REASONS[tier.name], on_behalf_of=tier.absent_head)
    return Decision(
        False,
        _(
            "Only the head of the responsible person's department, or their deputy during "
            "an absence, may decide whether to apply."
        ),
    )


# --- applications -----------------------------------------------------------------------


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


# --- projects and actions ------------------------------------------------------------------

# An application whose funding was granted: a project page and project actions belong here.
_STATUS = GrantApplicationPage.Status
FUNDED_STATES = (
    _STATUS.AWARDED, _STATUS.CONTRACT, _STATUS.IMPLEMENTATION, _STATUS.REPORTING, _STATUS.CLOSED,
)  # fmt: skip
# Project actions are planned while the project still runs.
ACTIONABLE_STATES = FUNDED_STATES[:-1]


def can_create_project_page(user, application, index=None):
    """May `user` make the public project page of `application` (under `index`)?"""
    if not signed_in(user):
        return Decision(False, SIGN_IN)
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
    if not signed_in(user):
        return Decision(False, SIGN_IN)
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
