"""Polls on public pages: the form on a cached page, one vote per person, results
visibility, the confirmed e-mail flow and bad input (nothing saved)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from editorial.campaigns import polls_services as services
from editorial.campaigns.models import PollAddressQuota, PollVote
from editorial.campaigns.polls_factories import make_poll
from editorial.campaigns.polls_services import Outcome

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def mails_sent(django_capture_on_commit_callbacks):
    """The confirmation is sent once the vote commits; run those callbacks."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def poll_page(standard_page_factory):
    def make(poll, title="Skaitytojų klubas"):
        return standard_page_factory(title=title, body=[("poll", {"poll": poll})])

    return make


def vote(client, poll, option, page=None, **extra):
    data = {"option": option.pk if hasattr(option, "pk") else option}
    if page is not None:
        data["next"] = page.url
    data.update(extra.pop("data", {}))
    extra.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post(f"/apklausos/{poll.pk}/balsuoti/", data, **extra)


def counted(poll):
    rows, total = services.poll_results(poll)
    return [votes for _option, votes, _percent in rows], total


def text(response):
    return response.content.decode()


def message(code):
    return str(Outcome.message(code))


def test_the_form_has_no_csrf_token_and_the_page_stays_cacheable(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    first = client.get(page.url)
    assert first.status_code == 200
    assert f'action="/apklausos/{poll.pk}/balsuoti/"' in text(first)
    assert "csrfmiddlewaretoken" not in text(first)
    assert not first.cookies
    assert first["Cache-Control"] == "public, no-cache"
    assert 'src="/static/campaigns/polls.js"' in text(first)


def test_a_vote_is_counted_and_its_results_shown_to_the_voter(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    option = poll.options.all()[1]
    response = vote(client, poll, option, page)
    assert response.status_code == 303
    assert response["Location"] == f"{page.url}?poll={poll.pk}&outcome=voted#poll-{poll.pk}"
    assert "sklaida_voter" in response.cookies
    assert response.cookies["sklaida_voter"]["httponly"]
    assert response.cookies["sklaida_voter"]["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]
    assert counted(poll) == ([0, 1, 0], 1)

    shown = client.get(response["Location"])
    assert message(Outcome.VOTED) in text(shown)
    assert 'class="poll-results"' in text(shown)
    assert "<form" not in text(shown).split(f'id="poll-{poll.pk}"')[1].split("</section>")[0]
    # The plain page (the cached copy everyone gets) shows no one's results.
    plain = client.get(page.url)
    assert 'class="poll-results"' not in text(plain)


def test_a_second_vote_from_the_same_browser_is_refused_and_not_counted(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    first, second = poll.options.all()[:2]
    vote(client, poll, first, page)
    response = vote(client, poll, second, page)
    assert response["Location"].startswith(f"{page.url}?poll={poll.pk}&outcome=duplicate")
    assert message(Outcome.DUPLICATE) in text(client.get(response["Location"]))
    assert counted(poll) == ([1, 0, 0], 1)
    assert PollAddressQuota.objects.get(poll=poll).votes == 1


def test_a_forged_voter_cookie_is_a_new_browser_not_someone_else(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    vote(client, poll, poll.options.first(), page)
    stolen = PollVote.objects.get().token
    other = type(client)()
    other.cookies["sklaida_voter"] = stolen  # unsigned: not accepted as that voter
    vote(other, poll, poll.options.first(), page)
    assert PollVote.objects.count() == 2
    assert PollVote.objects.exclude(token=stolen).count() == 1


def test_results_after_closing_are_hidden_from_voters_until_the_poll_closes(client, poll_page):
    poll = make_poll(results="after_closing")
    page = poll_page(poll)
    response = vote(client, poll, poll.options.first(), page)
    shown = text(client.get(response["Location"]))
    assert message(Outcome.VOTED) in shown
    assert 'class="poll-results"' not in shown
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save()
    everyone = text(type(client)().get(page.url))
    assert 'class="poll-results"' in everyone
    assert "<form" not in everyone.split(f'id="poll-{poll.pk}"')[1]


def test_saving_a_poll_purges_the_cached_pages(client, poll_page):
    poll = make_poll(question="Senas klausimas")
    page = poll_page(poll)
    assert "Senas klausimas" in text(client.get(page.url))
    poll.question = "Naujas klausimas"
    poll.save()
    assert "Naujas klausimas" in text(client.get(page.url))


@pytest.mark.parametrize(
    "closes, opens, code",
    [(-1, -2, Outcome.CLOSED), (5, 1, Outcome.NOT_OPEN)],
)
def test_a_vote_outside_the_period_is_refused_and_nothing_saved(
    client, poll_page, closes, opens, code
):
    now = timezone.now()
    poll = make_poll(opens_at=now + timedelta(hours=opens), closes_at=now + timedelta(hours=closes))
    page = poll_page(poll)
    response = vote(client, poll, poll.options.first(), page)
    assert f"outcome={code}" in response["Location"]
    assert message(code) in text(client.get(response["Location"]))
    assert not PollVote.objects.exists() and not PollAddressQuota.objects.exists()


def test_a_forged_poll_id_is_refused_clearly_and_nothing_saved(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    response = client.post(
        "/apklausos/999999/balsuoti/",
        {"option": poll.options.first().pk, "next": page.url},
        HTTP_ORIGIN=ORIGIN,
    )
    assert response.status_code == 404
    assert message(Outcome.UNKNOWN) in text(response)
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("fragment", [False, True])
def test_a_forged_poll_id_with_a_bad_option_is_refused_not_an_error(client, fragment):
    headers = {"HTTP_ORIGIN": ORIGIN}
    if fragment:
        headers["HTTP_X_SKLAIDA_FRAGMENT"] = "1"
    response = client.post("/apklausos/999999/balsuoti/", {"option": "abc"}, **headers)
    assert response.status_code == 404
    assert message(Outcome.UNKNOWN) in text(response)
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("option", ["", "abc", "<script>alert(1)</script>", "other-poll"])
def test_a_bad_option_is_refused_and_nothing_saved(client, poll_page, option):
    poll = make_poll()
    page = poll_page(poll)
    if option == "other-poll":
        option = make_poll(question="Kita").options.first().pk
    response = vote(client, poll, option, page)
    assert "outcome=bad_option" in response["Location"]
    shown = text(client.get(response["Location"]))
    assert message(Outcome.BAD_OPTION) in shown
    assert "<script>alert(1)" not in shown
    assert not PollVote.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://kitas.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://kitas.example/puslapis/"},
        {},
    ],
)
def test_a_post_from_another_site_is_refused_and_nothing_saved(client, poll_page, headers):
    poll = make_poll()
    page = poll_page(poll)
    response = client.post(
        f"/apklausos/{poll.pk}/balsuoti/",
        {"option": poll.options.first().pk, "next": page.url},
        **headers,
    )
    assert response.status_code == 403
    assert not PollVote.objects.exists()


def test_a_same_site_referer_without_origin_is_accepted(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    response = client.post(
        f"/apklausos/{poll.pk}/balsuoti/",
        {"option": poll.options.first().pk, "next": page.url},
        HTTP_REFERER=f"{ORIGIN}{page.url}",
    )
    assert response.status_code == 303
    assert PollVote.objects.count() == 1


def test_an_unsafe_next_address_is_not_followed(client, poll_page):
    poll = make_poll()
    poll_page(poll)
    response = vote(client, poll, poll.options.first(), data={"next": "https://kitas.example/"})
    assert response.status_code == 200
    assert message(Outcome.VOTED) in text(response)


def test_each_address_is_limited_by_the_setting(client, poll_page, settings):
    settings.POLL_VOTES_PER_ADDRESS = 2
    poll = make_poll()
    page = poll_page(poll)
    codes = [
        vote(type(client)(), poll, poll.options.first(), page, REMOTE_ADDR="10.0.0.7")["Location"]
        for _ in range(3)
    ]
    assert ["outcome=voted" in c for c in codes] == [True, True, False]
    assert "outcome=address_limit" in codes[2]
    assert counted(poll)[1] == 2
    # Another address still votes; no address is stored in the clear.
    vote(type(client)(), poll, poll.options.first(), page, REMOTE_ADDR="10.0.0.8")
    assert counted(poll)[1] == 3
    assert not PollVote.objects.filter(address__contains="10.0.0").exists()


def test_the_address_is_hashed_per_poll(client, poll_page):
    first, second = make_poll(), make_poll(question="Kita")
    for poll in (first, second):
        vote(client, poll, poll.options.first(), poll_page(poll))
    assert len(set(PollVote.objects.values_list("address", flat=True))) == 2


def test_the_script_gets_the_block_as_a_fragment(client, poll_page):
    poll = make_poll()
    page = poll_page(poll)
    response = vote(client, poll, poll.options.first(), page, HTTP_X_SKLAIDA_FRAGMENT="1")
    assert response.status_code == 200
    assert response["X-Sklaida-Fragment"] == "1"
    assert text(response).lstrip().startswith("<section")
    assert 'class="poll-results"' in text(response)
    refused = vote(client, poll, poll.options.first(), page, HTTP_X_SKLAIDA_FRAGMENT="1")
    assert refused.status_code == 200  # a duplicate: the earlier vote stands
    assert message(Outcome.DUPLICATE) in text(refused)
    bad = vote(type(client)(), poll, "x", page, HTTP_X_SKLAIDA_FRAGMENT="1")
    assert bad.status_code == 400 and message(Outcome.BAD_OPTION) in text(bad)


def test_the_question_and_answers_are_escaped(client, poll_page):
    poll = make_poll(question="<script>alert(1)</script>", options=("<b>A</b>", "B"))
    body = text(client.get(poll_page(poll).url))
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body
    assert "<b>A</b>" not in body


def test_get_is_not_a_vote(client):
    poll = make_poll()
    assert client.get(f"/apklausos/{poll.pk}/balsuoti/").status_code == 405
    assert not PollVote.objects.exists()


# Polls that decide something: a confirmed e-mail address -------------------------------


def _link(message_body):
    return re.search(r"http://testserver(/apklausos/patvirtinti/[^/\s]+/)", message_body).group(1)


def test_a_deciding_poll_counts_a_vote_only_once_its_email_is_confirmed(
    client, poll_page, mails_sent
):
    poll = make_poll(mode="confirmed_email")
    page = poll_page(poll)
    assert 'type="email"' in text(client.get(page.url))
    response = mails_sent(
        vote, client, poll, poll.options.first(), page, data={"email": " Ona@Example.LT "}
    )
    assert "outcome=pending" in response["Location"]
    assert counted(poll)[1] == 0
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["Ona@Example.LT"]  # as typed; the person is matched normalised
    assert poll.question in letter.subject
    link = _link(letter.body)

    shown = client.get(link)  # opening the link (a mail scanner too) confirms nothing
    assert shown.status_code == 200 and "<form" in text(shown)
    assert counted(poll)[1] == 0
    confirmed = client.post(link)
    assert message(Outcome.CONFIRMED) in text(confirmed)
    assert counted(poll) == ([1, 0, 0], 1)
    client.post(link)  # twice: still one
    assert counted(poll)[1] == 1
    assert not PollVote.objects.filter(email_digest__contains="ona").exists()


@pytest.mark.parametrize(
    ("first", "second"),
    [("ona@example.lt", "ONA@example.lt"), ("ona.petraite@gmail.com", "onapetraite+2@gmail.com")],
)
def test_one_vote_per_normalised_email_even_from_another_browser(
    client, poll_page, mails_sent, first, second
):
    poll = make_poll(mode="confirmed_email")
    page = poll_page(poll)
    mails_sent(vote, client, poll, poll.options.first(), page, data={"email": first})
    other = mails_sent(
        vote, type(client)(), poll, poll.options.last(), page, data={"email": second}
    )
    assert "outcome=email_used" in other["Location"]
    assert PollVote.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("email", ["", "ne-adresas", "<script>@x"])
def test_a_deciding_poll_refuses_a_bad_email_and_saves_nothing(
    client, poll_page, mails_sent, email
):
    poll = make_poll(mode="confirmed_email")
    response = mails_sent(
        vote, client, poll, poll.options.first(), poll_page(poll), data={"email": email}
    )
    assert "outcome=bad_email" in response["Location"]
    assert not PollVote.objects.exists() and not mail.outbox


def test_a_bad_or_late_confirmation_link_is_refused(client, poll_page, mails_sent):
    poll = make_poll(mode="confirmed_email")
    mails_sent(
        vote, client, poll, poll.options.first(), poll_page(poll), data={"email": "ona@example.lt"}
    )
    link = _link(mail.outbox[0].body)
    bad = client.get(link[:-3] + "xx/")
    assert bad.status_code == 404 and message(Outcome.BAD_LINK) in text(bad)
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save()
    late = client.post(link)
    assert late.status_code == 400 and message(Outcome.CLOSED) in text(late)
    assert counted(poll)[1] == 0


def test_the_results_are_counted_with_a_constant_number_of_queries(
    django_assert_max_num_queries,
):
    for votes in (1, 30):
        poll = make_poll(question=f"Apklausa {votes}")
        options = list(poll.options.all())
        for number in range(votes):
            services.cast_vote(
                poll.pk, options[number % 3].pk, token=f"t{number}", address=f"a{number}"
            )
        with django_assert_max_num_queries(2):
            rows, total = services.poll_results(poll)
        assert total == votes


def test_a_vote_costs_a_few_queries(django_assert_max_num_queries):
    poll = make_poll()
    option = poll.options.first()
    with django_assert_max_num_queries(5):  # option+poll, savepoint/insert, quota, release
        services.cast_vote(poll.pk, option.pk, token="t", address="a")
