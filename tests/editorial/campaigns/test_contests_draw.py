"""The draw: frozen entries, recorded seed and algorithm, reproduced from the record by
an independent implementation and by the management command; refusals; the winners'
e-mails; retention with frozen time; the export read back."""

import hashlib
import io
import json
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from cms.models import Notice
from editorial.campaigns import contests_draw
from editorial.campaigns.contests_services import (
    Refused,
    erase_expired,
    export_entries,
    notify_winners,
    run_draw,
)
from editorial.campaigns.models import PromotionDraw, PromotionEntry
from tests.editorial.campaigns.contests_helpers import add_entries, make_promotion

pytestmark = pytest.mark.django_db


def closed_promotion(home_page, owner, **fields):
    now = timezone.now()
    return make_promotion(
        home_page, owner=owner, opens=now - timedelta(days=10), closes=now - timedelta(hours=1),
        **fields,
    )  # fmt: skip


def independent_draw(seed, ids, winners, reserves):
    """The documented algorithm written again from docs/decisions/contests.md."""
    ordered = sorted(ids)
    digest = hashlib.sha256(",".join(map(str, ordered)).encode()).hexdigest()
    ranked = sorted(ordered, key=lambda i: (hashlib.sha256(f"{seed}:{i}".encode()).hexdigest(), i))
    return digest, ranked[:winners], ranked[winners : winners + reserves]


def test_the_draw_is_recorded_and_reproduced_from_its_record(home_page, specialist, head):
    page = closed_promotion(home_page, specialist, winners_count=2, reserves_count=2)
    entries = add_entries(page, 12)
    # An entry made after closing (e.g. imported by mistake) is not eligible.
    late = PromotionEntry.objects.create(
        promotion=page,
        name="Vėlus",
        email="velus@example.lt",
        email_key="velus@example.lt",
        answer="x",
        consent_rules=True,
        consent_processing=True,
        created_at=page.closes_at + timedelta(minutes=5),
    )
    record = run_draw(head, page)
    assert record.entry_ids == sorted(entry.pk for entry in entries)
    assert late.pk not in record.entry_ids
    assert len(record.seed) == 64 and int(record.seed, 16) >= 0
    assert (record.algorithm, record.algorithm_version) == ("sha256-rank", 1)
    digest, winners, reserves = independent_draw(record.seed, record.entry_ids, 2, 2)
    assert record.entries_hash == digest
    assert (record.winner_ids, record.reserve_ids) == (winners, reserves)
    assert contests_draw.reproduce(record).ok
    assert not set(record.winner_ids) & set(record.reserve_ids)
    assert record.run_by == head and record.run_by_name
    # The page's history says so too.
    from wagtail.models import PageLogEntry

    logged = PageLogEntry.objects.get(page=page, action="campaigns.contest_draw")
    assert logged.user == head and logged.data["hash"] == record.entries_hash
    assert record.entries_hash in str(logged.message)


def test_the_command_reproduces_a_record_and_catches_a_forged_one(
    home_page, specialist, head, tmp_path
):
    page = closed_promotion(home_page, specialist)
    add_entries(page, 5)
    record = run_draw(head, page)
    out = io.StringIO()
    call_command("verify_contest_draw", draw=record.pk, stdout=out)
    assert "reproduces" in out.getvalue()
    forged = {
        name: getattr(record, name)
        for name in (
            "algorithm", "algorithm_version", "seed", "entry_ids", "entries_hash",
            "winners_count", "reserves_count", "winner_ids", "reserve_ids",
        )
    }  # fmt: skip
    others = [pk for pk in forged["entry_ids"] if pk not in forged["winner_ids"]]
    forged["winner_ids"] = [others[0]]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(forged))
    with pytest.raises(CommandError, match="winners differ"):
        call_command("verify_contest_draw", file=str(path), stdout=io.StringIO())
    forged = {**forged, "winner_ids": record.winner_ids, "entry_ids": forged["entry_ids"][:-1]}
    path.write_text(json.dumps(forged))
    with pytest.raises(CommandError, match="hash"):
        call_command("verify_contest_draw", file=str(path), stdout=io.StringIO())


def test_the_same_seed_and_list_always_give_the_same_outcome():
    seed = "ab" * 32
    first = contests_draw.draw(seed, [5, 3, 9, 1, 7], 2, 2)
    assert first == contests_draw.draw(seed, [9, 7, 5, 3, 1], 2, 2)
    # The seed decides: over a few seeds the winners are not always the same entries.
    outcomes = {
        tuple(contests_draw.draw(f"{n:064x}", range(1, 50), 2, 0).winners) for n in range(8)
    }
    assert len(outcomes) > 1
    # Fewer entries than places: everyone wins or is a reserve, nobody twice.
    few = contests_draw.draw(seed, [4, 2], 3, 2)
    assert sorted(few.winners) == [2, 4] and few.reserves == []


def test_a_draw_with_no_eligible_entries_is_refused_and_saves_nothing(home_page, specialist, head):
    page = closed_promotion(home_page, specialist)
    with pytest.raises(Refused, match="(?i)no eligible entries|nėra"):
        run_draw(head, page)
    assert not PromotionDraw.objects.exists()


def test_a_draw_before_closing_and_a_second_draw_are_refused(home_page, specialist, head):
    page = make_promotion(home_page, owner=specialist)
    add_entries(page, 3)
    with pytest.raises(Refused):
        run_draw(head, page)
    assert not PromotionDraw.objects.exists()
    page = closed_promotion(home_page, specialist)
    add_entries(page, 3)
    first = run_draw(head, page)
    with pytest.raises(Refused):
        run_draw(head, page)
    assert list(PromotionDraw.objects.values_list("pk", flat=True)) == [first.pk]


