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
