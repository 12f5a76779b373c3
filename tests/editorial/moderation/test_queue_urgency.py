"""The queue's urgency column stays right: on submission, on resubmission with a new
schedule, when the calendar moves a post under review; and it agrees with what the
database reads from the revision under review (the queue's order before the column)."""

import datetime
import re

import pytest
from django.db.models import DateTimeField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, TaskState

from editorial.moderation import queue_urgency
from editorial.moderation.models import QueueUrgency
from editorial.social.models import SocialPost
from tests.editorial.moderation.calendar_helpers import at, channel, submitted

pytestmark = pytest.mark.django_db
QUEUE = "moderation_queue"


def column(task_state):
    return QueueUrgency.objects.get(task_state=task_state).urgent_at


def from_content(task_state):
    """The urgency as the queue read it before the column: in the database, from the
    content of the revision under review."""
    return (
        TaskState.objects.filter(pk=task_state.pk)
        .annotate(at=queue_urgency.content_urgency())
        .values_list("at", flat=True)
        .get()
    )


def current_state(post):
    return SocialPost.objects.get(pk=post.pk).current_workflow_state.current_task_state


def queue_order(client):
    html = client.get(reverse(QUEUE)).content.decode()
    return [int(pk) for pk in re.findall(r'<tr data-task-state="(\d+)"', html)]


def test_a_submission_records_its_schedule(specialist, head):
    post = submitted(specialist, [channel()], at(3))
    state = current_state(post)
    assert column(state) == at(3)
    assert column(state) == from_content(state)


def test_an_undated_submission_is_undated(specialist, head):
    post = submitted(specialist, [channel()], None)
    state = current_state(post)
    assert column(state) is None
    assert from_content(state) is None


def test_resubmission_with_a_new_schedule(specialist, head, client_for):
    ch = channel()
    post = submitted(specialist, [ch], at(2), title="Grąžinamas")
    other = submitted(specialist, [ch], at(4), title="Kitas")
    first = current_state(post)
    client = client_for(head)
    assert queue_order(client) == [first.pk, current_state(other).pk]

    first.task.specific.on_action(first, head, "reject", comment="Vėliau, prašau.")
    post = SocialPost.objects.get(pk=post.pk)
    draft = post.get_latest_revision_as_object()
    draft.go_live_at = at(6)
    draft.save_revision(user=specialist)
    post.current_workflow_state.resume(specialist)

    again = current_state(post)
    assert again.pk != first.pk
    assert column(again) == at(6)
    assert column(again) == from_content(again)
    assert queue_order(client) == [current_state(other).pk, again.pk]
    row = client.get(reverse(QUEUE)).content.decode()
    row = row[row.index(f'data-task-state="{again.pk}"') :]
    assert timezone.localtime(at(6)).strftime("%Y-%m-%d %H:%M") in row[: row.index("</tr>")]


def test_the_calendar_moves_a_post_under_review(specialist, head, client_for):
    ch = channel()
    post = submitted(specialist, [ch], at(2), title="Perkeliamas")
    other = submitted(specialist, [ch], at(4), title="Kitas")
    state = current_state(post)
    client = client_for(head)
    assert queue_order(client) == [state.pk, current_state(other).pk]

    response = client.post(
        reverse("moderation_calendar_move"),
        {
            "kind": "social_post",
            "key": f"post:{post.pk}:channel:{ch.pk}",
            "date": at(7, 9, 30).date().isoformat(),
            "time": "09:30",
            "next": reverse("moderation_calendar"),
        },
    )
    assert response.status_code == 302
    assert current_state(post).pk == state.pk  # still the same review
    assert column(state) == at(7, 9, 30)
    assert column(state) == from_content(state)
    assert queue_order(client) == [current_state(other).pk, state.pk]


def test_a_new_revision_during_review_leaves_the_revision_under_review(specialist, head):
    """The urgency follows the revision under review (the task state's), as before."""
    post = submitted(specialist, [channel()], at(3))
    state = current_state(post)
    draft = SocialPost.objects.get(pk=post.pk).get_latest_revision_as_object()
    draft.go_live_at = at(9)
    draft.save_revision(user=specialist)
    assert column(state) == at(3)
    assert column(state) == from_content(state)


def test_a_task_state_without_a_row_is_sorted_by_its_content(specialist, head, client_for):
    ch = channel()
    early = current_state(submitted(specialist, [ch], at(5), title="A"))
    late = current_state(submitted(specialist, [ch], at(8), title="B"))
    undated = current_state(submitted(specialist, [ch], None, title="C"))
    middle = current_state(submitted(specialist, [ch], at(6), title="D"))
    client = client_for(head)
    expected = [early.pk, middle.pk, late.pk, undated.pk]
    assert queue_order(client) == expected
    QueueUrgency.objects.filter(task_state__in=[late, middle, undated]).delete()  # as bulk-made
    assert queue_order(client) == expected
    queue_urgency.refresh()
    assert column(late) == at(8) and column(undated) is None
    assert queue_order(client) == expected


@pytest.mark.parametrize(
    "content",
    [
        {"go_live_at": "2026-12-03T10:00:00Z"},
        {"go_live_at": "2026-12-03T10:00:00.123Z"},
        {"go_live_at": "2026-12-03T12:00:00+02:00"},
        {"go_live_at": "2026-12-03T10:00:00"},
        {"go_live_at": None, "deadline": "2026-12-31"},
        {"go_live_at": "2026-12-03T10:00:00Z", "deadline": "2026-12-01"},
        {"deadline": "2027-01-15T08:30:00+02:00"},
        {"go_live_at": None},
        {},
        # a revision made in this process, not yet read back: Python dates
        {"go_live_at": datetime.datetime(2026, 12, 3, 10, 0, 0, 123456, tzinfo=datetime.UTC)},
        {"deadline": datetime.date(2026, 12, 31)},
    ],
)
def test_python_reads_dates_as_the_database_does(content, specialist, monkeypatch):
    monkeypatch.setattr(queue_urgency, "deadline_keys", lambda: ["go_live_at", "deadline"])
    post = submitted(specialist, [channel()], None)
    revision = Revision.objects.create(
        content_type=post.revisions.first().content_type,
        base_content_type=post.revisions.first().base_content_type,
        object_id=str(post.pk),
        content=content,
        object_str="x",
    )
    keys = ("go_live_at", "deadline")
    dates = [Cast(KeyTextTransform(key, "content"), DateTimeField()) for key in keys]
    in_database = (
        Revision.objects.filter(pk=revision.pk).annotate(at=Coalesce(*dates)).values_list("at")
    ).get()[0]
    assert queue_urgency.urgency_of(content) == in_database


def test_the_column_is_not_written_for_other_saves(specialist, head, django_assert_num_queries):
    """An approval marks the revision (approved_go_live_at) without changing its content:
    no urgency query."""
    post = submitted(specialist, [channel()], at(3))
    revision = SocialPost.objects.get(pk=post.pk).latest_revision
    revision.approved_go_live_at = datetime.datetime.now(datetime.UTC)
    with django_assert_num_queries(1):
        revision.save(update_fields=["approved_go_live_at"])
