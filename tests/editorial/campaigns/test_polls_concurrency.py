"""One vote per person under concurrency: threads racing against the real database
(each thread its own connection; PostgreSQL in CI, SQLite's lock on the default run)."""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from editorial.campaigns import polls_services as services
from editorial.campaigns.models import (
    PollAddressQuota,
    PollVote,
    PromotionEntry,
    QuizSubmission,
)
from editorial.campaigns.polls_factories import make_poll, make_quiz
from editorial.campaigns.polls_services import Refused
from tests.editorial.campaigns.contests_helpers import make_promotion

# serialized_rollback as every transactional test here: without it the flush after the test
# re-runs post_migrate (roles), and the next test that restores the database collides.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 12


def race(action, count=THREADS):
    """Run action(i) in `count` threads released together; their outcomes."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(number):
        try:
            barrier.wait()
            for _attempt in range(50):
                try:
                    action(number)
                    outcomes[number] = "accepted"
                    return
                except Refused as refusal:
                    outcomes[number] = refusal.code
                    return
                except OperationalError:  # SQLite: "database is locked"; try again
                    time.sleep(0.02)
            outcomes[number] = "gave up"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_the_same_browser_voting_at_once_is_counted_once():
    poll = make_poll()
    option = poll.options.first()
    outcomes = race(
        lambda n: services.cast_vote(poll.pk, option.pk, token="one-browser", address=f"a{n}")
    )
    assert outcomes.count("accepted") == 1
    assert outcomes.count("duplicate") == THREADS - 1
    assert PollVote.objects.count() == 1
    # The refused votes' quota rows were rolled back with them.
    assert sum(PollAddressQuota.objects.values_list("votes", flat=True)) == 1


def test_one_address_cannot_pass_its_limit_at_once(settings):
    settings.POLL_VOTES_PER_ADDRESS = 5
    poll = make_poll()
    option = poll.options.first()
    outcomes = race(
        lambda n: services.cast_vote(poll.pk, option.pk, token=f"b{n}", address="10.1.1.1")
    )
    assert outcomes.count("accepted") == 5
    assert outcomes.count("address_limit") == THREADS - 5
    assert PollVote.objects.count() == 5
    assert PollAddressQuota.objects.get().votes == 5


def test_one_email_voting_from_many_browsers_at_once_is_one_vote():
    poll = make_poll(mode="confirmed_email")
    option = poll.options.first()
    outcomes = race(
        lambda n: services.cast_vote(
            poll.pk, option.pk, token=f"c{n}", address=f"a{n}", email="Ona@example.lt"
        )
    )
    assert outcomes.count("accepted") == 1
    assert outcomes.count("email_used") == THREADS - 1
    assert PollVote.objects.count() == 1


def _home_page():
    """The home page, with the locale and the tree's root first if an earlier
    transactional test flushed what the migrations made."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(instance=HomePage(title="Biblioteka", slug="biblioteka"))
    return home


def test_one_promotion_entry_per_email_at_once():
    promotion = make_promotion(_home_page())
    quiz = make_quiz(promotion=promotion)
    picks = {qid: "1" for qid, _t, _o in quiz.question_list()}
    draw = {"name": "Ona", "email": "ona@example.lt", "consent_rules": True,
            "consent_processing": True}  # fmt: skip
    outcomes = race(lambda n: services.answer_quiz(quiz.pk, picks, token=f"d{n}", draw=draw))
    assert outcomes.count("accepted") == 1
    assert outcomes.count("draw_email_used") == THREADS - 1
    # The losers' answers were rolled back with their entries.
    assert PromotionEntry.objects.count() == 1 and QuizSubmission.objects.count() == 1
