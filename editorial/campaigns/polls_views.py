"""The public vote, confirmation and quiz endpoints.

The forms sit on cached public pages, so they carry no CSRF token (a token in a cached
page would be another visitor's). Instead the endpoints accept only posts whose Origin
(or, lacking it, Referer) is this site: a browser always sends Origin on a cross-site
POST and a page elsewhere cannot forge it. The voter cookie is SameSite=Lax besides.
Without JavaScript an answer is a 303 back to the page with ?poll=<id>&outcome=<code>
(never cached); with polls.js the block's fresh HTML (X-Sklaida-Fragment: 1).
"""

from urllib.parse import urlencode, urlsplit

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cms.lockout import client_ip

from . import polls_services as services
from .models import Poll, Quiz
from .polls_public import poll_state, quiz_state, safe_next
from .polls_services import Outcome, Refused

FRAGMENT_HEADER = "HTTP_X_SKLAIDA_FRAGMENT"


def same_origin(request):
    host = request.get_host()
    for header in ("HTTP_ORIGIN", "HTTP_REFERER"):
        value = request.META.get(header)
        if value:
            return value != "null" and urlsplit(value).netloc == host
    return False


def _fragment(request):
    return request.META.get(FRAGMENT_HEADER) == "1"


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _message_page(request, status, message, title=None, **context):
    response = render(
        request,
        "campaigns/polls_message.html",
        {"title": title or _("Poll"), "message": message, **context},
        status=status,
    )
    return _private(response)


def _answer(request, kind, record, outcome, next_url, state, template, token, new_token):
    if _fragment(request):
        context = state(record, request, outcome=outcome, token=token)
        context["next"] = next_url or ""
        response = HttpResponse(render_to_string(template, context, request=request))
        response["X-Sklaida-Fragment"] = "1"
        if outcome not in Outcome.SETTLED:
            response.status_code = 400
    elif next_url:
        query = urlencode({kind: record.pk, "outcome": outcome})
        response = HttpResponse(status=303)
        response["Location"] = f"{next_url}?{query}#{kind}-{record.pk}"
    else:
        response = _message_page(
            request, 200 if outcome in Outcome.SETTLED else 400, Outcome.message(outcome)
        )
    if new_token:
        services.set_token(request, response, token)
    return _private(response)


def _prepare(request):
    """The language of the page the form was on, the safe address to go back to, and
    the voter token (a new one if the browser has none)."""
    next_url = safe_next(request, request.POST.get("next", ""))
    translation.activate(get_language_from_path(next_url or "") or translation.get_language())
    token = services.read_token(request)
    return next_url, token or services.new_token(), token is None


@csrf_exempt
def vote(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not same_origin(request):
        return _message_page(request, 403, _("This form can only be sent from the library's site."))
    next_url, token, new_token = _prepare(request)
    try:
        vote = services.cast_vote(
            pk,
            request.POST.get("option"),
            token=token,
            address=client_ip(request),
            email=request.POST.get("email", ""),
            absolute=request.build_absolute_uri,
        )
    except Refused as refusal:
        if refusal.code == Outcome.UNKNOWN:
            return _message_page(request, 404, Outcome.message(refusal.code))
        outcome = refusal.code
    else:
        outcome = Outcome.PENDING if vote.confirmed_at is None else Outcome.VOTED
    # The redirect needs only the id: the poll is loaded when something is rendered.
    if next_url and not _fragment(request):
        poll = Poll(pk=int(pk))
    else:
        poll = Poll.objects.filter(pk=pk).first()
        if poll is None:  # a forged poll id with a bad option
            return _message_page(request, 404, Outcome.message(Outcome.UNKNOWN))
    return _answer(
        request, "poll", poll, outcome, next_url, poll_state,
        "campaigns/polls_block.html", token, new_token,
    )  # fmt: skip


@csrf_exempt
def answer_quiz(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not same_origin(request):
        return _message_page(request, 403, _("This form can only be sent from the library's site."))
    next_url, token, new_token = _prepare(request)
    answers = {key[2:]: value for key, value in request.POST.items() if key.startswith("q-")}
    draw = None
    if request.POST.get("draw"):
        draw = {
            "name": request.POST.get("name", ""),
            "email": request.POST.get("email", ""),
            "consent_rules": bool(request.POST.get("consent_rules")),
            "consent_processing": bool(request.POST.get("consent_processing")),
        }
    try:
        services.answer_quiz(pk, answers, token=token, draw=draw)
        outcome = Outcome.ANSWERED_DRAW if draw else Outcome.ANSWERED
    except Refused as refusal:
        outcome = refusal.code
    if outcome == Outcome.UNKNOWN:
        return _message_page(request, 404, Outcome.message(outcome))
    quiz = Quiz.objects.filter(pk=pk).first()
    if quiz is None:
        return _message_page(request, 404, Outcome.message(Outcome.UNKNOWN))
    return _answer(
        request, "quiz", quiz, outcome, next_url, quiz_state,
        "campaigns/polls_quiz_block.html", token, new_token,
    )  # fmt: skip


@never_cache
def confirm(request, signed):
    """The link in the e-mail shows the vote and a button; only the button (a POST)
    confirms, so a mail scanner that opens links confirms nothing."""
    title = _("Confirm your vote")
    try:
        vote = services.vote_from_link(signed)
    except Refused as refusal:
        return _message_page(request, 404, Outcome.message(refusal.code), title)
    if request.method == "POST":
        try:
            services.confirm_vote(signed)
        except Refused as refusal:
            return _message_page(request, 400, Outcome.message(refusal.code), title)
        return _message_page(request, 200, Outcome.message(Outcome.CONFIRMED), title)
    message = None
    if vote.confirmed_at:
        message = Outcome.message(Outcome.CONFIRMED)
    elif vote.poll.has_closed():
        message = Outcome.message(Outcome.CLOSED)
    return _message_page(
        request, 200, message, title, vote=vote, can_confirm=not vote.poll.has_closed()
    )
