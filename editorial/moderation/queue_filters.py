"""Filters of the moderation queue, and the hook through which higher floors add theirs.

The queue is a list of Wagtail `TaskState` rows. A filter offers choices drawn from the
rows of the current user's queue and narrows the rows to one choice. The queue knows
three filters of its own (type, author, department); an app of a higher floor adds one
by registering a function that returns a `QueueFilter` (the social app adds "channel")::

    @hooks.register(QUEUE_FILTERS_HOOK)
    def channel_filter():
        return ChannelFilter()

Both methods work on querysets with a fixed number of queries (one for the choices,
none for `apply`), so the queue's query count stays constant however long it is.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.models import Department, display_name

QUEUE_FILTERS_HOOK = "sklaida_queue_filters"


class QueueFilter:
    """One select of the queue's filter bar. Subclass, set the attributes, register."""

    key = ""  # the query-string parameter; letters and underscores
    label = ""
    order = 100  # lower comes first

    def choices(self, task_states):
        """[(value, label)] present among `task_states` (a TaskState queryset): one query."""
        raise NotImplementedError

    def apply(self, task_states, value):
        """`task_states` narrowed to `value` (a string from the query string, maybe junk)."""
        raise NotImplementedError


def _int(value):
    """A primary key from the query string, or None for anything else (junk, huge)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 18 else None


class TypeFilter(QueueFilter):
    key = "type"
    label = _("Type")
    order = 10

    def choices(self, task_states):
        types = ContentType.objects.filter(
            pk__in=Subquery(task_states.values("workflow_state__content_type_id"))
        )
        return sorted(
            ((str(ct.pk), str(type_label(ct))) for ct in types), key=lambda choice: choice[1]
        )

    def apply(self, task_states, value):
        pk = _int(value)
        return task_states.filter(workflow_state__content_type_id=pk) if pk else task_states.none()


class AuthorFilter(QueueFilter):
    key = "author"
    label = _("Author")
    order = 20

    def choices(self, task_states):
        people = get_user_model().objects.filter(
            pk__in=Subquery(task_states.values("workflow_state__requested_by_id"))
        )
        return sorted(((str(user.pk), display_name(user)) for user in people), key=lambda c: c[1])

    def apply(self, task_states, value):
        pk = _int(value)
        return task_states.filter(workflow_state__requested_by_id=pk) if pk else task_states.none()


class DepartmentFilter(QueueFilter):
    key = "department"
    label = _("Department")
    order = 30

    def choices(self, task_states):
        departments = Department.objects.filter(
            pk__in=Subquery(
                task_states.values("workflow_state__requested_by__staff_profile__department_id")
            )
        ).order_by("name")
        return [(str(department.pk), department.name) for department in departments]

    def apply(self, task_states, value):
        pk = _int(value)
        if not pk:
            return task_states.none()
        return task_states.filter(workflow_state__requested_by__staff_profile__department_id=pk)


def type_label(content_type):
    model = content_type.model_class()
    if model is None:
        return content_type.name
    return str(model._meta.verbose_name).capitalize()


def queue_filters():
    """The built-in filters and those registered by other apps, in display order."""
    filters = [TypeFilter(), AuthorFilter(), DepartmentFilter()]
    filters += [hook() for hook in hooks.get_hooks(QUEUE_FILTERS_HOOK)]
    return sorted(filters, key=lambda queue_filter: queue_filter.order)
