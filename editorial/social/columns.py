"""Columns of the social post listing."""

from wagtail.admin.ui.tables import Column, LiveStatusTagColumn

from editorial.moderation.states import moderation_state


class DeliveriesColumn(Column):
    cell_template_name = "social/includes/deliveries_cell.html"

    def get_value(self, instance):
        # The related manager is callable; the accessor would call it. Use the prefetch.
        return list(instance.deliveries.all())


class PostStatusColumn(LiveStatusTagColumn):
    def get_value(self, instance):
        # `status_string` asks for the scheduled revision (a query per row) unless
        # it is cached; the index view prefetches it.
        if hasattr(instance, "_scheduled_revisions"):
            scheduled = instance._scheduled_revisions
            instance.__dict__["scheduled_revision"] = scheduled[0] if scheduled else None
        # The same state as the editor's side panel (changes requested, declined, ...).
        return moderation_state(instance).label
