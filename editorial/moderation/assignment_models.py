"""Assignments (duty 16): an ad-hoc instruction from a head or Administration to a person.

The states and the moves between them are data (`MOVES`, `REFUSED`): the service, the
buttons and the tests read the same table, so a move the table refuses cannot happen
anywhere, and the refusal always says why.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .proposal_models import TEXT_LIMIT

NEW = "new"
IN_PROGRESS = "in_progress"
DONE = "done"
CANCELLED = "cancelled"
OPEN_STATES = (NEW, IN_PROGRESS)

# With a context: "New", "Done" alone are Wagtail's words for other things.
STATUS_CHOICES = [
    (NEW, pgettext_lazy("assignment state", "New")),
    (IN_PROGRESS, pgettext_lazy("assignment state", "In progress")),
    (DONE, pgettext_lazy("assignment state", "Done")),
    (CANCELLED, pgettext_lazy("assignment state", "Cancelled")),
]

# Who makes a move: the person it is given to, or whoever gives assignments
# (Department heads and Administration: the "add_assignment" permission).
ASSIGNEE = "assignee"
GIVER = "giver"


# (from, to) -> who may make it, and whether a note is required.
MOVES = {
    (NEW, IN_PROGRESS): {"by": ASSIGNEE, "note_required": False},
    (IN_PROGRESS, DONE): {"by": ASSIGNEE, "note_required": True},
    (NEW, CANCELLED): {"by": GIVER, "note_required": False},
    (IN_PROGRESS, CANCELLED): {"by": GIVER, "note_required": False},
}

# Why a move that is not in MOVES is refused: first by the pair, then by where it starts.
REFUSED = {
    (NEW, DONE): _("Start the assignment (“In progress”) before marking it done."),
    (IN_PROGRESS, NEW): _("An assignment in progress cannot go back to “New”."),
}
REFUSED_FROM = {
    DONE: _("The assignment is done; it cannot change any more."),
    CANCELLED: _("The assignment was cancelled; it cannot change any more."),
}


def move_refusal(current, target):
    """The reason the table refuses current → target, or None when the move exists."""
    if (current, target) in MOVES:
        return None
    if current == target:
        return _("The assignment is already in this state.")
    if target not in dict(STATUS_CHOICES):
        return _("There is no such state.")
    return (
        REFUSED.get((current, target))
        or REFUSED_FROM.get(current)
        or _("This move is not allowed.")
    )


def validate_same_site_path(value):
    """A link to an item on this site: a relative path such as /admin/snippets/…/edit/3/.

    Anything that could leave the site or run code is refused: schemes (javascript:,
    data:, https:), protocol-relative //host, backslashes (browsers read /\\host as
    //host), control characters and spaces.
    """
    message = _("Enter a path on this site that starts with “/”, e.g. /admin/pages/3/edit/.")
    if not value.startswith("/") or value.startswith("//"):
        raise ValidationError(message, code="not_same_site")
    if "\\" in value or any(ord(ch) < 33 or ord(ch) == 127 for ch in value):
        raise ValidationError(message, code="not_same_site")
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        raise ValidationError(message, code="not_same_site")


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def visible_to(self, user):
        """Heads and Administration (who give assignments) see all; others their own."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_perm("moderation.add_assignment"):
            return self
        return self.filter(assignee=user)


class Assignment(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments_given",
        editable=False,
    )
    due_date = models.DateField(_("due date"))
    link = models.CharField(
        _("link to the item"),
        max_length=500,
        blank=True,
        validators=[validate_same_site_path],
        help_text=_("Optional: the address of the page, post or other item, e.g. /admin/…"),
    )
    proposal = models.OneToOneField(
        "moderation.Proposal",
        verbose_name=_("from proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignment",
        editable=False,
    )
    status = models.CharField(
        _("state"), max_length=20, choices=STATUS_CHOICES, default=NEW, editable=False
    )
    note = models.TextField(
        _("note"),
        blank=True,
        editable=False,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
        help_text=_("What was done, or why it was cancelled."),
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"], name="assignment_mine"),
            models.Index(fields=["status", "due_date"], name="assignment_due"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())
