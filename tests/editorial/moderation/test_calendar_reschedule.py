"""Moving posts on the editorial calendar: who may, the rules, and that a refusal changes
nothing (docs/decisions/editorial-calendar.md)."""

import dataclasses

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from cms import roles
from cms.models import Notice
from editorial.social.models import SocialPost
from editorial.social.networks import RULES
from tests.editorial.moderation.calendar_helpers import (
    at,
    channel,
    draft,
    published,
    scheduled,
    submitted,
)

pytestmark = pytest.mark.django_db
MOVE = "moderation_calendar_move"


def snapshot(post):
    post = SocialPost.objects.get(pk=post.pk)
    return {
        "go_live_at": post.go_live_at,
        "live": post.live,
        "revisions": list(
            Revision.objects.filter(object_id=str(post.pk)).values_list(
                "pk", "approved_go_live_at", "content"
            )
        ),
        "workflow": list(
            WorkflowState.objects.filter(object_id=str(post.pk)).values_list("pk", "status")
        ),
    }


def move(client, post, when, channel_=None, **extra):
    key = f"post:{post.pk}" + (f":channel:{channel_.pk}" if channel_ else "")
    data = {
        "kind": "social_post",
        "key": key,
        "date": when.date().isoformat(),
        "time": when.strftime("%H:%M"),
        "next": reverse("moderation_calendar"),
    }
    data.update(extra)
    return client.post(reverse(MOVE), data)


def levels(response):
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def local(moment):
    from django.utils import timezone

    return timezone.localtime(moment)


@pytest.mark.parametrize(
    "role,allowed",
    [
        ("anonymous", False),
        (roles.SPECIALISTS, True),  # the author
        (roles.HEADS, True),
        (roles.ADMINISTRATION, False),  # reads posts, changes none
        (roles.OTHER_DEPARTMENTS, False),
        ("superuser", True),
    ],
)
def test_who_may_move_a_draft(role, allowed, role_users, client_for, specialist):
    ch = channel()
    post = draft(specialist, [ch], at(3))
    before = snapshot(post)
    response = move(client_for(role_users[role]), post, at(5, 14, 30), ch)
    assert response.status_code == 302
    after = snapshot(post)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    if allowed:
        assert local(after["go_live_at"]) == at(5, 14, 30)
        latest = SocialPost.objects.get(pk=post.pk).get_latest_revision_as_object()
        assert local(latest.go_live_at) == at(5, 14, 30)  # the editor opens the new time
    else:
        assert after == before
        if role != "anonymous":
            assert "error" in levels(response)


def test_get_is_not_a_move(client_for, specialist):
    post = draft(specialist, [channel()], at(3))
    before = snapshot(post)
    assert client_for(specialist).get(reverse(MOVE)).status_code == 405
    assert snapshot(post) == before


def test_a_forged_post_without_the_csrf_token_is_refused(specialist):
    post = draft(specialist, [channel()], at(3))
    before = snapshot(post)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(specialist)
    assert move(browser, post, at(5)).status_code == 403
    assert snapshot(post) == before


def test_never_into_the_past(client_for, specialist):
    post = draft(specialist, [channel()], at(3))
    before = snapshot(post)
    response = move(client_for(specialist), post, at(-1))
    assert "error" in levels(response)
    assert snapshot(post) == before


def test_a_published_post_stays_where_it_went_out(
    client_for, specialist, head, django_capture_on_commit_callbacks
):
    ch = channel()
    with django_capture_on_commit_callbacks(execute=False):
        post = published(specialist, head, [ch])
    before = snapshot(post)
    response = move(client_for(head), post, at(4), ch)
    assert "error" in levels(response)
    assert snapshot(post) == before


@pytest.mark.parametrize(
    "data",
    [
        {"key": "<script>alert(1)</script>"},
        {"key": "post:../../etc"},
        {"key": "post:999999"},
        {"key": ""},
        {"key": "x" * 5000},
        {"kind": "nonexistent"},
        {"date": "2026-02-30"},
        {"date": ""},
        {"time": "25:99"},
        {"time": ""},  # a post needs a time
    ],
)
def test_bad_input_is_refused_with_a_message(data, client_for, specialist):
    post = draft(specialist, [channel()], at(3))
    before = snapshot(post)
    response = move(client_for(specialist), post, at(5), **data)
    assert response.status_code == 302
    assert "error" in levels(response)
    assert snapshot(post) == before


def test_an_unsafe_return_address_is_not_followed(client_for, specialist):
    post = draft(specialist, [channel()], at(3))
    response = move(client_for(specialist), post, at(5), next="https://evil.example/")
    assert response["Location"] == reverse("moderation_calendar")


def test_a_channels_daily_limit_is_respected(client_for, specialist, monkeypatch):
    monkeypatch.setitem(
        RULES, "mastodon", dataclasses.replace(RULES["mastodon"], max_posts_per_24h=2)
    )
    ch = channel()
    draft(specialist, [ch], at(5, 9))
    draft(specialist, [ch], at(5, 20))
    post = draft(specialist, [ch], at(8))
    before = snapshot(post)
    response = move(client_for(specialist), post, at(5, 12), ch)
    assert "error" in levels(response)
    assert snapshot(post) == before
    # a day later the window has room again
    response = move(client_for(specialist), post, at(6, 21), ch)
    assert "success" in levels(response)
    assert local(SocialPost.objects.get(pk=post.pk).go_live_at) == at(6, 21)


