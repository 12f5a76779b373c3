"""The generic sections of "My work": every moderated type, pages and snippets alike.

Moderated types are discovered from Wagtail (`stand_in.moderated_models`), never named
here, so a type added later appears without a change in this app. Three sections read
Wagtail's workflow states across every type at once (in moderation, changes requested,
rejected: the item's submitter); three read each type's own table (drafts, scheduled,
published: the item's author, see `stand_in.author_lookup`). Each asks a fixed number
of queries per moderated type, whatever the number of rows.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractPage, Page, Revision, TaskState, WorkflowState

from cms.models import display_name

from .notifications import edit_path
from .registries import MyWorkItem, MyWorkSection
from .stand_in import author_lookup, moderated_models

RECENTLY_PUBLISHED = timedelta(days=30)

ACTION_EDIT = _("Edit")
ACTION_VIEW = _("View")
ACTION_RESUBMIT = _("Edit and resubmit")


def title_of(obj):
    if isinstance(obj, AbstractPage):
        return obj.get_admin_display_title()
    return str(obj)


def kind_label(content_type_id, model):
    content_type = ContentType.objects.get_for_id(content_type_id) if content_type_id else None
    model = (content_type.model_class() if content_type else None) or model
    return str(model._meta.verbose_name).capitalize()


def _cut(queryset, limit):
    return queryset if limit is None else queryset[: limit + 1]


def _behalf(author_id, user, names):
    return "" if author_id in (None, user.pk) else names.get(author_id, "")


def _object_id(pk="pk"):
    return Cast(OuterRef(pk), output_field=CharField())


# --- sections over workflow states (every type in one query) ----------------------------


class WorkflowStateSection(MyWorkSection):
    """Items whose latest submission is in a given workflow state, submitted by `people`."""

    limit = 10
    action_label = ACTION_VIEW

    def workflow_states(self, people):
        raise NotImplementedError

    def item(self, state, obj, user, names):
        raise NotImplementedError

    def items(self, user, people):
        states = list(
            _cut(
                self.workflow_states(people).select_related(
                    "current_task_state__finished_by", "current_task_state__task"
                ),
                self.limit,
            )
        )
        objects = _objects_of(states)
        names = {person.pk: display_name(person) for person in people}
        rows = []
        for state in states:
            obj = objects.get((state.base_content_type_id, state.object_id))
            if obj is None:
                continue
            rows.append(self.item(state, obj, user, names))
        return rows


def _objects_of(states):
    """{(base content type id, object id): object}: one query per moderated type present."""
    wanted = {}
    for state in states:
        wanted.setdefault(state.base_content_type_id, set()).add(state.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if hasattr(model, "latest_revision"):
            queryset = queryset.select_related("latest_revision")
        for obj in queryset:
            found[(content_type_id, str(obj.pk))] = obj
    return found


def _latest_only():
    """No newer workflow state for the same object (it was submitted again since)."""
    return ~Exists(
        WorkflowState.objects.filter(
            base_content_type_id=OuterRef("base_content_type_id"),
            object_id=OuterRef("object_id"),
            created_at__gt=OuterRef("created_at"),
        )
    )


class InModerationSection(WorkflowStateSection):
    key = "in_moderation"
    title = _("In moderation")
    order = 20
    empty_text = _("Nothing of yours awaits the head's review.")

    def workflow_states(self, people):
        return WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS, requested_by__in=people
        ).order_by("-created_at", "-pk")

    def item(self, state, obj, user, names):
        task_state = state.current_task_state
        url = edit_path(obj)
        return MyWorkItem(
            title=title_of(obj),
            url=url,
            kind_label=kind_label(state.content_type_id, type(obj)),
            state_label=_("in moderation"),
            when=task_state.started_at if task_state else state.created_at,
            next_action_label=ACTION_VIEW,
            next_action_url=url,
            on_behalf_of=_behalf(state.requested_by_id, user, names),
        )


class ChangesRequestedSection(WorkflowStateSection):
    key = "changes_requested"
    title = _("Changes requested")
    order = 10
    empty_text = _("No item came back with requested changes.")

    def workflow_states(self, people):
        return WorkflowState.objects.filter(
            status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by__in=people
        ).order_by("-current_task_state__finished_at", "-pk")

    def item(self, state, obj, user, names):
        task_state = state.current_task_state
        url = edit_path(obj)
        return MyWorkItem(
            title=title_of(obj),
            url=url,
            kind_label=kind_label(state.content_type_id, type(obj)),
            state_label=_("changes requested"),
            when=task_state.finished_at if task_state else state.created_at,
            comment=(task_state.comment or "") if task_state else "",
            comment_by=display_name(task_state.finished_by) if task_state else "",
            next_action_label=ACTION_RESUBMIT,
            next_action_url=url,
            on_behalf_of=_behalf(state.requested_by_id, user, names),
        )


class RejectedSection(WorkflowStateSection):
    """Declined ("Reject": `sklaida.moderation.decline`): the workflow was cancelled on a
    rejected task, and the item was neither submitted again nor published since. The
    reason is the comment the moderator gave, kept on the rejected task state (the same
    text the decline log entry records)."""

    key = "rejected"
    title = _("Rejected")
    order = 30
    empty_text = _("Nothing of yours was rejected.")

    def workflow_states(self, people):
        return (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_CANCELLED,
                current_task_state__status=TaskState.STATUS_REJECTED,
                requested_by__in=people,
            )
            .filter(_latest_only())
            .order_by("-current_task_state__finished_at", "-pk")
        )

    def items(self, user, people):
        # A declined item published since (by someone else) is no longer "rejected".
        return [item for item in super().items(user, people) if item is not None]

    def item(self, state, obj, user, names):
        if getattr(obj, "live", False):
            return None
        task_state = state.current_task_state
        url = edit_path(obj)
        return MyWorkItem(
            title=title_of(obj),
            url=url,
            kind_label=kind_label(state.content_type_id, type(obj)),
            state_label=_("declined"),
            when=task_state.finished_at if task_state else state.created_at,
            comment=(task_state.comment or "") if task_state else "",
            comment_by=display_name(task_state.finished_by) if task_state else "",
            next_action_label=ACTION_EDIT,
            next_action_url=url,
            on_behalf_of=_behalf(state.requested_by_id, user, names),
        )


# --- sections over each moderated type's own table --------------------------------------


class PerTypeSection(MyWorkSection):
    """Items of `people` read from each moderated type (one query per type)."""

    limit = 10
    reverse = True  # newest first

    def queryset(self, model):
        raise NotImplementedError

    def sort_key(self, obj):
        raise NotImplementedError

    def item(self, obj, user, names):
        raise NotImplementedError

    def items(self, user, people):
        names = {person.pk: display_name(person) for person in people}
        objects = []
        for model in moderated_models():
            lookup = author_lookup(model)
            queryset = self.queryset(model).filter(
                **{f"{lookup}__in": [person.pk for person in people]}
            )
            if hasattr(model, "latest_revision"):
                queryset = queryset.select_related("latest_revision")
            objects.extend(_cut(queryset.annotate(my_work_author_id=_author(lookup)), self.limit))
        objects.sort(key=self.sort_key, reverse=self.reverse)
        if self.limit is not None:
            objects = objects[: self.limit + 1]
        return [self.item(obj, user, names) for obj in objects]


def _author(lookup):
    return F(lookup if lookup.endswith("user") else f"{lookup}_id")


def _base_content_type_id(model):
    base = Page if issubclass(model, AbstractPage) else model
    return ContentType.objects.get_for_model(base).pk


def _workflow_states_of(model):
    return WorkflowState.objects.filter(
        base_content_type_id=_base_content_type_id(model), object_id=_object_id()
    )


def _scheduled_revisions_of(model):
    return Revision.objects.filter(
        base_content_type_id=_base_content_type_id(model),
        object_id=_object_id(),
        approved_go_live_at__isnull=False,
    )


def _with_approval_comment(queryset, model):
    """The comment the moderator approved with, and their name, read in the same query.

    "Approve with comment" is how a head says something about work they let through; the
    author reads it here beside the scheduled or published item.
    """
    approved = (
        _workflow_states_of(model)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .order_by("-created_at", "-pk")
    )
    task = "current_task_state__"
    return queryset.annotate(
        **{
            f"my_work_approval_{name}": Subquery(approved.values(f"{task}{field}")[:1])
            for name, field in (
                ("comment", "comment"),
                ("first_name", "finished_by__first_name"),
                ("last_name", "finished_by__last_name"),
                ("username", "finished_by__username"),
            )
        }
    )


def _approval_comment(obj):
    """(comment, who) of the approval, both empty when approved without a comment."""
    comment = (getattr(obj, "my_work_approval_comment", "") or "").strip()
    if not comment:
        return "", ""
    who = " ".join(
        part for part in (obj.my_work_approval_first_name, obj.my_work_approval_last_name) if part
    )
    return comment, who or obj.my_work_approval_username or ""


def _kind(obj):
    if isinstance(obj, AbstractPage):
        return kind_label(obj.content_type_id, type(obj))
    return kind_label(None, type(obj))


def _changed_at(obj):
    revision = getattr(obj, "latest_revision", None)
    when = revision.created_at if revision is not None else None
    return when or getattr(obj, "latest_revision_created_at", None) or timezone.now()


class DraftsSection(PerTypeSection):
    """Unpublished changes that are not in a workflow, not scheduled and not declined."""

    key = "drafts"
    title = _("Drafts")
    order = 40
    empty_text = _("No drafts.")

    def queryset(self, model):
        latest = _workflow_states_of(model).order_by("-created_at", "-pk")
        return (
            model._default_manager.filter(has_unpublished_changes=True)
            .annotate(
                # Coalesced: a NULL (never submitted) would make the exclusions unknown.
                my_work_latest_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
                my_work_latest_task=Coalesce(
                    Subquery(latest.values("current_task_state__status")[:1]), Value("")
                ),
            )
            .exclude(
                my_work_latest_status__in=[
                    WorkflowState.STATUS_IN_PROGRESS,
                    WorkflowState.STATUS_NEEDS_CHANGES,
                ]
            )
            .exclude(
                Q(my_work_latest_status=WorkflowState.STATUS_CANCELLED)
                & Q(my_work_latest_task=TaskState.STATUS_REJECTED)
                & Q(live=False)
            )
            .exclude(Exists(_scheduled_revisions_of(model)))
            .order_by("-latest_revision__created_at", "-pk")
        )

    def sort_key(self, obj):
        return _changed_at(obj)

    def item(self, obj, user, names):
        url = edit_path(obj)
        return MyWorkItem(
            title=title_of(obj),
            url=url,
            kind_label=_kind(obj),
            state_label=_("draft"),
            when=_changed_at(obj),
            next_action_label=ACTION_EDIT,
            next_action_url=url,
            on_behalf_of=_behalf(obj.my_work_author_id, user, names),
        )


class ScheduledSection(PerTypeSection):
    """Approved for a time still to come (Wagtail's "scheduled")."""

    key = "scheduled"
    title = _("Scheduled")
    order = 50
    empty_text = _("Nothing is scheduled.")
    reverse = False  # soonest first

    def queryset(self, model):
        scheduled = _scheduled_revisions_of(model).filter(approved_go_live_at__gt=timezone.now())
        queryset = (
            model._default_manager.annotate(
                my_work_go_live_at=Subquery(
                    scheduled.order_by("approved_go_live_at").values("approved_go_live_at")[:1]
                )
            )
            .filter(my_work_go_live_at__isnull=False)
            .order_by("my_work_go_live_at", "pk")
        )
        return _with_approval_comment(queryset, model)

    def sort_key(self, obj):
        return obj.my_work_go_live_at

    def item(self, obj, user, names):
        url = edit_path(obj)
        comment, comment_by = _approval_comment(obj)
        return MyWorkItem(
            title=title_of(obj),
            url=url,
            kind_label=_kind(obj),
            state_label=_("scheduled"),
            when=obj.my_work_go_live_at,
            next_action_label=ACTION_VIEW,
            next_action_url=url,
            comment=comment,
            comment_by=comment_by,
            on_behalf_of=_behalf(obj.my_work_author_id, user, names),
        )


class PublishedSection(PerTypeSection):
    key = "published"
    title = _("Published recently")
    order = 60
    empty_text = _("Nothing published in the last 30 days.")

    def queryset(self, model):
        queryset = model._default_manager.filter(
            live=True, last_published_at__gte=timezone.now() - RECENTLY_PUBLISHED
        ).order_by("-last_published_at", "-pk")
        return _with_approval_comment(queryset, model)

    def sort_key(self, obj):
        return obj.last_published_at

    def item(self, obj, user, names):
        url = edit_path(obj)
        comment, comment_by = _approval_comment(obj)
        view_url = url
        if isinstance(obj, AbstractPage):
            view_url = obj.get_url() or url
        return MyWorkItem(
            title=title_of(obj),
            url=url,
            kind_label=_kind(obj),
            state_label=_("published"),
            when=obj.last_published_at,
            next_action_label=ACTION_VIEW,
            next_action_url=view_url,
            comment=comment,
            comment_by=comment_by,
            on_behalf_of=_behalf(obj.my_work_author_id, user, names),
        )


GENERIC_SECTIONS = (
    ChangesRequestedSection,
    InModerationSection,
    RejectedSection,
    DraftsSection,
    ScheduledSection,
    PublishedSection,
)
