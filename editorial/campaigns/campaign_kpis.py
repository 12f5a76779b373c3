"""A campaign's KPI targets beside what was achieved, and where each figure comes from.

Two sources, kept apart on every screen so nobody mistakes one for the other:

* **Deliveries (now)**: counted from the social pipeline for the posts tied to the
  campaign: posts published, deliveries sent, channels reached, deliveries still open
  or failed. These are facts Sklaida knows itself.
* **Imported statistics (later)**: reach, engagement, registrations and website visits
  are not known to Sklaida until the analytics app (floor 4) imports them. It plugs in
  through ``CAMPAIGN_FIGURES_HOOK`` without this app importing it::

      @hooks.register(CAMPAIGN_FIGURES_HOOK)
      def campaign_figures():
          return ImportedCampaignFigures()   # a CampaignFiguresProvider

  ``figures(campaigns)`` answers for many campaigns at once with a fixed number of
  queries: ``{campaign_id: {kpi: Figure(value, source)}}``. Several providers giving
  the same KPI add up (e.g. Facebook and Instagram reach), their sources listed. A KPI
  nobody supplies shows "Not imported yet", never a zero.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

CAMPAIGN_FIGURES_HOOK = "sklaida_campaign_figures"

REACH, ENGAGEMENT, REGISTRATIONS, VISITS = "reach", "engagement", "registrations", "visits"
KPIS = {
    REACH: (_("Reach"), "target_reach"),
    ENGAGEMENT: (_("Engagement"), "target_engagement"),
    REGISTRATIONS: (_("Registrations"), "target_registrations"),
    VISITS: (_("Website visits"), "target_visits"),
}
NOT_IMPORTED = _("Not imported yet")


@dataclass(frozen=True)
class Figure:
    value: int
    source: str  # where it comes from, as a person reads it ("Facebook statistics, 2027-03-01")


class CampaignFiguresProvider:
    """Supplies imported KPI figures. Subclass and register an instance factory."""

    def figures(self, campaigns):
        """{campaign_id: {kpi: Figure}} for `campaigns` (a fixed number of queries)."""
        raise NotImplementedError


@dataclass
class DeliveryFigures:
    """What the social pipeline knows about one campaign's posts."""

    posts: int = 0  # tied to the campaign, in any state
    posts_published: int = 0  # live with at least one delivery sent
    deliveries_sent: int = 0
    deliveries_open: int = 0  # scheduled, sending, retrying, waiting for manual posting
    deliveries_failed: int = 0  # failed or needs checking
    channels_reached: int = 0  # distinct channels with a sent delivery


@dataclass
class KpiRow:
    key: str
    label: str
    target: int | None
    figure: Figure | None

    @property
    def percent(self):
        if self.figure is None or not self.target:
            return None
        return round(100 * self.figure.value / self.target)


@dataclass
class CampaignFigures:
    deliveries: DeliveryFigures
    kpis: list = field(default_factory=list)


def delivery_figures(campaign_ids):
    """{campaign_id: DeliveryFigures}: two queries however many campaigns."""
    from editorial.social.models import Delivery, SocialPost

    result = {pk: DeliveryFigures() for pk in campaign_ids}
    if not result:
        return result
    sent, failed = Delivery.Status.SENT, (Delivery.Status.FAILED, Delivery.Status.NEEDS_ATTENTION)
    rows = (
        SocialPost.objects.filter(campaign_id__in=result)
        .values("campaign_id")
        .annotate(
            posts=Count("pk", distinct=True),
            published=Count("pk", filter=Q(live=True, deliveries__status=sent), distinct=True),
        )
        .order_by()
    )
    for row in rows:
        result[row["campaign_id"]].posts = row["posts"]
        result[row["campaign_id"]].posts_published = row["published"]
    rows = (
        Delivery.objects.filter(post__campaign_id__in=result)
        .values("post__campaign_id")
        .annotate(
            sent=Count("pk", filter=Q(status=sent)),
            failed=Count("pk", filter=Q(status__in=failed)),
            open=Count("pk", filter=~Q(status__in=Delivery.FINAL_STATES)),
            channels=Count("channel_id", filter=Q(status=sent), distinct=True),
        )
        .order_by()
    )
    for row in rows:
        figures = result[row["post__campaign_id"]]
        figures.deliveries_sent = row["sent"]
        figures.deliveries_failed = row["failed"]
        figures.deliveries_open = row["open"]
        figures.channels_reached = row["channels"]
    return result


def imported_figures(campaigns):
    """{campaign_id: {kpi: Figure}} from every registered provider, added up."""
    combined = {}
    for make in hooks.get_hooks(CAMPAIGN_FIGURES_HOOK):
        for campaign_id, figures in (make().figures(campaigns) or {}).items():
            mine = combined.setdefault(campaign_id, {})
            for kpi, figure in figures.items():
                if kpi not in KPIS or figure is None:
                    continue
                if kpi in mine:
                    before = mine[kpi]
                    sources = f"{before.source}; {figure.source}"
                    figure = Figure(before.value + figure.value, sources)
                mine[kpi] = figure
    return combined


def campaign_figures(campaigns):
    """{campaign_id: CampaignFigures} for `campaigns` (a fixed number of queries)."""
    campaigns = list(campaigns)
    deliveries = delivery_figures([c.pk for c in campaigns])
    imported = imported_figures(campaigns)
    result = {}
    for campaign in campaigns:
        found = imported.get(campaign.pk, {})
        kpis = [
            KpiRow(key, str(label), getattr(campaign, target_field), found.get(key))
            for key, (label, target_field) in KPIS.items()
        ]
        result[campaign.pk] = CampaignFigures(deliveries[campaign.pk], kpis)
    return result
