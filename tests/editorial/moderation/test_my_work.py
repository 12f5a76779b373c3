"""My work: the author's sections, the head's comment and reason right there, query budgets."""

import pytest
from django.urls import reverse

from tests.editorial.moderation import my_work_helpers as make
from tests.lithuanian import lt

pytestmark = pytest.mark.django_db

URL = "/admin/my-work/"


def page_of(client_for, user):
    response = client_for(user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def section_html(html, key):
    start = html.index(f'id="my-work-{key}"')
    return html[start : html.index("</section>", start)]


def test_the_url_is_where_the_menu_points():
    assert reverse("moderation_my_work") == URL


def test_each_section_shows_the_item_and_its_next_step(client_for, specialist, head):
    make.draft(specialist, "Rudens juodraštis")
    make.submitted(specialist, "Laukia vadovės")
    make.changes_requested(specialist, head, "Pridėkite nuotrauką.", "Grąžintas taisyti")
    make.rejected(specialist, head, "Tema netinka.", "Atmestas įrašas")
    make.scheduled(specialist, "Kitos savaitės įrašas")
    make.published(specialist, "Jau paskelbtas")
    make.failed_delivery(specialist, "Tinklas atmetė įrašą.", "Nepavykęs įrašas")

    html = page_of(client_for, specialist)

    assert "Rudens juodraštis" in section_html(html, "drafts")
    assert "Laukia vadovės" in section_html(html, "in_moderation")
    changes = section_html(html, "changes_requested")
    assert "Grąžintas taisyti" in changes
    assert "Pridėkite nuotrauką." in changes
    assert "Rūta Kazlauskaitė" in changes
    rejected = section_html(html, "rejected")
    assert "Atmestas įrašas" in rejected and "Tema netinka." in rejected
    assert "Kitos savaitės įrašas" in section_html(html, "scheduled")
    assert "Jau paskelbtas" in section_html(html, "published")
    deliveries = section_html(html, "deliveries")
    assert "Nepavykęs įrašas" in deliveries and "Tinklas atmetė įrašą." in deliveries


# --- who may open it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("Komunikacijos specialistai", True),
        ("Skyrių vadovai", True),
        ("Administracija", False),
        ("Kiti skyriai", False),
        ("superuser", True),
        ("anonymous", False),
    ],
)
@pytest.mark.parametrize("url", [URL, "/admin/my-work/changes_requested/"])
def test_who_may_open_my_work(client_for, role_users, assert_denied, role, allowed, url):
    response = client_for(role_users[role]).get(url)
    if allowed:
        assert response.status_code == 200
    else:
        assert_denied(response, anonymous=role == "anonymous")


def test_the_menu_item_is_shown_to_writers_only(client_for, specialist, administration_user):
    assert "/admin/my-work/" in client_for(specialist).get("/admin/").content.decode()
    home = client_for(administration_user).get("/admin/").content.decode()
    assert "/admin/my-work/" not in home


@pytest.mark.parametrize("path", ["nera-tokio", "%3Cscript%3Ealert(1)%3C/script%3E", "..%2Fetc"])
def test_an_unknown_or_hostile_section_is_not_found(client_for, specialist, path):
    response = client_for(specialist).get(f"/admin/my-work/{path}/")
    assert response.status_code == 404
    assert b"<script>alert(1)</script>" not in response.content


def test_a_post_to_my_work_is_refused(client_for, specialist):
    assert client_for(specialist).post(URL, {"x": "1"}).status_code == 405


def test_nobody_sees_a_colleagues_items_without_standing_in(
    client_for, specialist, second_specialist, head
):
    make.changes_requested(specialist, head, "Slaptas komentaras.", "Kolegos įrašas")
    make.draft(specialist, "Kolegos juodraštis")
    html = page_of(client_for, second_specialist)
    assert "Kolegos įrašas" not in html
    assert "Slaptas komentaras." not in html
    assert "Kolegos juodraštis" not in html


def test_a_declined_item_published_later_or_resubmitted_is_no_longer_rejected(
    client_for, specialist, head
):
    post = make.rejected(specialist, head, "Netinka.", "Vėl pateiktas")
    post.get_workflow().start(post, specialist)
    html = page_of(client_for, specialist)
    assert "Vėl pateiktas" not in section_html(html, "rejected")
    assert "Vėl pateiktas" in section_html(html, "in_moderation")


def test_failed_delivery_offers_retry_on_the_delivery_page(client_for, specialist):
    delivery = make.failed_delivery(specialist, "Per ilgas tekstas.", "Ilgas įrašas")
    html = section_html(page_of(client_for, specialist), "deliveries")
    inspect = reverse("social_delivery_modeladmin_inspect", args=[delivery.pk])
    assert f'href="{inspect}"' in html
    assert f">{lt('Retry')}<" in html
    page = client_for(specialist).get(inspect).content.decode()
    assert reverse("social_delivery_retry", args=[delivery.pk]) in page


