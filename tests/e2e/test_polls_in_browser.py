"""A visitor votes in a poll and answers a quiz on a public page, in Chromium, with and
without JavaScript; axe-core finds no violation on the page before and after."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from editorial.campaigns import polls_services as services
from editorial.campaigns.models import PollVote, PromotionEntry, QuizSubmission
from editorial.campaigns.polls_factories import make_poll, make_quiz
from tests.editorial.campaigns.contests_helpers import make_promotion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Kokią knygą skaityti kitą mėnesį?"
BOOKS = ("„Altorių šešėly“", "„Tas, kuris sugrįžta“", "„Silva rerum“")


def no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def poll_page(standard_page_factory, home_page):
    poll = make_poll(question=QUESTION, options=BOOKS)
    quiz = make_quiz(promotion=make_promotion(home_page))
    page = standard_page_factory(
        title="Skaitytojų klubas",
        body=[("poll", {"poll": poll}), ("quiz", {"quiz": quiz})],
    )
    return page, poll, quiz


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_visitor_votes_and_sees_the_results(browser, live_server, poll_page, javascript):
    page_record, poll, _quiz = poll_page
    options = list(poll.options.all())
    services.cast_vote(poll.pk, options[2].pk, token="earlier", address="10.0.0.1")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}{page_record.url}")
    expect(page.get_by_role("heading", name=QUESTION)).to_be_visible()
    if javascript:  # axe runs in the page: it needs JavaScript
        no_violations(page)

    page.get_by_label(BOOKS[1]).check()
    page.locator(f"#poll-{poll.pk} button[type=submit]").click()
    results = page.locator(f"#poll-{poll.pk} .poll-results")
    expect(results).to_be_visible()
    expect(results).to_contain_text(f"{BOOKS[1]}: 1")
    expect(results).to_contain_text(f"{BOOKS[2]}: 1")
    expect(page.locator(f"#poll-{poll.pk} [role=status]")).to_be_visible()
    if javascript:
        assert "?poll=" not in page.url  # answered in place
    else:
        assert f"?poll={poll.pk}&outcome=voted" in page.url
    if javascript:
        no_violations(page)
    assert PollVote.objects.filter(poll=poll).count() == 2

    # Voting again from the same browser is refused; the count stays.
    page.goto(f"{live_server.url}{page_record.url}")
    page.get_by_label(BOOKS[0]).check()
    page.locator(f"#poll-{poll.pk} button[type=submit]").click()
    expect(page.locator(f"#poll-{poll.pk} .poll-results")).to_be_visible()
    assert PollVote.objects.filter(poll=poll).count() == 2
    context.close()


def test_a_visitor_answers_the_quiz_and_enters_the_draw(browser, live_server, poll_page):
    page_record, _poll, quiz = poll_page
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}{page_record.url}")
    block = page.locator(f"#quiz-{quiz.pk}")
    block.get_by_label("10–16").check()
    block.get_by_label("3", exact=True).check()
    block.locator("input[name=draw]").check()
    block.locator("input[name=name]").fill("Ona Onaitė")
    block.locator("input[name=email]").fill("ona@example.lt")
    block.locator("input[name=consent_rules]").check()
    block.locator("input[name=consent_processing]").check()
    block.locator("button[type=submit]").click()
    score = page.locator(f"#quiz-{quiz.pk} .quiz-score")
    expect(score).to_be_visible()
    expect(score).to_contain_text("1")
    submission = QuizSubmission.objects.get(quiz=quiz)
    assert (submission.score, submission.max_score) == (1, 2)
    assert PromotionEntry.objects.get(promotion=quiz.promotion).email == "ona@example.lt"
    no_violations(page)
    context.close()
