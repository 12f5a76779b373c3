"""Poll and quiz registers and results in the admin: who sees and exports what, query
budgets at 1 and 30 rows, refused actions changing nothing."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms import roles
from editorial.campaigns import polls_services as services
from editorial.campaigns.models import Poll, PromotionEntry, Quiz
from editorial.campaigns.polls_factories import make_poll, make_quiz
from tests.editorial.campaigns.contests_helpers import make_promotion

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
ROLES = [S, H, A, OD, "anonymous"]
# Measured at 1 row, held at 30 (the same budget for both).
LIST_BUDGET = 14
QUIZ_RESULTS_BUDGET = 24  # seen by a head: the menu counts their moderation queue
POLL_RESULTS_BUDGET = 16


def served(response):
    return response.status_code == 200


def with_votes(poll, picks):
    options = list(poll.options.all())
    for number, index in enumerate(picks):
        services.cast_vote(poll.pk, options[index].pk, token=f"t{number}", address=f"a{number}")
    return poll


def with_entries(quiz, count):
    """`count` answers; each also a promotion entry when the quiz has a promotion."""
    picks = {qid: "1" for qid, _t, _o in quiz.question_list()}
    for number in range(count):
        draw = None
        if quiz.promotion_id:
            draw = {"name": f"=Dalyvis {number}", "email": f"d{number}@example.lt",
                    "consent_rules": True, "consent_processing": True}  # fmt: skip
        services.answer_quiz(quiz.pk, picks, token=f"q{number}", draw=draw)
    return quiz


@pytest.mark.parametrize(
    "role, sees", [(S, True), (H, True), (A, True), (OD, False), ("anonymous", False)]
)
def test_results_and_export_are_for_the_department_and_administration(
    role, sees, role_users, client_for, home_page
):
    poll = with_votes(make_poll(question="Slapta apklausa"), [0, 1, 1])
    promotion = make_promotion(home_page, title="Žaidimas")
    quiz = with_entries(make_quiz(title="Slapta viktorina", promotion=promotion), 2)
    client = client_for(role_users[role])
    for name, pk in [
        ("campaigns_poll_results", poll.pk),
        ("campaigns_poll_export", poll.pk),
        ("campaigns_quiz_results", quiz.pk),
        ("campaigns_quiz_export", quiz.pk),
    ]:
        response = client.get(reverse(name, args=[pk]))
        assert served(response) is sees, (name, response.status_code)
        if not sees:
            body = response.content.decode(errors="replace")
            assert "Slapta" not in body


def test_the_poll_results_count_exactly_and_export_them(specialist, client_for):
    poll = with_votes(make_poll(options=("Pirma", "Antra", "Trečia")), [0, 1, 1, 2, 1])
    client = client_for(specialist)
    page = client.get(reverse("campaigns_poll_results", args=[poll.pk])).content.decode()
    assert "Antra</td><td>3</td><td>60 %" in page
    response = client.get(reverse("campaigns_poll_export", args=[poll.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert ("Antra", 3, 60) in rows
    assert book.worksheets[1].max_row == 1 + 5


def test_quiz_results_name_no_entrant_and_point_to_the_promotions_draw(
    role_users, client_for, home_page
):
    """The public's names and addresses are the promotion's (its draw, export and
    retention); the quiz's results and export carry none of them."""
    promotion = make_promotion(home_page, title="Atspėk knygą")
    quiz = with_entries(make_quiz(promotion=promotion), 2)
    assert PromotionEntry.objects.filter(promotion=promotion).count() == 2
    for role in (S, H, A):
        client = client_for(role_users[role])
        page = client.get(reverse("campaigns_quiz_results", args=[quiz.pk])).content.decode()
        assert "d1@example.lt" not in page and "Dalyvis" not in page, role
        assert reverse("campaigns_promotion_draw", args=[promotion.pk]) in page, role
        export = client.get(reverse("campaigns_quiz_export", args=[quiz.pk]))
        book = load_workbook(io.BytesIO(export.content))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                 for c in row]  # fmt: skip
        assert len(book.worksheets) == 1 and not any("example.lt" in str(c) for c in cells)


def test_the_editor_offers_the_promotion_and_deleting_it_keeps_the_quiz(
    specialist, client_for, home_page
):
    promotion = make_promotion(home_page, title="Atspėk knygą")
    quiz = make_quiz(promotion=promotion)
    form = client_for(specialist).get(
        reverse("wagtailsnippets_campaigns_quiz:edit", args=[quiz.pk])
    )
    assert 'name="promotion"' in form.content.decode()
    promotion.delete()
    quiz.refresh_from_db()
    assert quiz.promotion is None and quiz.open_promotion() is None


