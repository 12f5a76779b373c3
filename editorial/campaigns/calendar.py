"""Rubric slots on the editorial calendar (editorial.moderation.registries).

One entry per slot of every approved (live) rubric in the window, filled or empty.
An empty slot within the rubric's "flag" days is marked "Nėra įrašo" (no post). A
slot has no channel of its own (channel_id stays empty: it is not a post, so it does
not close a channel's gap); its channels are named in the entry.

Six queries however many rubrics and slots (services.slots + the content type).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.models import display_name
from editorial.moderation.registries import CalendarEntry, CalendarSource

from . import services
from .permissions import can_view_rubrics

KIND = "rubric_slot"

STATE_LABELS = {
    services.FILLED: _("Has a post"),
    services.PLANNED: _("Planned"),
    services.NO_POST: _("No post"),
    services.MISSED: _("Missed"),
}


def post_create_url(slot):
    query = urlencode({"rubric": slot.rubric.pk, "slot": slot.starts_at.isoformat()})
    return reverse("wagtailsnippets_social_socialpost:add") + "?" + query


def post_edit_url(post_id):
    return reverse("wagtailsnippets_social_socialpost:edit", args=[post_id])


def rubric_edit_url(rubric_id):
    return reverse("wagtailsnippets_campaigns_rubric:edit", args=[rubric_id])


class RubricSlotCalendarSource(CalendarSource):
    kind = KIND
    label = _("Rubric slots")
    colour = "#6a1b9a"  # purple: 9.6:1 against white text (WCAG AA)

    def entries(self, user, start, end):
        if not can_view_rubrics(user):
            return []
        may_write = user.has_perm("social.add_socialpost")
        labels = {code: str(label) for code, label in STATE_LABELS.items()}
        entries = []
        for slot in services.slots(services.live_rubrics(), start, end):
            if slot.post_id is not None:
                url = post_edit_url(slot.post_id)
            elif may_write and slot.state in (services.NO_POST, services.PLANNED):
                url = post_create_url(slot)
            else:
                url = rubric_edit_url(slot.rubric.pk)
            rubric = slot.rubric
            entries.append(
                CalendarEntry(
                    key=slot.key,
                    kind=KIND,
                    title=rubric.name,
                    starts_at=slot.starts_at,
                    url=url,
                    state=slot.state,
                    state_label=labels[slot.state],
                    channel_label=", ".join(str(channel) for channel in rubric.channels.all()),
                    author_id=rubric.owner_id,
                    author_label=display_name(rubric.owner) if rubric.owner_id else "",
                    extra={
                        "rubric_id": rubric.pk,
                        "post_id": slot.post_id,
                        "post": slot.post_title,
                    },
                )
            )
        return entries


def rubric_calendar_source():
    return RubricSlotCalendarSource()
