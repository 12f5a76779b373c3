"""Who may do what with contests, as decisions with a reason (views and services ask).

- Specialists and heads see the entries register and the draw page (specialists run
  the contest day to day: they set it up and prepare the draw — winners and reserves
  on the page — but do not run it).
- Running the draw and exporting entrants' personal data are for the head of the
  department the promotion belongs to (its owner's department), or whoever acts for
  that head as moderation counts it (a deputy during an absence, else the standing
  deputy head when the head cannot act), or IT. A head of another department may not.
- Administration and other departments have no access to entrants' personal data.
"""

from django.utils import timezone
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

SIGN_IN = _("You must be signed in.")


def can_view_entries(user):
    if not signed_in(user):
        return Decision(False, SIGN_IN)
    if user.has_perm("campaigns.view_promotionentry"):
        return Decision(True, _("You may see contest entries."))
    return Decision(False, _("Contest entries are for the communication team."))


def promotion_department(promotion):
    """The department of the promotion's owner (None when there is none)."""
    return department_of(promotion.owner_id)


# Why a person acting for the department may run the draw, by moderation tier.
_ACTING_REASONS = {
    HEAD: _("You head the department this promotion belongs to."),
    DEPUTY: _("You stand in for the absent head of this promotion's department."),
    STANDING_DEPUTY: _(
        "You are the standing deputy head of this promotion's department, and its head cannot act."
    ),
}


def _head_decision(user, promotion, permission, refused, day=None):
    """Whoever acts for the promotion's department today, as moderation counts it
    (`acting_for_department`): its head; while the head is absent, the deputy (then
    `on_behalf_of` is the head); else its standing deputy head. IT always."""
    if not signed_in(user):
        return Decision(False, SIGN_IN)
    if user.is_superuser:
        return Decision(True, _("You are IT."))
    if not user.has_perm(permission):
        return Decision(False, refused)
    tier = acting_for_department(promotion_department(promotion), day)
    if tier is None:
        return Decision(
            False,
            _(
                "The promotion's owner has no department with a head. Ask Administration "
                "to complete the staff register."
            ),
        )
    if any(person.pk == user.pk for person in tier.candidates):
        return Decision(True, _ACTING_REASONS[tier.name], on_behalf_of=tier.absent_head)
    return Decision(
        False,
        _("Only the head of the department this promotion belongs to (or their deputy) may."),
    )


def can_run_draw(user, promotion, now=None):
    """May `user` run the draw of `promotion` now? (No eligible entries is refused by
    the service, with its own message.)"""
    decision = _head_decision(
        user,
        promotion,
        "campaigns.run_promotiondraw",
        _("Only the department head runs the draw; you may prepare it."),
    )
    if not decision:
        return decision
    now = now or timezone.now()
    if now < promotion.closes_at:
        return Decision(False, _("The draw can only be run after entries close."))
    from .models import PromotionDraw

    if PromotionDraw.objects.filter(promotion_id=promotion.pk).exists():
        return Decision(False, _("This promotion has already been drawn."))
    return decision


def can_export_entries(user, promotion):
    return _head_decision(
        user,
        promotion,
        "campaigns.export_promotionentry",
        _("Only the department head may export entrants' personal data."),
    )
