"""The moderation queue: every workflow task the current user may act on, as rows
(the decisions taken from it are in queue_decisions.py).

Rows are Wagtail `TaskState`s in progress, read generically, so every page and snippet
type the workflow is assigned to appears without registration, including types added
later. Which ones a user may act on is one SQL condition for our `HeadApprovalTask`
(queue_access.py: the tiers of `permissions.reviews_of`, laid out per department in a
few queries, applied in the database) and each other task's
`get_task_states_user_can_moderate`; so the count, the sorting and the paging happen in
the database, and `reviews_of` runs on one page of rows only (to name whom a deputy
acts for, and as a check: a row it refuses is not shown). A page of rows reads titles,
dates and people from the task state's revision and workflow state in one query, never
the content objects, so neither the query count nor the time grows with the items.

Urgency: the scheduled time (`go_live_at`) saved in the revision under review, or the
date field a model names in `moderation_deadline_field` (e.g. a grant call's deadline),
earliest first; rows without a date follow, the oldest submission first. It is kept in
a column (queue_urgency.py), so sorting reads no revision content.
"""

import logging
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.db.models.fields.json import KeyTextTransform
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page, PreviewableMixin, Task, TaskState

from cms.models import display_name

from .permissions import first_revision_subquery, remember_moderators, reviews_for_task
from .queue_access import moderatable_condition, with_item_facts
from .queue_filters import type_label
from .queue_urgency import ordering_expression

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
SUMMARY_SIZE = 5
# --- whose queue ---------------------------------------------------------------------------


@dataclass
class Queue:
    """The task states `user` may act on today: a queryset, counted once."""

    user: object
    tasks: dict  # task pk -> specific task (its reviews memoised, see remember_moderators)
    condition: object  # a Q over `with_item_facts` aliases, or False (nothing)
    day: object
    duties: dict = field(default_factory=dict)  # HeadApprovalTask pk -> permissions.Duties

    @cached_property
    def count(self):
        return self.task_states().count()

    @property
    def ids(self):
        return list(self.task_states().order_by("pk").values_list("pk", flat=True))

    def task_states(self):
        if self.condition is False:
            return TaskState.objects.none()
        return with_item_facts(TaskState.objects.all()).filter(self.condition)

    def decision(self, task_state):
        """The user's Decision on `task_state` from the memo (no query); None if unknown."""
        task = self.tasks.get(task_state.task_id)
        memo = getattr(task, "_sklaida_reviews", None) or {}
        review = memo.get((task_state.workflow_state_id, self.day))
        return review.decide(self.user) if review is not None else None

    def review(self, task_states):
        """Decide with `reviews_of` on these task states (one page): fills the memo."""
        by_task, departments = {}, {}
        for state in task_states:
            by_task.setdefault(state.task_id, []).append(state.workflow_state)
            department = _department_of(state.workflow_state.requested_by)
            if department is not None:
                departments[state.workflow_state.requested_by_id] = department
        for task_id, workflow_states in by_task.items():
            task = self.tasks.get(task_id)
            if task is not None and task_id in self.duties:
                reviews_for_task(task, workflow_states, self.day, self.duties[task_id], departments)


def _department_of(user):
    """The department of `user` read with the row (select_related), or None."""
    profile = getattr(user, "staff_profile", None) if user is not None else None
    return getattr(profile, "department", None)


def queue_for(user, request=None):
    """The user's Queue, computed once per request (the menu count and the page share it)."""
    from .models import HeadApprovalTask

    cached = getattr(request, "_sklaida_queue", None)
    if cached is not None and cached.user == user:
        return cached
    day = timezone.localdate()
    tasks, condition, duties = {}, False, {}
    if user is not None and user.is_authenticated and user.is_active:
        ours, others = [], []
        for task in Task.objects.filter(active=True).select_related("headapprovaltask"):
            try:
                ours.append(remember_moderators(task.headapprovaltask))
            except HeadApprovalTask.DoesNotExist:
                others.append(task.pk)
        tasks = {task.pk: task for task in ours}
        condition, duties = moderatable_condition(user, ours, day)
        if others:  # any other task type (e.g. Wagtail's GroupApprovalTask)
            for task in Task.objects.filter(pk__in=others).specific():
                tasks[task.pk] = task
                theirs = Q(pk__in=task.get_task_states_user_can_moderate(user=user).values("pk"))
                condition = theirs if condition is False else condition | theirs
    queue = Queue(user=user, tasks=tasks, condition=condition, day=day, duties=duties)
    if request is not None:
        request._sklaida_queue = queue
    return queue


# --- the rows ------------------------------------------------------------------------------


def urgency():
    return ordering_expression()


def _content_key(key):
    """A key of the revision's saved content, as text, read in the database."""
    return KeyTextTransform(key, "revision__content")


def ordered(task_states):
    """Most urgent first: the earliest date, then the oldest submission."""
    return task_states.annotate(urgent_at=urgency()).order_by(
        F("urgent_at").asc(nulls_last=True), "started_at", "pk"
    )


def search(task_states, text):
    text = (text or "").strip()[:200]
    return task_states.filter(revision__object_str__icontains=text) if text else task_states