def test_winners_are_emailed_in_lithuanian_once_and_the_head_is_told(home_page, specialist, head):
    page = closed_promotion(home_page, specialist, winners_count=2)
    add_entries(page, 4)
    record = run_draw(head, page)
    mail.outbox.clear()
    assert notify_winners(record.pk) == 2
    assert notify_winners(record.pk) == 0  # told once
    assert len(mail.outbox) == 2
    winners = PromotionEntry.objects.filter(pk__in=record.winner_ids)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(w.email for w in winners)
    assert mail.outbox[0].subject.startswith("Laimėjote")
    assert "Sveiki" in mail.outbox[0].body
    assert all(w.notified_at for w in winners)
    assert Notice.objects.filter(user=head, subject__contains=page.title).count() == 1


def test_a_winner_e_mail_that_fails_is_told_to_the_head_and_left_to_send_again(
    home_page, specialist, head, monkeypatch
):
    from django.core.mail import EmailMessage

    page = closed_promotion(home_page, specialist, winners_count=1)
    add_entries(page, 2)
    record = run_draw(head, page)
    mail.outbox.clear()

    def refuse(message, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    assert notify_winners(record.pk) == 0
    winner = PromotionEntry.objects.get(pk=record.winner_ids[0])
    assert winner.notified_at is None  # the draw page still offers to send it
    notice = Notice.objects.get(user=head)
    assert "nepavyko" in notice.message and winner.name in notice.message


def test_retention_erases_personal_data_after_the_period_and_keeps_the_record_verifiable(
    home_page, specialist, head, caplog, settings
):
    settings.CONTEST_RETENTION_DAYS = 90
    page = closed_promotion(home_page, specialist)
    entries = add_entries(page, 6)
    record = run_draw(head, page)
    other = make_promotion(home_page, owner=specialist)  # still open: untouched
    add_entries(other, 2)
    with time_machine.travel(record.run_at + timedelta(days=89, hours=23), tick=False):
        assert erase_expired() == 0
    assert PromotionEntry.objects.filter(anonymised_at__isnull=True).count() == 8
    with (
        caplog.at_level(logging.INFO),
        time_machine.travel(record.run_at + timedelta(days=90, minutes=1), tick=False),
    ):
        assert erase_expired() == 6
        assert erase_expired() == 0  # nothing left to erase
    erased = PromotionEntry.objects.filter(promotion=page)
    assert sorted(erased.values_list("pk", flat=True)) == sorted(e.pk for e in entries)
    assert set(erased.values_list("name", "email", "answer")) == {("", "", "")}
    assert PromotionEntry.objects.filter(promotion=other, anonymised_at__isnull=True).count() == 2
    record.refresh_from_db()
    assert record.erased_count == 6 and record.erased_at is not None
    assert contests_draw.reproduce(record).ok
    assert any("erased the personal data of 6 entries" in m for m in caplog.messages)
    from wagtail.models import PageLogEntry

    logged = PageLogEntry.objects.get(page=page, action="campaigns.contest_entries_erased")
    assert logged.data == {"count": 6, "days": 90}


def test_a_promotion_never_drawn_is_erased_the_period_after_closing(
    home_page, specialist, settings
):
    settings.CONTEST_RETENTION_DAYS = 90
    page = closed_promotion(home_page, specialist)
    add_entries(page, 3)
    with time_machine.travel(page.closes_at + timedelta(days=89), tick=False):
        assert erase_expired() == 0
    with time_machine.travel(page.closes_at + timedelta(days=90, seconds=1), tick=False):
        assert erase_expired() == 3
    assert not PromotionEntry.objects.exclude(name="").exists()


def test_the_retention_period_is_a_setting(home_page, specialist, head, settings):
    settings.CONTEST_RETENTION_DAYS = 10
    page = closed_promotion(home_page, specialist)
    add_entries(page, 2)
    record = run_draw(head, page)
    with time_machine.travel(record.run_at + timedelta(days=10, minutes=1), tick=False):
        assert erase_expired() == 2


def test_the_export_reads_back(home_page, specialist, head):
    page = closed_promotion(home_page, specialist)
    add_entries(page, 3)
    PromotionEntry.objects.filter(pk=PromotionEntry.objects.first().pk).update(
        answer='=HYPERLINK("http://x")'
    )
    record = run_draw(head, page)
    sheet = load_workbook(io.BytesIO(export_entries(head, page))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == set(record.entry_ids)
    assert by_id[record.winner_ids[0]][5] in ("laimėtojas", "winner")
    assert all(not str(row[4]).startswith("=") for row in rows[1:])
    with pytest.raises(Refused):
        export_entries(specialist, page)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_heads_pressing_at_once_make_one_draw(home_page, specialist, head, superuser):
    """The head and IT run the draw at the same moment: one record, the other refused."""
    import threading

    from django.db import connection

    page = closed_promotion(home_page, specialist)
    add_entries(page, 4)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def press(user):
        try:
            barrier.wait(timeout=10)
            try:
                run_draw(user, page)
                outcomes.append("drawn")
            except Refused:
                outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(user,)) for user in (head, superuser)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == ["drawn", "refused"]
    assert PromotionDraw.objects.filter(promotion=page).count() == 1
