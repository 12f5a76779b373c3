"""Moving an assignment between its states (start, mark done, cancel)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from .assignment_models import CANCELLED, DONE, MOVES, Assignment
from .assignment_permissions import can_move, can_view
from .assignment_services import assignment_path, move
from .work_forms import MoveForm


def verb(target):
    return {
        "in_progress": _("Start"),
        DONE: _("Mark done"),
        CANCELLED: _("Cancel the assignment"),
    }.get(target, target)


@login_required
def move_assignment(request, pk, target):
    assignment = get_object_or_404(Assignment.objects.select_related("assignee", "given_by"), pk=pk)
    if not can_view(request.user, assignment):
        return permission_denied(request)
    # Who may make the move at all (the note is asked below): refused outright otherwise.
    allowed = can_move(request.user, assignment, target, note="-")
    if not allowed:
        if request.method == "POST" or (assignment.status, target) not in MOVES:
            messages.error(request, allowed.reason)
            return redirect(assignment_path(assignment))
        return permission_denied(request)
    note_required = MOVES[(assignment.status, target)]["note_required"]
    form = MoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if note_required and not note.strip():
            form.add_error("note", _("Write a note on what was done."))
        else:
            decision, assignment = move(request.user, assignment.pk, target, note)
            if decision:
                messages.success(
                    request,
                    _("“%(title)s”: %(state)s.")
                    % {"title": assignment.title, "state": assignment.get_status_display()},
                )
            else:
                # Someone else moved it meanwhile: judged on the state they left.
                messages.error(request, decision.reason)
            return redirect(assignment_path(assignment))
    return TemplateResponse(
        request,
        "moderation/assignment_move.html",
        {
            "assignment": assignment,
            "form": form,
            "target": target,
            "verb": verb(target),
            "note_required": note_required,
            "submit_url": reverse("moderation_assignment_move", args=[assignment.pk, target]),
            "back_url": assignment_path(assignment),
        },
    )
