"""Which task states a person may act on, as one SQL condition (the moderation queue).

`permissions.reviews_of` decides in Python, item by item. With a thousand items waiting
that is too slow for a page that counts, sorts and pages them, so the queue states the
same rule in SQL: the tiers of every department are laid out in Python by the same
`Duties.tiers` that `reviews_of` uses (a few queries, however many items wait), and
only what differs per item is left to the database: who submitted it and who changed
it since it was submitted. For a person P and an item of department D:

    P may act  <=>  for some tier k of D that lists P:
                      P is usable for the item in tier k
                      and every earlier tier of D has nobody usable for the item

where a candidate is usable unless they submitted the item or saved a revision of it
after its submission, and a tier that exists only for someone else's submission (the
head's tier) has nobody for the head's own. `reviews_of` still decides every action
and checks every row the queue shows (queue.rows); tests/editorial/moderation/
test_queue_access.py proves both answers equal for every role and stand-in case.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Revision, TaskState, WorkflowState

from cms.models import Department

from .permissions import duties_for_tasks, first_revision_subquery

DEPARTMENT = "workflow_state__requested_by__staff_profile__department_id"


def _all(parts):
    """AND of Q objects and Python booleans (True: no condition, False: never)."""
    if any(part is False for part in parts):
        return False
    parts = [part for part in parts if part is not True]
    return reduce(and_, parts) if parts else True


def _any(parts):
    """OR of Q objects and Python booleans."""
    if any(part is True for part in parts):
        return True
    parts = [part for part in parts if part is not False]
    return reduce(or_, parts) if parts else False


def _edited_by(user_id):
    """The item's content was saved by `user_id` after it was submitted."""
    return Q(
        Exists(
            Revision.objects.filter(
                base_content_type_id=OuterRef("mq_content_type"),
                object_id=OuterRef("mq_object"),
                user_id=user_id,
                pk__gt=OuterRef("mq_first_revision"),
            )
        )
    )


def _usable(user_id):
    """`user_id` may be asked about the item: not its submitter, not one of its editors."""
    return ~Q(mq_submitter=user_id) & ~_edited_by(user_id)


def _nobody_usable(tier):
    """Nobody of `tier` may be asked about the item (True when it lists nobody)."""
    nobody = _all([Q(mq_submitter=user.pk) | _edited_by(user.pk) for user in tier.candidates])
    if tier.unless_submitted_by is not None:
        nobody = _any([Q(mq_submitter=tier.unless_submitted_by), nobody])
    return nobody


def tiers_condition(tiers, user):
    """The condition under which `user` may act on an item with these `tiers`:
    a Q, or False when `user` is in none of them."""
    branches, earlier = [], []
    for tier in tiers:
        if any(candidate.pk == user.pk for candidate in tier.candidates):
            usable = [_usable(user.pk)]
            if tier.unless_submitted_by is not None:
                usable.append(~Q(mq_submitter=tier.unless_submitted_by))
            branches.append(_all([*usable, *earlier]))
        earlier.append(_nobody_usable(tier))
    return _any(branches)


def with_item_facts(task_states):
    """`task_states` with what the condition reads of each item, as aliases."""
    return task_states.alias(
        mq_submitter=Coalesce(F("workflow_state__requested_by_id"), Value(0)),
        mq_department=F(DEPARTMENT),
        mq_content_type=F("workflow_state__base_content_type_id"),
        mq_object=F("workflow_state__object_id"),
        mq_first_revision=first_revision_subquery(),
    )


def moderatable_condition(user, tasks, day=None):
    """(Q or False, {task pk: Duties}): the in-progress items of `tasks` (active
    head-approval tasks) `user` may act on `day` (today), and the duties read for it."""
    day = day or timezone.localdate()
    if not tasks or user is None or not user.is_authenticated or not user.is_active:
        return False, {}
    departments = [*Department.objects.all(), None]
    # Absences, Administration and IT read once for every task (a fixed number of
    # queries however many tasks and departments); only each task's groups differ.
    duties_of = duties_for_tasks(tasks, departments, day)
    branches = []
    for task in tasks:
        duties = duties_of[task.pk]
        for department in departments:
            condition = tiers_condition(duties.tiers(department), user)
            if condition is False:
                continue
            where = Q(mq_department=department.pk) if department else Q(mq_department__isnull=True)
            branches.append(_all([Q(task_id=task.pk), where, condition]))
    if not branches:
        return False, duties_of
    return (
        Q(status=TaskState.STATUS_IN_PROGRESS)
        & Q(workflow_state__status=WorkflowState.STATUS_IN_PROGRESS)
        & ~Q(mq_submitter=user.pk)
        & _any(branches)
    ), duties_of
