"""The specialist -> department head loop, driven through the real Wagtail admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    ModelLogEntry,
    Page,
    PageLogEntry,
    Site,
    TaskState,
    Workflow,
    WorkflowState,
)

from cms import roles
from cms.factories import AbsenceFactory, DepartmentFactory, StaffProfileFactory, UserFactory
from cms.models import Absence
from editorial.moderation.models import HeadApprovalTask
from editorial.moderation.permissions import can_moderate, reviewers_for
from editorial.moderation.workflow import TASK_NAME, WORKFLOW_NAME

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


@pytest.fixture
def draft(standard_page_factory, specialist):
    """A never-published page written by the specialist."""
    return standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)


@pytest.fixture
def task_state(draft, specialist):
    """The specialist's draft, submitted: its task state at the head's approval."""
    return submit(draft, specialist)


@pytest.fixture
def heads_page(standard_page_factory, head):
    """A never-published page written by the department head."""
    return standard_page_factory(title="Vadovės tekstas", live=False, owner=head)


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


def is_live(page):
    """Whether the page (or snippet) is published, as stored now."""
    page.refresh_from_db()
    return page.live


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
    queue = head_client.get(reverse("moderation_queue")).content.decode()
    assert f'<tr data-task-state="{task_state.pk}"' in queue

    response = head_client.post(action_url(draft, "approve", task_state), {"comment": ""})
    assert response.status_code == 302
    assert is_live(draft)
    assert draft.title == "Rudens skaitymai 2025"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == head
    assert task_state.workflow_state.status == WorkflowState.STATUS_APPROVED
    assert "sklaida.moderation.on_behalf" not in log_actions(draft)


def test_head_requests_changes_with_comment(draft, specialist, head, client_for, task_state):
    response = client_for(head).post(
        action_url(draft, "reject", task_state), {"comment": "Patikslinkite renginio datą."}
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Patikslinkite renginio datą."
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not is_live(draft)


def test_head_rejects_cancels_workflow_and_logs_decline(
    draft, specialist, head, client_for, task_state
):
    response = client_for(head).post(
        action_url(draft, "decline", task_state), {"comment": "Tema netinka bibliotekai."}
    )
    assert response.status_code == 302
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    assert workflow_state.status == WorkflowState.STATUS_CANCELLED
    assert not is_live(draft)
    assert draft.current_workflow_state is None
    entry = PageLogEntry.objects.get(page=draft, action="sklaida.moderation.decline")
    assert entry.user == head
    assert entry.data["comment"] == "Tema netinka bibliotekai."
    # The history page renders our entry with its registered label.
    history = client_for(head).get(reverse("wagtailadmin_pages:history", args=(draft.pk,)))
    assert history.status_code == 200
    assert "Tema netinka bibliotekai." in history.content.decode()


def test_specialist_cannot_moderate_and_gets_403(
    assert_denied, draft, specialist, second_specialist, client_for, task_state
):
    response = client_for(second_specialist).post(
        action_url(draft, "approve", task_state), {"comment": ""}
    )
    assert_denied(response)
    assert not is_live(draft)


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
    assert not is_live(page)
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
    assert not is_live(own)


def test_the_head_of_another_department_may_not_approve(
    assert_denied, draft, specialist, head, second_head, client_for, task_state
):
    """Being in "Department heads" is not enough: the submitter's department decides."""
    task = task_state.task.specific

    assert not can_moderate(task, draft, second_head)
    assert reviewers_for(draft) == [head]
    assert_denied(client_for(second_head).post(action_url(draft, "approve", task_state), {}))
    assert not is_live(draft)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


# --- deputies -----------------------------------------------------------------------------


def _member_of_heads(department, username, first_name, last_name):
    return StaffProfileFactory(
        user=UserFactory(username=username, first_name=first_name, last_name=last_name, head=True),
        department=department,
        position="Skyriaus vedėjo pavaduotoja",
    ).user


@pytest.fixture
def deputy(department):
    """A member of "Department heads" in the head's department who heads nothing."""
    return _member_of_heads(department, "pavaduotoja", "Aistė", "Vasiliauskaitė")


