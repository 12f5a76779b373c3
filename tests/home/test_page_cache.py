"""Anonymous visitors are served from the page cache; publishing shows at once; editors
always get a fresh page with their user bar."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from homehtml import parse
from wagtail.models import PageViewRestriction

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

USERBAR = 'id="wagtail-userbar-template"'


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def publish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_the_second_anonymous_visit_is_served_without_rendering(
    client, about_page, brand, django_assert_max_num_queries
):
    first = client.get("/apie-mus/")

    with django_assert_max_num_queries(1):
        second = client.get("/apie-mus/")

    assert second.status_code == 200
    assert second.content == first.content
    assert parse(second).find("h1").text == "Apie mus"


def test_an_anonymous_page_is_revalidated_with_its_etag_and_does_not_vary_on_cookies(
    client, about_page
):
    first = client.get("/apie-mus/")
    cached = client.get("/apie-mus/")

    for response in (first, cached):
        assert response["Cache-Control"] == "public, no-cache"
        assert response["ETag"]
        assert "cookie" not in vary(response)
        assert not response.cookies
    assert cached["ETag"] == first["ETag"]

    not_modified = client.get("/apie-mus/", headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_a_published_change_shows_at_once_on_the_page_and_in_every_menu(client, about_page):
    client.get("/apie-mus/")
    client.get("/")

    publish(about_page, title="Apie biblioteką")

    assert parse(client.get("/apie-mus/")).find("h1").text == "Apie biblioteką"
    menu = parse(client.get("/")).find("nav", **{"class": "main-nav"})
    assert "Apie biblioteką" in menu.text


def test_an_unpublished_page_is_gone_at_once(client, about_page):
    assert client.get("/apie-mus/").status_code == 200

    about_page.unpublish()

    assert client.get("/apie-mus/").status_code == 404


def test_a_new_brand_name_shows_at_once(client, about_page, brand):
    client.get("/apie-mus/")

    brand.library_name = "Miesto biblioteka"
    brand.save()

    assert "Miesto biblioteka" in client.get("/apie-mus/").text


def test_languages_are_cached_apart(client, site_home):
    assert parse(client.get("/")).find("html").attrs["lang"] == "lt"
    assert parse(client.get("/en/")).find("html").attrs["lang"] == "en"
    assert parse(client.get("/")).find("html").attrs["lang"] == "lt"


def test_a_signed_in_editor_gets_a_fresh_page_with_the_user_bar(about_page, specialist):
    anonymous = Client()
    anonymous.get("/apie-mus/")
    assert USERBAR not in anonymous.get("/apie-mus/").text

    editor = Client()
    editor.force_login(specialist)
    response = editor.get("/apie-mus/")

    assert USERBAR in response.text
    assert "cookie" in vary(response)
    assert response.get("Cache-Control") != "public, no-cache"
    # And the editor's page is not handed to the next anonymous visitor.
    assert USERBAR not in anonymous.get("/apie-mus/").text


def test_a_page_with_a_form_token_is_not_cached(client, about_page):
    # A password-protected page answers with a form and its own CSRF cookie.
    PageViewRestriction.objects.create(
        page=about_page, restriction_type=PageViewRestriction.PASSWORD, password="slaptas"
    )
    first = client.get("/apie-mus/")
    assert "csrftoken" in first.cookies

    fresh = Client()
    second = fresh.get("/apie-mus/")
    assert "csrftoken" in second.cookies
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_requests_with_a_query_string_are_rendered(client, about_page):
    client.get("/apie-mus/")
    StandardPageFactory(parent=about_page.get_parent(), title="Renginiai", slug="renginiai")

    # The new page purged the cache anyway; a query string never reaches it.
    response = client.get("/apie-mus/", {"utm_source": "facebook"})

    assert response.status_code == 200
    assert "ETag" not in response


def test_a_visitor_with_a_pending_message_gets_a_rendered_page(client, about_page):
    client.get("/apie-mus/")
    visitor = Client()
    visitor.cookies["messages"] = "pending"

    with CaptureQueriesContext(connection) as queries:
        response = visitor.get("/apie-mus/")

    assert response.status_code == 200
    assert len(queries.captured_queries) > 1
