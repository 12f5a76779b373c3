"""The English copy of a project page ("Versti"): editors make it as a draft that goes
through moderation; never for the private tree, never for a snippet, never for roles
without page rights. Each refusal leaves no copy behind."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from cms import roles
from grants import projects_factories as make
from grants.models import GrantApplicationIndexPage, GrantApplicationPage, ProjectPage

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS


@pytest.fixture
def english(home_page):
    """The English locale with the home page and the project list already in English."""
    en = Locale.objects.get_or_create(language_code="en")[0]
    home_page.copy_for_translation(en).save_revision().publish()
    index = make.project_index(home_page)
    en_index = index.copy_for_translation(en)
    en_index.title = "Projects"
    en_index.save_revision().publish()
    return en


@pytest.fixture
def project(home_page, english):
    return make.project_page(make.project_index(home_page), title="Skaitymo iššūkis vaikams")


def translate(client, page, locale):
    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    return client.post(url, {"locales": [locale.pk]})


def english_copies(page):
    return Page.objects.filter(translation_key=page.translation_key, locale__language_code="en")


@pytest.mark.parametrize(("role", "allowed"), [(S, True), (H, True), (A, False), (OD, False)])
def test_editors_make_the_english_copy_as_a_draft(
    role, allowed, role_users, client_for, project, english
):
    response = translate(client_for(role_users[role]), project, english)

    copies = english_copies(project)
    if not allowed:
        assert response.status_code in (302, 403)
        assert not copies.exists()
        return
    copy = copies.get().specific
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    # A draft: it goes live only through the head's approval, like any page.
    assert isinstance(copy, ProjectPage) and not copy.live
    assert project.live


@pytest.mark.parametrize("role", [S, H])
def test_the_private_tree_is_never_translated(role, role_users, client_for, home_page, english):
    application = make.application(title="Slapta paraiška")
    folder = GrantApplicationIndexPage.objects.get()
    client = client_for(role_users[role])

    for page in (folder, application):
        response = translate(client, page, english)
        assert response.status_code in (302, 403)
        assert not english_copies(page).exists()
    assert GrantApplicationPage.objects.count() == 1


def test_a_snippet_is_never_translated_by_a_role(role_users, client_for, specialist):
    from editorial.social.factories import SocialPostFactory
    from editorial.social.models import SocialPost

    post = SocialPostFactory(title="Įrašas apie skaitymus", author=specialist)
    url = reverse(
        "simple_translation:submit_snippet_translation", args=["social", "socialpost", post.pk]
    )
    en = Locale.objects.get_or_create(language_code="en")[0]
    for role in (S, H):
        response = client_for(role_users[role]).post(url, {"locales": [en.pk]})
        assert response.status_code in (302, 403)
    assert SocialPost.objects.count() == 1
