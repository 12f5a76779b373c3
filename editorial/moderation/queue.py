"""The moderation queue: every workflow task the current user may act on, as rows
(the decisions taken from it are in queue_decisions.py).

Rows are Wagtail `TaskState`s in progress, read generically, so every page and snippet
type the workflow is assigned to appears without registration, including types added
later. Who may act comes from each task's `get_task_states_user_can_moderate` (for
`HeadApprovalTask`: `permissions.reviews_of`, in fixed queries); a page of rows reads
titles, dates and people from the task state's revision and workflow state in one
query, never the content objects, so the query count does not grow with the rows.

Urgency: the scheduled time (`go_live_at`) saved in the revision under review, or the
date field a model names in `moderation_deadline_field` (e.g. a grant call's deadline),
earliest first; rows without a date follow, the oldest submission first.
"""

from contextlib import suppress
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import DateTimeField, F, IntegerField, Lookup, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page, PreviewableMixin, Task, TaskState

from cms.models import display_name

from .permissions import remember_moderators
from .queue_filters import type_label

PAGE_SIZE = 25
SUMMARY_SIZE = 5
# --- whose queue ---------------------------------------------------------------------------


@dataclass
class Queue:
    """The task states `user` may act on today, with the reviews computed for them."""

    user: object
    tasks: dict  # task pk -> specific task (its reviews memoised, see remember_moderators)
    ids: list
    day: object

    @property
    def count(self):
        return len(self.ids)

    def decision(self, task_state):
        """The user's Decision on `task_state` from the memo (no query); None if unknown."""
        task = self.tasks.get(task_state.task_id)
        memo = getattr(task, "_sklaida_reviews", None) or {}
        review = memo.get((task_state.workflow_state_id, self.day))
        return review.decide(self.user) if review is not None else None

    def task_states(self):
        if connection.vendor == "postgresql":
            # One array parameter instead of hundreds: psycopg spent ~70 ms converting
            # each query with 1,000 ids, and the page has several such queries.
            from django.contrib.postgres.fields import ArrayField

            ids = Value(self.ids, output_field=ArrayField(IntegerField()))
            return TaskState.objects.filter(_EqualsAny(F("pk"), ids))
        return TaskState.objects.filter(pk__in=self.ids)


class _EqualsAny(Lookup):
    """`lhs = ANY(array)`: a list of ids as one parameter (PostgreSQL)."""

    lookup_name = "equals_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def queue_for(user, request=None):
    """The user's Queue, computed once per request (the menu badge and the page share it)."""
    cached = getattr(request, "_sklaida_queue", None)
    if cached is not None and cached.user == user:
        return cached
    day = timezone.localdate()
    tasks, ids = {}, []
    if user is not None and user.is_authenticated and user.is_active:
        tasks = {
            task.pk: remember_moderators(task)
            for task in Task.objects.filter(active=True).specific()
        }
        for task in tasks.values():
            fast = getattr(task, "task_state_ids_user_can_moderate", None)
            if fast is not None:  # ours: plain values, no model instances
                ids.extend(fast(user))
            else:  # any other task type (e.g. Wagtail's GroupApprovalTask)
                ids.extend(
                    task.get_task_states_user_can_moderate(user=user).values_list("pk", flat=True)
                )
    queue = Queue(user=user, tasks=tasks, ids=ids, day=day)
    if request is not None:
        request._sklaida_queue = queue
    return queue


# --- the rows ------------------------------------------------------------------------------


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


def _content_key(key):
    """A key of the revision's saved content, as text, read in the database."""
    return KeyTextTransform(key, "revision__content")


def urgency():
    dates = [Cast(_content_key(key), DateTimeField()) for key in deadline_keys()]
    return Coalesce(*dates) if len(dates) > 1 else dates[0]


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
    """Rows for a page of `task_states` (already sliced): two queries for any length."""
    task_states = list(with_row_data(task_states).annotate(is_live=_content_key("live")))
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
