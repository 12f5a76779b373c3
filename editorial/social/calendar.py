"""Social posts on the editorial calendar: one entry per post per target channel.

- A post not yet live is shown at its approved time (scheduled), else at the time its
  latest draft plans (draft, in moderation). A draft without a time is not dated, so
  it is not on the calendar.
- A live post is shown through its deliveries: when it was sent, else when it is due;
  a failed or unclear delivery is "failed".

Three queries whatever the number of posts (planned posts, their channels, deliveries);
who may see posts (view permission) sees them all, like the post listing.
"""

from collections import defaultdict
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.models import display_name
from editorial.moderation.permissions import Decision
from editorial.moderation.registries import CalendarChannel, CalendarEntry, CalendarSource

from .models import Channel, Delivery, SocialPost
from .services.reschedule import (
    approved_times,
    in_review_exists,
    post_content_type,
    reschedule_post,
)

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


class _EntryMaker:
    """Builds entries from plain rows: each label, URL and department once (two
    queries: the channels and the authors)."""

    def __init__(self, authors):
        self.state_labels = {code: str(label) for code, label in STATE_LABELS.items()}
        self.delivery_labels = {code: str(label) for code, label in Delivery.Status.choices}
        edit = reverse("wagtailsnippets_social_socialpost:edit", args=[0])
        self.edit_url = edit[: edit.rindex("/0/")] + "/{}/"
        self.channels = {
            channel.pk: (str(channel), channel.department_id) for channel in Channel.objects.all()
        }
        self.people = {
            person.pk: (display_name(person), _department_id(person))
            for person in get_user_model()
            .objects.filter(pk__in=authors - {None})
            .select_related("staff_profile")
        }

    def __call__(self, post_id, title, author_id, channel_id, when, state, status, movable):
        author_label, department_id = self.people.get(author_id, ("", None))
        channel_label, channel_department = self.channels.get(channel_id, ("", None))
        key = f"post:{post_id}" + (f":channel:{channel_id}" if channel_id is not None else "")
        return CalendarEntry(
            key=key,
            kind=KIND,
            title=title,
            starts_at=when,
            url=self.edit_url.format(post_id),
            state=state,
            state_label=self.delivery_labels[status] if status else self.state_labels[state],
            channel_id=channel_id,
            channel_label=channel_label,
            author_id=author_id,
            author_label=author_label,
            department_id=department_id if department_id is not None else channel_department,
            movable=movable and state in MOVABLE_STATES,
        )


def planned_rows(start, end):
    """Posts not yet live whose time falls in [start, end), as dicts with `when` (the
    approved time of a scheduled post, else the planned one), `approved_at` and
    `in_review`. Two plain queries: correlated subqueries per post cost more."""
    content_type_id = post_content_type().pk
    approved = approved_times()
    in_window = [pk for pk, moment in approved.items() if start <= moment < end]
    rows = (
        SocialPost.objects.filter(live=False)
        .filter(Q(go_live_at__gte=start, go_live_at__lt=end) | Q(pk__in=in_window))
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .annotate(in_review=in_review_exists(content_type_id))
        .values("pk", "title", "author_id", "go_live_at", "in_review")
    )
    planned = []
    for row in rows:
        row["approved_at"] = approved.get(row["pk"])
        row["when"] = row["approved_at"] or row["go_live_at"]
        if start <= row["when"] < end:
            planned.append(row)
    return planned


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
        # Plain rows, not model instances: the feed holds thousands of entries, and a
        # post instance (a ClusterableModel) costs more to build than its query.
        if not self._may_see(user):
            return []
        may_change = user.has_perm("social.change_socialpost")
        now = timezone.now()
        planned = planned_rows(start, end)
        targets = defaultdict(list)
        for post_id, channel_id in (
            SocialPost.channels.through.objects.filter(
                socialpost_id__in=[row["pk"] for row in planned]
            )
            .order_by("pk")
            .values_list("socialpost_id", "channel_id")
        ):
            targets[post_id].append(channel_id)
        sent = list(
            Delivery.objects.exclude(status=Delivery.Status.CANCELLED)
            # Sent ones at their sending time, the rest when due.
            .filter(
                _range("sent_at", start, end)
                | (_none("sent_at") & _range("scheduled_for", start, end))
            )
            .values_list(
                "post_id",
                "post__title",
                "post__author_id",
                "channel_id",
                "status",
                "sent_at",
                "scheduled_for",
            )
        )
        make = _EntryMaker(authors={row["author_id"] for row in planned} | {row[2] for row in sent})
        entries = []
        for row in planned:
            if row["approved_at"] is not None:
                state = "scheduled"
            elif row["in_review"]:
                state = "in_moderation"
            else:
                state = "draft"
            movable = may_change and row["when"] > now
            for channel_id in targets.get(row["pk"]) or [None]:
                entries.append(
                    make(
                        row["pk"], row["title"], row["author_id"], channel_id, row["when"],
                        state, None, movable,
                    )
                )  # fmt: skip
        for post_id, title, author_id, channel_id, status, sent_at, due in sent:
            state = DELIVERY_STATES.get(status, "published")
            label_of = None if status in DELIVERY_STATES else status
            entries.append(
                make(post_id, title, author_id, channel_id, sent_at or due, state, label_of, False)
            )
        return entries

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
