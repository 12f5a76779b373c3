"""Domain operations on grant applications: lifecycle moves (by hand and by the
moderation workflow), with a log entry and a notice to the responsible person."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.models import display_name
from cms.notification_events import NotificationEvent
from cms.notifications import Message, notify_each, stand_in_line

from . import lifecycle
from .models import GrantApplicationPage

LOG_MOVED = "sklaida.grants.application_moved"
EVENT_MOVED = "grants.application_moved"


def notification_events():
    return [
        NotificationEvent(
            EVENT_MOVED,
            gettext_lazy("Grant application moved"),
            gettext_lazy(
                "A grant application you are responsible for changes state (submitted, "
                "awarded, rejected, …)."
            ),
            order=80,
        )
    ]


def application_path(application):
    return reverse("wagtailadmin_pages:edit", args=[application.pk])


def _apply(application, target, user, comment="", via=""):
    """Write the new state on the row (and nothing else), log it, tell the responsible."""
    source = application.status
    changes = {"status": target}
    if target == lifecycle.SUBMITTED and application.submitted_on is None:
        changes["submitted_on"] = timezone.localdate()
    GrantApplicationPage.objects.filter(pk=application.pk).update(**changes)
    for name, value in changes.items():
        setattr(application, name, value)
    log(
        instance=application,
        action=LOG_MOVED,
        user=user,
        data={"from": source, "to": target, "comment": comment, "via": via},
    )
    tell_responsible(application, source, target, user, comment)


def tell_responsible(application, source, target, actor, comment=""):
    person = application.responsible or application.owner
    if person is None:
        return

    def render(reader, standing_in_for):
        # Called in each reader's language: the responsible person's, or their deputy's.
        subject = _("Grant application “%(title)s”: %(state)s") % {
            "title": application.title,
            "state": lifecycle.state_label(target),
        }
        message = _("%(who)s moved the application from “%(from)s” to “%(to)s”.") % {
            "who": display_name(actor) if actor else _("The approval workflow"),
            "from": lifecycle.state_label(source),
            "to": lifecycle.state_label(target),
        }
        if comment:
            message = f"{message}\n{comment}"
        if standing_in_for:
            message = f"{stand_in_line(standing_in_for)}\n{message}"
        return Message(subject, message)

    notify_each([person], render, url=application_path(application), event=EVENT_MOVED, actor=actor)


def move(user, application_id, target, comment=""):
    """Move the application to `target`; returns (Decision, application).

    Refused: nothing changes. The row is locked and read afresh, so of two people acting
    at once the second is judged on the state the first left.
    """
    with transaction.atomic():
        application = (
            # Only the application's own row is locked: PostgreSQL refuses to lock the
            # nullable side of the outer joins (no revision, no responsible person).
            GrantApplicationPage.objects.select_for_update(of=("self",))
            .select_related("latest_revision", "responsible", "owner")
            .get(pk=application_id)
        )
        decision = lifecycle.can_move(user, application, target)
        if not decision:
            return decision, application
        state = application.current_workflow_state
        _apply(application, target, user, comment)
        if target == lifecycle.WITHDRAWN and state is not None:
            # Withdrawn first, so the cancellation's signal leaves the state alone.
            state.cancel(user=user)
    return decision, application


# --- the moderation workflow is the internal approval -----------------------------------


def _application_of(workflow_state):
    obj = workflow_state.content_object
    specific = getattr(obj, "specific", obj)
    return specific if isinstance(specific, GrantApplicationPage) else None


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    application = _application_of(instance)
    if application is not None and application.status in (lifecycle.IDEA, lifecycle.DRAFTING):
        _apply(application, lifecycle.INTERNAL_APPROVAL, user, via=lifecycle.WORKFLOW)


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    application = _application_of(instance)
    if application is not None and application.status == lifecycle.INTERNAL_APPROVAL:
        _apply(application, lifecycle.DRAFTING, user, via=lifecycle.WORKFLOW)


def format_moved(data):
    return _("State changed from “%(from)s” to “%(to)s”") % {
        "from": lifecycle.state_label(data.get("from", "")),
        "to": lifecycle.state_label(data.get("to", "")),
    }
