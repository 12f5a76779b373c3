"""Demo poll and quiz (Lithuanian) on the library's home page, with a few votes and
answers. Idempotent: looked up by question and title; the blocks are added once."""

from datetime import timedelta

from django.utils import timezone

from . import polls_services as services
from .models import Poll, PollOption, PromotionPage, Quiz

QUESTION = "Kokią knygą skaityti kitą mėnesį?"
OPTIONS = [
    "„Altorių šešėly“, Vincas Mykolaitis-Putinas",
    "„Tas, kuris sugrįžta“, Jurga Vilė",
    "„Silva rerum“, Kristina Sabaliauskaitė",
]
DEMO_VOTES = [0, 0, 2, 1, 0, 2, 2]  # option indexes

QUIZ_TITLE = "Ar gerai pažįstate biblioteką?"
PROMOTION_TITLE = "Dovanų žaidimas: atspėk knygą"  # demo_contests.OPEN
QUIZ_QUESTIONS = [
    ("Kada biblioteka dirba šeštadieniais?", [("9–19 val.", False), ("10–16 val.", True),
                                              ("Nedirba", False)]),
    ("Kaip vadinasi penktadienio rubrika?", [("Archyvo lobiai", False),
                                             ("Knygų rekomendacija penktadieniais", True)]),
]  # fmt: skip


def build_polls(demo):
    now = timezone.now()
    poll = Poll.objects.filter(question=QUESTION).first()
    if poll is None:
        poll = Poll.objects.create(
            question=QUESTION,
            description="Skaitytojų klubas renkasi kito mėnesio knygą. Balsuoti galima kartą.",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
        )
        for order, label in enumerate(OPTIONS):
            PollOption.objects.create(poll=poll, label=label, sort_order=order)
        options = list(poll.options.all())
        for number, index in enumerate(DEMO_VOTES):
            services.cast_vote(
                poll.pk, options[index].pk, token=services.new_token(), address=f"demo-{number}"
            )
    quiz = Quiz.objects.filter(title=QUIZ_TITLE).first()
    if quiz is None:
        quiz = Quiz.objects.create(
            title=QUIZ_TITLE,
            intro="Du klausimai apie biblioteką. Teisingus atsakymus parodysime iškart.",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            questions=[
                ("question", {"text": text, "options": [
                    {"label": label, "correct": correct} for label, correct in options
                ]})
                for text, options in QUIZ_QUESTIONS
            ],
        )  # fmt: skip
        first = quiz.question_list()
        for picks in ([1, 1], [0, 1], [1, 0]):
            services.answer_quiz(
                quiz.pk,
                {qid: str(pick) for (qid, _t, _o), pick in zip(first, picks, strict=True)},
                token=services.new_token(),
            )
    # The quiz's prize draw is the open demo promotion's (demo_contests.py), found by
    # its title; without it the quiz simply offers no draw.
    promotion = PromotionPage.objects.filter(title=PROMOTION_TITLE).first()
    if promotion is not None and quiz.promotion_id != promotion.pk:
        quiz.promotion = promotion
        quiz.save(update_fields=["promotion"])
    _place_on_home_page(demo, poll, quiz)


def _place_on_home_page(demo, poll, quiz):
    home = demo.site.root_page.specific
    body = getattr(home, "body", None)
    if body is None or any(block.block_type == "poll" for block in body):
        return
    body.append(("poll", {"poll": poll}))
    body.append(("quiz", {"quiz": quiz}))
    home.save_revision().publish()
