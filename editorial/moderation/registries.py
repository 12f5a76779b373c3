"""What higher floors plug into the moderation desk, without this app importing them.

Two registries, each a Wagtail hook whose functions return an object:

* ``CALENDAR_SOURCES_HOOK`` → a ``CalendarSource``: everything with a date that belongs
  on the editorial calendar (posts, rubric slots, campaign periods, events, grant
  deadlines, assignments) and the iCal feed.
* ``MY_WORK_SECTIONS_HOOK`` → a ``MyWorkSection``: a block on an author's "My work"
  page (drafts, changes requested, failed deliveries, assignments…).

The "My work" contract (editorial/moderation/my_work_views.py renders it)::

    class AssignmentsSection(MyWorkSection):
        key = "assignments"        # unique, a URL part: /admin/my-work/assignments/
        title = _("Assignments")   # translatable heading
        order = 70                 # lower comes first (generic ones use 10-60)
        empty_text = _("No assignments.")
        limit = 10                 # rows shown on My work (see below)

        def items(self, user, people):
            ...  # -> list of MyWorkItem

    @hooks.register(MY_WORK_SECTIONS_HOOK)
    def assignments_section():
        return AssignmentsSection()   # a new instance per call

* ``people`` is ``user`` first, then the absent colleagues ``user`` stands in for today
  (``stand_in.people_for``); return their items too, with ``on_behalf_of`` set to the
  absent person's name on theirs (empty on the user's own).
* ``limit``: My work sets it to the number of rows it shows and its "show all" page
  (``/admin/my-work/<key>/``, paginated) sets it to ``None``. Return at most
  ``limit + 1`` items when it is a number (the extra one tells My work there are more),
  all when it is ``None``. A section that ignores it is cut by the page.
* Show only what ``user`` may see and act on; the next action's URL must lead to a view
  that checks the right again (My work itself grants nothing).
* A fixed number of queries whatever the number of rows (tests at 1 and 30 rows).

Moderated types need no registration: the queue reads Wagtail's workflow states,
which cover every page and snippet type the workflow is assigned to.

Each source answers with a fixed number of queries, however many rows it returns
(query budgets are tested at 1 and 30 rows).

The calendar contract (docs/decisions/editorial-calendar.md):

* ``entries(user, start, end)`` returns only what ``user`` may see, for the half-open
  window [start, end) of aware datetimes (Europe/Vilnius at the edges). An entry with a
  ``date`` is a whole-day item; its ``ends_at``, when a date, is the LAST day (inclusive).
* ``reschedule(user, key, new_start)`` checks everything itself (rights, the past,
  quotas, state) and returns a ``Decision``; a refusal changes nothing. ``new_start`` is
  an aware datetime for timed entries, a date for whole-day ones.
* ``channels(user)`` (optional) lists the active channels ``user`` may see, for the
  channel filter and the "gaps" marks (days with no post on a channel).
* ``kind`` is unique across sources; the calendar sends a move to the source whose
  ``kind`` the entry has.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from wagtail import hooks

from .permissions import Decision

CALENDAR_SOURCES_HOOK = "sklaida_calendar_sources"
MY_WORK_SECTIONS_HOOK = "sklaida_my_work_sections"


@dataclass(frozen=True)
class CalendarEntry:
    """One dated item on the calendar (one post on one channel is one entry)."""

    key: str  # stable and unique across sources, e.g. "post:42:channel:3"
    kind: str  # the source's kind, for colour and the type filter
    title: str
    starts_at: datetime | date  # aware datetime, or a date for whole-day items
    ends_at: datetime | date | None = None
    url: str = ""  # where a person opens it in the admin
    state: str = ""  # code: draft, in_moderation, scheduled, published, failed, done…
    state_label: str = ""
    channel_id: int | None = None
    channel_label: str = ""
    author_id: int | None = None
    author_label: str = ""
    department_id: int | None = None
    movable: bool = False  # this user may drag it to another day (reschedule() decides)
    extra: dict = field(default_factory=dict)

    @property
    def all_day(self):
        return not isinstance(self.starts_at, datetime)


@dataclass(frozen=True)
class CalendarChannel:
    """A channel that should have posts: the calendar marks the days it has none."""

    id: int
    label: str


def local_date(value):
    """The local day of a calendar bound (`CalendarSource.entries` gets aware
    datetimes), for sources whose items are whole days; a date is kept as it is."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class CalendarSource:
    """A kind of dated item. Subclass, set the attributes, register an instance."""

    kind = ""
    label = ""  # translatable plural name shown in the legend and the type filter
    colour = "#5c6bc0"  # legend and entry colour (WCAG AA against white text)

    def entries(self, user, start, end):
        """Entries `user` may see that touch [start, end) (aware datetimes)."""
        raise NotImplementedError

    def reschedule(self, user, key, new_start):
        """Move the entry `key` to `new_start`; a Decision says whether it was done."""
        from django.utils.translation import gettext as _

        return Decision(False, _("This item cannot be moved on the calendar."))

    def channels(self, user):
        """Active channels `user` may see (CalendarChannel), for the filter and the gaps."""
        return []


@dataclass(frozen=True)
class MyWorkItem:
    title: str
    url: str
    kind_label: str = ""  # "Social post", "Assignment"…
    state_label: str = ""
    when: datetime | date | None = None  # the date that matters (scheduled, due, updated)
    comment: str = ""  # the head's comment or reason, shown right there
    comment_by: str = ""
    next_action_label: str = ""
    next_action_url: str = ""
    on_behalf_of: str = ""  # the absent colleague whose item this is, when standing in
    overdue: bool = False

    @property
    def whole_day(self):
        """`when` is a day (a due date), not a moment: shown without a time."""
        return self.when is not None and not isinstance(self.when, datetime)


class MyWorkSection:
    """A block of "My work". Subclass, set the attributes, register an instance."""

    key = ""
    title = ""
    order = 100  # lower comes first
    empty_text = ""
    limit = 10  # rows wanted (+1 to tell there are more); None: all (see the docstring)

    def items(self, user, people):
        """`people`: `user` and the absent colleagues they stand in for (User objects)."""
        raise NotImplementedError


def calendar_sources():
    return [hook() for hook in hooks.get_hooks(CALENDAR_SOURCES_HOOK)]


def calendar_source(kind):
    """The registered source of entries of `kind`, or None."""
    return next((source for source in calendar_sources() if source.kind == kind), None)


def my_work_sections():
    return sorted(
        (hook() for hook in hooks.get_hooks(MY_WORK_SECTIONS_HOOK)), key=lambda s: s.order
    )


def my_work_section(key):
    """The registered section called `key` (a new instance), or None."""
    return next((section for section in my_work_sections() if section.key == key), None)
