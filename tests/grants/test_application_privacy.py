"""The private tree: no grant application is ever public, nor seen by Other departments
(HTTP, the page cache, site search, a sitemap, the page chooser, the admin API and the
explorer), and its view restriction cannot be changed."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from cms import roles
from grants.models import GrantApplicationIndexPage
from grants.private_tree import READER_GROUPS, ensure_private
from tests.grants import application_fixtures as fixtures

application_factory = fixtures.application_factory
call = fixtures.call
grant_index = fixtures.grant_index

pytestmark = pytest.mark.django_db

SECRET = "Slapta paraiška skaitymo klubams"


@pytest.fixture
def secret(application_factory, head):
    """A live (approved) application under the private folder, the folder live too."""
    page = application_factory(title=SECRET, live=True)
    index = page.get_parent().specific
    index.save_revision().publish()
    return page


def test_a_new_folder_is_restricted_to_the_staff_groups_at_once(home_page):
    index = GrantApplicationIndexPage(title="Paraiškos", slug="paraiskos-2")
    home_page.add_child(instance=index)
    restriction = PageViewRestriction.objects.get(page=index)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == set(READER_GROUPS)
    assert roles.OTHER_DEPARTMENTS not in READER_GROUPS


def test_ensure_private_replaces_a_weaker_restriction_and_is_idempotent(grant_index):
    PageViewRestriction.objects.filter(page=grant_index).delete()
    PageViewRestriction.objects.create(
        page=grant_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    ensure_private(grant_index)
    ensure_private(grant_index)
    restriction = PageViewRestriction.objects.get(page=grant_index)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert restriction.groups.count() == len(READER_GROUPS)


@pytest.mark.parametrize(
    "role,sees",
    [
        ("anonymous", False),
        (roles.OTHER_DEPARTMENTS, False),
        (roles.SPECIALISTS, True),
        (roles.HEADS, True),
        (roles.ADMINISTRATION, True),
        ("superuser", True),
    ],
)
def test_http_shows_applications_only_to_the_staff_groups(
    secret, role_users, client_for, role, sees
):
    client = client_for(role_users[role])
    for url in (secret.url, secret.get_parent().url):
        response = client.get(url)
        if sees:
            assert response.status_code == 200
        else:
            assert response.status_code in (302, 404), (url, response.status_code)
            if response.status_code == 302:
                assert "login" in response["Location"]
            assert SECRET not in response.content.decode()
    if sees:
        assert SECRET in client.get(secret.url).content.decode()


def test_an_anonymous_visitor_never_gets_a_cached_application(secret, client):
    for _attempt in range(2):
        response = client.get(secret.url)
        assert response.status_code == 302
        assert SECRET not in response.content.decode()


def test_site_search_and_public_listings_leave_the_tree_out(secret, home_page):
    public = Page.objects.live().public()
    assert not public.filter(pk__in=[secret.pk, secret.get_parent().pk]).exists()
    assert not [page for page in public.search("Slapta paraiška") if page.pk == secret.pk]
    # Any site search (none yet in home/urls.py) would use live().public().
    assert not any("search" in str(p.pattern) for p in __import__("home.urls").urls.urlpatterns)


def test_no_sitemap_lists_the_tree(secret, client):
    from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

    request = RequestFactory().get("/sitemap.xml")
    items = list(Sitemap(request).items())
    assert secret.pk not in {page.pk for page in items}
    assert secret.get_sitemap_urls(request) == []
    assert secret.get_parent().specific.get_sitemap_urls(request) == []
    # No sitemap is served today; if one is added, the lines above keep it clean.
    assert "wagtail.contrib.sitemaps" not in settings.INSTALLED_APPS
    assert client.get("/sitemap.xml").status_code == 404


@pytest.mark.parametrize("role", [roles.OTHER_DEPARTMENTS, roles.ADMINISTRATION])
def test_chooser_api_and_explorer_refuse_who_edits_no_pages(secret, role_users, client_for, role):
    client = client_for(role_users[role])
    index = secret.get_parent()
    urls = [
        reverse("wagtailadmin_choose_page") + "?q=Slapta",
        reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        reverse("wagtailadmin_api:pages:listing") + f"?child_of={index.pk}",
        reverse("wagtailadmin_api:pages:listing") + "?search=Slapta",
        reverse("wagtailadmin_api:pages:detail", args=[secret.pk]),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:edit", args=[secret.pk]),
    ]
    if role == roles.OTHER_DEPARTMENTS:
        urls.append(reverse("grants_applications_move", args=[secret.pk, "withdrawn"]))
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        if response.status_code == 302:
            assert (
                response["Location"] in (reverse("wagtailadmin_home"),)
                or "login" in (response["Location"])
            ), (url, response["Location"])
        assert SECRET not in response.content.decode(), url
    register = client.get(reverse("grants_applications_register"))
    if role == roles.OTHER_DEPARTMENTS:
        assert register.status_code in (302, 403)
        assert SECRET not in register.content.decode()
    else:
        assert SECRET in register.content.decode()  # Administration reads the register


def test_the_privacy_dialog_is_refused_for_the_tree(
    secret, head, client_for, standard_page_factory
):
    client = client_for(head)
    for page in (secret, secret.get_parent()):
        response = client.get(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]))
        assert response.status_code in (302, 403)
        response = client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
            {"restriction_type": "none"},
        )
        assert response.status_code in (302, 403)
    restriction = PageViewRestriction.objects.get(page=secret.get_parent())
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    other = standard_page_factory(title="Vieša", live=True)
    response = client.get(reverse("wagtailadmin_pages:set_privacy", args=[other.pk]))
    assert response.status_code == 200


def test_the_groups_exist_for_the_restriction(db):
    assert Group.objects.filter(name__in=READER_GROUPS).count() == len(READER_GROUPS)