@pytest.fixture
def standing_deputy(department, head):
    """The department's standing deputy head: approves what the head cannot."""
    user = _member_of_heads(department, "nuolatine", "Greta", "Paulauskaitė")
    department.deputy_head = user
    department.save(update_fields=["deputy_head"])
    return user


def test_deputy_may_act_only_while_the_absence_covers_the_day(draft, specialist, head, deputy):
    start = datetime.date(2025, 7, 14)
    end = datetime.date(2025, 7, 25)
    AbsenceFactory(person=head, deputy=deputy, starts_on=start, ends_on=end)
    task_state = submit(draft, specialist)
    task = task_state.task.specific
    one_day = datetime.timedelta(days=1)

    assert not can_moderate(task, draft, deputy, day=start - one_day)
    assert reviewers_for(draft, day=start - one_day) == [head]
    first = can_moderate(task, draft, deputy, day=start)
    assert first
    assert first.on_behalf_of == head
    assert reviewers_for(draft, day=start) == [deputy]
    # The absent head is not asked while the deputy stands in (nor may act).
    assert not can_moderate(task, draft, head, day=start)
    assert can_moderate(task, draft, deputy, day=end)
    assert not can_moderate(task, draft, deputy, day=end + one_day)
    assert can_moderate(task, draft, head, day=end + one_day)


