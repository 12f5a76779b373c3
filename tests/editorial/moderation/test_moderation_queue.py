"""The moderation queue: who sees what, decisions inline and in bulk, bad input, budgets."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from cms import roles
from cms.factories import AbsenceFactory, StaffProfileFactory, UserFactory
from editorial.moderation import queue as service
from editorial.moderation import queue_decisions as decisions
from editorial.moderation.menu import QueueMenuItem
from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import SocialPost

pytestmark = pytest.mark.django_db

QUEUE = "moderation_queue"
ACT = "moderation_queue_act"


def lt(text):
    with translation.override("lt"):
        return translation.gettext(text)


def submit(obj, user, go_live_at=None):
    """Send `obj` (page or post) to moderation as `user`; returns its task state."""
    if go_live_at is not None:
        obj.go_live_at = go_live_at
        obj.save()
    obj.save_revision(user=user)
    obj.get_workflow().start(obj, user)
    obj.refresh_from_db()
    return obj.current_workflow_task_state


@pytest.fixture
def post_factory(specialist):
    def make(title="Įrašas", author=None, channels=None, go_live_at=None):
        post = SocialPostFactory(
            title=title, author=author or specialist, channels=channels or [ChannelFactory()]
        )
        return post, submit(post, author or specialist, go_live_at)

    return make


@pytest.fixture
def page_factory(standard_page_factory, specialist):
    def make(title="Puslapis", author=None, go_live_at=None):
        page = standard_page_factory(title=title, live=False, owner=author or specialist)
        return page, submit(page, author or specialist, go_live_at)

    return make


@pytest.fixture
def deputy(department):
    """A member of "Department heads" in the head's department who heads nothing."""
    return StaffProfileFactory(
        user=UserFactory(
            username="pavaduotoja", first_name="Aistė", last_name="Vasiliauskaitė", head=True
        ),
        department=department,
    ).user


