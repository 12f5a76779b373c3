"""Social posts on the editorial calendar: one entry per post per target channel.

- A post not yet live is shown at its approved time (scheduled), else at the time its
  latest draft plans (draft, in moderation). A draft without a time is not dated, so
  it is not on the calendar.
- A live post is shown through its deliveries: when it was sent, else when it is due;
  a failed or unclear delivery is "failed".

Three queries whatever the number of posts (planned posts, their channels, deliveries);
who may see posts (view permission) sees them all, like the post listing.
"""

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.models import display_name
from editorial.moderation.permissions import Decision
from editorial.moderation.registries import CalendarChannel, CalendarEntry, CalendarSource

from .models import Channel, Delivery
from .services.reschedule import planned_in, post_content_type, reschedule_post

KIND = "social_post"

STATE_LABELS = {
    "draft": _("Draft"),
    "in_moderation": _("In moderation"),
    "scheduled": _("Scheduled"),
    "published": _("Published"),
    "failed": _("Failed"),
}
DELIVERY_STATES = {
    Delivery.Status.SENT: "published",
    Delivery.Status.FAILED: "failed",
    Delivery.Status.NEEDS_ATTENTION: "failed",
}
MOVABLE_STATES = {"draft", "in_moderation", "scheduled"}


def _department_id(user):
    try:
        profile = user.staff_profile if user is not None else None
    except Exception:  # noqa: BLE001 - no profile: RelatedObjectDoesNotExist
        profile = None
    return profile.department_id if profile is not None else None


def parse_key(key):
    """ "post:<id>:channel:<id>" or "post:<id>" -> post id, or None."""
    parts = str(key or "").split(":")
    if len(parts) in (2, 4) and parts[0] == "post" and parts[1].isdigit():
        if len(parts) == 4 and (parts[2] != "channel" or not parts[3].isdigit()):
            return None
        return int(parts[1])
    return None


class SocialPostCalendarSource(CalendarSource):
    kind = KIND
    label = _("Social posts")
    colour = "#1d5f99"

    def _may_see(self, user):
        return user.is_authenticated and user.is_active and user.has_perm("social.view_socialpost")

    def channels(self, user):
        if not self._may_see(user):
            return []
        return [
            CalendarChannel(channel.pk, str(channel))
            for channel in Channel.objects.usable().order_by("network", "name")
        ]

    def entries(self, user, start, end):
        if not self._may_see(user):
            return []
        may_change = user.has_perm("social.change_socialpost")
        now = timezone.now()
        entries = []
        planned = (
            planned_in(start, end, post_content_type().pk)
            .select_related("author__staff_profile")
            .prefetch_related("channels")
        )
        for post in planned:
            if post.approved_at is not None:
                state = "scheduled"
            elif post.in_review:
                state = "in_moderation"
            else:
                state = "draft"
            channels = list(post.channels.all()) or [None]
            for channel in channels:
                entries.append(
                    self._entry(
                        post,
                        channel,
                        post.when,
                        state,
                        STATE_LABELS[state],
                        movable=may_change and post.when > now,
                    )
                )
        deliveries = Delivery.objects.exclude(status=Delivery.Status.CANCELLED).select_related(
            "post__author__staff_profile", "channel"
        )
        # Sent ones at their sending time, the rest when due: one indexed range query.
        for delivery in deliveries.filter(
            _range("sent_at", start, end) | (_none("sent_at") & _range("scheduled_for", start, end))
        ):
            state = DELIVERY_STATES.get(delivery.status, "published")
            label = (
                STATE_LABELS[state]
                if delivery.status in DELIVERY_STATES
                else delivery.get_status_display()
            )
            entries.append(
                self._entry(
                    delivery.post,
                    delivery.channel,
                    delivery.sent_at or delivery.scheduled_for,
                    state,
                    label,
                    movable=False,
                )
            )
        return entries

    def _entry(self, post, channel, when, state, state_label, movable):
        key = f"post:{post.pk}" + (f":channel:{channel.pk}" if channel is not None else "")
        department_id = _department_id(post.author)
        if department_id is None and channel is not None:
            department_id = channel.department_id
        return CalendarEntry(
            key=key,
            kind=KIND,
            title=post.title,
            starts_at=when,
            url=reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk]),
            state=state,
            state_label=str(state_label),
            channel_id=channel.pk if channel is not None else None,
            channel_label=str(channel) if channel is not None else "",
            author_id=post.author_id,
            author_label=display_name(post.author),
            department_id=department_id,
            movable=movable and state in MOVABLE_STATES,
        )

    def reschedule(self, user, key, new_start):
        post_id = parse_key(key)
        if post_id is None:
            return Decision(False, gettext("This item cannot be moved on the calendar."))
        if not isinstance(new_start, datetime):
            return Decision(False, gettext("A post needs a time of day."))
        return reschedule_post(user, post_id, new_start)


def _range(field, start, end):
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _none(field):
    return Q(**{f"{field}__isnull": True})


def social_calendar_source():
    return SocialPostCalendarSource()
