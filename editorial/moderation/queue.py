"""The moderation queue: every workflow task the current user may act on, and the
decisions taken from it.

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
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import DateTimeField, F, IntegerField, Lookup, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogContext
from wagtail.models import AbstractPage, Page, PreviewableMixin, Task, TaskState

from cms.models import Department, display_name
from cms.roles import ADMINISTRATION

from .confirmations import confirmation_for
from .models import ACTION_APPROVE, ACTION_DECLINE, ACTION_REQUEST_CHANGES
from .permissions import Decision, remember_moderators
from .queue_filters import type_label

PAGE_SIZE = 25
SUMMARY_SIZE = 5
MAX_SELECTION = 100  # one bulk decision; four pages of the queue
MAX_COMMENT = 5000

# The queue's action -> (the task's action name, comment required, label)
APPROVE = "approve"
APPROVE_WITH_COMMENT = "approve_comment"
REQUEST_CHANGES = "request_changes"
REJECT = "reject"
ACTIONS = {
    APPROVE: (ACTION_APPROVE, False, gettext_lazy("Approve")),
    APPROVE_WITH_COMMENT: (ACTION_APPROVE, True, gettext_lazy("Approve with comment")),
    REQUEST_CHANGES: (ACTION_REQUEST_CHANGES, True, gettext_lazy("Request changes")),
    REJECT: (ACTION_DECLINE, True, gettext_lazy("Reject")),
}


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


# --- deciding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    task_state_id: int
    done: bool
    title: str = ""
    message: str = ""


class Refused(Exception):
    pass


def check_request(action, comment, ids):
    """The whole request's problem (a translated message), or None; nothing is done then."""
    if action not in ACTIONS:
        return _("Choose what to do: approve, request changes or reject.")
    if not ids:
        return _("Select at least one item.")
    if len(ids) > MAX_SELECTION:
        return _("Select at most %(count)d items at once.") % {"count": MAX_SELECTION}
    if ACTIONS[action][1] and not comment.strip():
        return _("Write a comment: the author needs to know why.")
    if len(comment) > MAX_COMMENT:
        return _("The comment is too long (at most %(count)d characters).") % {"count": MAX_COMMENT}
    return None


def parse_ids(values):
    """Task state ids from the form, in order, without duplicates; None if any is malformed."""
    ids = []
    for value in values:
        value = (value or "").strip()
        if not value.isdigit() or len(value) > 18:
            return None
        if int(value) not in ids:
            ids.append(int(value))
    return ids


def decide_many(user, ids, action, comment=""):
    """Apply `action` to each task state in `ids`, each on its own: [Outcome].

    Each item runs through its task's `on_action` in its own transaction, so the
    rights and the four-eyes rule are checked again per item, and a refusal of one
    item leaves the others (and itself) untouched.
    """
    task_action, _required, _label = ACTIONS[action]
    return [_decide_one(user, pk, task_action, comment.strip()) for pk in ids]


def _decide_one(user, task_state_id, task_action, comment):
    title = ""
    try:
        # A log context of its own per item: Wagtail's history shows only the latest
        # entry per (context, action), so items decided in one request would hide
        # each other's decision and comment.
        with LogContext(user=user), transaction.atomic():
            # Lock the row: of two moderators deciding at once, the second waits and
            # then finds the task no longer in progress.
            state = TaskState.objects.select_for_update().filter(pk=task_state_id).first()
            if state is None:
                raise Refused(_("This item does not exist or does not await your review."))
            workflow_state = state.workflow_state
            obj = workflow_state.content_object
            if isinstance(obj, AbstractPage):
                obj = obj.specific
            title = _title(state, obj)
            if (
                state.status != TaskState.STATUS_IN_PROGRESS
                or workflow_state.current_task_state_id != state.pk
            ):
                if not _may_know(user, workflow_state):
                    title = ""
                    raise Refused(_("This item does not exist or does not await your review."))
                raise Refused(_already_decided(state))
            task = state.task.specific
            if obj is None:
                raise Refused(_("This item does not exist or does not await your review."))
            allowed = [name for name, _label, _modal in task.get_actions(obj, user)]
            if task_action not in allowed:
                decision = _decision(task, obj, user)
                if not decision.allowed and not _may_know(user, workflow_state):
                    title = ""
                    raise Refused(_("This item does not exist or does not await your review."))
                raise Refused(decision.reason)
            locked_by = getattr(obj, "locked_by", None) if getattr(obj, "locked", False) else None
            if locked_by is not None and locked_by.pk != user.pk:
                raise Refused(
                    _("%(name)s has locked it for editing; ask them to unlock it, then decide.")
                    % {"name": display_name(locked_by)}
                )
            task.on_action(state, user, task_action, comment=comment)
    except Refused as refusal:
        return Outcome(task_state_id, False, title, str(refusal))
    except PermissionDenied as denied:
        return Outcome(task_state_id, False, title, str(denied) or _("You may not decide on this."))
    return Outcome(task_state_id, True, title, confirmation_for(task_state_id) or "")


def _title(state, obj):
    if obj is not None:
        from wagtail.admin.utils import get_latest_str

        return get_latest_str(obj)
    return state.revision.object_str if state.revision_id else ""


def _decision(task, obj, user):
    """Why the task offers `user` no such action (HeadApprovalTask says why; others do not)."""
    may = getattr(task, "_may", None)
    decision = may(obj, user) if may is not None else None
    if isinstance(decision, Decision) and not decision.allowed:
        return decision
    return Decision(False, _("You may not decide on this."))


def _already_decided(state):
    labels = {
        TaskState.STATUS_APPROVED: _("approved"),
        TaskState.STATUS_REJECTED: _("sent back or rejected"),
        TaskState.STATUS_CANCELLED: _("withdrawn"),
        TaskState.STATUS_SKIPPED: _("skipped"),
    }
    if state.finished_by_id:
        return _("This was already decided by %(name)s (%(decision)s); nothing was changed.") % {
            "name": display_name(state.finished_by),
            "decision": labels.get(state.status, ""),
        }
    return _("This no longer awaits review (%(decision)s); nothing was changed.") % {
        "decision": labels.get(state.status, _("withdrawn"))
    }


def _may_know(user, workflow_state):
    """May `user` learn the title of an item they cannot act on (their department's work)?

    A refusal names the item only to people who moderate the author's department
    (its head, standing deputy or their stand-ins), Administration and IT; anyone
    else gets the same answer as for an id that does not exist.
    """
    if user.is_superuser or user.groups.filter(name=ADMINISTRATION).exists():
        return True
    return Department.objects.filter(
        Q(staff__user_id=workflow_state.requested_by_id),
        Q(head=user)
        | Q(deputy_head=user)
        | Q(head__absences__deputy=user)
        | Q(deputy_head__absences__deputy=user),
    ).exists()
