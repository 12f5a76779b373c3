import pytest

from home.factories import (
    StandardPageFactory,
    brand_kit,
    brand_settings,
    make_site_home,
    translate,
)

LIBRARY_NAME = "Apskrities viešoji biblioteka"
CONTACTS = {
    "contact_email": "info@biblioteka.example",
    "contact_phone": "+370 37 000 000",
    "address": "Laisvės al. 1, Kaunas",
    "facebook_url": "https://www.facebook.com/biblioteka.example",
    "instagram_url": "https://www.instagram.com/biblioteka.example",
}


@pytest.fixture
def site_home(db):
    """A Lithuanian home page with an English translation, as the default site's root."""
    home = make_site_home(
        title="Apskrities viešoji biblioteka",
        slug="biblioteka",
        intro="<p>Knygos, renginiai ir mokymai visai bendruomenei.</p>",
    )
    translate(
        home,
        "en",
        title="County Public Library",
        slug="library",
        intro="<p>Books, events and training for the whole community.</p>",
    )
    return home


@pytest.fixture
def about_page(site_home):
    return StandardPageFactory(
        parent=site_home,
        title="Apie mus",
        slug="apie-mus",
        intro="Bibliotekos istorija ir žmonės.",
        body=[("paragraph", "<p>Biblioteka įkurta 1922 metais.</p>")],
    )


@pytest.fixture
def brand(site_home):
    """The site's brand kit (name, colours), with the contacts filled in too."""
    brand_settings(**CONTACTS)
    return brand_kit(library_name=LIBRARY_NAME)
