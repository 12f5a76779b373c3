"""Moderation notices and e-mails, in the recipient's language, to the people concerned.

Replaces Wagtail's own workflow e-mails (English, to every member of the heads group,
sent inside the request). Each decision is told after its transaction commits, so a
rolled-back action tells nobody, and a decline (Wagtail: reject, then cancel, in one
transaction) is told once as a decline rather than as "changes requested" too.
"""

from functools import partial

from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin.utils import get_latest_str
from wagtail.models import (
    AbstractPage,
    ModelLogEntry,
    PageLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from cms.models import Absence, display_name
from cms.notifications import Message, admin_url, notify_each

from . import events
from .permissions import reviewers_of_task_state

SUBMITTED = "submitted"
APPROVED = "approved"
CHANGES_REQUESTED = "changes_requested"
DECLINED = "declined"
CANCELLED = "cancelled"
PUBLISHED = "published"

TEMPLATE_DIR = "moderation/emails/"


# --------------------------------------------------------------------------- links


def content_of(workflow_state):
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, AbstractPage) else obj


def edit_path(obj):
    """The admin path of the object's editor (where the decision and comment are shown),
    or "" for a model that has no editor in the admin."""
    if isinstance(obj, AbstractPage):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    viewset = getattr(obj, "snippet_viewset", None)
    if viewset is None:
        return ""
    return reverse(viewset.get_url_name("edit"), args=[quote(obj.pk)])


def preview_path(obj, task_state):
    """The admin path previewing the revision under review, or "" if not previewable."""
    if not getattr(obj, "is_previewable", lambda: False)():
        return ""
    if isinstance(obj, AbstractPage):
        return reverse("wagtailadmin_pages:workflow_preview", args=[obj.pk, task_state.task_id])
    name = obj.snippet_viewset.get_url_name("workflow_preview")
    return reverse(name, args=[quote(obj.pk), task_state.task_id])


# --------------------------------------------------------------------------- people


def stood_in_for(user, day=None):
    """Whom `user` reviews for today: a submission reaches the deputy of an absent head
    as a reviewer in their own right (editorial.moderation.permissions)."""
    return [
        display_name(absence.person)
        for absence in Absence.objects.covering(day).filter(deputy=user).select_related("person")
    ]


# --------------------------------------------------------------------------- telling

# Our events (editorial.moderation.events): a decline and a moderator's cancelling
# both end the moderation without publishing.
EVENT_CODES = {
    SUBMITTED: events.SUBMITTED,
    APPROVED: events.APPROVED,
    CHANGES_REQUESTED: events.CHANGES_REQUESTED,
    DECLINED: events.REJECTED,
    CANCELLED: events.REJECTED,
    PUBLISHED: events.PUBLISHED,
}


def tell(event, recipients, context, event_key, url, actor=None):
    """Notify the recipients (and, through cms.notifications, whoever stands in for an
    absent one), each copy rendered in its reader's language."""

    def render(person, standing_in_for):
        names = [display_name(absent) for absent in standing_in_for]
        if not names and event == SUBMITTED:
            names = stood_in_for(person)
        personal = {**context, "stand_in_for": ", ".join(names)}
        subject = render_to_string(f"{TEMPLATE_DIR}{event}_subject.txt", personal)
        summary = render_to_string(f"{TEMPLATE_DIR}{event}.txt", {**personal, "notice": True})
        body = render_to_string(f"{TEMPLATE_DIR}{event}.txt", personal)
        return Message(subject, summary.strip(), body.strip() + "\n")

    notify_each(recipients, render, url, event_key=event_key, event=EVENT_CODES[event], actor=actor)


def base_context(obj, actor=None, comment=""):
    return {
        "title": get_latest_str(obj),
        "model_name": obj._meta.verbose_name,
        "actor": display_name(actor),
        "comment": (comment or "").strip(),
        "edit_url": admin_url(edit_path(obj)),
        "dashboard_url": admin_url(reverse("wagtailadmin_home")),
    }


def tell_submitted(task_state_id, actor_id=None):
    task_state = TaskState.objects.select_related("workflow_state").filter(pk=task_state_id).first()
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return
    workflow_state = task_state.workflow_state
    obj = content_of(workflow_state)
    submitter = workflow_state.requested_by
    recipients = [
        person
        for person in reviewers_of_task_state(task_state)
        if person is not None and (submitter is None or person.pk != submitter.pk)
    ]
    context = base_context(obj)
    context["submitter"] = display_name(submitter)
    context["preview_url"] = admin_url(preview_path(obj, task_state))
    key = f"moderation:{SUBMITTED}:{task_state.pk}"
    tell(SUBMITTED, recipients, context, key, edit_path(obj), actor=submitter)


