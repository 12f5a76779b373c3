"""Votes, confirmations and quiz answers: the domain operations behind the public forms.

A vote is one transaction of two statements: the vote row (unique per poll and voter
token, and per poll and e-mail digest) and the address quota upsert bounded by
settings.POLL_VOTES_PER_ADDRESS. Either refusal rolls both back, so nothing of a
refused vote is kept. Counting is done on read (`poll_results`), one grouped query.
"""

import hashlib
import hmac
import re
import secrets
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .contests_services import normalise_email
from .models import (
    Poll,
    PollAddressQuota,
    PollOption,
    PollVote,
    Quiz,
    QuizSubmission,
)

VOTER_COOKIE = "sklaida_voter"
VOTER_COOKIE_AGE = 365 * 24 * 3600
CONFIRM_SALT = "campaigns.polls.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
_signer = signing.Signer(salt="campaigns.polls.voter")
MARKUP = re.compile(r"[<>]")
# The anonymous vote on PostgreSQL, one statement (see _fast_anonymous_vote).
FAST_VOTE = """
WITH chosen AS (
    SELECT o.poll_id, o.id AS option_id FROM {option} o JOIN {poll} p ON p.id = o.poll_id
    WHERE o.id = %(option_id)s AND o.poll_id = %(poll_id)s AND p.mode = %(mode)s
      AND p.opens_at <= %(now)s AND (p.closes_at IS NULL OR p.closes_at > %(now)s)
), counted AS (
    INSERT INTO {quota} (poll_id, address, votes)
    SELECT poll_id, %(address)s, 1 FROM chosen
    ON CONFLICT (poll_id, address) DO UPDATE SET votes = {quota}.votes + 1
    WHERE {quota}.votes < %(limit)s
    RETURNING poll_id
)
INSERT INTO {vote} (poll_id, option_id, token, address, email_digest, created_at, confirmed_at)
SELECT chosen.poll_id, chosen.option_id, %(token)s, %(address)s, NULL, %(now)s, %(now)s
FROM chosen JOIN counted ON counted.poll_id = chosen.poll_id
RETURNING id
"""
# PostgreSQL and SQLite (3.35+) both take this upsert with a conditional update.
QUOTA_UPSERT = (
    "INSERT INTO {table} (poll_id, address, votes) VALUES (%s, %s, 1) "
    "ON CONFLICT (poll_id, address) DO UPDATE SET votes = {table}.votes + 1 "
    "WHERE {table}.votes < %s RETURNING votes"
)


class Outcome:
    """What a visitor is told after a vote or an answer; the codes travel in the
    redirect's query string, so only these fixed messages can ever be shown."""

    VOTED = "voted"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    ANSWERED = "answered"
    DUPLICATE = "duplicate"
    QUIZ_DUPLICATE = "quiz_duplicate"
    QUIZ_CLOSED = "quiz_closed"
    CLOSED = "closed"
    NOT_OPEN = "not_open"
    BAD_OPTION = "bad_option"
    ADDRESS_LIMIT = "address_limit"
    BAD_EMAIL = "bad_email"
    EMAIL_USED = "email_used"
    UNKNOWN = "unknown"
    UNANSWERED = "unanswered"
    NAME_NEEDED = "name_needed"
    MARKUP = "markup"
    DRAW_EMAIL_USED = "draw_email_used"
    ANSWERED_DRAW = "answered_draw"
    NO_DRAW = "no_draw"
    DRAW_NOT_OPEN = "draw_not_open"
    DRAW_CLOSED = "draw_closed"
    DRAW_RULES = "draw_rules"
    DRAW_PROCESSING = "draw_processing"
    BAD_LINK = "bad_link"

    MESSAGES = {
        VOTED: _("Thank you, your vote has been counted."),
        PENDING: _(
            "Almost done: we have sent you an e-mail. Your vote counts once you open the "
            "link in it and confirm."
        ),
        CONFIRMED: _("Thank you, your vote is confirmed and counted."),
        ANSWERED: _("Thank you for your answers."),
        DUPLICATE: _("You have already voted in this poll; a second vote is not counted."),
        QUIZ_DUPLICATE: _("You have already answered this quiz; here is your score."),
        CLOSED: _("This poll is closed; votes are no longer accepted."),
        QUIZ_CLOSED: _("This quiz is closed; answers are no longer accepted."),
        NOT_OPEN: _("This poll is not open yet."),
        BAD_OPTION: _("Choose one of the answers."),
        ADDRESS_LIMIT: _(
            "Too many votes have come from your network in this poll; this vote is not counted."
        ),
        BAD_EMAIL: _("Enter a valid e-mail address."),
        EMAIL_USED: _("A vote with this e-mail address has already been cast in this poll."),
        UNKNOWN: _("There is no such poll or quiz."),
        UNANSWERED: _("Answer every question."),
        NAME_NEEDED: _("To enter the draw, give your name and e-mail address."),
        MARKUP: _("The name cannot contain HTML markup (angle brackets)."),
        ANSWERED_DRAW: _("Thank you for your answers. You have entered the prize draw."),
        NO_DRAW: _(
            "This quiz has no prize draw open now, so nothing was saved. Answer again "
            "without entering the draw."
        ),
        # The promotion's own messages (contests_services.submit_entry): one wording
        # whichever form the entry came through.
        DRAW_NOT_OPEN: _("Entries are not open yet."),
        DRAW_CLOSED: _("Entries are closed: the contest has ended."),
        DRAW_RULES: _("You must accept the contest rules."),
        DRAW_PROCESSING: _("You must agree to the processing of your data."),
        DRAW_EMAIL_USED: _(
            "An entry with this e-mail address has already been received. One entry per person."
        ),
        BAD_LINK: _("This confirmation link is not valid or has expired."),
    }
    ACCEPTED = {VOTED, PENDING, CONFIRMED, ANSWERED, ANSWERED_DRAW}
    # Not accepted, but the visitor's earlier answer stands (shown with its score).
    SETTLED = ACCEPTED | {DUPLICATE, QUIZ_DUPLICATE}

    @classmethod
    def message(cls, code):
        return cls.MESSAGES.get(code)