def with_row_data(task_states):
    """What a row shows, in the same query; the revision's content is left in the database."""
    return task_states.select_related(
        "task",
        "revision",
        "workflow_state",
        "workflow_state__requested_by",
        "workflow_state__requested_by__staff_profile__department",
    ).defer("revision__content")


@dataclass
class Row:
    task_state: TaskState
    type_label: str
    title: str
    author: str
    department: str
    submitted: object
    urgent_at: object
    task_name: str
    on_behalf_of: str = ""
    comment: str = ""  # the comment of the last "request changes" when resubmitted
    comment_by: str = ""
    urls: dict = field(default_factory=dict)

    @property
    def pk(self):
        return self.task_state.pk


def _urls(model, object_id, task_state):
    """Edit, preview (of the revision in moderation), compare with live, history."""
    if issubclass(model, Page):
        names = {
            "edit": ("wagtailadmin_pages:edit", (object_id,)),
            "preview": ("wagtailadmin_pages:workflow_preview", (object_id, task_state.task_id)),
            "compare": (
                "wagtailadmin_pages:revisions_compare",
                (object_id, "live", task_state.revision_id),
            ),
            "history": ("wagtailadmin_pages:history", (object_id,)),
        }
    else:
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is None:
            return {}
        names = {
            "edit": (viewset.get_url_name("edit"), (object_id,)),
            "preview": (viewset.get_url_name("workflow_preview"), (object_id, task_state.task_id)),
            "compare": (
                viewset.get_url_name("revisions_compare"),
                (object_id, "live", task_state.revision_id),
            ),
            "history": (viewset.get_url_name("history"), (object_id,)),
        }
    if not issubclass(model, PreviewableMixin):
        names.pop("preview")
    urls = {}
    for key, (name, args) in names.items():
        with suppress(NoReverseMatch):
            urls[key] = reverse(name, args=args)
    return urls


def rows(queue, task_states):
    """Rows for a page of `task_states` (ordered and sliced), in fixed queries.

    The page's ids are picked first, in a narrow query, and its rows read by id: sorting
    a thousand wide rows (people, departments, revisions) to keep 25 costs more.
    """
    urgent = "urgent_at" in task_states.query.annotations
    picked = dict(task_states.values_list("pk", "urgent_at" if urgent else "pk"))
    by_pk = {
        state.pk: state
        for state in with_row_data(TaskState.objects.filter(pk__in=list(picked))).annotate(
            is_live=_content_key("live"), first_revision_id=first_revision_subquery()
        )
    }
    task_states = [by_pk[pk] for pk in picked if pk in by_pk]
    for state in task_states:
        state.urgent_at = picked[state.pk] if urgent else None
        state.workflow_state.first_revision_id = state.first_revision_id
    queue.review(task_states)
    task_states = [state for state in task_states if _confirmed(queue, state)]
    resubmitted = _last_change_requests([state.workflow_state_id for state in task_states])
    result = []
    for state in task_states:
        workflow_state = state.workflow_state
        content_type = ContentType.objects.get_for_id(workflow_state.content_type_id)
        model = content_type.model_class()
        submitter = workflow_state.requested_by
        profile = getattr(submitter, "staff_profile", None) if submitter else None
        department = getattr(profile, "department", None)
        decision = queue.decision(state)
        comment, comment_by = resubmitted.get(workflow_state.pk, ("", ""))
        urls = _urls(model, workflow_state.object_id, state) if model else {}
        if state.is_live not in (True, "true"):
            urls.pop("compare", None)  # nothing live to compare with
        result.append(
            Row(
                task_state=state,
                type_label=type_label(content_type),
                title=state.revision.object_str if state.revision else "",
                author=display_name(submitter),
                department=department.name if department else "",
                submitted=state.started_at,
                urgent_at=getattr(state, "urgent_at", None),
                task_name=state.task.name,
                on_behalf_of=display_name(decision.on_behalf_of) if decision else "",
                comment=comment,
                comment_by=comment_by,
                urls=urls,
            )
        )
    return result


def _confirmed(queue, state):
    """`reviews_of` agrees that the user may act on this row (our task's rows)."""
    if state.task_id not in queue.duties:
        return True
    decision = queue.decision(state)
    if decision:
        return True
    logger.error(
        "The moderation queue listed task state %s for user %s, whom reviews_of refuses: %s",
        state.pk,
        queue.user.pk,
        getattr(decision, "reason", "no review"),
    )
    return False


def _last_change_requests(workflow_state_ids):
    """{workflow_state pk: (comment, by whom)} of the latest "request changes" with a comment."""
    latest = {}
    for state_id, comment, by in (
        TaskState.objects.filter(
            workflow_state_id__in=workflow_state_ids, status=TaskState.STATUS_REJECTED
        )
        .exclude(comment="")
        .select_related("finished_by")
        .order_by("finished_at", "pk")
        .values_list("workflow_state_id", "comment", "finished_by")
    ):
        latest[state_id] = (comment, by)
    if not latest:
        return {}
    from django.contrib.auth import get_user_model

    names = {
        user.pk: display_name(user)
        for user in get_user_model().objects.filter(pk__in={by for _c, by in latest.values()})
    }
    return {pk: (comment, names.get(by, "")) for pk, (comment, by) in latest.items()}