def act(client, ids, action="approve", comment="", next_url=None):
    response = client.post(
        reverse(ACT),
        {
            "task_state": [str(pk) for pk in ids],
            "action": action,
            "comment": comment,
            "next": next_url or reverse(QUEUE),
        },
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def queue_ids(client, **params):
    html = client.get(reverse(QUEUE), params).content.decode()
    return [int(pk) for pk in re.findall(r'<tr data-task-state="(\d+)"', html)]


def status(task_state):
    task_state.refresh_from_db()
    return task_state.status


# --- what the queue shows ------------------------------------------------------------------


def test_every_moderated_type_most_urgent_first(
    page_factory, post_factory, head, client_for, specialist
):
    now = timezone.now()
    _old_page, old_page_state = page_factory("Senas puslapis")
    _later, later_state = post_factory("Vėliau", go_live_at=now + datetime.timedelta(days=3))
    _soon, soon_state = post_factory("Greitai", go_live_at=now + datetime.timedelta(hours=5))
    _new_page, new_page_state = page_factory("Naujas puslapis")
    client = client_for(head)

    assert queue_ids(client) == [
        soon_state.pk,
        later_state.pk,
        old_page_state.pk,
        new_page_state.pk,
    ]
    html = client.get(reverse(QUEUE)).content.decode()
    row = html[html.index(f'data-task-state="{soon_state.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Greitai" in row
    assert "Jonas Petrauskas" in row  # the author
    assert "Komunikacijos skyrius" in row  # the department
    assert str(SocialPost._meta.verbose_name).capitalize() in row
    assert reverse("wagtailsnippets_social_socialpost:edit", args=[_soon.pk]) in row
    assert (
        reverse(
            "wagtailsnippets_social_socialpost:workflow_preview",
            args=[_soon.pk, soon_state.task_id],
        )
        in row
    )
    assert timezone.localtime(_soon.go_live_at).strftime("%Y-%m-%d %H:%M") in row


def test_compare_with_live_is_offered_when_a_live_version_exists(
    standard_page_factory, specialist, head, client_for
):
    page = standard_page_factory(title="Gyvas puslapis", live=True, owner=specialist)
    page.title = "Gyvas puslapis, pataisytas"
    state = submit(page, specialist)
    html = client_for(head).get(reverse(QUEUE)).content.decode()
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=(page.pk, "live", state.revision_id)
    )
    assert compare in html
    assert client_for(head).get(compare).status_code == 200


def test_a_resubmitted_item_shows_the_last_comment(page_factory, specialist, head, client_for):
    page, state = page_factory("Grąžintas puslapis")
    state.task.specific.on_action(state, head, "reject", comment="Patikslinkite datą.")
    page.refresh_from_db()
    page.save_revision(user=specialist)
    page.current_workflow_state.resume(specialist)
    html = client_for(head).get(reverse(QUEUE)).content.decode()
    assert "Patikslinkite datą." in html


def test_filters_and_search(
    post_factory, page_factory, specialist, second_specialist, head, client_for
):
    facebook = ChannelFactory(name="Facebook paskyra")
    mastodon = ChannelFactory(name="Mastodon paskyra")
    _a, on_facebook = post_factory("Knygų mugė", channels=[facebook])
    _b, on_mastodon = post_factory(
        "Poezijos vakaras", author=second_specialist, channels=[mastodon]
    )
    page, page_state = page_factory("Vasaros puslapis")
    client = client_for(head)

    assert set(queue_ids(client, channel=facebook.pk)) == {on_facebook.pk}
    assert set(queue_ids(client, author=second_specialist.pk)) == {on_mastodon.pk}
    page_type = page_state.workflow_state.content_type_id
    assert queue_ids(client, type=page_type) == [page_state.pk]
    assert set(queue_ids(client, department=specialist.staff_profile.department_id)) == {
        on_facebook.pk,
        on_mastodon.pk,
        page_state.pk,
    }
    assert queue_ids(client, q="poezijos") == [on_mastodon.pk]
    # Junk in a filter is no match, never an error.
    for junk in ("x", "<script>", "../../", "9" * 40):
        response = client.get(reverse(QUEUE), {"channel": junk, "type": junk, "q": junk})
        assert response.status_code == 200
    html = client.get(reverse(QUEUE)).content.decode()
    assert "Facebook paskyra" in html and "Mastodon paskyra" in html  # channel choices


def test_paginated_at_25(page_factory, head, client_for):
    for number in range(26):
        page_factory(f"Puslapis {number:02d}")
    client = client_for(head)
    first, second = queue_ids(client), queue_ids(client, p=2)
    assert len(first) == 25
    assert len(second) == 1
    assert not set(first) & set(second)


def test_the_dashboard_summary_links_to_the_queue(page_factory, head, client_for):
    for number in range(7):
        page_factory(f"Laukiantis {number}")
    html = client_for(head).get(reverse("wagtailadmin_home")).content.decode()
    summary = html[html.index('id="awaiting-review-section"') :]
    assert reverse(QUEUE) in summary
    assert summary.count("Laukiantis ") == service.SUMMARY_SIZE
    # The decisions are taken in the queue, not on the dashboard.
    assert "workflow/action" not in summary


def test_the_menu_shows_the_count(page_factory, head, specialist, client_for):
    page_factory("A")
    page_factory("B")
    request = RequestFactory().get("/admin/")
    request.user = head
    item = QueueMenuItem()
    assert item.is_shown(request)
    with translation.override("lt"):
        assert item.render_component(request).label == f"{lt('Moderation queue')} (2)"
    request.user = specialist
    assert not item.is_shown(request)


# --- who may open and act (the matrix) -----------------------------------------------------

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
OPENS_QUEUE = {H, A, "superuser"}


@pytest.mark.parametrize("role", ["anonymous", S, H, A, OD, "superuser"])
def test_matrix_open_the_queue(role, role_users, client_for, assert_denied, page_factory):
    page_factory("Slaptas juodraštis")
    response = client_for(role_users[role]).get(reverse(QUEUE))
    if role in OPENS_QUEUE:
        assert response.status_code == 200
    else:
        assert_denied(response, anonymous=role == "anonymous")
        assert b"Slaptas juodra" not in response.content


@pytest.mark.parametrize("role", ["anonymous", S, H, A, OD, "superuser"])
@pytest.mark.parametrize("action", list(decisions.ACTIONS))
def test_matrix_act(role, action, role_users, client_for, assert_denied, page_factory):
    """Only the head of the author's department decides; a refusal changes nothing."""
    page, state = page_factory("Rudens skaitymai")
    revisions = page.revisions.count()
    logs = PageLogEntry.objects.count()
    response, messages = act(client_for(role_users[role]), [state.pk], action, "Komentaras")
    if role == H:
        assert response.status_code == 302
        assert status(state) != TaskState.STATUS_IN_PROGRESS
        return
    if role in OPENS_QUEUE:  # may open the queue, not decide on this department's work
        assert response.status_code == 302
        assert any(lt("Not done: item no. %(id)s. %(reason)s")[:10] in m for m in messages)
    else:
        assert_denied(response, anonymous=role == "anonymous")
    assert status(state) == TaskState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live
    assert page.revisions.count() == revisions
    assert PageLogEntry.objects.count() == logs


def test_a_get_on_the_action_url_changes_nothing(page_factory, head, client_for):
    _page, state = page_factory()
    assert client_for(head).get(reverse(ACT), {"task_state": state.pk}).status_code == 405
    assert status(state) == TaskState.STATUS_IN_PROGRESS


def test_the_action_needs_the_csrf_token(page_factory, head):
    from django.test import Client

    _page, state = page_factory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(head)
    response = client.post(reverse(ACT), {"task_state": state.pk, "action": "approve"})
    assert response.status_code == 403
    assert status(state) == TaskState.STATUS_IN_PROGRESS


# --- deciding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "expected_status", "workflow_status"),
    [
        ("approve", TaskState.STATUS_APPROVED, WorkflowState.STATUS_APPROVED),
        ("approve_comment", TaskState.STATUS_APPROVED, WorkflowState.STATUS_APPROVED),
        ("request_changes", TaskState.STATUS_REJECTED, WorkflowState.STATUS_NEEDS_CHANGES),
        ("reject", TaskState.STATUS_REJECTED, WorkflowState.STATUS_CANCELLED),
    ],
)
def test_each_decision_inline(
    post_factory, head, client_for, action, expected_status, workflow_status
):
    post, state = post_factory("Poezijos vakaras")
    response, messages = act(client_for(head), [state.pk], action, "Gerai padaryta.")
    assert response["Location"] == reverse(QUEUE)
    state.refresh_from_db()
    assert state.status == expected_status
    assert state.finished_by == head
    assert state.workflow_state.status == workflow_status
    if action != "approve":
        assert state.comment == "Gerai padaryta."
    assert len(messages) == 1


def test_bulk_with_one_comment_and_four_eyes(
    page_factory, post_factory, head, specialist, client_for
):
    """The head's own item in the selection is refused; the others are approved."""
    _p1, first = post_factory("Pirmas")
    _p2, second = page_factory("Antras")
    own, own_state = page_factory("Vadovės puslapis", author=head)
    response, messages = act(
        client_for(head),
        [first.pk, second.pk, own_state.pk],
        "approve_comment",
        "Puiku, skelbiame.",
    )

    for state in (first, second):
        state.refresh_from_db()
        assert state.status == TaskState.STATUS_APPROVED
        assert state.comment == "Puiku, skelbiame."
    assert status(own_state) == TaskState.STATUS_IN_PROGRESS
    own.refresh_from_db()
    assert not own.live
    with translation.override("lt"):
        refusal = translation.gettext("Nobody may approve their own submission.")
    assert any("Vadovės puslapis" in m and refusal in m for m in messages), messages
    assert any("„Pirmas“" in m and "„Antras“" in m for m in messages), messages


def test_deputy_acts_only_inside_the_absence(page_factory, head, deputy, client_for):
    page, state = page_factory("Atostogų metu")
    today = timezone.localdate()
    client = client_for(deputy)
    # Before the absence: not in the deputy's queue, and a forged POST is refused.
    absence = AbsenceFactory(
        person=head,
        deputy=deputy,
        starts_on=today + datetime.timedelta(1),
        ends_on=today + datetime.timedelta(5),
    )
    assert queue_ids(client) == []
    act(client, [state.pk])
    assert status(state) == TaskState.STATUS_IN_PROGRESS

    absence.starts_on = today
    absence.save()
    html = client.get(reverse(QUEUE)).content.decode()
    assert queue_ids(client) == [state.pk]
    assert "Rūta Kazlauskaitė" in html  # acting for the head
    # The absent head does not decide meanwhile.
    act(client_for(head), [state.pk])
    assert status(state) == TaskState.STATUS_IN_PROGRESS

    act(client, [state.pk], "approve")
    assert status(state) == TaskState.STATUS_APPROVED
    assert PageLogEntry.objects.filter(page=page, action="sklaida.moderation.on_behalf").exists()


def test_deputy_after_the_absence_ended(page_factory, head, deputy, client_for):
    _page, state = page_factory()
    today = timezone.localdate()
    AbsenceFactory(
        person=head,
        deputy=deputy,
        starts_on=today - datetime.timedelta(5),
        ends_on=today - datetime.timedelta(1),
    )
    assert queue_ids(client_for(deputy)) == []
    _response, messages = act(client_for(deputy), [state.pk])
    assert status(state) == TaskState.STATUS_IN_PROGRESS
    assert messages and all(
        m.startswith(lt("Not done: „%(title)s“. %(reason)s")[:8]) for m in messages
    )


def test_two_moderators_deciding_at_once(page_factory, head, administration_user, client_for):
    """Two Administration members both decide on a head's own page: the second is told."""
    second_admin = UserFactory(
        username="direktoriaus-pavaduotoja",
        first_name="Daiva",
        last_name="Kairienė",
        administration=True,
    )
    page, state = page_factory("Vadovės straipsnis", author=head)
    first, second = client_for(administration_user), client_for(second_admin)
    assert queue_ids(first) == [state.pk] == queue_ids(second)

    act(first, [state.pk], "approve")
    logs = PageLogEntry.objects.count()
    _response, messages = act(second, [state.pk], "reject", "Netinka.")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED
    assert state.finished_by == administration_user
    assert state.comment == ""
    assert PageLogEntry.objects.count() == logs
    assert len(messages) == 1
    assert "Vadovės straipsnis" in messages[0]
    assert "Mindaugas Žukauskas" in messages[0]


def test_a_stale_lock_stops_the_decision(post_factory, head, second_specialist, client_for):
    post, state = post_factory("Užrakintas įrašas")
    SocialPost.objects.filter(pk=post.pk).update(
        locked=True, locked_by=second_specialist, locked_at=timezone.now()
    )
    _response, messages = act(client_for(head), [state.pk], "approve")
    assert status(state) == TaskState.STATUS_IN_PROGRESS
    assert "Eglė Jankauskienė" in messages[0]


# --- bad input -------------------------------------------------------------------------------


CHOOSE = "Choose what to do: approve, request changes or reject."
NOT_VALID = "The selection is not valid; nothing was changed."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve"}, "Select at least one item."),
        ({"action": "reject", "ids": "own"}, "Write a comment: the author needs to know why."),
        (
            {"action": "request_changes", "ids": "own", "comment": "   "},
            "Write a comment: the author needs to know why.",
        ),
        (
            {"action": "approve_comment", "ids": "own"},
            "Write a comment: the author needs to know why.",
        ),
        ({"action": "publish", "ids": "own"}, CHOOSE),
        ({"action": "approve", "ids": ["1 OR 1=1"]}, NOT_VALID),
        ({"action": "approve", "ids": ["../../"]}, NOT_VALID),
        ({"action": "approve", "ids": ["-3"]}, NOT_VALID),
        (
            {"action": "approve", "ids": [str(n) for n in range(1, 103)]},
            "Select at most %(count)d items at once.",
        ),
        (
            {"action": "approve", "ids": "own", "comment": "x" * 5001},
            "The comment is too long (at most %(count)d characters).",
        ),
    ],
)
def test_bad_requests_change_nothing(data, message, page_factory, head, client_for):
    _page, state = page_factory()
    ids = data.get("ids", [])
    if ids == "own":
        ids = [state.pk]
    response = client_for(head).post(
        reverse(ACT),
        {"task_state": ids, "action": data["action"], "comment": data.get("comment", "")},
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    expected = lt(message)
    if "%(count)d" in expected:
        expected = expected % {"count": 100 if "items" in message else 5000}
    assert messages == [expected]
    assert status(state) == TaskState.STATUS_IN_PROGRESS


def test_unknown_and_foreign_ids_are_refused_per_item(
    page_factory, head, second_head, other_department, client_for
):
    other_author = StaffProfileFactory(
        user=UserFactory(specialist=True), department=other_department
    ).user
    mine_page, mine = page_factory("Mano skyriaus")
    _foreign_page, foreign = page_factory("Kito skyriaus", author=other_author)
    _response, messages = act(client_for(head), [mine.pk, foreign.pk, 999999, mine.pk])
    assert status(mine) == TaskState.STATUS_APPROVED
    assert status(foreign) == TaskState.STATUS_IN_PROGRESS
    refused = [
        m for m in messages if "999999" in m or f"no. {foreign.pk}" in m or f"Nr. {foreign.pk}" in m
    ]
    assert len(refused) == 2, messages
    # Another department's title is not revealed by a refusal.
    assert not any("Kito skyriaus" in m for m in messages)


def test_hostile_comment_and_next_are_harmless(post_factory, head, client_for):
    post, state = post_factory("<script>alert(1)</script>")
    client = client_for(head)
    html = client.get(reverse(QUEUE)).content.decode()
    assert "<script>alert(1)</script>" not in html
    response, _messages = act(
        client, [state.pk], "request_changes", "<b>Ne</b>", next_url="https://evil.example/"
    )
    assert response["Location"] == reverse(QUEUE)
    state.refresh_from_db()
    assert state.comment == "<b>Ne</b>"
    page = client.get(reverse(QUEUE)).content.decode()
    assert "<script>alert(1)</script>" not in page


# --- query budgets ---------------------------------------------------------------------------

QUEUE_QUERY_BUDGET = 30
BADGE_QUERY_BUDGET = 7  # ours (5) and Wagtail's own group task (2; one active by default)


def _fill(page_factory, post_factory, count, authors, start=0):
    channel = ChannelFactory()
    for number in range(start, start + count):
        author = authors[number % len(authors)]
        if number % 2:
            post_factory(
                f"Įrašas {number}",
                author=author,
                channels=[channel],
                go_live_at=timezone.now() + datetime.timedelta(days=number),
            )
        else:
            page_factory(f"Puslapis {number}", author=author)


def test_queue_page_query_count_is_constant(
    page_factory,
    post_factory,
    specialist,
    second_specialist,
    head,
    client_for,
    django_assert_max_num_queries,
):
    client = client_for(head)
    authors = [specialist, second_specialist]

    def measure(rows):
        client.get(reverse(QUEUE))  # warm per-process caches (content types)
        with django_assert_max_num_queries(QUEUE_QUERY_BUDGET) as queries:
            response = client.get(reverse(QUEUE))
        assert len(re.findall(r'<tr data-task-state="', response.content.decode())) == rows
        return len(queries)

    _fill(page_factory, post_factory, 1, authors)
    with_one = measure(1)
    _fill(page_factory, post_factory, 29, authors, start=1)
    with_thirty = measure(25)  # a page of the 30
    assert with_thirty == with_one
    _fill(page_factory, post_factory, 30, authors, start=30)
    assert measure(25) == with_thirty  # and of 60


def test_menu_badge_query_count_is_constant(
    page_factory, post_factory, specialist, head, django_assert_max_num_queries
):
    def measure():
        warm = RequestFactory().get("/admin/")
        warm.user = head
        QueueMenuItem().render_component(warm)  # per-process caches (content types)
        request = RequestFactory().get("/admin/")
        request.user = head
        with django_assert_max_num_queries(BADGE_QUERY_BUDGET) as queries:
            label = QueueMenuItem().render_component(request).label
        return len(queries), label

    _fill(page_factory, post_factory, 1, [specialist])
    with_one, label = measure()
    assert label.endswith("(1)")
    _fill(page_factory, post_factory, 29, [specialist], start=1)
    with_thirty, label = measure()
    assert label.endswith("(30)")
    assert with_thirty == with_one
    _fill(page_factory, post_factory, 30, [specialist], start=30)
    with_sixty, label = measure()
    assert label.endswith("(60)")
    assert with_sixty == with_thirty


def test_the_queue_never_loads_revision_content(
    page_factory, head, client_for, django_assert_max_num_queries
):
    """What made Wagtail's panel slow: every revision's full content, per row."""
    page_factory("Vienas")
    client = client_for(head)
    client.get(reverse(QUEUE))
    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET) as queries:
        client.get(reverse(QUEUE))
    revision_selects = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "wagtailcore_revision"' in q["sql"]
        and '"wagtailcore_revision"."content"' in q["sql"].split(" FROM ")[0]
    ]
    assert revision_selects == []