def tell_decision(event, workflow_state_id, actor_id=None):
    workflow_state = (
        WorkflowState.objects.select_related("requested_by", "current_task_state__finished_by")
        .filter(pk=workflow_state_id)
        .first()
    )
    if workflow_state is None:
        return
    expected = {
        APPROVED: WorkflowState.STATUS_APPROVED,
        CHANGES_REQUESTED: WorkflowState.STATUS_NEEDS_CHANGES,
        DECLINED: WorkflowState.STATUS_CANCELLED,
        CANCELLED: WorkflowState.STATUS_CANCELLED,
    }[event]
    if workflow_state.status != expected:
        return  # e.g. "changes requested" that the same transaction turned into a decline
    task_state = workflow_state.current_task_state
    actor = task_state.finished_by if task_state is not None else None
    if actor_id is not None and (actor is None or actor.pk != actor_id):
        actor = get_user_model()._default_manager.filter(pk=actor_id).first()
    obj = content_of(workflow_state)
    if event in (APPROVED, DECLINED) and getattr(obj, "tells_own_decision", False):
        return  # the type words its outcome itself (a proposal is "accepted"), told once
    comment = task_state.comment if task_state is not None else ""
    key_id = task_state.pk if event == CHANGES_REQUESTED else workflow_state.pk
    author = workflow_state.requested_by
    tell(
        event,
        [author] if author is not None else [],
        base_context(obj, actor, comment),
        f"moderation:{event}:{key_id}",
        edit_path(obj),
        actor=actor,
    )


def tell_published(revision_id):
    """Approved work went live at its scheduled time: tell its author (once)."""
    revision = Revision.objects.filter(pk=revision_id).first()
    obj = revision.content_object if revision is not None else None
    if obj is None:
        return
    obj = obj.specific if isinstance(obj, AbstractPage) else obj
    state = (
        WorkflowState.objects.for_instance(obj)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .select_related("requested_by")
        .order_by("-created_at")
        .first()
    )
    if state is None or state.requested_by is None:
        return  # not moderated work: nobody waits to hear
    tell(
        PUBLISHED,
        [state.requested_by],
        base_context(obj),
        f"moderation:{PUBLISHED}:{revision_id}",
        edit_path(obj),
    )


# --------------------------------------------------------------------------- signals


def _later(function, *args):
    # robust: the decision is committed; a failure to tell is logged, not a 500.
    transaction.on_commit(partial(function, *args), robust=True)


def _user_id(user):
    return getattr(user, "pk", None)


def on_task_submitted(sender, instance, user=None, **kwargs):
    _later(tell_submitted, instance.pk, _user_id(user))


def on_workflow_approved(sender, instance, user=None, **kwargs):
    _later(tell_decision, APPROVED, instance.pk, _user_id(user))


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    _later(tell_decision, CHANGES_REQUESTED, instance.pk, _user_id(user))


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    if user is None or user.pk == instance.requested_by_id:
        return  # the author withdrew their own submission: nobody to tell
    current = instance.current_task_state
    declined = current is not None and current.status == TaskState.STATUS_REJECTED
    _later(tell_decision, DECLINED if declined else CANCELLED, instance.pk, user.pk)


def on_log_entry(sender, instance, created=False, **kwargs):
    # Wagtail's scheduler publishes with this log action (publish_scheduled); an
    # approval that publishes at once is told as "approved".
    if created and instance.action == "wagtail.publish.scheduled" and instance.revision_id:
        _later(tell_published, instance.revision_id)


def _wagtail_mail_replaced(sender, **kwargs):
    """Holds the place of Wagtail's "workflow submitted" e-mail (to superusers)."""


# Wagtail's own workflow e-mails, as wagtail.admin connects them. A receiver is unique
# per (dispatch_uid, sender): taking these uids keeps Wagtail's from being connected
# when wagtail.admin is readied after us, and disconnecting first removes them when it
# was readied before.
RECEIVERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
     on_task_submitted),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
     _wagtail_mail_replaced),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification",
     on_workflow_rejected),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification",
     on_workflow_approved),
    (workflow_cancelled, WorkflowState, "sklaida_moderation_cancelled_notification",
     on_workflow_cancelled),
    (post_save, PageLogEntry, "sklaida_moderation_published_page", on_log_entry),
    (post_save, ModelLogEntry, "sklaida_moderation_published_snippet", on_log_entry),
]  # fmt: skip


def connect():
    for signal, sender, uid, receiver in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(receiver, sender=sender, dispatch_uid=uid)