@dataclass
class Refused(Exception):
    code: str


def votes_per_address():
    return settings.POLL_VOTES_PER_ADDRESS


# Voter tokens -------------------------------------------------------------------------


def read_token(request):
    """The browser's voter token if its cookie carries our signature, else None."""
    value = request.COOKIES.get(VOTER_COOKIE)
    if not value:
        return None
    try:
        return _signer.unsign(value)
    except signing.BadSignature:
        return None


def new_token():
    return secrets.token_hex(16)


def set_token(request, response, token):
    response.set_cookie(
        VOTER_COOKIE,
        _signer.sign(token),
        max_age=VOTER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _digest(kind, poll_id, value):
    """A keyed hash salted per poll: equal inputs match within one poll only, and the
    address or e-mail cannot be read back or matched across polls."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{poll_id}:{value}".encode(), hashlib.sha256).hexdigest()


# Polls ------------------------------------------------------------------------------


def cast_vote(poll_id, option_id, *, token, address, email="", absolute=str, now=None):
    """Record a vote, or raise Refused with the reason. Returns the vote. `absolute`
    turns a path into the full address put in a confirmation e-mail
    (request.build_absolute_uri in the view)."""
    now = now or timezone.now()
    try:
        poll_id, option_id = int(poll_id), int(option_id or 0)
    except (TypeError, ValueError):
        raise Refused(Outcome.BAD_OPTION) from None
    if connection.vendor == "postgresql" and not email:
        vote = _fast_anonymous_vote(poll_id, option_id, token, address, now)
        if vote is not None:
            return vote
    # Everything else (SQLite, polls that need an e-mail address, and every refusal,
    # which this path names) goes the ordinary way.
    option = PollOption.objects.select_related("poll").filter(pk=option_id, poll_id=poll_id).first()
    if option is None:
        if not Poll.objects.filter(pk=poll_id).exists():
            raise Refused(Outcome.UNKNOWN)
        raise Refused(Outcome.BAD_OPTION)
    poll = option.poll
    _check_open(poll, now)
    email_digest = None
    if poll.needs_email:
        email = (email or "").strip()
        try:
            validate_email(email)
        except ValidationError:
            raise Refused(Outcome.BAD_EMAIL) from None
        # One vote per person as contests count a person (Gmail dots and +tags folded);
        # the confirmation goes to the address as typed.
        email_digest = _digest("email", poll.pk, normalise_email(email))
    address = _digest("address", poll.pk, address or "")
    try:
        with transaction.atomic():
            vote = PollVote.objects.create(
                poll=poll,
                option=option,
                token=token,
                address=address,
                email_digest=email_digest,
                created_at=now,
                confirmed_at=None if poll.needs_email else now,
            )
            if not _take_quota(poll.pk, address):
                raise Refused(Outcome.ADDRESS_LIMIT)
    except IntegrityError:
        if email_digest and PollVote.objects.filter(poll=poll, email_digest=email_digest).exists():
            raise Refused(Outcome.EMAIL_USED) from None
        raise Refused(Outcome.DUPLICATE) from None
    if poll.needs_email:
        _send_confirmation(vote, email, absolute)
    return vote


def _fast_anonymous_vote(poll_id, option_id, token, address, now):
    """PostgreSQL: an anonymous vote in one statement (one round trip, its own
    transaction): the option checked against an open anonymous poll, the address
    quota raised, the vote inserted. Any refusal inserts nothing and returns None (the
    caller's ordinary path then finds out why); a second vote of the same browser
    breaks the unique constraint, which rolls the whole statement back."""
    address = _digest("address", poll_id, address or "")
    names = {
        "option": connection.ops.quote_name(PollOption._meta.db_table),
        "poll": connection.ops.quote_name(Poll._meta.db_table),
        "quota": connection.ops.quote_name(PollAddressQuota._meta.db_table),
        "vote": connection.ops.quote_name(PollVote._meta.db_table),
    }
    params = {
        "option_id": option_id,
        "poll_id": poll_id,
        "mode": Poll.Mode.ANONYMOUS.value,
        "now": now,
        "address": address,
        "limit": votes_per_address(),
        "token": token,
    }
    # Alone, the statement is its own transaction; inside someone's transaction (a
    # test, a demo build) a savepoint keeps a refusal from breaking theirs.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard, connection.cursor() as cursor:
            cursor.execute(FAST_VOTE.format(**names), params)
            row = cursor.fetchone()
    except IntegrityError:
        raise Refused(Outcome.DUPLICATE) from None
    if row is None:
        return None
    return PollVote(
        pk=row[0], poll_id=poll_id, option_id=option_id, token=token, address=address,
        created_at=now, confirmed_at=now,
    )  # fmt: skip


def _check_open(record, now):
    if record.has_closed(now):
        raise Refused(Outcome.CLOSED)
    if not record.is_open(now):
        raise Refused(Outcome.NOT_OPEN)


def _take_quota(poll_id, address):
    """One statement: count this vote against the address, unless it is at the limit
    (an upsert whose update is conditional; no row back means refused)."""
    # The table name is the model's own (quoted); every value is a parameter.
    table = connection.ops.quote_name(PollAddressQuota._meta.db_table)
    statement = QUOTA_UPSERT.format(table=table)
    with connection.cursor() as cursor:
        cursor.execute(statement, [poll_id, address, votes_per_address()])
        return cursor.fetchone() is not None


def _send_confirmation(vote, email, absolute):
    from django.urls import reverse

    link = signing.dumps({"vote": vote.pk}, salt=CONFIRM_SALT)
    context = {
        "poll": vote.poll,
        "option": vote.option,
        "url": absolute(reverse("campaigns_poll_confirm", args=[link])),
        "days": CONFIRM_MAX_AGE // 86400,
    }
    subject = str(_("Confirm your vote: %(question)s") % {"question": vote.poll.question})
    body = render_to_string("campaigns/polls_confirm_email.txt", context)
    # After the commit only: a vote rolled back must not send a link.
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))


def vote_from_link(signed):
    try:
        data = signing.loads(signed, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return PollVote.objects.select_related("poll", "option").get(pk=int(data["vote"]))
    except (signing.BadSignature, PollVote.DoesNotExist, KeyError, TypeError, ValueError):
        raise Refused(Outcome.BAD_LINK) from None


def confirm_vote(signed, now=None):
    now = now or timezone.now()
    vote = vote_from_link(signed)
    if vote.confirmed_at is not None:
        return vote
    if vote.poll.has_closed(now):
        raise Refused(Outcome.CLOSED)
    PollVote.objects.filter(pk=vote.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    vote.confirmed_at = now
    return vote


def has_voted(poll, token):
    return bool(token) and PollVote.objects.filter(poll=poll, token=token).exists()


def results_visible(poll, token, now=None):
    if poll.has_closed(now):
        return True
    return poll.results == Poll.Results.AFTER_VOTING and has_voted(poll, token)


def poll_results(poll):
    """[(option, votes, percent)], total — confirmed votes only, two queries."""
    counts = dict(
        PollVote.objects.filter(poll=poll, confirmed_at__isnull=False)
        .values_list("option")
        .annotate(n=Count("id"))
        .order_by()
    )
    options = list(poll.options.all())
    total = sum(counts.values())
    rows = [
        (
            option,
            counts.get(option.pk, 0),
            round(100 * counts.get(option.pk, 0) / total) if total else 0,
        )
        for option in options
    ]
    return rows, total


# Quizzes ----------------------------------------------------------------------------


def answer_quiz(quiz_id, answers, *, token, draw=None, now=None):
    """Score a quiz and keep the answer; if the visitor opted into the draw, enter
    them into the quiz's promotion through the promotion's own entry operation (same
    period check, one entry per person, messages). `answers`: {question id: answer
    index as text}; `draw`: None or {"name", "email", "consent_rules",
    "consent_processing"}. All or nothing: a refused entry keeps no answer either.
    Raises Refused; returns the submission."""
    now = now or timezone.now()
    try:
        quiz = Quiz.objects.select_related("promotion").get(pk=int(quiz_id))
    except (Quiz.DoesNotExist, TypeError, ValueError):
        raise Refused(Outcome.UNKNOWN) from None
    if not quiz.is_open(now):
        raise Refused(Outcome.QUIZ_CLOSED)
    chosen, score, questions = {}, 0, quiz.question_list()
    for question_id, _text, options in questions:
        try:
            index = int(answers.get(question_id, ""))
        except (TypeError, ValueError):
            raise Refused(Outcome.UNANSWERED) from None
        if not 0 <= index < len(options):
            raise Refused(Outcome.UNANSWERED)
        chosen[question_id] = index
        score += options[index][2]
    entry = _draw_entry(quiz, draw, now)
    try:
        with transaction.atomic():
            submission = QuizSubmission.objects.create(
                quiz=quiz, token=token, answers=chosen, score=score,
                max_score=len(questions), created_at=now,
            )  # fmt: skip
            if entry is not None:
                _enter_promotion(quiz, entry, submission, now)
    except IntegrityError:
        raise Refused(Outcome.QUIZ_DUPLICATE) from None
    return submission


def _draw_entry(quiz, draw, now):
    """The visitor's draw details, checked before anything is written; None when
    they did not opt in. Opting in to a quiz without an open promotion (a forged
    form, or one left open while the promotion closed) is refused outright."""
    if not draw:
        return None
    promotion = quiz.promotion
    if promotion is None or not promotion.live:
        raise Refused(Outcome.NO_DRAW)
    if now < promotion.opens_at:
        raise Refused(Outcome.DRAW_NOT_OPEN)
    if now >= promotion.closes_at:
        raise Refused(Outcome.DRAW_CLOSED)
    name, email = (draw.get("name") or "").strip(), (draw.get("email") or "").strip()
    if not name or not email:
        raise Refused(Outcome.NAME_NEEDED)
    if MARKUP.search(name):
        raise Refused(Outcome.MARKUP)
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(Outcome.BAD_EMAIL) from None
    if len(email) > 254:
        raise Refused(Outcome.BAD_EMAIL)
    if not draw.get("consent_rules"):
        raise Refused(Outcome.DRAW_RULES)
    if not draw.get("consent_processing"):
        raise Refused(Outcome.DRAW_PROCESSING)
    return {"promotion": promotion, "name": name[:200], "email": email}


# contests_services.Refused carries the field it is about; the period refusals none.
_CONTEST_REFUSALS = {
    "email": Outcome.DRAW_EMAIL_USED,
    "consent_rules": Outcome.DRAW_RULES,
    "consent_processing": Outcome.DRAW_PROCESSING,
}


def _enter_promotion(quiz, entry, submission, now):
    from . import contests_services

    promotion = entry["promotion"]
    # The entry's answer is the quiz score, e.g. "Viktorina „…“: 3 iš 4".
    answer = _("Quiz “%(title)s”: %(score)s of %(total)s") % {
        "title": quiz.title, "score": submission.score, "total": submission.max_score,
    }  # fmt: skip
    try:
        contests_services.submit_entry(
            promotion, name=entry["name"], email=entry["email"], answer=str(answer)[:2000],
            consent_rules=True, consent_processing=True, now=now,
        )  # fmt: skip
    except contests_services.Refused as refused:
        if refused.field in _CONTEST_REFUSALS:
            raise Refused(_CONTEST_REFUSALS[refused.field]) from None
        raise Refused(
            Outcome.DRAW_NOT_OPEN if now < promotion.opens_at else Outcome.DRAW_CLOSED
        ) from None


def submission_of(quiz, token):
    if not token:
        return None
    return QuizSubmission.objects.filter(quiz=quiz, token=token).first()