def test_deputy_approves_today_and_the_log_names_the_head(
    draft, specialist, head, deputy, client_for
):
    AbsenceFactory(
        person=head, deputy=deputy, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    task_state = submit(draft, specialist)

    response = client_for(deputy).post(action_url(draft, "approve", task_state), {"comment": ""})

    assert response.status_code == 302
    assert is_live(draft)
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
    assert not is_live(draft)


def test_deputy_cannot_approve_the_absent_heads_own_submission(
    assert_denied, head, deputy, administration_user, client_for, heads_page
):
    AbsenceFactory(person=head, deputy=deputy)
    task_state = submit(heads_page, head)
    task = task_state.task.specific

    assert task.get_actions(heads_page, deputy) == []
    assert task_state not in task.get_task_states_user_can_moderate(deputy)
    assert reviewers_for(heads_page) == [administration_user]
    response = client_for(deputy).post(
        action_url(heads_page, "approve", task_state), {"comment": ""}
    )
    assert_denied(response)
    assert not is_live(heads_page)


def test_deputy_of_another_departments_head_gains_nothing_here(
    assert_denied, draft, specialist, head, second_head, deputy, client_for
):
    AbsenceFactory(person=second_head, deputy=deputy)
    task_state = submit(draft, specialist)
    task = task_state.task.specific

    assert not can_moderate(task, draft, deputy)
    assert task_state not in task.get_task_states_user_can_moderate(deputy)
    assert_denied(client_for(deputy).post(action_url(draft, "approve", task_state), {}))
    assert not is_live(draft)


def test_deputy_of_a_non_head_gains_nothing(
    assert_denied, draft, specialist, second_specialist, client_for
):
    third = UserFactory(specialist=True)
    AbsenceFactory(person=second_specialist, deputy=third)
    task_state = submit(draft, specialist)
    assert not can_moderate(task_state.task.specific, draft, third)
    response = client_for(third).post(action_url(draft, "approve", task_state), {"comment": ""})
    assert_denied(response)


def test_a_deputy_outside_the_approval_groups_gains_nothing_even_if_stored(
    assert_denied, draft, specialist, second_specialist, head, standing_deputy, client_for
):
    """An absence stored before the rules (or around the form) names a specialist."""
    Absence.objects.bulk_create(
        [
            Absence(
                person=head,
                deputy=second_specialist,
                starts_on=timezone.localdate(),
                ends_on=timezone.localdate(),
                reason=Absence.Reason.VACATION,
            )
        ]
    )
    task_state = submit(draft, specialist)

    # The head is away and their named deputy may not moderate: the standing deputy decides.
    assert reviewers_for(draft) == [standing_deputy]
    assert_denied(client_for(second_specialist).post(action_url(draft, "approve", task_state), {}))
    assert not is_live(draft)


# --- scope: the submitter's department, per site ----------------------------------------


def test_each_head_reviews_only_their_departments_work(
    standard_page_factory, specialist, head, second_head, other_department_user
):
    ours = standard_page_factory(title="Mūsų", live=False, owner=specialist)
    theirs = standard_page_factory(title="Jų", live=False, owner=other_department_user)
    ours_state = submit(ours, specialist)
    theirs_state = submit(theirs, other_department_user)
    task = ours_state.task.specific

    assert reviewers_for(ours) == [head]
    assert reviewers_for(theirs) == [second_head]
    assert set(task.get_task_states_user_can_moderate(head)) == {ours_state}
    assert set(task.get_task_states_user_can_moderate(second_head)) == {theirs_state}


def test_administration_of_another_site_is_not_asked(head, client_for, assert_denied, heads_page):
    other_site = Site.objects.create(
        hostname="filialas.test", root_page=Page.get_first_root_node(), is_default_site=False
    )
    elsewhere = DepartmentFactory(name="Filialo administracija", code="filialas", site=other_site)
    remote = StaffProfileFactory(user=UserFactory(administration=True), department=elsewhere).user
    local = StaffProfileFactory(
        user=UserFactory(administration=True),
        department=DepartmentFactory(code="administracija"),
    ).user
    task_state = submit(heads_page, head)

    assert reviewers_for(heads_page) == [local]
    assert_denied(client_for(remote).post(action_url(heads_page, "approve", task_state), {}))
    assert not is_live(heads_page)


def test_a_submitter_without_a_department_goes_to_administration(
    standard_page_factory, head, administration_user
):
    loner = UserFactory(specialist=True)  # no staff profile
    page = standard_page_factory(title="Be skyriaus", live=False, owner=loner)
    submit(page, loner)
    assert reviewers_for(page) == [administration_user]


# --- a head's own submission ---------------------------------------------------------------


def test_a_heads_own_submission_goes_to_the_standing_deputy(
    assert_denied,
    head,
    second_head,
    standing_deputy,
    administration_user,
    client_for,
    heads_page,
):
    task_state = submit(heads_page, head)

    assert reviewers_for(heads_page) == [standing_deputy]
    for refused in (head, second_head, administration_user):
        assert_denied(client_for(refused).post(action_url(heads_page, "approve", task_state), {}))
    assert not is_live(heads_page)

    response = client_for(standing_deputy).post(action_url(heads_page, "approve", task_state), {})
    assert response.status_code == 302
    assert is_live(heads_page)


def test_without_a_standing_deputy_administration_approves_a_heads_submission(
    assert_denied, head, second_head, administration_user, client_for, heads_page
):
    task_state = submit(heads_page, head)

    assert reviewers_for(heads_page) == [administration_user]
    assert_denied(client_for(second_head).post(action_url(heads_page, "approve", task_state), {}))
    response = client_for(administration_user).post(
        action_url(heads_page, "approve", task_state), {}
    )
    assert response.status_code == 302
    assert is_live(heads_page)


def test_an_absent_standing_deputy_passes_the_heads_submission_on(
    head, standing_deputy, deputy, administration_user, heads_page
):
    AbsenceFactory(person=standing_deputy, deputy=deputy)
    submit(heads_page, head)
    assert reviewers_for(heads_page) == [administration_user]


def test_a_heads_submission_never_waits_for_nobody(head, superuser, heads_page):
    """No standing deputy and no Administration: IT (superusers) is the last resort."""
    task_state = submit(heads_page, head)
    assert reviewers_for(heads_page) == [superuser]
    assert can_moderate(task_state.task.specific, heads_page, superuser)


# --- four eyes: whoever changed the content under review cannot approve it ----------------


def test_a_head_who_edited_the_submission_cannot_approve_it(
    assert_denied, draft, specialist, head, standing_deputy, client_for, page_post_data, task_state
):
    head_client = client_for(head)
    saved = head_client.post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        page_post_data(draft, title="Vadovės antraštė"),
    )
    assert saved.status_code == 302
    task = task_state.task.specific

    assert not can_moderate(task, draft, head)
    assert task.get_actions(draft, head) == []
    assert reviewers_for(draft) == [standing_deputy]
    # The head may go on editing their change; only deciding is left to another.
    again = head_client.post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        page_post_data(draft, title="Vadovės perrašyta antraštė"),
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().title == "Vadovės perrašyta antraštė"
    for action in ("approve", "reject", "decline"):
        assert_denied(head_client.post(action_url(draft, action, task_state), {"comment": ""}))
    assert not is_live(draft)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # Another moderator decides on the head's text.
    deputy_client = client_for(standing_deputy)
    while draft.current_workflow_task_state is not None:
        current = draft.current_workflow_task_state
        response = deputy_client.post(action_url(draft, "approve", current), {})
        assert response.status_code == 302
        draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Vadovės perrašyta antraštė"


