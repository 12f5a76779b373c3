"""The rubric block of "My work": empty slots of one's rubrics in the next two weeks."""

from django.utils.translation import gettext_lazy as _

from cms.models import display_name
from editorial.moderation.registries import MyWorkItem, MyWorkSection

from . import services
from .calendar import STATE_LABELS, post_create_url, rubric_edit_url
from .permissions import can_view_rubrics


class RubricGapsSection(MyWorkSection):
    """Slots of rubrics owned by `people` with no post yet, flagged ones first.

    The next action opens the post editor prefilled from the rubric; the editor checks
    the right to write posts again."""

    key = "rubric_gaps"
    title = _("Rubric gaps")
    order = 25
    empty_text = _("Every slot of your rubrics in the next two weeks has a post.")

    def items(self, user, people):
        if not can_view_rubrics(user):
            return []
        may_write = user.has_perm("social.add_socialpost")
        slots = services.empty_slots_of([person.pk for person in people])
        if self.limit is not None:
            slots = slots[: self.limit + 1]
        names = {person.pk: display_name(person) for person in people}
        items = []
        for slot in slots:
            owner_id = slot.rubric.owner_id
            items.append(
                MyWorkItem(
                    title=slot.rubric.name,
                    url=rubric_edit_url(slot.rubric.pk),
                    kind_label=str(_("Rubric slot")),
                    state_label=str(STATE_LABELS[slot.state]),
                    when=slot.starts_at,
                    next_action_label=str(_("Create a post")) if may_write else "",
                    next_action_url=post_create_url(slot) if may_write else "",
                    on_behalf_of="" if owner_id == user.pk else names.get(owner_id, ""),
                    overdue=slot.flagged,
                )
            )
        return items
