"""Share cards (OpenGraph and Twitter) of the public project pages.

Networks fetch the page without cookies and read these tags; the image must be an
absolute URL of a rendition the size the networks prefer (1200 × 630).
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

OG_LOCALES = {"lt": "lt_LT", "en": "en_GB"}
SHARE_IMAGE_SPEC = "fill-1200x630"
DESCRIPTION_WORDS = 40


def _absolute(url, root_url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{root_url.rstrip('/')}{url}"


def share_card(page, request, description="", image=None):
    """The values of the share tags of `page` (a dict the template prints)."""
    site = page.get_site()
    root_url = site.root_url if site else request.build_absolute_uri("/")
    url = page.get_full_url(request) or request.build_absolute_uri()
    text = page.search_description or strip_tags(description or "")
    # A page being added (a preview) may have no locale yet: the language shown then.
    language = page.locale.language_code if page.locale_id else get_language()
    card = {
        "title": page.seo_title or page.title,
        "description": Truncator(" ".join(text.split())).words(DESCRIPTION_WORDS),
        "url": url,
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": [
            OG_LOCALES.get(code, code)
            for code in (
                page.get_translations().live().values_list("locale__language_code", flat=True)
                if page.pk
                else []
            )
        ],
        "image": None,
    }
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
        card["image"] = {
            "url": _absolute(rendition.url, root_url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": rendition.alt or image.title,
        }
    return card
