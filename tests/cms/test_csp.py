"""The Content-Security-Policy header, and pages that need nothing inline to work under it.

The browser side (no violation reported while the admin and the site are used) is in
tests/e2e/test_csp_in_browser.py.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from home.factories import StandardPageFactory, brand_kit, make_site_home

pytestmark = pytest.mark.django_db

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"),
    "style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle=[\"']"),
    "event handler attribute": re.compile(r"\son[a-z]+=[\"']"),
}


def inline_parts(html):
    return sorted(name for name, pattern in INLINE.items() if pattern.search(html))


def directives(response):
    header = response["Content-Security-Policy"]
    return {
        name: values.split()
        for name, _space, values in (part.strip().partition(" ") for part in header.split(";"))
    }


@pytest.fixture
def site(db):
    home = make_site_home(title="Apskrities viešoji biblioteka", slug="biblioteka")
    brand_kit(library_name="Apskrities viešoji biblioteka", primary_colour="#7a1f5c")
    about = StandardPageFactory(
        parent=home,
        title="Apie mus",
        slug="apie-mus",
        body=[("paragraph", "<p>Biblioteka įkurta 1922 metais.</p>")],
    )
    return home, about


def test_public_pages_carry_a_policy_that_admits_nothing_inline(client, site):
    for url in ("/", "/apie-mus/", "/en/", "/nera-tokio-puslapio/"):
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["base-uri"] == ["'self'"]


def test_public_pages_contain_no_inline_script_or_style(client, site):
    for url in ("/", "/apie-mus/", "/nera-tokio-puslapio/"):
        assert inline_parts(client.get(url).content.decode()) == [], url


def test_the_brand_colours_come_as_a_stylesheet(client, site):
    response = client.get("/brand.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--brand: #7a1f5c" in response.content.decode()
    assert "--accent: #b45309" in response.content.decode()


def test_a_stored_colour_that_is_not_a_colour_never_reaches_the_stylesheet(client, site):
    # Saved around validation (a shell, an import): the stylesheet keeps the default.
    brand_kit(primary_colour="red;}*{")  # fits the column (7)
    css = client.get("/brand.css").content.decode()
    assert "red" not in css
    assert "--brand: #0b5394" in css


def test_the_admin_gets_the_policy_with_wagtails_allowances(client_for, head):
    policy = directives(client_for(head).get("/admin/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_the_login_page_has_the_admin_policy_too(client):
    assert "'unsafe-inline'" in directives(client.get("/admin/login/"))["script-src"]


def test_our_templates_have_no_inline_script_or_style():
    base = Path(settings.BASE_DIR)
    found = {}
    for template in sorted(base.glob("**/templates/**/*.html")):
        relative = template.relative_to(base).as_posix()
        if relative.startswith((".venv/", "var/", "static_collected/")):
            continue
        parts = inline_parts(template.read_text())
        if parts:
            found[relative] = parts
    assert not found, found
