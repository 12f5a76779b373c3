"""The moderation task: the department head (or their deputy) approves."""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, AbstractPage, TaskState

from cms.models import display_name

from .permissions import (
    can_edit_under_review,
    can_moderate,
    first_revision_subquery,
    review_of,
    reviews_for_task,
)

ACTION_REQUEST_CHANGES = "reject"  # Wagtail's name for "request changes"
ACTION_APPROVE = "approve"
ACTION_DECLINE = "decline"


class HeadApprovalTask(AbstractGroupApprovalTask):
    """Group approval with the four-eyes rule and deputies standing in for absent heads."""

    class Meta:
        verbose_name = _("Department head approval")
        verbose_name_plural = _("Department head approvals")

    @classmethod
    def get_description(cls):
        return _(
            "The head of the author's department approves (a deputy while the head is "
            "absent); nobody approves what they submitted or changed during review."
        )

    def _may(self, obj, user):
        return can_moderate(self, obj, user)

    def user_can_access_editor(self, obj, user):
        return can_edit_under_review(self, obj, user)

    def locked_for_user(self, obj, user):
        # Whoever changed the content under review may go on editing it; deciding on
        # it is left to another moderator (`_may`).
        return not can_edit_under_review(self, obj, user)

    def user_can_lock(self, obj, user):
        return can_edit_under_review(self, obj, user)

    def get_actions(self, obj, user):
        if not self._may(obj, user):
            return []
        return [
            (ACTION_REQUEST_CHANGES, _("Request changes"), True),
            (ACTION_APPROVE, _("Approve"), False),
            (ACTION_APPROVE, _("Approve with comment"), True),
            (ACTION_DECLINE, _("Reject"), True),
        ]

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        workflow_state = task_state.workflow_state
        obj = workflow_state.content_object
        if isinstance(obj, AbstractPage):
            obj = obj.specific
        # Decide on *this* task state's workflow: the admin checked the actions against
        # the object named in the URL, which a hand-made request could vary. Decided
        # afresh (no memo), after any revision the same request saved: whoever changed
        # the content under review is refused here.
        if (
            action_name in (ACTION_REQUEST_CHANGES, ACTION_DECLINE)
            and getattr(obj, "decision_reason_required", False)
            and not (kwargs.get("comment") or "").strip()
        ):
            # Proposals: the author is owed a reason (the forms ask for it; this
            # refuses a hand-made request without one).
            raise PermissionDenied(_("Give the reason for this decision."))
        decision = review_of(self, workflow_state).decide(user)
        if not decision:
            # The admin hides the buttons; this refuses a hand-made request too.
            raise PermissionDenied(decision.reason)
        if decision.on_behalf_of is not None:
            log(
                instance=obj,
                action="sklaida.moderation.on_behalf",
                user=user,
                data={
                    "action": action_name,
                    "on_behalf_of": {
                        "id": decision.on_behalf_of.pk,
                        "name": display_name(decision.on_behalf_of),
                    },
                },
            )
        if action_name == ACTION_DECLINE:
            task_state.reject(user=user, **kwargs)
            task_state.workflow_state.refresh_from_db()
            task_state.workflow_state.cancel(user=user)
            log(
                instance=obj,
                action="sklaida.moderation.decline",
                user=user,
                data={"comment": kwargs.get("comment", "")},
            )
        else:
            super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The in-progress states `user` may act on; the same rules as `can_moderate`."""
        return self.task_states.filter(pk__in=self.task_state_ids_user_can_moderate(user))

    def task_state_ids_user_can_moderate(self, user):
        """Ids of the in-progress task states `user` may act on, in fixed queries.

        The workflow states are read as plain values (no model instances: the queue
        asks this on every admin page, with hundreds waiting) and judged by
        `reviews_for_task`, the one computation `can_moderate` uses too.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return []
        rows = (
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .exclude(workflow_state__requested_by=user)
            .annotate(first_revision_id=first_revision_subquery())
            .values_list(
                "pk",
                "workflow_state_id",
                "workflow_state__status",
                "workflow_state__requested_by_id",
                "workflow_state__base_content_type_id",
                "workflow_state__object_id",
                "first_revision_id",
            )
        )
        states = {}
        task_state_of = {}
        for pk, state_id, status, requested_by_id, content_type_id, object_id, first in rows:
            task_state_of[state_id] = pk
            states[state_id] = SimpleNamespace(
                pk=state_id,
                status=status,
                requested_by_id=requested_by_id,
                base_content_type_id=content_type_id,
                object_id=object_id,
                first_revision_id=first,
            )
        reviews = reviews_for_task(self, list(states.values()))
        return [
            task_state_of[state_id] for state_id, review in reviews.items() if review.decide(user)
        ]


# Proposals and assignments live in their own modules (one purpose each).
from .assignment_models import Assignment  # noqa: E402, F401
from .proposal_models import Proposal, ProposalAttachment  # noqa: E402, F401
from .queue_models import QueueUrgency  # noqa: E402, F401


class CalendarFeedToken(models.Model):
    """A private, revocable address of one person's calendar feed (iCal).

    Only a SHA-256 digest of the token is stored: the link is shown once, when it is
    made, and a copy of the database does not give anyone's calendar away. A person has
    at most one live token; making a new one revokes the old (editorial/moderation/
    calendar/feeds.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed link")
        verbose_name_plural = _("calendar feed links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{display_name(self.user)} ({self.created_at:%Y-%m-%d})"

    @property
    def active(self):
        return self.revoked_at is None
