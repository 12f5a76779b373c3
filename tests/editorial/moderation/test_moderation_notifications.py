"""Moderation notices and e-mails: Lithuanian, to the right people, sent by the worker."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.models import TaskState

from cms.factories import AbsenceFactory
from cms.models import Notice
from tests.lithuanian import lt

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


@pytest.fixture
def draft(standard_page_factory, specialist):
    title = "Rudens skaitymai & diskusijos"
    return standard_page_factory(title=title, live=False, owner=specialist)


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    def run(page, user):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=user)
            page.get_workflow().start(page, user)
        page.refresh_from_db()
        return page.current_workflow_task_state

    return run


@pytest.fixture
def act(client_for, django_capture_on_commit_callbacks):
    """`act(user, page, action, task_state, comment)`: a moderator's click, over HTTP."""

    def run(user, page, action, task_state, comment=""):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(user).post(
                action_url(page, action, task_state), {"comment": comment}
            )
        assert response.status_code == 302, response.content[:300]
        return response

    return run


def mails_to(user, outbox=None):
    return [message for message in (outbox or mail.outbox) if message.to == [user.email]]


# --- who hears about a submission ------------------------------------------------------


def test_submission_reaches_the_submitters_department_head_only(
    draft, specialist, head, second_head, submit, mail_queue
):
    submit(draft, specialist)

    assert mail.outbox == []  # nothing is sent inside the request
    outbox = mail_queue.deliver()
    assert [message.to for message in outbox] == [[head.email]]
    message = outbox[0]
    assert message.subject == lt("For your approval: “%(title)s”") % {
        "title": "Rudens skaitymai & diskusijos"
    }
    assert "&amp;" not in message.body and "Rudens skaitymai & diskusijos" in message.body
    assert "Jonas Petrauskas" in message.body
    assert Notice.objects.filter(user=head).count() == 1
    assert not Notice.objects.filter(user=second_head).exists()


@pytest.fixture
def heads_deputy(department):
    """A member of the heads' group in the head's department who heads nothing: a
    head's deputy must be able to moderate (docs/permissions.md)."""
    from cms.factories import StaffProfileFactory, UserFactory

    user = UserFactory(
        username="pavaduotoja", first_name="Aistė", last_name="Vasiliauskaitė", head=True
    )
    return StaffProfileFactory(user=user, department=department, position="Pavaduotoja").user


def test_during_the_heads_absence_the_deputy_is_asked_not_the_head(
    draft, specialist, head, heads_deputy, submit, mail_queue
):
    AbsenceFactory(person=head, deputy=heads_deputy)
    submit(draft, specialist)
    outbox = mail_queue.deliver()
    assert [message.to for message in outbox] == [[heads_deputy.email]]
    assert "Rūta Kazlauskaitė" in outbox[0].body  # whom the deputy stands in for
    assert not Notice.objects.filter(user=head).exists()


def test_wagtails_own_workflow_mails_are_not_sent(draft, specialist, head, submit, mail_queue):
    submit(draft, specialist)
    outbox = mail_queue.deliver()
    assert len(outbox) == 1
    assert all("has been" not in message.body for message in outbox)


# --- links -------------------------------------------------------------------------------


def test_links_use_the_base_url_and_open_the_edit_and_preview_pages(
    draft, specialist, head, submit, mail_queue, client_for, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://sklaida.example.lt"
    task_state = submit(draft, specialist)
    body = mail_queue.deliver()[0].body
    links = [word for word in body.split() if word.startswith("http")]
    assert links, body
    paths = []
    for link in links:
        parts = urlsplit(link)
        assert f"{parts.scheme}://{parts.netloc}" == "https://sklaida.example.lt", link
        assert parts.path not in ("", "/"), link
        paths.append(parts.path)
    preview = reverse("wagtailadmin_pages:workflow_preview", args=[draft.pk, task_state.task_id])
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert preview in paths and edit in paths
    reviewer = client_for(head)
    for path in (preview, edit):
        assert reviewer.get(path).status_code == 200, path
    assert resolve(preview).url_name == "workflow_preview"


# --- decisions reach the author ----------------------------------------------------------


def test_request_changes_is_called_that_and_carries_the_comment(
    draft, specialist, head, submit, act, mail_queue
):
    task_state = submit(draft, specialist)
    mail_queue.deliver()
    mail.outbox.clear()

    act(head, draft, "reject", task_state, "Patikslinkite renginio datą.")

    outbox = mail_queue.deliver()
    assert [message.to for message in outbox] == [[specialist.email]]
    message = outbox[0]
    expected = lt("Changes requested: “%(title)s”") % {"title": "Rudens skaitymai & diskusijos"}
    assert message.subject == expected == "Paprašyta pakeitimų: „Rudens skaitymai & diskusijos“"
    assert "reject" not in (message.subject + message.body).lower()
    assert "Patikslinkite renginio datą." in message.body
    assert "Rūta Kazlauskaitė" in message.body
    notice = Notice.objects.get(user=specialist)
    assert "Patikslinkite renginio datą." in notice.message


def test_a_resubmission_asks_for_review_again_the_deputy_while_the_head_is_away(
    draft,
    specialist,
    head,
    heads_deputy,
    submit,
    act,
    mail_queue,
    django_capture_on_commit_callbacks,
):
    task_state = submit(draft, specialist)
    act(head, draft, "reject", task_state, "Patikslinkite renginio datą.")
    mail_queue.deliver()
    mail.outbox.clear()
    AbsenceFactory(person=head, deputy=heads_deputy)

    # Wagtail resumes the workflow outside a transaction of its own and announces the
    # task before recording it as current: the reviewers are still found.
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=specialist)
        draft.current_workflow_state.resume(specialist)

    assert [message.to for message in mail_queue.deliver()] == [[heads_deputy.email]]
    assert Notice.objects.filter(user=heads_deputy).count() == 1
    assert Notice.objects.filter(user=head).count() == 1  # the first submission only


