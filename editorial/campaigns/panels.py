"""Editor panels: the rubric's next slots, read-only."""

from wagtail.admin.panels import Panel

from . import services
from .calendar import STATE_LABELS


class NextSlotsPanel(Panel):
    """The next five slots of the rubric as it is saved, with the posts that fill them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/panels/next_slots.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            slots = services.next_slots_with_posts(self.instance, count=5)
            context["slots"] = [
                {"slot": slot, "state_label": STATE_LABELS[slot.state]} for slot in slots
            ]
            return context
