"""The specialist -> department head loop, driven through the real Wagtail admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState, Workflow, WorkflowState

from cms import roles
from cms.factories import AbsenceFactory, UserFactory
from editorial.moderation.models import HeadApprovalTask
from editorial.moderation.permissions import can_moderate
from editorial.moderation.workflow import TASK_NAME, WORKFLOW_NAME

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


@pytest.fixture
def draft(standard_page_factory, specialist):
    """A never-published page written by the specialist."""
    return standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)


def submit_through_editor(client, page, page_post_data, **fields):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        page_post_data(page, **{"action-submit": "Submit", **fields}),
    )
    assert response.status_code == 302, response.content[:500]
    page.refresh_from_db()
    return page.current_workflow_task_state


def submit(page, user):
    """Submit `page` for moderation without the editor (Wagtail 8: workflow.start)."""
    page.save_revision(user=user)
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def log_actions(page):
    return list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))


# --- the workflow as created by the migration --------------------------------------------


def test_workflow_exists_active_with_head_task_on_root():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    task = tasks[0]
    assert isinstance(task, HeadApprovalTask)
    assert task.name == TASK_NAME
    assert task.active
    assert list(task.groups.values_list("name", flat=True)) == [roles.HEADS]
    root = workflow.workflow_pages.get().page
    assert root.depth == 1
    # Wagtail's starter workflow is switched off so it cannot compete with ours.
    assert not Workflow.objects.filter(active=True).exclude(pk=workflow.pk).exists()


def test_every_page_under_home_uses_the_workflow(draft):
    assert draft.get_workflow().name == WORKFLOW_NAME


# --- submit, approve, request changes, reject ----------------------------------------------


def test_specialist_submits_in_editor_and_head_approves_in_admin(
    draft, specialist, head, client_for, page_post_data
):
    task_state = submit_through_editor(
        client_for(specialist), draft, page_post_data, title="Rudens skaitymai 2025"
    )
    assert task_state is not None
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert draft.current_workflow_state.requested_by == specialist
    assert not draft.live

    head_client = client_for(head)
    dashboard = head_client.get(reverse("wagtailadmin_home"))
    assert action_url(draft, "approve", task_state) in dashboard.content.decode()

    response = head_client.post(action_url(draft, "approve", task_state), {"comment": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Rudens skaitymai 2025"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == head
    assert task_state.workflow_state.status == WorkflowState.STATUS_APPROVED
    assert "sklaida.moderation.on_behalf" not in log_actions(draft)


def test_head_requests_changes_with_comment(draft, specialist, head, client_for):
    task_state = submit(draft, specialist)
    response = client_for(head).post(
        action_url(draft, "reject", task_state), {"comment": "Patikslinkite renginio datą."}
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Patikslinkite renginio datą."
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    draft.refresh_from_db()
    assert not draft.live


def test_head_rejects_cancels_workflow_and_logs_decline(draft, specialist, head, client_for):
    task_state = submit(draft, specialist)
    response = client_for(head).post(
        action_url(draft, "decline", task_state), {"comment": "Tema netinka bibliotekai."}
    )
    assert response.status_code == 302
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    assert workflow_state.status == WorkflowState.STATUS_CANCELLED
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state is None
    entry = PageLogEntry.objects.get(page=draft, action="sklaida.moderation.decline")
    assert entry.user == head
    assert entry.data["comment"] == "Tema netinka bibliotekai."
    # The history page renders our entry with its registered label.
    history = client_for(head).get(reverse("wagtailadmin_pages:history", args=(draft.pk,)))
    assert history.status_code == 200
    assert "Tema netinka bibliotekai." in history.content.decode()


def test_specialist_cannot_moderate_and_gets_403(
    assert_denied, draft, specialist, second_specialist, client_for
):
    task_state = submit(draft, specialist)
    response = client_for(second_specialist).post(
        action_url(draft, "approve", task_state), {"comment": ""}
    )
    assert_denied(response)
    draft.refresh_from_db()
    assert not draft.live


# --- four eyes ----------------------------------------------------------------------------


@pytest.mark.parametrize("author", ["head", "superuser"])
def test_nobody_approves_their_own_submission(
    assert_denied, author, request, standard_page_factory, client_for
):
    user = request.getfixturevalue(author)
    page = standard_page_factory(title="Mano naujiena", live=False, owner=user)
    task_state = submit(page, user)
    task = task_state.task.specific

    assert task.get_actions(page, user) == []
    assert not can_moderate(task, page, user)
    assert task_state not in task.get_task_states_user_can_moderate(user)

    client = client_for(user)
    for action in ("approve", "reject", "decline"):
        response = client.post(action_url(page, action, task_state), {"comment": ""})
        assert_denied(response)
    page.refresh_from_db()
    assert not page.live
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_own_task_state_cannot_be_smuggled_through_another_pages_url(
    assert_denied, standard_page_factory, head, specialist, client_for
):
    """The admin checks actions against the page in the URL; the task re-checks its own."""
    own = standard_page_factory(title="Vadovės tekstas", live=False, owner=head)
    own_state = submit(own, head)
    other = standard_page_factory(title="Specialisto tekstas", live=False, owner=specialist)
    submit(other, specialist)

    response = client_for(head).post(action_url(other, "approve", own_state), {"comment": ""})

    assert_denied(response)
    own.refresh_from_db()
    assert not own.live


def test_second_head_may_approve_a_heads_submission(
    standard_page_factory, head, second_head, client_for
):
    page = standard_page_factory(title="Vadovės tekstas", live=False, owner=head)
    task_state = submit(page, head)
    response = client_for(second_head).post(action_url(page, "approve", task_state), {})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


# --- deputies -----------------------------------------------------------------------------


@pytest.fixture
def deputy(second_specialist):
    return second_specialist


def test_deputy_may_act_only_while_the_absence_covers_the_day(draft, specialist, head, deputy):
    start = datetime.date(2025, 7, 14)
    end = datetime.date(2025, 7, 25)
    AbsenceFactory(person=head, deputy=deputy, starts_on=start, ends_on=end)
    task_state = submit(draft, specialist)
    task = task_state.task.specific
    one_day = datetime.timedelta(days=1)

    assert not can_moderate(task, draft, deputy, day=start - one_day)
    first = can_moderate(task, draft, deputy, day=start)
    assert first
    assert first.on_behalf_of == head
    assert can_moderate(task, draft, deputy, day=end)
    assert not can_moderate(task, draft, deputy, day=end + one_day)


def test_deputy_approves_today_and_the_log_names_the_head(
    draft, specialist, head, deputy, client_for
):
    AbsenceFactory(
        person=head, deputy=deputy, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    task_state = submit(draft, specialist)

    response = client_for(deputy).post(action_url(draft, "approve", task_state), {"comment": ""})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    entry = PageLogEntry.objects.get(page=draft, action="sklaida.moderation.on_behalf")
    assert entry.user == deputy
    assert entry.data["on_behalf_of"] == {"id": head.pk, "name": "Rūta Kazlauskaitė"}
    assert entry.data["action"] == "approve"
    assert "Rūta Kazlauskaitė" in entry.message
    assert not ModelLogEntry.objects.filter(action="sklaida.moderation.on_behalf").exists()


def test_deputy_without_a_current_absence_is_refused(
    assert_denied, draft, specialist, head, deputy, client_for
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AbsenceFactory(
        person=head,
        deputy=deputy,
        starts_on=yesterday - datetime.timedelta(days=5),
        ends_on=yesterday,
    )
    task_state = submit(draft, specialist)
    response = client_for(deputy).post(action_url(draft, "approve", task_state), {"comment": ""})
    assert_denied(response)
    draft.refresh_from_db()
    assert not draft.live


def test_deputy_cannot_approve_the_absent_heads_own_submission(
    assert_denied, standard_page_factory, head, deputy, client_for
):
    page = standard_page_factory(title="Vadovės tekstas", live=False, owner=head)
    AbsenceFactory(person=head, deputy=deputy)
    task_state = submit(page, head)
    task = task_state.task.specific

    assert task.get_actions(page, deputy) == []
    assert task_state not in task.get_task_states_user_can_moderate(deputy)
    response = client_for(deputy).post(action_url(page, "approve", task_state), {"comment": ""})
    assert_denied(response)
    page.refresh_from_db()
    assert not page.live


def test_deputy_of_two_heads_may_approve_one_heads_submission_for_the_other(
    standard_page_factory, head, second_head, deputy
):
    AbsenceFactory(person=head, deputy=deputy)
    AbsenceFactory(person=second_head, deputy=deputy)
    page = standard_page_factory(title="Vadovės tekstas", live=False, owner=head)
    task_state = submit(page, head)
    task = task_state.task.specific

    decision = can_moderate(task, page, deputy)
    assert decision
    assert decision.on_behalf_of == second_head
    assert task_state in task.get_task_states_user_can_moderate(deputy)


def test_deputy_of_a_non_head_gains_nothing(
    assert_denied, draft, specialist, second_specialist, client_for
):
    third = UserFactory(specialist=True)
    AbsenceFactory(person=second_specialist, deputy=third)
    task_state = submit(draft, specialist)
    assert not can_moderate(task_state.task.specific, draft, third)
    response = client_for(third).post(action_url(draft, "approve", task_state), {"comment": ""})
    assert_denied(response)


# --- the queue -----------------------------------------------------------------------------


def test_task_states_each_user_can_moderate(
    standard_page_factory, specialist, second_specialist, head, second_head
):
    by_specialist = standard_page_factory(title="A", live=False, owner=specialist)
    by_head = standard_page_factory(title="B", live=False, owner=head)
    state_specialist = submit(by_specialist, specialist)
    state_head = submit(by_head, head)
    task = state_specialist.task.specific

    def queue(user):
        return set(task.get_task_states_user_can_moderate(user))

    assert queue(head) == {state_specialist}
    assert queue(second_head) == {state_specialist, state_head}
    assert queue(specialist) == set()
    assert queue(second_specialist) == set()

    AbsenceFactory(person=head, deputy=second_specialist)
    assert queue(second_specialist) == {state_specialist}
    assert set(TaskState.objects.reviewable_by(second_specialist)) == {state_specialist}


def test_dashboard_awaiting_review_has_a_constant_number_of_queries(
    standard_page_factory,
    specialist,
    second_specialist,
    head,
    client_for,
    django_assert_max_num_queries,
):
    client = client_for(head)

    def dashboard_queries(expected_rows):
        client.get(reverse("wagtailadmin_home"))  # warm per-process caches
        with django_assert_max_num_queries(DASHBOARD_QUERY_BUDGET) as queries:
            response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('data-workflow-action-url="/admin/pages/workflow/action/') == (
            4 * expected_rows  # request changes, approve, approve with comment, reject
        )
        return len(queries)

    authors = [specialist, second_specialist]
    submit(standard_page_factory(title="Įrašas 0", live=False, owner=specialist), specialist)
    with_one = dashboard_queries(1)
    for number in range(1, 30):
        author = authors[number % 2]
        submit(standard_page_factory(title=f"Įrašas {number}", live=False, owner=author), author)
    with_thirty = dashboard_queries(30)

    assert with_thirty == with_one


DASHBOARD_QUERY_BUDGET = 35