def test_decline_is_told_once_as_a_decline(draft, specialist, head, submit, act, mail_queue):
    task_state = submit(draft, specialist)
    mail_queue.deliver()
    mail.outbox.clear()

    act(head, draft, "decline", task_state, "Tema netinka bibliotekai.")

    outbox = mail_queue.deliver()
    assert len(outbox) == 1
    assert outbox[0].to == [specialist.email]
    assert "Tema netinka bibliotekai." in outbox[0].body
    notices = list(Notice.objects.filter(user=specialist))
    assert len(notices) == 1
    assert notices[0].event_key.startswith("moderation:declined:")


def test_approval_reaches_the_author_and_their_deputy_while_absent(
    draft, specialist, second_specialist, head, submit, act, mail_queue
):
    task_state = submit(draft, specialist)
    mail_queue.deliver()
    mail.outbox.clear()
    today = timezone.localdate()
    AbsenceFactory(person=specialist, deputy=second_specialist, starts_on=today, ends_on=today)

    act(head, draft, "approve", task_state)

    outbox = mail_queue.deliver()
    assert sorted(message.to[0] for message in outbox) == sorted(
        [specialist.email, second_specialist.email]
    )
    assert Notice.objects.filter(user=specialist, event_key__startswith="moderation:approved:")
    # The deputy's copy (cms.notifications) says whom it is for; the author's does not.
    (copy,) = mails_to(second_specialist, outbox)
    assert copy.subject.startswith("[Pavaduojate: Jonas Petrauskas] ")
    assert "Jūs pavaduojate: Jonas Petrauskas." in copy.body
    assert "Rudens skaitymai & diskusijos" in copy.body
    (own,) = mails_to(specialist, outbox)
    assert "pavaduojate" not in (own.subject + own.body).lower()
    deputy_notice = Notice.objects.get(user=second_specialist)
    assert deputy_notice.on_behalf_of == "Jonas Petrauskas"
    assert deputy_notice.event == "moderation.approved"


def test_the_authors_deputy_follows_their_own_preference(
    draft, specialist, second_specialist, head, submit, act, mail_queue
):
    from cms.models import EmailMode, NotificationPreference

    task_state = submit(draft, specialist)
    mail_queue.deliver()
    mail.outbox.clear()
    AbsenceFactory(person=specialist, deputy=second_specialist)
    NotificationPreference.objects.create(
        user=second_specialist, event="moderation.approved", mode=EmailMode.OFF
    )

    act(head, draft, "approve", task_state)

    assert [message.to for message in mail_queue.deliver()] == [[specialist.email]]
    assert Notice.objects.get(user=second_specialist).email_mode == EmailMode.OFF


def test_each_outcome_is_told_as_its_kind(
    standard_page_factory, specialist, head, submit, act, mail_queue
):
    outcomes = {
        "approve": "moderation.approved",
        "reject": "moderation.changes_requested",
        "decline": "moderation.rejected",
    }
    for action, kind in outcomes.items():
        page = standard_page_factory(title=f"Puslapis {action}", live=False, owner=specialist)
        task_state = submit(page, specialist)
        act(head, page, action, task_state, "Komentaras")
        assert Notice.objects.get(user=specialist, subject__contains=page.title).event == kind
    assert set(Notice.objects.filter(user=head).values_list("event", flat=True)) == {
        "moderation.submitted"
    }


