"""Anonymous visitors get public pages from a cache that publishing purges.

A page costs about a dozen queries to render (site, page, menu, translations, brand
settings); an anonymous visitor without a session gets the same bytes as every other
one, so the rendered response is kept in the "pages" cache (settings.CACHES), keyed by
host, language and path. Whatever may change a public page (a page saved, published,
unpublished, moved or deleted; brand settings; sites) purges the whole cache by moving
to a new generation: the menu and the footer appear on every page, so purging one URL
would not be enough. Apps whose content appears on public pages call `purge()` too.

Editors (a session cookie), query strings, non-GET requests and responses that set a
cookie (a form's CSRF token) are never cached. A cached response carries an ETag and
`Cache-Control: public, no-cache` (any cache must revalidate, so a publication shows at
once) and no `Vary: Cookie`: the user bar reads the session only to find nobody there.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import get_language_from_path

ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
# Paths that are never public pages (the admin, documents, language switching, assets).
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/i18n/")
MAX_CACHED_BYTES = 1024 * 1024
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
CACHE_CONTROL = "public, no-cache"


def _cache():
    return caches[ALIAS]


def _generation():
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never restart from a number already used: entries of that generation
        # could still be stored after an eviction of this key alone.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def purge():
    """Forget every cached page, now and again once the transaction commits (a
    request between the two could otherwise store the old content)."""

    def bump():
        cache = _cache()
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet, or evicted
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)

    bump()
    transaction.on_commit(bump)


def purge_on_signal(sender=None, **kwargs):
    purge()


def _key(request):
    """The cache key of this request, or None when it must not be cached."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    # A session (an editor, an unlocked private page) or a pending message: this
    # visitor may get a page of their own.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return None
    path = request.path_info
    if path.startswith(EXCLUDED_PREFIXES) or path.startswith(
        (settings.STATIC_URL, settings.MEDIA_URL)
    ):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    digest = hashlib.sha256(f"{host}\n{language}\n{path}".encode()).hexdigest()
    return f"page-cache:{_generation()}:{digest}"


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_CACHED_BYTES:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store")):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _drop_vary_cookie(response):
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    del response["Vary"]
    if kept:
        patch_vary_headers(response, kept)


class PublicPageCacheMiddleware:
    """Placed before SessionMiddleware, so it answers hits before any other work and
    sees the response after the session added its `Vary: Cookie`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        entry = _cache().get(key)
        if entry is not None:
            response = HttpResponse(entry["content"], headers=entry["headers"])
            return get_conditional_response(request, etag=response["ETag"], response=response)

        response = self.get_response(request)
        if not _storable(request, response):
            return response
        _drop_vary_cookie(response)
        response["Cache-Control"] = CACHE_CONTROL
        set_response_etag(response)
        _cache().set(key, {"content": response.content, "headers": dict(response.headers)})
        return get_conditional_response(request, etag=response["ETag"], response=response)


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from editorial.campaigns.models import BrandKit

    from .models import BrandSettings

    # The brand kit gives the header its name, logo and colours; the contacts the footer.
    shown = (Page, Site, BrandSettings, BrandKit)

    def purge_if_shown(sender, instance, **kwargs):
        # Page types send with their own class: one receiver for every sender. Records
        # that lower-floor apps show inside page bodies (polls, quizzes) say so.
        if isinstance(instance, shown) or getattr(instance, "shown_on_public_pages", False):
            purge()

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_on_signal, dispatch_uid="home.cache.purge")
    for signal in (post_save, post_delete):
        signal.connect(purge_if_shown, weak=False, dispatch_uid="home.cache.purge_if_shown")
