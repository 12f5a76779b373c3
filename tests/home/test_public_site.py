"""The public site as a visitor gets it: languages, landmarks, navigation, brand."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from homehtml import focusable, parse

from cms.colours import contrast_ratio
from editorial.campaigns.models import BrandKit
from home.factories import StandardPageFactory, brand_kit, translate

pytestmark = pytest.mark.django_db


def labelled_nav(document, css_class):
    """The navigation landmark with `css_class`; it must have an accessible name."""
    nav = document.find("nav", **{"class": css_class})
    assert nav is not None, css_class
    assert nav.attrs.get("aria-label")
    return nav


def test_home_is_lithuanian_at_the_root(client, site_home):
    response = client.get("/")

    assert response.status_code == 200
    document = parse(response)
    assert document.find("html").attrs["lang"] == "lt"
    assert document.find("h1").text == "Apskrities viešoji biblioteka"
    assert "Knygos, renginiai ir mokymai visai bendruomenei." in document.find("main").text


def test_english_home_lives_under_en(client, site_home):
    response = client.get("/en/")

    assert response.status_code == 200
    document = parse(response)
    assert document.find("html").attrs["lang"] == "en"
    assert document.find("h1").text == "County Public Library"
    assert "Knygos" not in document.find("main").text


def test_standard_page_renders_and_is_marked_current_in_the_menu(client, about_page):
    response = client.get("/apie-mus/")

    assert response.status_code == 200
    document = parse(response)
    assert document.find("h1").text == "Apie mus"
    assert "Biblioteka įkurta 1922 metais." in document.find("main").text
    menu = labelled_nav(document, "main-nav")
    current = menu.find("a", aria_current="page")
    assert current.text == "Apie mus"
    assert current.attrs["href"] == "/apie-mus/"


def test_menu_lists_only_live_pages_marked_for_menus(client, site_home):
    StandardPageFactory(parent=site_home, title="Renginiai", slug="renginiai")
    StandardPageFactory(parent=site_home, title="Juodraštis", slug="juodrastis", live=False)
    StandardPageFactory(parent=site_home, title="Slaptas", slug="slaptas", show_in_menus=False)

    document = parse(client.get("/"))

    menu = labelled_nav(document, "main-nav")
    assert [a.text for a in menu.find_all("a")] == ["Renginiai"]


def test_skip_link_comes_first_and_targets_main(client, about_page):
    document = parse(client.get("/apie-mus/"))

    first = focusable(document)[0]
    assert first.attrs["class"] == "skip-link"
    assert first.attrs["href"] == "#main"
    main = document.find("main")
    assert main.attrs["id"] == "main"
    # The landmarks each appear once, in order, with main outside header/footer.
    body = document.find("body")
    landmarks = [el.tag for el in body.children if el.tag in {"header", "main", "footer"}]
    assert landmarks == ["header", "main", "footer"]
    assert len(document.find_all("h1")) == 1


def test_headings_do_not_skip_levels(client, site_home):
    StandardPageFactory(parent=site_home, title="Renginiai", slug="renginiai")
    site_home.body = [("heading", "Kviečiame į biblioteką")]
    site_home.save()

    document = parse(client.get("/"))

    levels = [int(el.tag[1]) for el in document.iter() if el.tag in {"h1", "h2", "h3", "h4"}]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_language_switcher_links_the_translation_of_the_page(client, about_page):
    translate(about_page, "en", title="About us", slug="about-us")

    lt_document = parse(client.get("/apie-mus/"))
    switcher = labelled_nav(lt_document, "languages")
    links = {a.attrs["lang"]: a for a in switcher.find_all("a")}
    assert links["lt"].attrs["href"] == "/apie-mus/"
    assert links["lt"].attrs.get("aria-current") == "true"
    assert links["en"].attrs["href"] == "/en/about-us/"
    assert links["en"].text == "English"
    assert links["lt"].text == "Lietuviškai"

    en_response = client.get("/en/about-us/")
    assert en_response.status_code == 200
    en_document = parse(en_response)
    assert en_document.find("html").attrs["lang"] == "en"
    switcher = en_document.find("nav", aria_label="Language")
    links = {a.attrs["lang"]: a for a in switcher.find_all("a")}
    assert links["en"].attrs.get("aria-current") == "true"
    assert links["lt"].attrs["href"] == "/apie-mus/"


def test_language_switcher_falls_back_to_the_home_page_of_a_language(client, about_page):
    # "Apie mus" has no English translation: English readers are sent to /en/.
    document = parse(client.get("/apie-mus/"))

    switcher = labelled_nav(document, "languages")
    links = {a.attrs["lang"]: a.attrs["href"] for a in switcher.find_all("a")}
    assert links == {"lt": "/apie-mus/", "en": "/en/"}


def test_brand_settings_appear_in_header_and_footer(client, brand):
    brand.primary_colour = "#7a1f5c"
    brand.save()

    response = client.get("/")
    document = parse(response)

    header, footer = document.find("header"), document.find("footer")
    assert header.find("a", **{"class": "brand"}).text == "Apskrities viešoji biblioteka"
    assert footer.find("a", href="mailto:info@biblioteka.example") is not None
    assert footer.find("a", href="tel:+37037000000").text == "+370 37 000 000"
    assert "Laisvės al. 1, Kaunas" in footer.text
    social = labelled_nav(footer, "social")
    assert [(a.text, a.attrs["href"]) for a in social.find_all("a")] == [
        ("Facebook", "https://www.facebook.com/biblioteka.example"),
        ("Instagram", "https://www.instagram.com/biblioteka.example"),
    ]
    # The colours come as a stylesheet (no inline style under the CSP).
    (brand_css,) = [
        link.attrs["href"]
        for link in document.find_all("link", rel="stylesheet")
        if link.attrs["href"].startswith("/brand.css")
    ]
    assert "--brand: #7a1f5c" in client.get(brand_css).content.decode()
    assert document.find("title").text == "Apskrities viešoji biblioteka"


def test_page_title_names_the_library(client, about_page, brand):
    document = parse(client.get("/apie-mus/"))

    assert document.find("title").text == "Apie mus · Apskrities viešoji biblioteka"


def test_not_found_page_speaks_lithuanian(client, site_home):
    response = client.get("/tokio-puslapio-nera/")

    assert response.status_code == 404
    document = parse(response)
    assert document.find("html").attrs["lang"] == "lt"
    assert document.find("h1").text == "Puslapis nerastas"
    assert document.find("main").find("a").attrs["href"] == "/"
    assert document.find("a", **{"class": "skip-link"}) is not None


def test_not_found_page_under_en_speaks_english(client, site_home):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    document = parse(response)
    assert document.find("html").attrs["lang"] == "en"
    assert document.find("h1").text == "Page not found"
    assert document.find("main").find("a").attrs["href"] == "/en/"


def test_home_page_query_count_does_not_grow_with_children(
    client, site_home, brand, django_assert_max_num_queries
):
    StandardPageFactory(parent=site_home, title="Puslapis 0", slug="p-0")
    # Rendering is measured: a query string keeps the request out of the page cache.
    client.get("/")  # fills Wagtail's cache of site root paths, as any earlier visit would
    with CaptureQueriesContext(connection) as one_child:
        client.get("/", {"render": 1})
    for number in range(1, 12):
        StandardPageFactory(parent=site_home, title=f"Puslapis {number}", slug=f"p-{number}")

    # 12: the brand kit (name, logo, colours) and the contacts are two site settings.
    with django_assert_max_num_queries(12) as twelve_children:
        response = client.get("/", {"render": 2})

    assert len(twelve_children.captured_queries) == len(one_child.captured_queries)
    document = parse(response)
    assert len(document.find("main").find_all("li", **{"class": "card"})) == 12
    assert len(labelled_nav(document, "main-nav").find_all("a")) == 12


def test_default_brand_colours_are_readable_on_white():
    brand = BrandKit()
    assert contrast_ratio(brand.primary_colour, "#ffffff") >= 4.5
    assert contrast_ratio(brand.accent_colour, "#ffffff") >= 4.5


def test_a_brand_colour_too_light_for_white_text_is_refused(site_home):
    brand = brand_kit(library_name="Biblioteka")
    brand.primary_colour = "#ffd966"

    with pytest.raises(ValidationError) as error:
        brand.full_clean()

    assert "primary_colour" in error.value.message_dict
    assert "accent_colour" not in error.value.message_dict
