"""Who may do what with social posts and deliveries, as decisions with a reason."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper

from editorial.moderation.permissions import Decision


def can_retry_delivery(user, delivery):
    if not user.is_authenticated or not user.has_perm("social.retry_delivery"):
        return Decision(False, _("You may not retry deliveries."))
    if not delivery.can_retry:
        return Decision(False, _("Only a failed or unclear delivery can be retried."))
    return Decision(True, _("Allowed."))


def can_mark_posted(user, delivery):
    if not user.is_authenticated or not user.has_perm("social.retry_delivery"):
        return Decision(False, _("You may not change deliveries."))
    if delivery.status not in (
        delivery.Status.MANUAL,
        delivery.Status.NEEDS_ATTENTION,
        delivery.Status.FAILED,
    ):
        return Decision(False, _("This delivery is not waiting for a person."))
    return Decision(True, _("Allowed."))


class DeliveryPermissionHelper(PermissionHelper):
    """Deliveries are written by the pipeline only; people read them and retry."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def can_reschedule(user, post, moment):
    """May `user` move `post` to `moment` on the editorial calendar? (Quotas and what
    happens to an approval are the service's part: services/reschedule.py.)"""
    from django.utils import timezone
    from wagtail.models import WorkflowState

    if not user.is_authenticated or not user.is_active:
        return Decision(False, _("You must be signed in."))
    if not user.has_perm("social.change_socialpost"):
        return Decision(False, _("You may not change social posts."))
    if post.live or post.deliveries.exclude(status="cancelled").exists():
        return Decision(
            False, _("This post is already published or being sent; it cannot be moved.")
        )
    if moment <= timezone.now():
        return Decision(False, _("A post cannot be moved into the past."))
    if post.locked and post.locked_by_id != user.pk:
        return Decision(False, _("Someone else has locked this post for editing."))
    state = post.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        task_state = state.current_task_state
        task = task_state.task.specific if task_state else None
        if task is not None and task.locked_for_user(post, user):
            return Decision(
                False,
                _("This post is under review; only its moderator may change it now."),
            )
    return Decision(True, _("Allowed."))
