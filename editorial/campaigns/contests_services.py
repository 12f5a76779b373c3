"""Contest operations: entering, the draw, telling the winners, erasing personal data
and the export. Views, tasks and commands call these."""

import io
import logging
import unicodedata
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.models import display_name

from . import contests_draw
from .contests_log import DRAW_RUN, ENTRIES_ERASED
from .contests_permissions import can_export_entries, can_run_draw
from .models import PromotionDraw, PromotionEntry, PromotionPage

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90
# Google ignores dots in the local part and treats "+anything" as the same mailbox.
GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


class Refused(Exception):
    """An action refused with a message for the person (nothing was saved)."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


def normalise_email(email):
    """The key of "one entry per person": NFKC, trimmed, lower case; for Gmail
    addresses also without dots and "+tag" in the local part, on gmail.com
    (docs/decisions/contests.md)."""
    text = unicodedata.normalize("NFKC", email or "").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    if domain in GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def retention_days():
    return int(getattr(settings, "CONTEST_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


# --- entering --------------------------------------------------------------------------


def submit_entry(promotion, *, name, email, answer, consent_rules, consent_processing, now=None):
    """Record one entry, or raise Refused with the reason (nothing saved)."""
    now = now or timezone.now()
    if now < promotion.opens_at:
        raise Refused(_("Entries are not open yet."))
    if now >= promotion.closes_at:
        raise Refused(_("Entries are closed: the contest has ended."))
    if not consent_rules:
        raise Refused(_("You must accept the contest rules."), "consent_rules")
    if not consent_processing:
        raise Refused(_("You must agree to the processing of your data."), "consent_processing")
    key = normalise_email(email)
    duplicate = _(
        "An entry with this e-mail address has already been received. One entry per person."
    )
    if PromotionEntry.objects.filter(
        promotion=promotion, email_key=key, anonymised_at__isnull=True
    ).exists():
        raise Refused(duplicate, "email")
    try:
        # A savepoint: a concurrent duplicate loses on the unique constraint without
        # breaking the caller's transaction.
        with transaction.atomic():
            return PromotionEntry.objects.create(
                promotion=promotion,
                name=name.strip(),
                email=email.strip(),
                email_key=key,
                answer=answer.strip(),
                consent_rules=True,
                consent_processing=True,
                language=(translation.get_language() or settings.LANGUAGE_CODE)[:10],
                created_at=now,
            )
    except IntegrityError:
        raise Refused(duplicate, "email") from None


# --- the draw ---------------------------------------------------------------------------


def eligible_entry_ids(promotion):
    """Entries received in the period and not erased, ascending."""
    return list(
        PromotionEntry.objects.filter(
            promotion=promotion,
            anonymised_at__isnull=True,
            created_at__gte=promotion.opens_at,
            created_at__lt=promotion.closes_at,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def run_draw(user, promotion, now=None, seed=None):
    """Freeze the eligible entries, draw winners and reserves, record it all; tell the
    winners after commit. Raises Refused (nothing saved)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the page row: two heads pressing the button at once get one draw.
        promotion = PromotionPage.objects.select_for_update().get(pk=promotion.pk)
        decision = can_run_draw(user, promotion, now)
        if not decision:
            raise Refused(decision.reason)
        entry_ids = contests_draw.frozen_list(eligible_entry_ids(promotion))
        if not entry_ids:
            raise Refused(_("There are no eligible entries, so there is nothing to draw."))
        seed = seed or contests_draw.new_seed()
        outcome = contests_draw.draw(
            seed, entry_ids, promotion.winners_count, promotion.reserves_count
        )
        try:
            with transaction.atomic():
                record = PromotionDraw.objects.create(
                    promotion=promotion,
                    run_at=now,
                    run_by=user,
                    run_by_name=display_name(user),
                    on_behalf_of=display_name(decision.on_behalf_of)
                    if decision.on_behalf_of
                    else "",
                    algorithm=contests_draw.ALGORITHM,
                    algorithm_version=contests_draw.ALGORITHM_VERSION,
                    seed=seed,
                    entry_ids=entry_ids,
                    entries_hash=contests_draw.list_hash(entry_ids),
                    winners_count=promotion.winners_count,
                    reserves_count=promotion.reserves_count,
                    winner_ids=outcome.winners,
                    reserve_ids=outcome.reserves,
                )
        except IntegrityError:
            raise Refused(_("This promotion has already been drawn.")) from None
        logger.info(
            "Contest draw of promotion %s by user %s: %s eligible entries, hash %s, seed %s, "
            "winners %s, reserves %s",
            promotion.pk, user.pk, len(entry_ids), record.entries_hash, seed,
            outcome.winners, outcome.reserves,
        )  # fmt: skip
        log(
            instance=promotion,
            action=DRAW_RUN,
            user=user,
            data={
                "draw_id": record.pk,
                "entries": len(entry_ids),
                "winners": len(outcome.winners),
                "reserves": len(outcome.reserves),
                "hash": record.entries_hash,
                "on_behalf_of": record.on_behalf_of,
            },
        )
        transaction.on_commit(partial(_enqueue_winner_emails, record.pk))
    return record


def _enqueue_winner_emails(draw_id):
    from cms.broker import hand_over

    from .tasks import notify_contest_winners

    hand_over(
        notify_contest_winners,
        (draw_id,),
        what=f"the winner e-mails of draw {draw_id}",
        then="the draw page offers to send them again",
        level=logging.ERROR,
    )


