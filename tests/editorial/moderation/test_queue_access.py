"""The queue's SQL condition (queue_access.py) and `reviews_of` give the same answer:
every role, every stand-in case, four eyes, sites, edits before and after submission,
resubmission after "request changes". And a row `reviews_of` refuses is never shown."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site, TaskState

from cms import roles
from cms.factories import AbsenceFactory, DepartmentFactory, StaffProfileFactory, UserFactory
from editorial.moderation import queue as service
from editorial.moderation.models import HeadApprovalTask

pytestmark = pytest.mark.django_db


def _member(department, username, **traits):
    user = UserFactory(username=username, **traits)
    if department is not None:
        StaffProfileFactory(user=user, department=department)
    return user


@pytest.fixture
def people(department, other_department, head, second_head, specialist, administration_user):
    third = DepartmentFactory(name="Filialo skyrius", code="filialas")
    standing = _member(department, "nuolatine", head=True)
    department.deputy_head = standing
    department.save(update_fields=["deputy_head"])
    return {
        "head": head,
        "standing": standing,
        "deputy": _member(department, "pavaduotoja", head=True),
        "second_deputy": _member(department, "pavaduotojas2", head=True),
        "specialist": specialist,
        "second_head": second_head,
        "other_specialist": _member(other_department, "kitas", specialist=True),
        "administration": administration_user,
        "local_administration": _member(third, "filialo-admin", administration=True),
        "superuser": UserFactory(username="it", superuser=True),
        "loner": _member(None, "be-skyriaus", specialist=True),
        "branch_head": _member(third, "filialo-vadove", head=True),
    }


# (author, who saves a revision after the submission)
ITEMS = [
    ("specialist", []),
    ("specialist", ["head"]),
    ("specialist", ["head", "standing"]),
    ("specialist", ["head", "standing", "administration"]),
    ("specialist", ["head", "standing", "administration", "local_administration"]),
    ("specialist", ["deputy"]),
    ("specialist", ["deputy", "second_deputy"]),
    ("specialist", ["deputy", "second_deputy", "standing"]),
    ("head", []),
    ("head", ["standing"]),
    ("head", ["standing", "administration"]),
    ("head", ["deputy"]),
    ("standing", []),
    ("standing", ["head"]),
    ("deputy", []),
    ("other_specialist", []),
    ("other_specialist", ["second_head"]),
    ("loner", []),
    ("loner", ["administration"]),
    ("loner", ["administration", "local_administration"]),
    ("administration", []),
    ("superuser", []),
    ("branch_head", []),
]


def _submit(page, user):
    page.save_revision(user=user)
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def _items(standard_page_factory, people):
    states = []
    for number, (author, editors) in enumerate(ITEMS):
        page = standard_page_factory(title=f"Tekstas {number}", live=False, owner=people[author])
        state = _submit(page, people[author])
        for editor in editors:
            page.save_revision(user=people[editor])
        states.append(state)
    # Edited by the head before the submission: that does not count.
    page = standard_page_factory(title="Redaguota prieš", live=False, owner=people["specialist"])
    page.save_revision(user=people["head"])
    states.append(_submit(page, people["specialist"]))
    # Sent back, changed by the head meanwhile, resubmitted: the head is an editor.
    page = standard_page_factory(title="Grąžinta", live=False, owner=people["specialist"])
    state = _submit(page, people["specialist"])
    state.task.specific.on_action(state, people["head"], "reject", comment="Pataisykite.")
    page.refresh_from_db()
    page.save_revision(user=people["head"])
    page.save_revision(user=people["specialist"])
    page.current_workflow_state.resume(people["specialist"])
    page.refresh_from_db()
    states.append(page.current_workflow_task_state)
    return states


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def _absent(person, deputy, **dates):
    AbsenceFactory(person=person, deputy=deputy, **dates)


def _leave_heads(user):
    user.groups.remove(Group.objects.get(name=roles.HEADS))


def _deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


def _sites(people, department, home_page):
    """The department on one library site, the branch administrator on another."""
    main = Site.objects.get(is_default_site=True)
    branch = Site.objects.create(
        hostname="filialas.test", root_page=home_page, site_name="Filialas"
    )
    department.site = main
    department.save(update_fields=["site"])
    third = people["local_administration"].staff_profile.department
    third.site = branch
    third.save(update_fields=["site"])


def _same_site(people, department, home_page):
    main = Site.objects.get(is_default_site=True)
    for dep in (department, people["local_administration"].staff_profile.department):
        dep.site = main
        dep.save(update_fields=["site"])


SITUATIONS = {
    "nobody away": lambda p, d, h: None,
    "head away, one deputy": lambda p, d, h: _absent(p["head"], p["deputy"]),
    "head away, two deputies": lambda p, d, h: (
        _absent(p["head"], p["deputy"]),
        _absent(p["head"], p["second_deputy"]),
    ),
    "head away, deputy outside the groups": lambda p, d, h: (
        _absent(p["head"], p["deputy"]),
        _leave_heads(p["deputy"]),
    ),
    "head away, deputy inactive": lambda p, d, h: (
        _absent(p["head"], p["deputy"]),
        _deactivate(p["deputy"]),
    ),
    "head away, the absence ended yesterday": lambda p, d, h: _absent(
        p["head"], p["deputy"], starts_on=_yesterday(), ends_on=_yesterday()
    ),
    "head away, the absence starts tomorrow": lambda p, d, h: _absent(
        p["head"],
        p["deputy"],
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
    ),
    "standing deputy away": lambda p, d, h: _absent(p["standing"], p["deputy"]),
    "head and standing deputy away": lambda p, d, h: (
        _absent(p["head"], p["deputy"]),
        _absent(p["standing"], p["second_deputy"]),
    ),
    "head inactive": lambda p, d, h: _deactivate(p["head"]),
    "head outside the approval groups": lambda p, d, h: _leave_heads(p["head"]),
    "standing deputy outside the groups": lambda p, d, h: _leave_heads(p["standing"]),
    "no standing deputy": lambda p, d, h: type(d).objects.filter(pk=d.pk).update(deputy_head=None),
    "no head": lambda p, d, h: type(d).objects.filter(pk=d.pk).update(head=None),
    "administration on another site": _sites,
    "administration on the same site": _same_site,
    "a deputy stands in for another department's head": lambda p, d, h: _absent(
        p["second_head"], p["deputy"]
    ),
    "the head stands in for the standing deputy": lambda p, d, h: _absent(p["standing"], p["head"]),
    "IT is the only one left": lambda p, d, h: (
        _deactivate(p["administration"]),
        _deactivate(p["local_administration"]),
        _leave_heads(p["standing"]),
    ),
}


def _python(task, user):
    """The reference: reviews_of over every waiting item (HeadApprovalTask's own method)."""
    return set(task.get_task_states_user_can_moderate(user).values_list("pk", flat=True))


def _sql(task, user):
    queue = service.queue_for(user)
    return set(queue.task_states().filter(task=task).values_list("pk", flat=True))


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_sql_and_reviews_of_agree(situation, people, department, home_page, standard_page_factory):
    states = _items(standard_page_factory, people)
    SITUATIONS[situation](people, department, home_page)
    task = HeadApprovalTask.objects.get(active=True)
    waiting = set(TaskState.objects.filter(status="in_progress").values_list("pk", flat=True))
    assert {state.pk for state in states} <= waiting

    seen = set()
    for name, user in people.items():
        user.refresh_from_db()
        expected = _python(task, user)
        assert _sql(task, user) == expected, (situation, name)
        assert service.queue_for(user).count >= len(expected)
        seen |= expected
    # Everything waiting has someone (never nobody), unless everybody is away.
    if situation != "IT is the only one left":
        assert seen == waiting, situation


def test_the_queue_never_shows_a_row_reviews_of_refuses(
    people, standard_page_factory, client_for, monkeypatch
):
    """Were the SQL condition ever wrong, the page would drop the row, not show it."""
    _items(standard_page_factory, people)
    second_head = people["second_head"]
    allowed = _python(HeadApprovalTask.objects.get(active=True), second_head)
    assert allowed  # the other department's work

    real = service.moderatable_condition

    def everything(user, tasks, day=None):
        _condition, duties = real(user, tasks, day)
        return Q(status=TaskState.STATUS_IN_PROGRESS), duties

    monkeypatch.setattr(service, "moderatable_condition", everything)
    html = client_for(second_head).get(reverse("moderation_queue"), {"p": 1}).content.decode()
    shown = {int(pk) for pk in re.findall(r'<tr data-task-state="(\d+)"', html)}
    assert shown
    assert shown <= allowed


def _queue_cost(user, tasks):
    """Queries to build the queue's condition for `tasks` and list what it lets through."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from editorial.moderation.queue_access import moderatable_condition, with_item_facts

    with CaptureQueriesContext(connection) as queries:
        condition, _duties = moderatable_condition(user, tasks)
        if condition is not False:
            list(with_item_facts(TaskState.objects.all()).filter(condition).values("pk"))
    return len(queries)


def test_the_condition_costs_the_same_however_many_tasks_and_departments(
    department, head, specialist, administration_user, standard_page_factory
):
    """Absences, Administration and IT are read once per request, not once per task:
    more approval tasks and more departments with waiting work cost no more queries."""
    heads = Group.objects.get(name=roles.HEADS)
    first = HeadApprovalTask.objects.get(active=True)
    page = standard_page_factory(title="Pirmas", live=False, owner=specialist)
    _submit(page, specialist)
    one = _queue_cost(head, [first])

    tasks = [first]
    for number in range(3):
        task = HeadApprovalTask.objects.create(name=f"Tvirtinimas {number}", active=True)
        task.groups.add(heads)
        tasks.append(task)
        branch = DepartmentFactory(name=f"Skyrius {number}", code=f"skyrius-{number}")
        branch_head = _member(branch, f"vadovas-{number}", head=True)
        branch.head = branch_head
        branch.deputy_head = _member(branch, f"pavaduotojas-{number}", head=True)
        branch.save(update_fields=["head", "deputy_head"])
        AbsenceFactory(person=branch_head, deputy=_member(branch, f"uz-{number}", head=True))
        author = _member(branch, f"autorius-{number}", specialist=True)
        page = standard_page_factory(title=f"Tekstas {number}", live=False, owner=author)
        _submit(page, author)
    assert _queue_cost(head, tasks) == one
    assert _queue_cost(administration_user, tasks) == _queue_cost(administration_user, [first])
