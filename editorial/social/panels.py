"""Editor panels: the rubric, live per-channel counters and the post's deliveries."""

from django.urls import reverse
from wagtail.admin.panels import FieldPanel, Panel

from .rubric_prefill import prefill_unbound


class RubricPanel(FieldPanel):
    """The post's rubric; a new post opened from a rubric slot starts from the rubric."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.request is not None:
                prefill_unbound(self.form, self.request.GET)


class ChannelCountersPanel(Panel):
    """Shows, per target channel, the length as that network counts it.

    Counting is done on the server (the same code that validates), so the
    numbers shown are the numbers enforced.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "social/panels/channel_counters.html"

        class Media:
            js = ["social/js/counters.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance and self.instance.pk:
                url = reverse("social_text_counters_for_post", args=[self.instance.pk])
            else:
                url = reverse("social_text_counters")
            context["counters_url"] = url
            return context


class DeliveriesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "social/panels/deliveries.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["deliveries"] = self.instance.deliveries.select_related("channel")
            return context