def test_pages_are_found_generically(page_factory, head):
    page, state = page_factory()
    queue = service.queue_for(head)
    assert queue.ids == [state.pk]
    assert isinstance(page, Page)


def test_the_bulk_comment_is_on_each_items_history(post_factory, page_factory, head, client_for):
    """Each item of a bulk decision is logged on its own (Wagtail's history shows only
    the latest entry per log context and action)."""
    post, post_state = post_factory("Knygų mugė")
    other, other_state = post_factory("Poezijos vakaras")
    page, page_state = page_factory("Vasaros skaitymai")
    client = client_for(head)
    ids = [post_state.pk, other_state.pk, page_state.pk]
    act(client, ids, "approve_comment", "Puiku, skelbiame šiandien.")
    for url in (
        reverse("wagtailsnippets_social_socialpost:history", args=[post.pk]),
        reverse("wagtailsnippets_social_socialpost:history", args=[other.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
    ):
        assert "Puiku, skelbiame šiandien." in client.get(url).content.decode(), url


def test_the_demo_leaves_items_awaiting_the_demo_heads_review(client_for):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", force=True, stdout=io.StringIO())
    call_command("load_demo", force=True, stdout=io.StringIO())  # nothing twice
    head = get_user_model().objects.get(username="vadovas")
    queue = service.queue_for(head)
    # two pages (one scheduled), a post planned on the calendar, a proposal, a project
    # action (grants/demo_projects.py)
    assert queue.count == 5
    html = client_for(head).get(reverse(QUEUE)).content.decode()
    assert html.index("Rudens skaitymų programa") < html.index("Švenčių dienų darbo laikas")
