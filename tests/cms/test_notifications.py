"""Notifications: e-mail plus an in-admin notice, read and dismissed on the dashboard."""

import pytest
from django.core import mail
from django.urls import reverse

from cms.models import Notice
from cms.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_records_a_notice_and_sends_one_mail(specialist, second_specialist):
    count = notify(
        [specialist, second_specialist, None], "Kanalo prieiga nebegalioja", "Prisijunkite"
    )
    assert count == 2
    assert Notice.objects.filter(user=specialist, subject="Kanalo prieiga nebegalioja").exists()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([specialist.email, second_specialist.email])


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
