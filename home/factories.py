"""Factories for the public site's pages, contacts and brand kit."""

import factory
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from editorial.campaigns.models import BrandKit

from .models import BrandSettings, HomePage, StandardPage


class _PageFactory(factory.django.DjangoModelFactory):
    """Pages are created as children of `parent` (the tree root by default)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Puslapis {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or Page.get_first_root_node()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class HomePageFactory(_PageFactory):
    class Meta:
        model = HomePage

    title = "Apskrities viešoji biblioteka"
    slug = factory.Sequence(lambda n: f"pradzia-{n}")
    intro = "<p>Knygos, renginiai ir mokymai visai bendruomenei.</p>"


class StandardPageFactory(_PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Informacija {n}")
    intro = "Trumpas puslapio aprašymas."
    show_in_menus = True


def make_site_home(**kwargs):
    """A published HomePage that is the default site's root, as load_demo makes it."""
    home = HomePageFactory(**kwargs)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def translate(page, language_code, **fields):
    """Publish a translation of `page` (its parent must be translated already)."""
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def _fill(setting, fields):
    for name, value in fields.items():
        setting._meta.get_field(name)  # a misspelt or moved field fails loudly
        setattr(setting, name, value)
    setting.save()
    return setting


def brand_settings(site=None, **fields):
    """The site's contacts and social profiles (home.BrandSettings)."""
    site = site or Site.objects.get(is_default_site=True)
    return _fill(BrandSettings.for_site(site), fields)


def brand_kit(site=None, **fields):
    """The site's brand kit: name, logos, colours (campaigns.BrandKit)."""
    site = site or Site.objects.get(is_default_site=True)
    return _fill(BrandKit.for_site(site), fields)