def notify_winners(draw_id):
    """E-mail each winner not yet told, in the language they entered in; record when.
    Entrants are not users, so cms.notifications (notices for staff) does not apply;
    the head who ran the draw gets a notice saying who was told and who was not.
    Returns the count."""
    record = PromotionDraw.objects.select_related("promotion", "run_by").get(pk=draw_id)
    promotion = record.promotion
    winners = PromotionEntry.objects.filter(
        pk__in=record.winner_ids, notified_at__isnull=True, anonymised_at__isnull=True
    ).order_by("pk")
    sent, failed = [], []
    prizes = list(promotion.prizes.all())
    connection = get_connection(timeout=30)
    for entry in winners:
        with translation.override(entry.language or settings.LANGUAGE_CODE):
            subject = _("You won: %(promotion)s") % {"promotion": promotion.title}
            body = render_to_string(
                "campaigns/contests_winner_email.txt",
                {"entry": entry, "promotion": promotion, "prizes": prizes},
            )
        message = EmailMessage(subject, body, to=[entry.email], connection=connection)
        try:
            message.send()
        except Exception:  # noqa: BLE001 - SMTP and socket errors: retried from the draw page
            logger.exception("Winner e-mail for entry %s of draw %s failed", entry.pk, draw_id)
            failed.append(entry)
            continue
        PromotionEntry.objects.filter(pk=entry.pk).update(notified_at=timezone.now())
        sent.append(entry)
        logger.info("Winner e-mail sent for entry %s of draw %s", entry.pk, draw_id)
    if (sent or failed) and record.run_by is not None:
        _tell_who_ran_the_draw(record, sent, failed)
    return len(sent)


def _tell_who_ran_the_draw(record, sent, failed):
    """A notice to the head who ran the draw: who was e-mailed and, above all, who was
    not (a failed e-mail must not end only in a log)."""
    from cms.notifications import language_of, notify

    with translation.override(language_of(record.run_by)):
        lines = []
        if sent:
            lines.append(
                _("%(count)s winner(s) were e-mailed: %(names)s.")
                % {"count": len(sent), "names": ", ".join(entry.name for entry in sent)}
            )
        if failed:
            lines.append(
                _(
                    "%(count)s winner(s) could not be e-mailed: %(names)s. Use “E-mail the "
                    "winners not yet told” on the draw page to try again."
                )
                % {"count": len(failed), "names": ", ".join(entry.name for entry in failed)}
            )
        subject = _("Winners told: %(promotion)s") % {"promotion": record.promotion.title}
        if failed:
            subject = _("Winners not told: %(promotion)s") % {"promotion": record.promotion.title}
        notify(
            [record.run_by],
            subject,
            "\n".join(lines),
            # No event key: each call that e-mailed someone new or failed says so once.
            url=reverse("campaigns_promotion_draw", args=[record.promotion.pk]),
        )
    return len(sent)


# --- retention --------------------------------------------------------------------------


def erase_expired(now=None):
    """Blank the personal data of every entry of a promotion drawn more than
    CONTEST_RETENTION_DAYS ago (or, never drawn, closed that long ago). Ids stay, so
    every draw record can still be verified. Returns the number of entries erased."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    total = 0
    drawn = PromotionDraw.objects.filter(run_at__lte=cutoff).values_list("promotion_id", flat=True)
    undrawn = PromotionPage.objects.filter(closes_at__lte=cutoff, draw__isnull=True).values_list(
        "pk", flat=True
    )
    for promotion_id in sorted({*drawn, *undrawn}):
        with transaction.atomic():
            erased = PromotionEntry.objects.filter(
                promotion_id=promotion_id, anonymised_at__isnull=True
            ).update(name="", email="", email_key="", answer="", anonymised_at=now)
            if erased:
                PromotionDraw.objects.filter(promotion_id=promotion_id).update(
                    erased_at=now, erased_count=erased
                )
                promotion = PromotionPage.objects.get(pk=promotion_id)
                log(
                    instance=promotion,
                    action=ENTRIES_ERASED,
                    data={"count": erased, "days": retention_days()},
                )
                logger.info(
                    "Contest retention: erased the personal data of %s entries of promotion %s "
                    "(retention %s days)",
                    erased, promotion_id, retention_days(),
                )  # fmt: skip
        total += erased
    return total


# --- export -----------------------------------------------------------------------------

EXPORT_COLUMNS = ("id", "entered", "name", "email", "answer", "result")


def export_entries(user, promotion):
    """An xlsx workbook of the promotion's entries (bytes), for the head only."""
    from openpyxl import Workbook

    decision = can_export_entries(user, promotion)
    if not decision:
        raise Refused(decision.reason)
    record = PromotionDraw.objects.filter(promotion=promotion).first()
    winners = set(record.winner_ids) if record else set()
    reserves = set(record.reserve_ids) if record else set()
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Contest entries"))[:31]
    sheet.append(
        [str(_("Entry ID")), str(_("Entered at")), str(_("Name")), str(_("E-mail")),
         str(_("Answer")), str(_("Draw result"))]
    )  # fmt: skip
    entries = PromotionEntry.objects.filter(promotion=promotion).order_by("pk")
    for entry in entries:
        result = ""
        if entry.pk in winners:
            result = str(_("winner"))
        elif entry.pk in reserves:
            result = str(_("reserve winner"))
        sheet.append(
            [
                entry.pk,
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                # A leading "=" would make a spreadsheet formula of a visitor's text.
                _safe_cell(entry.name),
                _safe_cell(entry.email),
                _safe_cell(entry.answer),
                result,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    logger.info("Contest entries of promotion %s exported by user %s", promotion.pk, user.pk)
    return buffer.getvalue()


def _safe_cell(text):
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text
