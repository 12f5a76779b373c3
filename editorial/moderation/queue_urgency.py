"""The moderation queue's urgency column: when each item under review is due.

An item's urgency is the scheduled time (`go_live_at`) saved in the revision under
review (the task state's revision), else the first date key a model names in
`moderation_deadline_field` (e.g. a grant call's deadline); None when undated. The
queue sorts by it, earliest first, then by submission.

It is kept in `QueueUrgency` (one row per task state) so that sorting a thousand items
does not read a thousand revisions' content. Written:

- when a task starts (`TaskState` created: a submission, a resubmission after
  "request changes", a restart): from the revision it starts with;
- when a revision's content is changed in place (`Revision` saved again with its
  content): for the task states in progress that review it. The editorial calendar
  moves a post under review this way, by changing the time in the revision under
  review; a new revision saved during review does not change the revision under
  review, so it does not change the urgency either (the queue showed the same before
  the column).

A task state without a row (written in bulk, bypassing signals) is sorted by its
revision's content, read in the database as before (`ordering_expression`); `refresh`
writes the rows again, e.g. after a model starts naming a deadline field.
"""

import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import post_save
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Revision, TaskState

from .queue_models import QueueUrgency


def deadline_keys():
    """Revision content keys that date an item: the schedule, then models' deadlines."""
    from wagtail.models import get_page_models
    from wagtail.snippets.models import get_snippet_models

    keys = ["go_live_at"]
    for model in [*get_page_models(), *get_snippet_models()]:
        key = getattr(model, "moderation_deadline_field", None)
        if key and key not in keys:
            keys.append(key)
    return keys


def _moment(value):
    """A saved date or time as an aware datetime (as the database casts it: a date is its
    midnight, a time without offset is UTC), or None for anything else. A revision made
    in this process still holds Python dates: they are read as they will be saved."""
    if isinstance(value, datetime.date | datetime.time):
        value = DjangoJSONEncoder().default(value)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def urgency_of(content, keys=None):
    """The urgency of a revision with this saved `content` (a dict), or None."""
    if not isinstance(content, dict):
        return None
    for key in keys or deadline_keys():
        moment = _moment(content.get(key))
        if moment is not None:
            return moment
    return None


def record(task_states, keys=None):
    """Write the urgency of `task_states` (with their revisions loaded): one query."""
    keys = keys or deadline_keys()
    rows = [
        QueueUrgency(
            task_state_id=state.pk,
            urgent_at=urgency_of(state.revision.content, keys) if state.revision_id else None,
        )
        for state in task_states
    ]
    if rows:
        QueueUrgency.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["task_state"],
            update_fields=["urgent_at"],
        )


def refresh(batch_size=500):
    """Write the urgency of every task state in progress (after bulk changes)."""
    keys = deadline_keys()
    states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision")
        .order_by("pk")
    )
    for start in range(0, states.count(), batch_size):
        record(list(states[start : start + batch_size]), keys)


def _content_key(key):
    return KeyTextTransform(key, "revision__content")


def content_urgency():
    """For a TaskState queryset: the urgency read from the revision's content in SQL."""
    dates = [Cast(_content_key(key), DateTimeField()) for key in deadline_keys()]
    return Coalesce(*dates) if len(dates) > 1 else dates[0]


def ordering_expression():
    """For a TaskState queryset: the urgency from the column, or for a task state
    without a row, from its revision's content (read only for those rows)."""
    from django.db.models import Case, When

    fallback = Subquery(
        TaskState.objects.filter(pk=OuterRef("pk")).annotate(at=content_urgency()).values("at")[:1]
    )
    return Case(
        When(sklaida_urgency__isnull=True, then=fallback),
        default=F("sklaida_urgency__urgent_at"),
        output_field=DateTimeField(),
    )


# --- keeping it right ----------------------------------------------------------------------


def on_task_state_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        record([instance])


def on_revision_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A revision's content changed in place: the task states reviewing it follow."""
    if created or raw or (update_fields is not None and "content" not in update_fields):
        return
    states = list(
        TaskState.objects.filter(revision=instance, status=TaskState.STATUS_IN_PROGRESS).only(
            "pk", "revision_id"
        )
    )
    for state in states:
        state.revision = instance
    record(states)


def connect():
    post_save.connect(
        on_task_state_saved, sender=TaskState, dispatch_uid="sklaida_queue_urgency_task_state"
    )
    post_save.connect(
        on_revision_saved, sender=Revision, dispatch_uid="sklaida_queue_urgency_revision"
    )
