"""What a poll or quiz block shows one visitor: the form, a message, the results.

Public pages are cached for anonymous visitors (home/cache.py) keyed by the path only,
so a page rendered without our query string must look the same to everyone: the voter
cookie is read only when the query string names this poll or quiz (the answer of the
vote endpoint's redirect, or the fragment the script asks for), and such responses are
never cached.
"""

from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from . import polls_services as services
from .polls_services import Outcome


def _personal(request, kind, pk):
    return request is not None and request.GET.get(kind) == str(pk)


def poll_state(poll, request, outcome=None, now=None, token=None):
    now = now or timezone.now()
    personal = _personal(request, "poll", poll.pk)
    if personal and outcome is None:
        outcome = request.GET.get("outcome")
    if token is None and (personal or outcome):
        token = services.read_token(request)
    voted = services.has_voted(poll, token) if token else False
    closed = poll.has_closed(now)
    show_results = closed or (poll.results == poll.Results.AFTER_VOTING and voted)
    rows, total = services.poll_results(poll) if show_results else ((), 0)
    return {
        "poll": poll,
        "options": poll.options.all(),
        "open": poll.is_open(now),
        "closed": closed,
        "voted": voted,
        "message": Outcome.message(outcome),
        "accepted": outcome in Outcome.ACCEPTED,
        "show_results": show_results,
        "rows": rows,
        "total": total,
        "next": request.path if request is not None else "",
    }


def quiz_state(quiz, request, outcome=None, now=None, token=None):
    now = now or timezone.now()
    personal = _personal(request, "quiz", quiz.pk)
    if personal and outcome is None:
        outcome = request.GET.get("outcome")
    if token is None and (personal or outcome):
        token = services.read_token(request)
    submission = services.submission_of(quiz, token) if token else None
    questions = quiz.question_list()
    review = []
    if submission is not None:
        for question_id, text, options in questions:
            chosen = submission.answers.get(question_id)
            review.append(
                {
                    "text": text,
                    "chosen": next((o[1] for o in options if o[0] == chosen), ""),
                    "right": bool(chosen is not None and options[chosen][2])
                    if chosen is not None and chosen < len(options)
                    else False,
                    "correct": [o[1] for o in options if o[2]],
                }
            )
    return {
        "quiz": quiz,
        "questions": [
            (qid, text, [(i, label) for i, label, _c in opts]) for qid, text, opts in questions
        ],
        "open": quiz.is_open(now),
        # The draw part of the form, only while the promotion takes entries.
        "promotion": quiz.open_promotion(now),
        "message": Outcome.message(outcome),
        "accepted": outcome in Outcome.ACCEPTED,
        "submission": submission,
        "review": review,
        "next": request.path if request is not None else "",
    }


def safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None