def test_the_author_cannot_move_a_post_under_review(client_for, specialist):
    post = submitted(specialist, [channel()], at(3))
    before = snapshot(post)
    response = move(client_for(specialist), post, at(5))
    assert "error" in levels(response)
    assert snapshot(post) == before


def test_the_moderator_moves_a_post_under_review_and_may_still_approve_it(
    client_for, specialist, head
):
    post = submitted(specialist, [channel()], at(3))
    revisions = Revision.objects.filter(object_id=str(post.pk)).count()
    response = move(client_for(head), post, at(6, 11))
    assert "success" in levels(response)
    post = SocialPost.objects.get(pk=post.pk)
    assert local(post.go_live_at) == at(6, 11)
    assert Revision.objects.filter(object_id=str(post.pk)).count() == revisions
    task_state = post.current_workflow_state.current_task_state
    assert task_state.task.specific.get_actions(post, head)  # four eyes still satisfied
    task_state.task.specific.on_action(task_state, head, "approve")
    post.refresh_from_db()
    approved = post.revisions.get(approved_go_live_at__isnull=False)
    assert local(approved.approved_go_live_at) == at(6, 11)


def test_the_head_who_could_approve_keeps_the_approval(
    client_for, specialist, head, django_capture_on_commit_callbacks
):
    post = scheduled(specialist, head, [channel()], at(3))
    with django_capture_on_commit_callbacks(execute=True):
        response = move(client_for(head), post, at(7, 8, 15))
    assert "success" in levels(response)
    post = SocialPost.objects.get(pk=post.pk)
    approved = post.revisions.get(approved_go_live_at__isnull=False)
    assert local(approved.approved_go_live_at) == at(7, 8, 15)
    assert local(approved.as_object().go_live_at) == at(7, 8, 15)
    assert not post.workflow_in_progress
    assert local(post.go_live_at) == at(7, 8, 15)


def test_anyone_elses_move_sends_an_approved_post_back_to_moderation(
    client_for, specialist, head, django_capture_on_commit_callbacks
):
    post = scheduled(specialist, head, [channel()], at(3))
    Notice.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = move(client_for(specialist), post, at(9, 16))
    assert "success" in levels(response)
    post = SocialPost.objects.get(pk=post.pk)
    assert not post.revisions.filter(approved_go_live_at__isnull=False).exists()  # unscheduled
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert local(post.get_latest_revision_as_object().go_live_at) == at(9, 16)
    assert Notice.objects.filter(user=head).exists()  # the usual "submitted" notice


def test_a_head_of_another_department_does_not_keep_the_approval(
    client_for, specialist, head, second_head
):
    post = scheduled(specialist, head, [channel()], at(3))
    response = move(client_for(second_head), post, at(9, 16))
    assert "success" in levels(response)
    post = SocialPost.objects.get(pk=post.pk)
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not post.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_a_post_locked_by_someone_else_is_not_moved(client_for, specialist, head):
    post = draft(specialist, [channel()], at(3))
    SocialPost.objects.filter(pk=post.pk).update(locked=True, locked_by=specialist)
    before = snapshot(post)
    response = move(client_for(head), post, at(5))
    assert "error" in levels(response)
    assert snapshot(post) == before


def test_a_move_is_in_the_history(client_for, specialist):
    from wagtail.models import ModelLogEntry

    post = draft(specialist, [channel()], at(3))
    move(client_for(specialist), post, at(5, 10))
    entry = ModelLogEntry.objects.get(action="sklaida.calendar.moved", object_id=str(post.pk))
    assert entry.user == specialist
    assert "→" not in entry.message  # a readable sentence, dates in local time
    assert str(at(5, 10).year) in entry.message


def test_the_deputy_of_an_absent_head_keeps_the_approval_and_the_head_no_longer_does(
    client_for, specialist, head, department
):
    from cms.factories import AbsenceFactory, StaffProfileFactory, UserFactory

    post = scheduled(specialist, head, [channel()], at(3))
    deputy = StaffProfileFactory(
        user=UserFactory(username="pavaduotoja", head=True), department=department
    ).user
    AbsenceFactory(person=head, deputy=deputy)

    response = move(client_for(deputy), post, at(8, 13))
    assert "success" in levels(response)
    post = SocialPost.objects.get(pk=post.pk)
    assert local(post.revisions.get(approved_go_live_at__isnull=False).approved_go_live_at) == (
        at(8, 13)
    )
    assert not post.workflow_in_progress

    # The absent head is not the one who may approve today: their move resubmits it.
    response = move(client_for(head), post, at(9, 13))
    assert "success" in levels(response)
    post = SocialPost.objects.get(pk=post.pk)
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
