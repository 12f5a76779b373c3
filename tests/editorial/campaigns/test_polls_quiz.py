"""Quizzes on public pages: the score after submitting, the opt-in draw entry (an
entry of the quiz's promotion, with its consents only), one answer per browser, bad
input saving nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from editorial.campaigns.contests_services import run_draw
from editorial.campaigns.models import PromotionEntry, QuizSubmission
from editorial.campaigns.polls_factories import make_quiz
from editorial.campaigns.polls_services import Outcome
from tests.editorial.campaigns.contests_helpers import make_promotion

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def quiz_page(standard_page_factory):
    def make(quiz):
        return standard_page_factory(title="Viktorina", body=[("quiz", {"quiz": quiz})])

    return make


@pytest.fixture
def promotion(home_page, specialist):
    return make_promotion(home_page, owner=specialist, title="Atspėk knygą")


OPT_IN = {"draw": "1", "consent_rules": "1", "consent_processing": "1"}


def answer(client, quiz, page, picks, **data):
    ids = [qid for qid, _text, _options in quiz.question_list()]
    body = {f"q-{qid}": str(pick) for qid, pick in zip(ids, picks, strict=False)}
    body["next"] = page.url
    body.update(data)
    return client.post(f"/viktorinos/{quiz.pk}/atsakyti/", body, HTTP_ORIGIN=ORIGIN)


def shown(client, response):
    return client.get(response["Location"]).content.decode()


def message(code):
    return str(Outcome.message(code))


def test_the_public_form_does_not_reveal_the_right_answers(client, quiz_page):
    quiz = make_quiz()
    body = client.get(quiz_page(quiz).url).content.decode()
    assert "Kada biblioteka dirba šeštadieniais?" in body
    assert "correct" not in body and "csrfmiddlewaretoken" not in body


def test_the_score_is_shown_after_submitting(client, quiz_page):
    quiz = make_quiz()
    page = quiz_page(quiz)
    response = answer(client, quiz, page, [1, 0])  # right, wrong
    assert response.status_code == 303
    assert f"?quiz={quiz.pk}&outcome=answered" in response["Location"]
    submission = QuizSubmission.objects.get()
    assert (submission.score, submission.max_score) == (1, 2)
    body = shown(client, response)
    assert message(Outcome.ANSWERED) in body
    assert 'class="quiz-score"' in body and "1" in body
    assert "5" in body.split('class="quiz-review"')[1]  # the right answer of question 2


def test_a_second_submission_from_the_same_browser_keeps_the_first(client, quiz_page):
    quiz = make_quiz()
    page = quiz_page(quiz)
    answer(client, quiz, page, [1, 1])
    response = answer(client, quiz, page, [0, 0])
    assert "outcome=quiz_duplicate" in response["Location"]
    assert list(QuizSubmission.objects.values_list("score", flat=True)) == [2]


def test_an_unanswered_or_forged_answer_is_refused_and_nothing_saved(client, quiz_page):
    quiz = make_quiz()
    page = quiz_page(quiz)
    for picks in ([1], [1, 9], [1, "<script>"]):
        response = answer(client, quiz, page, picks)
        assert "outcome=unanswered" in response["Location"]
    assert message(Outcome.UNANSWERED) in shown(client, response)
    assert not QuizSubmission.objects.exists()


def test_a_closed_quiz_or_a_forged_id_is_refused(client, quiz_page):
    quiz = make_quiz(closes_at=timezone.now() - timedelta(minutes=1))
    page = quiz_page(quiz)
    response = answer(client, quiz, page, [1, 1])
    assert "outcome=quiz_closed" in response["Location"]
    forged = client.post("/viktorinos/424242/atsakyti/", {"next": page.url}, HTTP_ORIGIN=ORIGIN)
    assert forged.status_code == 404 and message(Outcome.UNKNOWN) in forged.content.decode()
    cross = client.post(f"/viktorinos/{quiz.pk}/atsakyti/", {}, HTTP_ORIGIN="https://x.example")
    assert cross.status_code == 403
    assert not QuizSubmission.objects.exists()


def test_an_opt_in_enters_the_promotion_and_its_draw_can_draw_it(
    client, quiz_page, promotion, head
):
    quiz = make_quiz(title="Ar pažįstate biblioteką?", promotion=promotion)
    page = quiz_page(quiz)
    form = client.get(page.url).content.decode()
    assert 'name="consent_rules"' in form and f'href="{promotion.url}"' in form
    response = answer(
        client, quiz, page, [1, 0], name="Ona Onaitė", email=" Ona@Example.lt ", **OPT_IN
    )
    assert "outcome=answered_draw" in response["Location"]
    assert message(Outcome.ANSWERED_DRAW) in shown(client, response)
    entry = PromotionEntry.objects.get()
    assert (entry.promotion_id, entry.name, entry.email_key) == (
        promotion.pk, "Ona Onaitė", "ona@example.lt",
    )  # fmt: skip
    assert entry.consent_rules and entry.consent_processing
    # The site speaks Lithuanian, so the score is written in Lithuanian.
    assert entry.answer == "Viktorina „Ar pažįstate biblioteką?“: 1 iš 2"
    assert QuizSubmission.objects.get().score == 1
    # The promotion's own draw, run by its head once it has closed, draws the entry.
    with time_machine.travel(promotion.closes_at + timedelta(hours=1)):
        record = run_draw(head, promotion)
    assert record.entry_ids == [entry.pk] and record.winner_ids == [entry.pk]


def test_the_entrys_answer_is_in_the_entrants_language(client, quiz_page, promotion):
    quiz = make_quiz(title="Viktorina", promotion=promotion)
    page = quiz_page(quiz)
    answer(client, quiz, page, [1, 1], name="Ona", email="ona@example.lt", **OPT_IN,
           HTTP_ACCEPT_LANGUAGE="lt")  # fmt: skip
    assert PromotionEntry.objects.get().answer == "Viktorina „Viktorina“: 2 iš 2"


def test_without_opting_in_nothing_personal_is_kept(client, quiz_page, promotion):
    quiz = make_quiz(promotion=promotion)
    page = quiz_page(quiz)
    response = answer(client, quiz, page, [1, 1], name="Ona", email="ona@example.lt",
                      consent_rules="1", consent_processing="1")  # fmt: skip
    assert "outcome=answered#" in response["Location"]
    assert QuizSubmission.objects.count() == 1
    assert not PromotionEntry.objects.exists()


def test_no_promotion_no_opt_in_and_a_forged_one_saves_nothing(client, quiz_page):
    quiz = make_quiz()
    page = quiz_page(quiz)
    assert 'name="draw"' not in client.get(page.url).content.decode()
    response = answer(client, quiz, page, [1, 1], name="Ona", email="ona@example.lt", **OPT_IN)
    assert "outcome=no_draw" in response["Location"]
    assert message(Outcome.NO_DRAW) in shown(client, response)
    assert not QuizSubmission.objects.exists() and not PromotionEntry.objects.exists()


@pytest.mark.parametrize(
    "opens, closes, live, code",
    [
        (-10, -1, True, Outcome.DRAW_CLOSED),
        (1, 10, True, Outcome.DRAW_NOT_OPEN),
        (-1, 10, False, Outcome.NO_DRAW),
    ],
)
def test_a_promotion_not_taking_entries_is_not_offered_and_refused(
    client, quiz_page, home_page, specialist, opens, closes, live, code
):
    now = timezone.now()
    promotion = make_promotion(
        home_page, owner=specialist,
        opens=now + timedelta(days=opens), closes=now + timedelta(days=closes),
    )  # fmt: skip
    if not live:
        promotion.unpublish()
    quiz = make_quiz(promotion=promotion)
    page = quiz_page(quiz)
    assert 'name="draw"' not in client.get(page.url).content.decode()
    response = answer(client, quiz, page, [1, 1], name="Ona", email="ona@example.lt", **OPT_IN)
    assert f"outcome={code}#" in response["Location"]
    assert message(code) in shown(client, response)
    assert not QuizSubmission.objects.exists() and not PromotionEntry.objects.exists()


def test_a_promotion_closing_while_the_form_is_open_refuses_the_entry(client, quiz_page, promotion):
    quiz = make_quiz(promotion=promotion, closes_at=promotion.closes_at + timedelta(days=7))
    page = quiz_page(quiz)
    with time_machine.travel(promotion.closes_at + timedelta(minutes=1)):
        response = answer(client, quiz, page, [1, 1], name="Ona", email="o@example.lt", **OPT_IN)
    assert "outcome=draw_closed" in response["Location"]
    assert not QuizSubmission.objects.exists() and not PromotionEntry.objects.exists()


@pytest.mark.parametrize(
    "data, code",
    [
        ({"name": "Ona", "email": "ona@example.lt", "consent_processing": "1"}, Outcome.DRAW_RULES),
        ({"name": "Ona", "email": "ona@example.lt", "consent_rules": "1"}, Outcome.DRAW_PROCESSING),
        ({"name": "", "email": "ona@example.lt"}, Outcome.NAME_NEEDED),
        ({"name": "Ona", "email": "ne-adresas"}, Outcome.BAD_EMAIL),
        ({"name": "<script>alert(1)</script>", "email": "ona@example.lt"}, Outcome.MARKUP),
    ],
)
def test_a_bad_draw_entry_is_refused_and_nothing_saved(client, quiz_page, promotion, data, code):
    quiz = make_quiz(promotion=promotion)
    page = quiz_page(quiz)
    consents = {"consent_rules": "1", "consent_processing": "1"}
    if code in (Outcome.DRAW_RULES, Outcome.DRAW_PROCESSING):
        consents = {}
    response = answer(client, quiz, page, [1, 1], draw="1", **{**consents, **data})
    assert f"outcome={code}" in response["Location"]
    body = shown(client, response)
    assert message(code) in body and "<script>alert(1)" not in body
    assert not QuizSubmission.objects.exists() and not PromotionEntry.objects.exists()


def test_one_promotion_entry_per_normalised_email(client, quiz_page, promotion):
    quiz = make_quiz(promotion=promotion)
    page = quiz_page(quiz)
    answer(client, quiz, page, [1, 1], name="Ona", email="ona@example.lt", **OPT_IN)
    other = type(client)()
    response = answer(other, quiz, page, [1, 1], name="Ona", email="ONA@example.lt ", **OPT_IN)
    assert "outcome=draw_email_used" in response["Location"]
    body = shown(other, response)
    # The promotion's own message, in Lithuanian.
    assert "Anketa su šiuo el. pašto adresu jau gauta." in body
    assert PromotionEntry.objects.count() == 1 and QuizSubmission.objects.count() == 1


def test_a_person_who_entered_the_promotion_directly_is_not_entered_twice(
    client, quiz_page, promotion
):
    from editorial.campaigns.contests_services import submit_entry

    submit_entry(promotion, name="Ona", email="ona@gmail.com", answer="„Metai“",
                 consent_rules=True, consent_processing=True)  # fmt: skip
    quiz = make_quiz(promotion=promotion)
    page = quiz_page(quiz)
    response = answer(client, quiz, page, [1, 1], name="Ona", email="O.na+k@gmail.com", **OPT_IN)
    assert "outcome=draw_email_used" in response["Location"]
    assert PromotionEntry.objects.count() == 1 and not QuizSubmission.objects.exists()


def test_the_demo_quiz_offers_the_draw_of_the_open_demo_promotion(client):
    import io

    from django.core.management import call_command

    from editorial.campaigns import demo_contests, demo_polls
    from editorial.campaigns.models import Quiz

    call_command("load_demo", force=True, stdout=io.StringIO())
    quiz = Quiz.objects.get(title=demo_polls.QUIZ_TITLE)
    assert demo_contests.OPEN["title"] == demo_polls.PROMOTION_TITLE
    assert quiz.open_promotion().title == demo_contests.OPEN["title"]
