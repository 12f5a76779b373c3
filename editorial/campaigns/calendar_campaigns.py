"""Campaign periods on the editorial calendar (editorial.moderation.registries).

One whole-day entry per campaign page whose period touches the window, from its first
to its last day (inclusive); a campaign with a start and no end is open-ended and shows
on its first day only ("from …"). Drafts are shown too, marked as such: the team plans
around a campaign before its page is published. A campaign without dates is not on the
calendar. The entry opens the campaign report. Two queries however many campaigns.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.moderation.registries import CalendarEntry, CalendarSource

from .campaign_permissions import can_view_campaign_reports, in_library

KIND = "campaign_period"
LIVE, DRAFT = "published", "draft"
STATE_LABELS = {LIVE: _("Published"), DRAFT: _("Draft")}


def _day(moment):
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


class CampaignPeriodCalendarSource(CalendarSource):
    kind = KIND
    label = _("Campaign periods")
    colour = "#00695c"  # teal: 6.6:1 against white text (WCAG AA)

    def entries(self, user, start, end):
        from .models import CampaignPage

        if not can_view_campaign_reports(user):
            return []
        first, last = _day(start), _day(end - timedelta(microseconds=1))
        touching = Q(period_start__lte=last) & (
            Q(period_end__gte=first) | Q(period_end__isnull=True, period_start__gte=first)
        )
        campaigns = (
            in_library(CampaignPage.objects.filter(touching), user)
            .prefetch_related("channels")
            .order_by("period_start", "title", "pk")
        )
        labels = {code: str(label) for code, label in STATE_LABELS.items()}
        entries = []
        for campaign in campaigns:
            state = LIVE if campaign.live else DRAFT
            title = str(campaign.title)
            if campaign.period_end is None:
                title = str(_("%(title)s (from this day)") % {"title": title})
            entries.append(
                CalendarEntry(
                    key=f"campaign:{campaign.pk}",
                    kind=KIND,
                    title=title,
                    starts_at=campaign.period_start,
                    ends_at=campaign.period_end,
                    url=reverse("campaigns_campaign_report", args=[campaign.pk]),
                    state=state,
                    state_label=labels[state],
                    channel_label=", ".join(c.name for c in campaign.channels.all()),
                    extra={"campaign_id": campaign.pk, "utm_campaign": campaign.utm_name},
                )
            )
        return entries


def campaign_calendar_source():
    return CampaignPeriodCalendarSource()
