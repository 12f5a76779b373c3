"""Site navigation for the public templates: the localized home page, the menu
and the language switcher. Each lookup is cached on the request, so a page pays
for it once however many templates ask."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

register = template.Library()


def _cached(request, key, compute):
    cache = request.__dict__.setdefault("_sklaida_navigation", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _site_roots(request):
    """Live translations of the site's root page, by language code."""

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return {}
        roots = Page.objects.filter(translation_key=site.root_page.translation_key)
        return {root.locale.language_code: root for root in roots.live().select_related("locale")}

    return _cached(request, "roots", compute)


@register.simple_tag(takes_context=True)
def site_root(context):
    """The home page in the active language (the default language's one as a fallback)."""
    request = context.get("request")
    if request is None:
        return None
    roots = _site_roots(request)
    return roots.get(get_language()) or roots.get(settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live pages under the localized home page that are marked "show in menus"."""
    request = context.get("request")
    root = site_root(context)
    if root is None:
        return []
    return _cached(request, "menu", lambda: list(root.get_children().live().in_menu()))


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per content language: the translation of the current page when it is
    published in that language, otherwise that language's home page."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    roots = _site_roots(request)
    translations = {}
    if any(
        root.translation_key == getattr(page, "translation_key", None) for root in roots.values()
    ):
        translations = roots
    elif isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    current = get_language()
    links = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or roots.get(code)
        if target is None:
            continue
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": target.get_url(request),
                "current": code == current,
            }
        )
    return links if len(links) > 1 else []
