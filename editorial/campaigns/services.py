"""Rubric slots: which are planned, which a post fills, which are flagged.

The slot filling rule (docs/decisions/campaigns.md): a post tied to a rubric fills
that rubric's slot on the same local (Vilnius) day as the post's time. The post's time
is read as the social calendar reads it (editorial/social/calendar.py):

* a post not yet live: the time its newest approval scheduled (approved_go_live_at),
  else the time the post plans (go_live_at);
* a live post: when its deliveries were sent (or are due), else when it went live.

A post without any time fills nothing. One post fills at most one slot per day; two
slots of one rubric on the same day cannot happen (a cadence has one time of day).

Every function here reads with a fixed number of queries, however many rubrics or
slots there are.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min, Prefetch
from django.db.models.functions import Coalesce
from django.utils import timezone

from editorial.social.models import Channel, Delivery, SocialPost
from editorial.social.services.reschedule import approved_times

from .cadence import VILNIUS
from .models import Rubric

FILLED, PLANNED, NO_POST, MISSED = "filled", "planned", "no_post", "missed"
MY_WORK_DAYS = 14


@dataclass(frozen=True)
class Slot:
    rubric: Rubric
    starts_at: datetime
    post_id: int | None = None
    post_title: str = ""
    state: str = PLANNED

    @property
    def day(self):
        return self.starts_at.astimezone(VILNIUS).date()

    @property
    def flagged(self):
        return self.state == NO_POST

    @property
    def key(self):
        return f"rubric:{self.rubric.pk}:slot:{self.day.isoformat()}"


def live_rubrics(owners=None):
    """Approved rubrics (live), with their channels (two queries)."""
    queryset = Rubric.objects.filter(live=True).prefetch_related(
        Prefetch("channels", queryset=Channel.objects.order_by("name"))
    )
    if owners is not None:
        queryset = queryset.filter(owner__in=owners)
    return list(queryset.select_related("owner").order_by("name", "pk"))


def post_times(rubric_ids):
    """{rubric id: {local date: (post id, title)}} of posts tied to the rubrics.

    Three queries: the posts, their approvals, their deliveries."""
    rows = list(
        SocialPost.objects.filter(rubric_id__in=rubric_ids).values(
            "pk", "title", "rubric_id", "live", "go_live_at", "first_published_at"
        )
    )
    if not rows:
        return {}
    ids = [row["pk"] for row in rows]
    approved = approved_times(ids)
    delivered = dict(
        Delivery.objects.filter(post_id__in=ids)
        .exclude(status=Delivery.Status.CANCELLED)
        .values("post_id")
        .annotate(when=Min(Coalesce("sent_at", "scheduled_for")))
        .values_list("post_id", "when")
    )
    filled = defaultdict(dict)
    for row in sorted(rows, key=lambda row: row["pk"]):
        if row["live"]:
            when = delivered.get(row["pk"]) or row["go_live_at"] or row["first_published_at"]
        else:
            when = approved.get(row["pk"]) or row["go_live_at"]
        if when is None:
            continue
        day = when.astimezone(VILNIUS).date()
        filled[row["rubric_id"]].setdefault(day, (row["pk"], row["title"]))
    return filled


def slots(rubrics, start, end, now=None):
    """Every slot of `rubrics` in [start, end), filled or not, sorted by time."""
    now = now or timezone.now()
    rubrics = list(rubrics)
    filled = post_times([rubric.pk for rubric in rubrics]) if rubrics else {}
    found = []
    for rubric in rubrics:
        posts = filled.get(rubric.pk, {})
        flag_until = now + timedelta(days=rubric.flag_days_ahead)
        for moment in rubric.slots_between(start, end):
            day = moment.astimezone(VILNIUS).date()
            post = posts.get(day)
            if post is not None:
                state = FILLED
            elif moment < now:
                state = MISSED
            elif moment <= flag_until:
                state = NO_POST
            else:
                state = PLANNED
            found.append(
                Slot(
                    rubric=rubric,
                    starts_at=moment,
                    post_id=post[0] if post else None,
                    post_title=post[1] if post else "",
                    state=state,
                )
            )
    found.sort(key=lambda slot: (slot.starts_at, slot.rubric.name, slot.rubric.pk))
    return found


def empty_slots_of(owners, days=MY_WORK_DAYS, now=None):
    """Empty upcoming slots of rubrics owned by `owners`, flagged ones first."""
    now = now or timezone.now()
    upcoming = slots(live_rubrics(owners=owners), now, now + timedelta(days=days), now=now)
    empty = [slot for slot in upcoming if slot.post_id is None]
    return sorted(empty, key=lambda slot: (not slot.flagged, slot.starts_at, slot.rubric.pk))


def next_slots_with_posts(rubric, count=5, now=None):
    """The rubric's next `count` slots with the posts that fill them (for its editor)."""
    now = now or timezone.now()
    moments = rubric.next_slots(count=count, after=now)
    if not moments or rubric.pk is None:
        return [Slot(rubric=rubric, starts_at=moment) for moment in moments]
    return slots([rubric], moments[0], moments[-1] + timedelta(seconds=1), now=now)


def parse_slot(value):
    """An ISO datetime from a "slot" query parameter, aware, or None."""
    try:
        moment = datetime.fromisoformat(str(value or "").strip().replace(" ", "+"))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=VILNIUS)
    return moment


def prefill_for_post(rubric, slot=None, now=None):
    """Initial values of a new post of `rubric` (for the create form).

    `slot` (an aware datetime) becomes the post's publishing time when it is a slot
    of the rubric still ahead; anything else is ignored."""
    values = rubric.post_prefill()
    now = now or timezone.now()
    if slot is not None and slot > now:
        matching = rubric.slots_between(slot - timedelta(minutes=1), slot + timedelta(minutes=1))
        if matching:
            values["go_live_at"] = matching[0]
            values["title"] = f"{rubric.name} – {matching[0].astimezone(VILNIUS).date():%Y-%m-%d}"
    return values
