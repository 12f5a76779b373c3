"""Moderation e-mails leave through a real Celery worker, never from the request."""

import email
import email.policy
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from tests.worker import running_worker, wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def read_mails(directory):
    messages = []
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                )
    return messages


def test_approval_mail_is_sent_by_the_worker(
    tmp_path, standard_page_factory, specialist, head, client_for
):
    page = standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    with running_worker(
        settings_module="tests.editorial.moderation.mail_worker_settings",
        env={"SKLAIDA_TEST_MAIL_DIR": mail_dir},
    ):
        page.save_revision(user=specialist)
        task_state = page.get_workflow().start(page, specialist).current_task_state
        wait_until(lambda: len(read_mails(mail_dir)) >= 1, message="the head's e-mail")
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
        )
        response = client_for(head).post(url, {"comment": "Puiku."})
        assert response.status_code == 302
        assert mail.outbox == []  # the request sent nothing itself
        messages = wait_until(
            lambda: (found := read_mails(mail_dir)) and len(found) >= 2 and found,
            message="the author's e-mail",
        )

    by_recipient = {message["To"]: message for message in messages}
    assert set(by_recipient) == {head.email, specialist.email}
    body = by_recipient[specialist.email].get_content()
    assert "Rudens skaitymai" in body and "Puiku." in body
    assert f"/admin/pages/{page.pk}/edit/" in body
