"""Test and benchmark helpers: polls with options, quizzes with questions."""

from datetime import timedelta

from django.utils import timezone

from .models import Poll, PollOption, Quiz


def make_poll(question="Kokią knygą skaityti kitą mėnesį?", options=("A", "B", "C"), **fields):
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(hours=1))
    fields.setdefault("closes_at", now + timedelta(days=7))
    poll = Poll.objects.create(question=question, **fields)
    for order, label in enumerate(options):
        PollOption.objects.create(poll=poll, label=label, sort_order=order)
    return poll


def make_quiz(title="Ar pažįstate biblioteką?", questions=None, **fields):
    """`questions`: [(text, [(label, correct), ...]), ...]."""
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(hours=1))
    fields.setdefault("closes_at", now + timedelta(days=7))
    questions = questions or [
        ("Kada biblioteka dirba šeštadieniais?", [("9–19", False), ("10–16", True)]),
        ("Kiek skyrių turi biblioteka?", [("3", False), ("5", True), ("7", False)]),
    ]
    stream = [
        ("question", {"text": text, "options": [
            {"label": label, "correct": correct} for label, correct in options
        ]})
        for text, options in questions
    ]  # fmt: skip
    return Quiz.objects.create(title=title, questions=stream, **fields)
