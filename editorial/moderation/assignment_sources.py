"""Assignments on the editorial calendar and in "My work" (registries.py).

Each answers with one query whatever the number of rows.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models import display_name

from .assignment_models import IN_PROGRESS, NEW, Assignment
from .assignment_services import assignment_path
from .registries import CalendarEntry, CalendarSource, MyWorkItem, MyWorkSection, local_date

KIND = "assignment"


class AssignmentCalendarSource(CalendarSource):
    kind = KIND
    label = _("Assignments")
    colour = "#8e3b00"  # dark orange: AA contrast with white text

    def entries(self, user, start, end):
        first, last = local_date(start), local_date(end)
        today = timezone.localdate()
        rows = (
            Assignment.objects.visible_to(user)
            .filter(due_date__gte=first, due_date__lt=last)
            .select_related("assignee", "given_by")
            .order_by("due_date", "pk")
        )
        return [
            CalendarEntry(
                key=f"assignment:{row.pk}",
                kind=KIND,
                title=row.title,
                starts_at=row.due_date,
                url=assignment_path(row),
                state=("overdue" if row.is_overdue(today) else row.status),
                state_label=(
                    str(_("Overdue")) if row.is_overdue(today) else row.get_status_display()
                ),
                author_id=row.assignee_id,
                author_label=display_name(row.assignee),
                extra={"given_by": display_name(row.given_by)},
            )
            for row in rows
        ]


class MyAssignmentsSection(MyWorkSection):
    key = "assignments"
    title = _("My assignments")
    order = 20
    empty_text = _("No open assignments.")

    def items(self, user, people):
        from django.urls import reverse

        today = timezone.localdate()
        ids = [person.pk for person in people]
        names = {person.pk: display_name(person) for person in people}
        rows = (
            Assignment.objects.open()
            .filter(assignee_id__in=ids)
            .select_related("given_by")
            .order_by("due_date", "pk")
        )
        items = []
        for row in rows:
            target = IN_PROGRESS if row.status == NEW else "done"
            label = _("Start") if row.status == NEW else _("Mark done")
            mine = row.assignee_id == user.pk
            items.append(
                MyWorkItem(
                    title=row.title,
                    url=assignment_path(row),
                    kind_label=str(_("Assignment")),
                    state_label=(
                        str(_("Overdue")) if row.is_overdue(today) else row.get_status_display()
                    ),
                    when=row.due_date,
                    comment=row.description[:300],
                    comment_by=display_name(row.given_by),
                    next_action_label=str(label) if mine else "",
                    next_action_url=(
                        reverse("moderation_assignment_move", args=[row.pk, target]) if mine else ""
                    ),
                    on_behalf_of="" if mine else names.get(row.assignee_id, ""),
                    overdue=row.is_overdue(today),
                )
            )
        # Overdue first, then by due date (the query's order is kept within each group).
        items.sort(key=lambda item: not item.overdue)
        return items
