"""The head's go / no-go on a call: checked, recorded and logged in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.models import display_name

from .models import Call
from .permissions import can_decide_call

CALL_DECIDED = "sklaida.grants.call_decided"


def decide(user, call_id, decision, reason=""):
    """Record `decision` (Call.Decision.GO / NO_GO) with `reason` on the call.

    Returns (Decision, call). A refusal (no right, no reason for a no-go, an unknown
    decision) changes nothing; the row is locked so two heads deciding at once are
    judged one after the other.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        permission = can_decide_call(user, call)
        if not permission:
            return permission, call
        if decision not in (Call.Decision.GO, Call.Decision.NO_GO):
            raise ValidationError({"decision": _("Choose “apply” or “do not apply”.")})
        if decision == Call.Decision.NO_GO and not reason:
            raise ValidationError(
                {"reason": _("Write why the library will not apply: the team reads it.")}
            )
        previous = call.decision
        call.decision = decision
        call.decision_reason = reason
        call.decided_by = user
        call.decided_at = timezone.now()
        call.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        data = {"from": previous, "to": decision, "reason": reason}
        if permission.on_behalf_of is not None:
            data["on_behalf_of"] = {
                "id": permission.on_behalf_of.pk,
                "name": display_name(permission.on_behalf_of),
            }
        log(instance=call, action=CALL_DECIDED, user=user, data=data)
    return permission, call