def test_an_absence_that_ended_does_not_copy_the_deputy(
    draft, specialist, second_specialist, head, submit, act, mail_queue
):
    task_state = submit(draft, specialist)
    mail_queue.deliver()
    mail.outbox.clear()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AbsenceFactory(
        person=specialist, deputy=second_specialist, starts_on=yesterday, ends_on=yesterday
    )
    act(head, draft, "approve", task_state)
    assert [message.to for message in mail_queue.deliver()] == [[specialist.email]]


def test_a_rolled_back_action_tells_nobody(draft, specialist, head, submit, mail_queue):
    from django.db import transaction

    task_state = submit(draft, specialist)
    mail_queue.deliver()
    mail.outbox.clear()
    Notice.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        task_state.specific.task.specific.on_action(task_state, head, "approve")
        raise RuntimeError("the request failed after the decision")
    assert mail_queue == []
    assert not Notice.objects.exists()
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_approving_never_sends_mail_inside_the_request(
    draft, specialist, head, submit, act, mail_queue, monkeypatch
):
    task_state = submit(draft, specialist)
    mail_queue.clear()

    attempts = []

    def mail_server_down(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", mail_server_down)
    monkeypatch.setattr("django.core.mail.send_mail", mail_server_down)

    act(head, draft, "approve", task_state)

    draft.refresh_from_db()
    assert draft.live
    assert attempts == []  # not even tried (Wagtail's own notifier would, and log)
    assert len(mail_queue) == 1  # handed to the worker instead
    assert Notice.objects.filter(user=specialist).exists()


def test_a_social_posts_links_open_its_preview_and_editor(
    specialist, head, mail_queue, client_for, django_capture_on_commit_callbacks
):
    from editorial.social.factories import ChannelFactory, SocialPostFactory

    post = SocialPostFactory(
        title="Poezijos vakaras", channels=[ChannelFactory()], author=specialist
    )
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision(user=specialist)
        state = post.get_workflow().start(post, specialist)
    body = mail_queue.deliver()[0].body
    paths = [urlsplit(word).path for word in body.split() if word.startswith("http")]
    preview = reverse(
        "wagtailsnippets_social_socialpost:workflow_preview",
        args=[post.pk, state.current_task_state.task_id],
    )
    edit = reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk])
    assert preview in paths and edit in paths
    reviewer = client_for(head)
    for path in (preview, edit):
        assert reviewer.get(path).status_code == 200, path


def test_a_moderator_cancelling_tells_the_author_and_a_withdrawal_tells_nobody(
    standard_page_factory,
    specialist,
    head,
    submit,
    mail_queue,
    django_capture_on_commit_callbacks,
):
    cancelled = standard_page_factory(title="Atšaukta", live=False, owner=specialist)
    withdrawn = standard_page_factory(title="Atsiimta", live=False, owner=specialist)
    submit(cancelled, specialist)
    submit(withdrawn, specialist)
    mail_queue.deliver()
    mail.outbox.clear()
    Notice.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled.current_workflow_state.cancel(user=head)
        withdrawn.current_workflow_state.cancel(user=specialist)

    outbox = mail_queue.deliver()
    assert [message.to for message in outbox] == [[specialist.email]]
    assert "Atšaukta" in outbox[0].subject
    assert not Notice.objects.filter(user=head).exists()
    assert not Notice.objects.filter(subject__contains="Atsiimta").exists()


def test_work_published_at_its_scheduled_time_is_told_to_the_author_once(
    draft, specialist, head, submit, act, mail_queue, django_capture_on_commit_callbacks
):
    import time_machine
    from django.core.management import call_command

    go_live = timezone.now() + datetime.timedelta(hours=1)
    draft.go_live_at = go_live
    task_state = submit(draft, specialist)
    act(head, draft, "approve", task_state)
    draft.refresh_from_db()
    assert not draft.live  # approved, scheduled
    mail_queue.deliver()
    mail.outbox.clear()
    assert not Notice.objects.filter(event="moderation.published").exists()

    with time_machine.travel(go_live + datetime.timedelta(minutes=5)):
        for _tick in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("publish_scheduled")

    draft.refresh_from_db()
    assert draft.live
    outbox = mail_queue.deliver()
    assert [message.to for message in outbox] == [[specialist.email]]
    assert outbox[0].subject == "Paskelbta: „Rudens skaitymai & diskusijos“"
    assert "Paskelbta suplanuotu laiku" in outbox[0].body
    assert Notice.objects.filter(event="moderation.published").count() == 1
