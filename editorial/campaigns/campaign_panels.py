"""Page editor panel: what the campaign achieved so far, with a link to its report."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from .campaign_kpis import NOT_IMPORTED, campaign_figures


class CampaignResultsPanel(Panel):
    """Read-only: the delivery figures and the KPIs as saved (not as being edited)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/panels/pages_campaign_results.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["figures"] = campaign_figures([self.instance])[self.instance.pk]
            context["not_imported"] = NOT_IMPORTED
            context["report_url"] = reverse("campaigns_campaign_report", args=[self.instance.pk])
            return context
