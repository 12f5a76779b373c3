"""The lifecycle of a grant application as data (a table of moves), as Hypha keeps its
workflows: which state may follow which, who may make the move, and what must be true
first. `can_move` answers with a Decision carrying the reason a move is refused; the
service (grants/applications_services.py) makes the move; views only ask.

Internal approval is the page's moderation workflow: submitting the page for approval
moves drafting → internal_approval, cancelling or declining the workflow moves it back to
drafting (grants/applications_services.py listens to Wagtail's workflow signals). Those
two moves are never made by hand.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.roles import ADMINISTRATION, HEADS, ROLE_LABELS, SPECIALISTS
from editorial.moderation.permissions import Decision

from .budget import Budget, euros
from .models.applications import GrantApplicationPage
from .private_tree import group_names, may_see_applications

Status = GrantApplicationPage.Status

IDEA = Status.IDEA
DRAFTING = Status.DRAFTING
INTERNAL_APPROVAL = Status.INTERNAL_APPROVAL
SUBMITTED = Status.SUBMITTED
UNDER_EVALUATION = Status.UNDER_EVALUATION
AWARDED = Status.AWARDED
REJECTED = Status.REJECTED
WITHDRAWN = Status.WITHDRAWN
CONTRACT = Status.CONTRACT
IMPLEMENTATION = Status.IMPLEMENTATION
REPORTING = Status.REPORTING
CLOSED = Status.CLOSED

# Open: the library may still withdraw (before a contract binds it).
OPEN_STATES = (IDEA, DRAFTING, INTERNAL_APPROVAL, SUBMITTED, UNDER_EVALUATION, AWARDED)
FINAL_STATES = (REJECTED, WITHDRAWN, CLOSED)
WORKFLOW = "workflow"  # the move is made by the moderation workflow, never by hand

EDITORS = frozenset({SPECIALISTS, HEADS})
DECIDERS = frozenset({HEADS, ADMINISTRATION})


# --- preconditions: each returns None (fine) or the reason the move is refused ---------


def _approved_by_the_head(application, current):
    if application.workflow_in_progress:
        return _("The application is still awaiting the head's approval.")
    if not application.live or application.live_revision_id is None:
        return _(
            "The head has not approved the application yet: submit it for approval in the "
            "editor and wait for the decision."
        )
    if application.has_unpublished_changes:
        return _(
            "The application was changed after the head approved it: submit it for approval again."
        )
    if current.call_id is None:
        return _("Choose the call the application is submitted to.")
    return None


def _decision_recorded(application, current):
    if current.decision_date is None:
        return _("Enter the decision date in the “Decision and reporting” tab first.")
    if current.decision_date > timezone.localdate():
        return _("The decision date cannot be in the future.")
    return None


def _award_recorded(application, current):
    problem = _decision_recorded(application, current)
    if problem:
        return problem
    if current.amount_awarded is None or current.amount_awarded <= 0:
        return _("Enter the amount awarded in the “Decision and reporting” tab first.")
    requested = Budget.of(current.budget_lines.all()).requested
    if current.amount_awarded > requested:
        return _(
            "The amount awarded (%(awarded)s EUR) cannot exceed the amount requested "
            "(%(requested)s EUR)."
        ) % {"awarded": euros(current.amount_awarded), "requested": euros(requested)}
    return None


def _has_reporting_duties(application, current):
    if not list(current.reporting_duties.all()):
        return _("Add the funder's reporting duties (with due dates) first.")
    return None


def _reports_submitted(application, current):
    duties = list(current.reporting_duties.all())
    if not duties:
        return _("Add the funder's reporting duties (with due dates) first.")
    missing = [duty.title for duty in duties if duty.submitted_on is None]
    if missing:
        return _("Not every report is submitted yet: %(reports)s.") % {
            "reports": ", ".join(missing)
        }
    return None


@dataclass(frozen=True)
class Move:
    sources: tuple
    target: str
    roles: frozenset | str  # role group names, or WORKFLOW
    label: object  # the button's verb
    checks: tuple = ()


# fmt: off
MOVES = (
    Move((IDEA,), DRAFTING, EDITORS, gettext_lazy("Start drafting")),
    Move((IDEA, DRAFTING), INTERNAL_APPROVAL, WORKFLOW, gettext_lazy("Submit for approval")),
    Move((INTERNAL_APPROVAL,), DRAFTING, WORKFLOW, gettext_lazy("Back to drafting")),
    Move((INTERNAL_APPROVAL,), SUBMITTED, EDITORS, gettext_lazy("Mark as submitted to the funder"),
         (_approved_by_the_head,)),
    Move((SUBMITTED,), UNDER_EVALUATION, EDITORS, gettext_lazy("Mark as under evaluation")),
    Move((SUBMITTED, UNDER_EVALUATION), AWARDED, EDITORS, gettext_lazy("Record the award"),
         (_award_recorded,)),
    Move((SUBMITTED, UNDER_EVALUATION), REJECTED, EDITORS, gettext_lazy("Record the rejection"),
         (_decision_recorded,)),
    Move(OPEN_STATES, WITHDRAWN, DECIDERS, gettext_lazy("Withdraw the application")),
    Move((AWARDED,), CONTRACT, EDITORS | DECIDERS, gettext_lazy("Record the signed contract")),
    Move((CONTRACT,), IMPLEMENTATION, EDITORS, gettext_lazy("Start implementation")),
    Move((IMPLEMENTATION,), REPORTING, EDITORS, gettext_lazy("Start reporting"),
         (_has_reporting_duties,)),
    Move((REPORTING,), CLOSED, DECIDERS, gettext_lazy("Close the project"),
         (_reports_submitted,)),
)
# fmt: on


def find_move(source, target):
    for move in MOVES:
        if source in move.sources and move.target == target:
            return move
    return None


def state_label(state):
    return str(dict(Status.choices).get(state, state))


def may_see(user):
    """Whether `user` may see grant applications at all (the private tree's groups)."""
    return may_see_applications(user)


def _in_roles(user, role_names):
    if user.is_superuser:
        return True
    return bool(group_names(user) & set(role_names))


def current_version(application):
    """What the editor shows: the latest revision (status as the page row holds it)."""
    revision = application.latest_revision
    if revision is None:
        return application
    return application.with_content_json(revision.content)


def can_move(user, application, target, current=None):
    """May `user` move `application` to `target` now? A Decision with the reason."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Decision(False, _("You must be signed in."))
    if not may_see(user):
        return Decision(False, _("You may not see grant applications."))
    if target not in Status.values:
        return Decision(False, _("There is no such state."))
    source = application.status
    if source == target:
        return Decision(
            False, _("The application is already “%(state)s”.") % {"state": state_label(target)}
        )
    move = find_move(source, target)
    if move is None:
        return Decision(
            False,
            _("An application that is “%(source)s” cannot become “%(target)s”.")
            % {"source": state_label(source), "target": state_label(target)},
        )
    if move.roles == WORKFLOW:
        if target == INTERNAL_APPROVAL:
            return Decision(
                False,
                _(
                    "Submit the application for approval in the editor: the head's approval "
                    "is the moderation workflow."
                ),
            )
        return Decision(
            False, _("This happens when the head declines or the approval is cancelled.")
        )
    if not _in_roles(user, move.roles):
        roles = ", ".join(sorted(str(ROLE_LABELS[name]) for name in move.roles))
        return Decision(
            False, _("Only these roles may make this move: %(roles)s.") % {"roles": roles}
        )
    current = current or current_version(application)
    for check in move.checks:
        problem = check(application, current)
        if problem:
            return Decision(False, problem)
    return Decision(True, str(move.label))


def manual_moves_from(state):
    return [move for move in MOVES if state in move.sources and move.roles != WORKFLOW]


def available_moves(user, application):
    """[(Move, Decision)] of the hand moves from the application's state, for buttons."""
    current = current_version(application)
    return [
        (move, can_move(user, application, move.target, current=current))
        for move in manual_moves_from(application.status)
    ]


@dataclass(frozen=True)
class MoveButton:
    """One hand move offered on an application: allowed or not (with the reason)."""

    move: Move
    decision: Decision
    url: str


def move_buttons(user, application):
    """The hand moves from the application's state, each with its decision and the move
    view's URL: the editor's header (allowed ones) and the lifecycle panel (all, with the
    reason a move is refused) both show these."""
    from django.urls import reverse

    if application is None or not application.pk:
        return []
    return [
        MoveButton(
            move, decision, reverse("grants_applications_move", args=[application.pk, move.target])
        )
        for move, decision in available_moves(user, application)
    ]


def page_header_buttons(page, user, view_name=None, next_url=None):
    """The allowed moves as buttons in the page editor's header (any page: only grant
    applications get some)."""
    from wagtail.admin.widgets import Button

    if not issubclass(page.specific_class or object, GrantApplicationPage):
        return []
    application = page if isinstance(page, GrantApplicationPage) else page.specific_deferred
    return [
        Button(button.move.label, button.url, icon_name="arrow-right", priority=80 + index)
        for index, button in enumerate(move_buttons(user, application))
        if button.decision
    ]
