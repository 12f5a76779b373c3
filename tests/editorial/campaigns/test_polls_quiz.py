"""Quizzes on public pages: the score after submitting, the opt-in draw entry (with
consent only), one answer per browser, bad input saving nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.campaigns.models import QuizDrawEntry, QuizSubmission
from editorial.campaigns.polls_factories import make_quiz
from editorial.campaigns.polls_services import Outcome

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def quiz_page(standard_page_factory):
    def make(quiz):
        return standard_page_factory(title="Viktorina", body=[("quiz", {"quiz": quiz})])

    return make


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


def test_an_opt_in_with_consent_enters_the_draw(client, quiz_page):
    quiz = make_quiz(draw=True, draw_rules="Prizas – knyga.")
    page = quiz_page(quiz)
    assert "Prizas – knyga." in client.get(page.url).content.decode()
    response = answer(
        client, quiz, page, [1, 1], draw="1", name="Ona Onaitė",
        email=" Ona@Example.lt ", consent="1",
    )  # fmt: skip
    assert "outcome=answered" in response["Location"]
    entry = QuizDrawEntry.objects.get()
    assert (entry.name, entry.email_normalised) == ("Ona Onaitė", "ona@example.lt")
    assert entry.consent_at is not None and entry.submission.score == 2


def test_without_opting_in_nothing_personal_is_kept(client, quiz_page):
    quiz = make_quiz(draw=True)
    page = quiz_page(quiz)
    answer(client, quiz, page, [1, 1], name="Ona", email="ona@example.lt", consent="1")
    assert QuizSubmission.objects.count() == 1
    assert not QuizDrawEntry.objects.exists()


def test_a_quiz_without_a_draw_keeps_no_entry_even_if_one_is_posted(client, quiz_page):
    quiz = make_quiz(draw=False)
    page = quiz_page(quiz)
    answer(client, quiz, page, [1, 1], draw="1", name="Ona", email="ona@example.lt", consent="1")
    assert not QuizDrawEntry.objects.exists()


@pytest.mark.parametrize(
    "data, code",
    [
        ({"name": "Ona", "email": "ona@example.lt"}, Outcome.CONSENT_NEEDED),
        ({"name": "", "email": "ona@example.lt", "consent": "1"}, Outcome.NAME_NEEDED),
        ({"name": "Ona", "email": "ne-adresas", "consent": "1"}, Outcome.BAD_EMAIL),
        (
            {"name": "<script>alert(1)</script>", "email": "ona@example.lt", "consent": "1"},
            Outcome.MARKUP,
        ),
    ],
)
def test_a_bad_draw_entry_is_refused_and_nothing_saved(client, quiz_page, data, code):
    quiz = make_quiz(draw=True)
    page = quiz_page(quiz)
    response = answer(client, quiz, page, [1, 1], draw="1", **data)
    assert f"outcome={code}" in response["Location"]
    body = shown(client, response)
    assert message(code) in body and "<script>alert(1)" not in body
    assert not QuizSubmission.objects.exists() and not QuizDrawEntry.objects.exists()


def test_one_draw_entry_per_normalised_email(client, quiz_page):
    quiz = make_quiz(draw=True)
    page = quiz_page(quiz)
    entry = {"draw": "1", "name": "Ona", "consent": "1"}
    answer(client, quiz, page, [1, 1], email="ona@example.lt", **entry)
    response = answer(type(client)(), quiz, page, [1, 1], email="ONA@example.lt ", **entry)
    assert "outcome=draw_email_used" in response["Location"]
    assert QuizDrawEntry.objects.count() == 1 and QuizSubmission.objects.count() == 1
