"""My work: the author's sections, the head's comment and reason right there, query budgets."""

import pytest
from django.urls import reverse

from tests.editorial.moderation import my_work_helpers as make

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
