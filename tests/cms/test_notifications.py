"""Notifications: an in-admin notice at once, the e-mail later through the Celery worker."""

import logging
import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from cms.factories import UserFactory
from cms.models import Notice
from cms.notifications import notify
from cms.tasks import EMAIL_RETRY_COUNTDOWNS, send_notice_email

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def queued(monkeypatch):
    """The e-mail tasks handed to the broker: [(args, options)]."""
    calls = []
    monkeypatch.setattr(
        send_notice_email,
        "apply_async",
        lambda args, **options: calls.append((args, options)),
    )
    return calls


def run_queued(queued):
    """Run the queued tasks here, as the worker would (called directly: no retries)."""
    for args, _options in queued:
        send_notice_email(*args)
    queued.clear()


def test_notify_records_notices_at_once_and_mails_each_person_later(
    specialist, second_specialist, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        count = notify(
            [specialist, second_specialist, None], "Kanalo prieiga nebegalioja", "Prisijunkite"
        )
        assert queued == []  # nothing leaves before the transaction commits
    assert count == 2
    assert Notice.objects.filter(user=specialist, subject="Kanalo prieiga nebegalioja").exists()
    assert mail.outbox == []  # the caller's request sends nothing
    assert len(queued) == 2

    run_queued(queued)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [specialist.email, second_specialist.email]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others
    assert mail.outbox[0].subject == "Kanalo prieiga nebegalioja"


def test_the_mail_link_is_absolute_on_the_configured_base_url(
    specialist, queued, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://sklaida.example.lt/"
    with django_capture_on_commit_callbacks(execute=True):
        notify([specialist], "Įrašas laukia", "Patikrinkite", url="/admin/pages/4/edit/")
    run_queued(queued)
    assert "https://sklaida.example.lt/admin/pages/4/edit/" in mail.outbox[0].body


def test_inactive_people_get_nothing(specialist, queued, django_capture_on_commit_callbacks):
    gone = UserFactory(specialist=True, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([gone], "Įrašas laukia", "") == 0
    assert not Notice.objects.filter(user=gone).exists()
    assert queued == []


def test_a_person_who_left_before_the_worker_ran_is_not_mailed(
    specialist, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([specialist], "Įrašas laukia", "")
    specialist.is_active = False
    specialist.save(update_fields=["is_active"])
    run_queued(queued)
    assert mail.outbox == []


def test_one_notice_and_one_mail_per_event(
    specialist, head, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([specialist], "Patvirtinta", "", event_key="moderation:approved:7") == 1
        assert notify([specialist, head], "Patvirtinta", "", event_key="moderation:approved:7") == 1
        assert notify([specialist], "Patvirtinta", "", event_key="moderation:approved:8") == 1
    assert Notice.objects.filter(user=specialist).count() == 2
    assert Notice.objects.filter(user=head).count() == 1
    assert len(queued) == 3


def test_broker_down_leaves_the_notice_and_a_log_line(
    specialist, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_notice_email, "apply_async", refuse)
    with (
        caplog.at_level(logging.ERROR, logger="cms.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert notify([specialist], "Įrašas laukia", "") == 1
    assert Notice.objects.filter(user=specialist).exists()
    assert "not queued" in caplog.text


def test_enqueue_tries_once_so_a_down_broker_answers_fast(
    specialist, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([specialist], "Įrašas laukia", "")
    assert queued[0][1]["retry"] is False


class FailingBackend:
    """An SMTP server that hangs up on every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_smtp_error_is_retried_later(specialist, queued, settings, monkeypatch):
    notice = Notice.objects.create(user=specialist, subject="Įrašas laukia")
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    retried = []
    monkeypatch.setattr(
        send_notice_email, "apply_async", lambda *args, **options: retried.append(options)
    )
    send_notice_email.push_request(retries=0, called_directly=False)
    try:
        with pytest.raises(Retry):
            send_notice_email(notice.pk)
    finally:
        send_notice_email.pop_request()
    assert retried and retried[0]["countdown"] == EMAIL_RETRY_COUNTDOWNS[0]


def test_smtp_failure_after_the_last_retry_leaves_the_notice_and_a_log_line(
    specialist, settings, caplog
):
    notice = Notice.objects.create(user=specialist, subject="Įrašas laukia")
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    send_notice_email.push_request(retries=len(EMAIL_RETRY_COUNTDOWNS), called_directly=False)
    try:
        with caplog.at_level(logging.ERROR, logger="cms.tasks"):
            assert send_notice_email(notice.pk) is False
    finally:
        send_notice_email.pop_request()
    assert f"notice {notice.pk} not sent" in caplog.text
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_dashboard_shows_own_unread_notices_escaped(specialist, head, client_for):
    notify([specialist], "<script>alert(1)</script> Įrašas laukia", "Patikrinkite")
    notify([head], "Vadovės pranešimas", "")
    html = client_for(specialist).get(reverse("wagtailadmin_home")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Įrašas laukia" in html
    assert "<script>alert(1)" not in html
    assert "Vadovės pranešimas" not in html


def test_a_notice_is_marked_read_only_by_its_recipient(specialist, head, client_for):
    notify([specialist], "Įrašas laukia", "")
    notice = Notice.objects.get(user=specialist)
    url = reverse("cms_notice_read", args=[notice.pk])
    assert client_for(head).post(url).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert client_for(specialist).post(url).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    html = client_for(specialist).get(reverse("wagtailadmin_home")).content.decode()
    assert "Įrašas laukia" not in html


def dev_base_url(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WAGTAILADMIN_BASE_URL", "RUN_ADDRESS", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **env)
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "http://127.0.0.1:8000"),
        ({"RUN_ADDRESS": "127.0.0.1:8765"}, "http://127.0.0.1:8765"),
        ({"RUN_ADDRESS": "0.0.0.0:8001"}, "http://localhost:8001"),
        ({"RUN_ADDRESS": "8002"}, "http://127.0.0.1:8002"),
        (
            {"RUN_ADDRESS": "127.0.0.1:8765", "WAGTAILADMIN_BASE_URL": "https://sklaida.lt"},
            "https://sklaida.lt",
        ),
    ],
)
def test_development_links_follow_the_address_served(env, expected):
    assert dev_base_url(**env) == expected