@pytest.mark.parametrize("role, may", [(S, True), (H, True), (A, False), (OD, False)])
def test_who_may_change_a_poll_and_a_refusal_changes_nothing(role, may, role_users, client_for):
    poll = make_poll(question="Senas klausimas", options=("A", "B"))
    options = list(poll.options.all())
    data = nested_form_data(
        {
            "question": "Naujas klausimas",
            "description": "",
            "options": inline_formset(
                [{"id": o.pk, "label": o.label, "ORDER": i} for i, o in enumerate(options)],
                initial=2,
            ),
            "opens_at": poll.opens_at.strftime("%Y-%m-%d %H:%M"),
            "closes_at": "",
            "results": "after_voting",
            "mode": "anonymous",
        }
    )
    url = reverse("wagtailsnippets_campaigns_poll:edit", args=[poll.pk])
    response = client_for(role_users[role]).post(url, data)
    poll.refresh_from_db()
    assert (poll.question == "Naujas klausimas") is may, response.status_code
    if not may:
        assert poll.question == "Senas klausimas" and poll.options.count() == 2


@pytest.mark.parametrize("role, may", [(S, False), (H, True), (A, False), (OD, False)])
def test_only_the_head_deletes_a_poll(role, may, role_users, client_for):
    poll = with_votes(make_poll(), [0])
    url = reverse("wagtailsnippets_campaigns_poll:delete", args=[poll.pk])
    client_for(role_users[role]).post(url)
    assert Poll.objects.filter(pk=poll.pk).exists() is not may


def test_a_poll_needs_two_answers_and_a_sane_period(specialist, client_for):
    data = nested_form_data(
        {
            "question": "Be atsakymų",
            "description": "",
            "options": inline_formset([{"label": "Vienintelis", "ORDER": 0}]),
            "opens_at": "2026-12-10 10:00",
            "closes_at": "2026-12-01 10:00",
            "results": "after_voting",
            "mode": "anonymous",
        }
    )
    response = client_for(specialist).post(reverse("wagtailsnippets_campaigns_poll:add"), data)
    assert response.status_code == 200
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["wagtailsnippets_campaigns_poll:list", "wagtailsnippets_campaigns_quiz:list"]
)
def test_the_registers_cost_the_same_at_1_and_30_rows(
    url_name, specialist, client_for, django_assert_max_num_queries
):
    client = client_for(specialist)
    client.get(reverse(url_name))  # warm caches (content types, permissions)
    for rows in (1, 30):
        for number in range(rows - Poll.objects.count() if "poll" in url_name else 0):
            with_votes(make_poll(question=f"Apklausa {number}"), [0, 1])
        if "quiz" in url_name:
            for number in range(rows - Quiz.objects.count()):
                with_entries(make_quiz(title=f"Viktorina {number}"), 1)
        with django_assert_max_num_queries(LIST_BUDGET):
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        links = re.findall(
            r'href="/admin/(?:polls|quizzes)/\d+/results/"', response.content.decode()
        )
        assert len(links) == min(rows, 25)


def test_the_quiz_results_cost_the_same_at_1_and_30_entries(
    head, client_for, django_assert_max_num_queries, home_page
):
    quiz = make_quiz(promotion=make_promotion(home_page))
    client = client_for(head)
    url = reverse("campaigns_quiz_results", args=[quiz.pk])
    client.get(url)
    for entries in (1, 30):
        with_entries_from = PromotionEntry.objects.count()
        picks = {qid: "1" for qid, _t, _o in quiz.question_list()}
        for number in range(with_entries_from, entries):
            services.answer_quiz(
                quiz.pk, picks, token=f"e{number}",
                draw={"name": f"Dalyvis {number}", "email": f"e{number}@example.lt",
                      "consent_rules": True, "consent_processing": True},
            )  # fmt: skip
        with django_assert_max_num_queries(QUIZ_RESULTS_BUDGET):
            response = client.get(url)
        assert response.context["submissions"] == entries


def test_the_poll_results_cost_the_same_at_1_and_30_votes(
    specialist, client_for, django_assert_max_num_queries
):
    client = client_for(specialist)
    for votes in (1, 30):
        poll = with_votes(make_poll(question=f"Apklausa {votes}"), [n % 3 for n in range(votes)])
        url = reverse("campaigns_poll_results", args=[poll.pk])
        client.get(url)
        with django_assert_max_num_queries(POLL_RESULTS_BUDGET):
            assert client.get(url).status_code == 200