def test_show_all_lists_every_item_of_a_section(client_for, specialist):
    for number in range(12):
        make.draft(specialist, f"Juodraštis nr. {number}")
    html = page_of(client_for, specialist)
    drafts = section_html(html, "drafts")
    assert drafts.count('class="my-work-item') == 10
    assert 'href="/admin/my-work/drafts/"' in drafts
    full = client_for(specialist).get("/admin/my-work/drafts/").content.decode()
    assert full.count('class="my-work-item') == 12


# --- query budgets ------------------------------------------------------------------------


def fill(specialist, head, count):
    for number in range(count):
        make.draft(specialist, f"Juodraštis {number}")
        make.submitted(specialist, f"Moderuojamas {number}")
        make.changes_requested(specialist, head, f"Komentaras {number}", f"Grąžintas {number}")
        make.rejected(specialist, head, f"Priežastis {number}", f"Atmestas {number}")
        make.scheduled(specialist, f"Suplanuotas {number}")
        make.failed_delivery(specialist, f"Klaida {number}", f"Nepavykęs {number}")


# Per moderated type (pages, social posts) or one for all types; deliveries include
# loading the user's permissions once.
SECTION_BUDGET = {
    "changes_requested": 2,
    "deliveries": 3,
    "in_moderation": 2,
    "rejected": 2,
}
# One query per moderated type (pages, posts, proposals… however many rows each has).
PER_TYPE_SECTIONS = ("drafts", "scheduled", "published")
# session, user, permissions, the menu (with the queue's rights check), the stand-in
# banner, the sections of one query,
# and the per-type sections' queries on top; + 1 for the rubric gaps section
# (editorial/campaigns/my_work.py: one query when one owns no approved rubric); + 1 for
# the Funding menu's grant applications item (it reads the person's groups)
PAGE_BUDGET_BASE = 21
SECTION_PAGE_BUDGET = 14  # the menu: whether the queue is theirs, the Funding items (one each)


@pytest.mark.parametrize("rows", [1, 30])
def test_each_section_and_the_page_keep_their_query_budget(
    client_for, specialist, head, rows, django_assert_max_num_queries
):
    from editorial.moderation.my_work import moderated_models
    from editorial.moderation.registries import my_work_sections

    budgets = {**SECTION_BUDGET, **dict.fromkeys(PER_TYPE_SECTIONS, len(moderated_models()))}
    fill(specialist, head, rows)
    client = client_for(specialist)
    client.get(URL)  # warm the per-process caches (content types, site root paths)
    for section in my_work_sections():
        if section.key not in budgets:
            continue  # sections of other registers keep their budgets beside their rows
        section.limit = None
        with django_assert_max_num_queries(budgets[section.key]):
            found = section.items(specialist, [specialist])
        assert len(found) >= rows, section.key
    page_budget = PAGE_BUDGET_BASE + len(PER_TYPE_SECTIONS) * len(moderated_models())
    with django_assert_max_num_queries(page_budget):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(SECTION_PAGE_BUDGET):
        assert client.get("/admin/my-work/changes_requested/").status_code == 200


# --- pages are moderated types too; what a head writes is shown as text ------------------


def test_a_page_with_requested_changes_shows_with_the_comment(
    client_for, specialist, head, standard_page_factory
):
    page = standard_page_factory(title="Apie biblioteką", live=False, owner=specialist)
    page.get_workflow().start(page, specialist)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, head, "reject", comment="Trūksta nuotraukų.")

    changes = section_html(page_of(client_for, specialist), "changes_requested")
    assert "Apie biblioteką" in changes
    assert "Trūksta nuotraukų." in changes
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in changes


def test_a_hostile_comment_is_shown_as_text(client_for, specialist, head):
    make.changes_requested(specialist, head, "<script>alert(1)</script>", "Pavojingas")
    html = page_of(client_for, specialist)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section_html(html, "changes_requested")


def test_a_comment_the_head_approved_with_is_read_beside_the_published_item(
    client_for, specialist, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        make.decided(specialist, head, "approve", "Puiku, taip ir toliau!", "Patvirtintas įrašas")
        make.decided(specialist, head, "approve", "", "Patvirtintas be komentaro")
    published = section_html(page_of(client_for, specialist), "published")
    row = published[published.index("Patvirtintas įrašas") :]
    row = row[: row.index("</tr>")]
    assert "Puiku, taip ir toliau!" in row and "Rūta Kazlauskaitė" in row
    quiet = published[published.index("Patvirtintas be komentaro") :]
    assert "my-work-comment" not in quiet[: quiet.index("</tr>")]
