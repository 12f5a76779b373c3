"""Admin URL rules for assignments (cms.admin_access): an assignment's own pages
(inspect, edit, history, delete) open only for those who may see that assignment."""

from .assignment_models import Assignment
from .assignment_permissions import can_view


def may_see_this_assignment(user, match):
    pk = match.kwargs.get("instance_pk")
    if pk is None:
        return True
    assignment = Assignment.objects.filter(pk=pk).first()
    # A missing one is the view's 404 to give, without naming anything.
    return assignment is None or bool(can_view(user, assignment))
