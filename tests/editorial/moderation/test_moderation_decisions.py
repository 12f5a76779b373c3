"""The author sees each decision where they work; the moderator sees it confirmed."""

import re

import pytest
from django.urls import reverse

from editorial.social.factories import ChannelFactory, SocialPostFactory
from tests.lithuanian import lt

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_social_socialpost:list"
EDIT_URL = "wagtailsnippets_social_socialpost:edit"
ACTION_URL = "wagtailsnippets_social_socialpost:workflow_action"


@pytest.fixture
def post(specialist, django_capture_on_commit_callbacks):
    post = SocialPostFactory(
        title="Poezijos vakaras", channels=[ChannelFactory()], author=specialist
    )
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision(user=specialist)
        post.get_workflow().start(post, specialist)
    post.refresh_from_db()
    return post


@pytest.fixture
def decide(client_for, mail_queue, django_capture_on_commit_callbacks):
    """The head's click on the dashboard; returns the page the browser lands on next."""

    def run(user, post, action, comment=""):
        task_state = post.current_workflow_task_state
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse(ACTION_URL, args=(post.pk, action, task_state.pk)),
                {"comment": comment, "next": reverse("wagtailadmin_home")},
            )
        assert response.status_code == 302, response.content[:300]
        post.refresh_from_db()
        return client.get(response["Location"]).content.decode()

    return run


def state_in_list(client, title):
    raw = client.get(reverse(LIST_URL)).content.decode()
    start = raw.index(f">{title}<")
    row = raw[start : raw.index("</tr>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def state_in_side_panel(client, post):
    raw = client.get(reverse(EDIT_URL, args=[post.pk])).content.decode()
    match = re.search(r'class="moderation-state-label">([^<]*)<', raw)
    assert match, "the side panel shows no state"
    comment = re.search(r'class="w-help-text moderation-state-comment">([^<]*)<', raw)
    return match.group(1).strip(), comment.group(1).strip() if comment else ""


# --- the moderator's confirmation --------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "Approved and published: “%(title)s”. The author has been told."),
        ("reject", "Changes requested: “%(title)s”. The author has been told."),
        ("decline", "Declined: “%(title)s”. The author has been told, with your reason."),
    ],
)
def test_each_decision_is_confirmed_in_lithuanian(post, head, decide, action, message):
    page = decide(head, post, action, "Pataisykite datą.")
    assert lt(message) % {"title": "Poezijos vakaras"} in page


def test_page_approval_from_the_dashboard_is_confirmed(
    standard_page_factory, specialist, head, client_for, django_capture_on_commit_callbacks
):
    page = standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=specialist)
        page.get_workflow().start(page, specialist)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    client = client_for(head)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
        follow=True,
    )
    expected = lt("Approved and published: “%(title)s”. The author has been told.") % {
        "title": "Rudens skaitymai"
    }
    assert expected in response.content.decode()


# --- the author's view -------------------------------------------------------------------


def test_the_comment_reaches_the_authors_dashboard(post, specialist, head, decide, client_for):
    decide(head, post, "reject", "Patikslinkite renginio datą.")
    dashboard = client_for(specialist).get(reverse("wagtailadmin_home")).content.decode()
    assert "Patikslinkite renginio datą." in dashboard
    assert "Poezijos vakaras" in dashboard


def test_a_declined_post_stays_visible_to_its_author_with_the_reason(
    post, specialist, head, decide, client_for
):
    decide(head, post, "decline", "Tema netinka bibliotekai.")
    author = client_for(specialist)
    assert lt("declined") in state_in_list(author, "Poezijos vakaras")
    label, comment = state_in_side_panel(author, post)
    assert label.lower() == lt("declined").lower()
    assert "Tema netinka bibliotekai." in comment
    dashboard = author.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tema netinka bibliotekai." in dashboard


@pytest.mark.parametrize(
    ("action", "expected"), [(None, "in moderation"), ("reject", "changes requested")]
)
def test_the_list_and_the_side_panel_show_the_same_state(
    post, specialist, head, decide, client_for, action, expected
):
    if action:
        decide(head, post, action, "Pataisykite.")
    author = client_for(specialist)
    label, _comment = state_in_side_panel(author, post)
    assert label.lower() == lt(expected).lower()
    assert lt(expected) in state_in_list(author, "Poezijos vakaras")


def test_approval_in_the_page_editor_is_confirmed(
    standard_page_factory, specialist, head, client_for, page_post_data
):
    page = standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)
    page.save_revision(user=specialist)
    page.get_workflow().start(page, specialist)
    response = client_for(head).post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        page_post_data(
            page,
            **{
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": "{}",
            },
        ),
        follow=True,
    )
    page.refresh_from_db()
    assert page.live
    expected = lt("Approved and published: “%(title)s”. The author has been told.") % {
        "title": "Rudens skaitymai"
    }
    assert expected in response.content.decode()


def test_a_declined_page_shows_the_state_and_reason_in_its_editor(
    standard_page_factory, specialist, head, client_for
):
    page = standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)
    page.save_revision(user=specialist)
    task_state = page.get_workflow().start(page, specialist).current_task_state
    client_for(head).post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "decline", task_state.pk)),
        {"comment": "Tema netinka bibliotekai."},
    )
    raw = client_for(specialist).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    raw = raw.content.decode()
    label = re.search(r'class="moderation-state-label">([^<]*)<', raw).group(1).strip()
    assert label.lower() == lt("declined").lower()
    assert "Tema netinka bibliotekai." in raw