def test_editing_and_approving_in_one_go_does_not_publish(
    draft, specialist, head, standing_deputy, client_for, page_post_data, task_state
):
    client_for(head).post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        page_post_data(
            draft,
            title="Vadovės tekstas",
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        ),
    )
    assert not is_live(draft)
    assert draft.current_workflow_state is not None
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert reviewers_for(draft) == [standing_deputy]


def test_a_deputy_who_edited_the_submission_cannot_approve_it(
    draft, specialist, head, deputy, standing_deputy
):
    AbsenceFactory(person=head, deputy=deputy)
    task_state = submit(draft, specialist)
    draft.save_revision(user=deputy)
    task = task_state.task.specific

    assert not can_moderate(task, draft, deputy)
    assert reviewers_for(draft) == [standing_deputy]


def test_edits_before_the_submission_do_not_count(draft, specialist, head):
    draft.save_revision(user=head)  # the head helped with the draft, then it was submitted
    submit(draft, specialist)
    assert reviewers_for(draft) == [head]


def social_post_data(post, channels, **fields):
    """The POST body of the social post editor for `post`."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "title": post.title,
            "text": post.text,
            "link": "",
            "add_utm": "",
            "utm_campaign": "",
            "tags": "",
            "go_live_at": "",
            "expire_at": "",
            "images": inline_formset([]),
            "variants": inline_formset([]),
            **fields,
        }
    )
    data["channels"] = [str(channel.pk) for channel in channels]
    return data


def test_a_head_who_rewrote_a_submitted_social_post_cannot_approve_it(
    assert_denied, specialist, head, standing_deputy, client_for
):
    from editorial.social.factories import ChannelFactory, SocialPostFactory
    from editorial.social.networks import Network

    channel = ChannelFactory(network=Network.MASTODON, api_base="https://mastodon.example")
    post = SocialPostFactory(channels=[channel], author=specialist, text="Specialisto tekstas")
    post.save_revision(user=specialist)
    post.get_workflow().start(post, specialist)
    post.refresh_from_db()
    task_state = post.current_workflow_task_state
    urls = "wagtailsnippets_social_socialpost"
    head_client = client_for(head)

    saved = head_client.post(
        reverse(f"{urls}:edit", args=(post.pk,)),
        social_post_data(post, [channel], text="Vadovės perrašytas tekstas"),
    )
    assert saved.status_code == 302
    assert reviewers_for(post) == [standing_deputy]
    response = head_client.post(
        reverse(f"{urls}:workflow_action", args=(post.pk, "approve", task_state.pk)), {}
    )
    assert_denied(response)
    assert not is_live(post)
    assert post.current_workflow_task_state is not None

    deputy_client = client_for(standing_deputy)
    while post.current_workflow_task_state is not None:
        current = post.current_workflow_task_state
        response = deputy_client.post(
            reverse(f"{urls}:workflow_action", args=(post.pk, "approve", current.pk)), {}
        )
        assert response.status_code in (200, 302)
        post.refresh_from_db()
    assert post.live
    assert post.text == "Vadovės perrašytas tekstas"


def test_administration_approves_a_heads_own_social_post_from_the_dashboard(
    assert_denied, head, second_head, administration_user, client_for
):
    from editorial.social.factories import ChannelFactory, SocialPostFactory
    from editorial.social.networks import Network

    channel = ChannelFactory(network=Network.MASTODON, api_base="https://mastodon.example")
    post = SocialPostFactory(channels=[channel], author=head)
    post.save_revision(user=head)
    post.get_workflow().start(post, head)
    post.refresh_from_db()
    task_state = post.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_social_socialpost:workflow_action",
        args=(post.pk, "approve", task_state.pk),
    )

    assert reviewers_for(post) == [administration_user]
    queue = client_for(administration_user).get(reverse("moderation_queue")).content
    assert f'<tr data-task-state="{task_state.pk}"'.encode() in queue
    for refused in (head, second_head):
        assert_denied(client_for(refused).post(url, {}))
    assert not is_live(post)

    response = client_for(administration_user).post(url, {})
    assert response.status_code in (200, 302)
    assert is_live(post)


# --- one source of truth ------------------------------------------------------------------


@pytest.fixture
def everyone(
    specialist,
    second_specialist,
    head,
    second_head,
    deputy,
    standing_deputy,
    administration_user,
    other_department_user,
    superuser,
):
    return [
        specialist,
        second_specialist,
        head,
        second_head,
        deputy,
        standing_deputy,
        administration_user,
        other_department_user,
        superuser,
    ]


@pytest.mark.parametrize(
    "situation",
    ["specialist submits", "head absent", "head submits", "head edited", "deputy edited"],
)
def test_can_moderate_reviewers_for_and_the_queue_agree(
    situation, standard_page_factory, everyone, specialist, head, deputy
):
    author = head if situation == "head submits" else specialist
    page = standard_page_factory(title="Tekstas", live=False, owner=author)
    if situation in ("head absent", "deputy edited"):
        AbsenceFactory(person=head, deputy=deputy)
    task_state = submit(page, author)
    if situation == "head edited":
        page.save_revision(user=head)
    if situation == "deputy edited":
        page.save_revision(user=deputy)
    task = task_state.task.specific
    reviewers = reviewers_for(page)

    assert reviewers  # never nobody
    for user in everyone:
        allowed = bool(can_moderate(task, page, user))
        assert allowed == (user in reviewers), (situation, user)
        in_queue = task_state in task.get_task_states_user_can_moderate(user)
        assert in_queue == allowed, (situation, user)


# --- the queue -----------------------------------------------------------------------------


def test_task_states_each_user_can_moderate(
    standard_page_factory, specialist, second_specialist, head, second_head, deputy
):
    by_specialist = standard_page_factory(title="A", live=False, owner=specialist)
    by_head = standard_page_factory(title="B", live=False, owner=head)
    state_specialist = submit(by_specialist, specialist)
    state_head = submit(by_head, head)
    task = state_specialist.task.specific

    def queue(user):
        return set(task.get_task_states_user_can_moderate(user))

    assert queue(head) == {state_specialist}
    assert queue(second_head) == set()
    assert queue(specialist) == set()
    assert queue(deputy) == set()
    assert state_head not in queue(head)

    AbsenceFactory(person=head, deputy=deputy)
    assert queue(deputy) == {state_specialist}
    assert queue(head) == set()
    assert set(TaskState.objects.reviewable_by(deputy)) == {state_specialist}


def test_dashboard_awaiting_review_has_a_constant_number_of_queries(
    standard_page_factory,
    specialist,
    second_specialist,
    head,
    client_for,
    django_assert_max_num_queries,
):
    """The dashboard's summary of the queue: the count and the most urgent few."""
    client = client_for(head)

    def dashboard_queries(expected_count):
        client.get(reverse("wagtailadmin_home"))  # warm per-process caches
        with django_assert_max_num_queries(DASHBOARD_QUERY_BUDGET) as queries:
            response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        html = response.content.decode()
        assert reverse("moderation_queue") in html
        assert f"{expected_count} " in html
        return len(queries)

    authors = [specialist, second_specialist]
    submit(standard_page_factory(title="Įrašas 0", live=False, owner=specialist), specialist)
    with_one = dashboard_queries(1)
    for number in range(1, 30):
        author = authors[number % 2]
        submit(standard_page_factory(title=f"Įrašas {number}", live=False, owner=author), author)
    with_thirty = dashboard_queries(30)

    assert with_thirty == with_one


# The queue's summary and menu badge share one computation per request; plus one for
# the social pipeline's "To publish by hand" panel (one list query).
DASHBOARD_QUERY_BUDGET = 36
