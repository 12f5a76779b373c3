"""The social networks Sklaida publishes to and what each of them accepts.

One table (`RULES`) says, per network, how long a post may be, how its text is
counted, which images it takes and how many. The editor's live counters, the
pre-publish validation and the adapters all read this table, so a limit is
changed in one place. Pure Python: no models, no HTTP.

Every limit below names its source. Networks change their limits; when one
does, change the number here together with its source line.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024


class Network(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook Page")
    INSTAGRAM = "instagram", _("Instagram")
    THREADS = "threads", _("Threads")
    MASTODON = "mastodon", _("Mastodon")
    LINKEDIN = "linkedin", _("LinkedIn organisation")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    MANUAL = "manual", _("Manual")


# --------------------------------------------------------------------------------------
# Reading text the way the networks do
# --------------------------------------------------------------------------------------

# A URL as the networks recognise it in running text. Trailing punctuation belongs
# to the sentence, not to the address.
URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}»\"'"
HASHTAG_RE = re.compile(r"(?<![\w#&])#(\w+)")
# @user or @user@server (Mastodon); not e-mail addresses (preceded by a word char).
MENTION_RE = re.compile(r"(?<![\w@])@(\w[\w.]*\w|\w)(@[\w.-]+\w)?")

MASTODON_URL_LENGTH = 23


def find_urls(text: str) -> list[str]:
    return [m.group(0).rstrip(_URL_TRAILING) for m in URL_RE.finditer(text)]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def count_code_points(text: str) -> int:
    """Characters as most APIs count them: Unicode code points of the NFC form
    (so "ą" typed as "a" + combining ogonek is one character)."""
    return len(_nfc(text))


def _is_extender(cp: int) -> bool:
    """Code points that continue the previous visible character."""
    return (
        0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences (flags of regions)
        or cp == 0x20E3  # combining enclosing keycap
    )


def count_graphemes(text: str) -> int:
    """User-perceived characters, close to Unicode extended grapheme clusters:
    combining marks, variation selectors, skin tones, ZWJ sequences and flag
    pairs are counted with the character they belong to; CR LF is one."""
    count = 0
    join_next = False
    pending_flag = False
    previous = ""
    for ch in _nfc(text):
        cp = ord(ch)
        if join_next:
            join_next = False
            previous = ch
            continue
        if cp == 0x200D:  # zero width joiner: glue the next code point
            join_next = True
            continue
        if unicodedata.category(ch).startswith("M") or _is_extender(cp):
            continue
        if ch == "\n" and previous == "\r":
            previous = ch
            continue
        if 0x1F1E6 <= cp <= 0x1F1FF:  # regional indicators pair into one flag
            if pending_flag:
                pending_flag = False
                continue
            pending_flag = True
        else:
            pending_flag = False
        count += 1
        previous = ch
    return count


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return (
        cp >= 0x1F000
        or 0x2190 <= cp <= 0x21FF  # arrows
        or 0x2300 <= cp <= 0x23FF  # technical (⌚ ⏰)
        or 0x2600 <= cp <= 0x27BF  # symbols, dingbats (☀ ✅ ❤)
        or 0x2B00 <= cp <= 0x2BFF  # (⭐ ⬆)
        or cp in (0x200D, 0x20E3, 0x3030, 0x303D, 0x3297, 0x3299)
        or 0xFE00 <= cp <= 0xFE0F
    )


def count_threads(text: str) -> int:
    """Threads: characters, except that "emojis are counted as the number of
    UTF-8 bytes" (Threads API, Posts: Limitations). A Lithuanian letter is one."""
    return sum(len(ch.encode("utf-8")) if _is_emoji(ch) else 1 for ch in _nfc(text))


def _url_placeholder(match) -> str:
    url = match.group(0)
    trailing = url[len(url.rstrip(_URL_TRAILING)) :]
    return "x" * MASTODON_URL_LENGTH + trailing


def count_mastodon(text: str) -> int:
    """Mastodon's StatusLengthValidator: every URL counts as 23 characters, a
    remote mention @user@server counts as its local part @user, the rest is
    counted in grapheme clusters."""
    text = URL_RE.sub(_url_placeholder, _nfc(text))
    text = MENTION_RE.sub(lambda m: "@" + m.group(1), text)
    return count_graphemes(text)


# --------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"
HEIC = "image/heic"
AVIF = "image/avif"
BMP = "image/bmp"
TIFF = "image/tiff"

MEDIA_TYPE_NAMES = {
    JPEG: "JPEG",
    PNG: "PNG",
    GIF: "GIF",
    WEBP: "WebP",
    HEIC: "HEIC",
    AVIF: "AVIF",
    BMP: "BMP",
    TIFF: "TIFF",
}


@dataclass(frozen=True)
class NetworkRules:
    network: str
    max_chars: int | None  # None: no limit we enforce
    count: Callable[[str], int]  # how this network counts the characters of a text
    max_media: int  # images per post (0: none)
    media_types: frozenset[str]  # accepted image content types
    media_required: bool  # a post without an image is refused
    # The library's accessibility policy: every image carries alternative text on
    # every network, whether the network requires it or not.
    alt_text_required: bool = True
    max_alt_text_chars: int | None = None
    max_image_bytes: int | None = None
    max_hashtags: int | None = None
    max_mentions: int | None = None
    max_links: int | None = None
    max_posts_per_24h: int | None = None  # API-published posts per rolling 24 h
    link_field: bool = False  # the API takes a link apart from the text
    api: bool = True  # False: published by hand from a copy-ready package


RULES: dict[str, NetworkRules] = {
    # Facebook Page
    # - Graph API, Page Feed reference (POST /{page-id}/feed: message, link,
    #   attached_media), https://developers.facebook.com/docs/graph-api/reference/page/feed/
    # - Pages API "Posts" guide: multi-photo posts by uploading photos with
    #   published=false and attaching them via attached_media,
    #   https://developers.facebook.com/docs/pages-api/posts/
    # - Page Photos reference (POST /{page-id}/photos: url | source, published,
    #   alt_text_custom; "photos should be less than 4MB" and JPG, PNG, GIF, TIFF,
    #   HEIF or WebP), https://developers.facebook.com/docs/graph-api/reference/page/photos/
    # - 63,206 characters: the long-standing Facebook post length limit.
    # - 10 photos: our own cap for attached_media (Graph documents no hard maximum).
    Network.FACEBOOK: NetworkRules(
        network=Network.FACEBOOK,
        max_chars=63_206,
        count=count_code_points,
        max_media=10,
        media_types=frozenset({JPEG, PNG, GIF, WEBP, TIFF, BMP}),
        media_required=False,
        max_image_bytes=4 * MB,
        link_field=True,
    ),
    # Instagram (professional account)
    # - Instagram Platform, Content Publishing guide,
    #   https://developers.facebook.com/docs/instagram-platform/content-publishing/
    #   (containers, carousels, alt_text since 2025-03-24, "media must be hosted on a
    #   publicly accessible server").
    # - IG User Media reference, POST /{ig-user-id}/media,
    #   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
    #   caption: "maximum 2200 characters, 30 hashtags, and 20 @ tags"; image_url:
    #   "only JPEG images are supported", 8 MB maximum; carousels: "limited to 10
    #   images, videos, or a mix" (the app allows 20 since 2024, the API still 10).
    # - IG User Content Publishing Limit reference, GET /{ig-user-id}/content_publishing_limit:
    #   quota_total "currently 50" per quota_duration 86400 s; carousels count once.
    Network.INSTAGRAM: NetworkRules(
        network=Network.INSTAGRAM,
        max_chars=2_200,
        count=count_code_points,
        max_media=10,
        media_types=frozenset({JPEG}),
        media_required=True,
        max_image_bytes=8 * MB,
        max_hashtags=30,
        max_mentions=20,
        max_posts_per_24h=50,
    ),
    # Threads
    # - Threads API, Posts, https://developers.facebook.com/docs/threads/posts
    #   "Text posts are limited to 500 characters", "Emojis are counted as the number
    #   of UTF-8 bytes"; image_url: JPEG and PNG, 8 MB maximum.
    # - Threads API, Carousel posts: up to 20 images, videos or a mix,
    #   https://developers.facebook.com/docs/threads/posts#carousel-posts
    # - Threads API, Text attachments: posts with more than 5 links fail with
    #   THREADS_API__LINK_LIMIT_EXCEEDED (from 2025-12-22).
    # - Threads API, Overview, "Posts": 250 API-published posts per 24-hour moving period.
    Network.THREADS: NetworkRules(
        network=Network.THREADS,
        max_chars=500,
        count=count_threads,
        max_media=20,
        media_types=frozenset({JPEG, PNG}),
        media_required=False,
        max_image_bytes=8 * MB,
        max_links=5,
        max_posts_per_24h=250,
    ),
    # Mastodon (defaults of a stock Mastodon 4.x server; an instance may differ and
    # publishes its own values in GET /api/v2/instance -> configuration)
    # - Instance entity, configuration.statuses: max_characters 500,
    #   max_media_attachments 4, characters_reserved_per_url 23,
    #   https://docs.joinmastodon.org/entities/Instance/#statuses
    # - configuration.media_attachments: supported_mime_types, image_size_limit
    #   (16 MB on stock 4.x), description_limit 1500,
    #   https://docs.joinmastodon.org/entities/Instance/#media_attachments
    # - POST /api/v2/media (file, description), POST /api/v1/statuses
    #   (Idempotency-Key), https://docs.joinmastodon.org/methods/media/ and
    #   https://docs.joinmastodon.org/methods/statuses/
    Network.MASTODON: NetworkRules(
        network=Network.MASTODON,
        max_chars=500,
        count=count_mastodon,
        max_media=4,
        media_types=frozenset({JPEG, PNG, GIF, WEBP, HEIC, AVIF}),
        media_required=False,
        max_alt_text_chars=1_500,
        max_image_bytes=16 * MB,
    ),
    # LinkedIn organisation page
    # - LinkedIn Marketing API, Posts API: commentary of up to 3,000 characters,
    #   https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
    # - Images API (initializeUpload; JPG, GIF, PNG; a pixel limit, no byte limit):
    #   https://learn.microsoft.com/linkedin/marketing/community-management/shares/images-api
    # - MultiImage API: 2 to 20 images per post,
    #   https://learn.microsoft.com/linkedin/marketing/community-management/shares/multiimage-post-api
    Network.LINKEDIN: NetworkRules(
        network=Network.LINKEDIN,
        max_chars=3_000,
        count=count_code_points,
        max_media=20,
        media_types=frozenset({JPEG, PNG, GIF}),
        media_required=False,
    ),
    # YouTube community posts: the Data API has no endpoint to create them, so they
    # are published by hand. Up to 5 images per post in the YouTube app.
    Network.YOUTUBE: NetworkRules(
        network=Network.YOUTUBE,
        max_chars=None,
        count=count_code_points,
        max_media=5,
        media_types=frozenset({JPEG, PNG, GIF, WEBP}),
        media_required=False,
        api=False,
    ),
    # TikTok: photo posts are published by hand (the Content Posting API needs an
    # audited app). Caption up to 2,200 characters (TikTok Content Posting API,
    # "title ... max 2200 UTF-16 runes"), photo posts up to 35 images, JPEG/WebP.
    Network.TIKTOK: NetworkRules(
        network=Network.TIKTOK,
        max_chars=2_200,
        count=count_code_points,
        max_media=35,
        media_types=frozenset({JPEG, WEBP}),
        media_required=True,
        api=False,
    ),
    # Manual: any other place (newsletter, a partner's page); no limits of its own.
    Network.MANUAL: NetworkRules(
        network=Network.MANUAL,
        max_chars=None,
        count=count_code_points,
        max_media=20,
        media_types=frozenset({JPEG, PNG, GIF, WEBP}),
        media_required=False,
        api=False,
    ),
}


def rules_for(network) -> NetworkRules:
    try:
        return RULES[Network(network)]
    except ValueError:
        raise KeyError(f"unknown network {network!r}") from None


# --------------------------------------------------------------------------------------
# Numbers and messages in the reader's language
# --------------------------------------------------------------------------------------

# Lithuanian groups thousands with a no-break space (CLDR lt; VLKK); Django's lt
# formats.py says ".", which is not Lithuanian usage, so the separator is ours.
_GROUP_SEPARATORS = {"lt": "\u00a0"}


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def format_count(value: int) -> str:
    """A whole number grouped by thousands the way the active language writes it:
    2341 -> "2 341" (no-break space) in Lithuanian, "2,341" in English."""
    language = _language()
    separator = _GROUP_SEPARATORS.get(language) or get_format("THOUSAND_SEPARATOR", language)
    sign, digits = ("-", str(-value)) if value < 0 else ("", str(value))
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + separator.join(groups)


def format_megabytes(size: int) -> str:
    """Bytes as megabytes with at most one decimal: 9961472 -> "9,5" in Lithuanian."""
    value = round(size / MB, 1)
    if value == int(value):
        return format_count(int(value))
    whole, fraction = f"{value:.1f}".split(".")
    return format_count(int(whole)) + get_format("DECIMAL_SEPARATOR", _language()) + fraction


def _display(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_count(value)
    if isinstance(value, Network):
        return str(value.label)
    return str(value)


def _render(template, params) -> str:
    return str(template) % {key: _display(value) for key, value in params.items()}


_lazy_render = lazy(_render, str)


def lazy_message(template, **params):
    """A message rendered when it is displayed, in the language active then:
    `template` is a gettext_lazy msgid with %(name)s placeholders; whole numbers
    are grouped the reader's way, networks shown by their label."""
    return _lazy_render(template, params)


# --------------------------------------------------------------------------------------
# Composing, counting, validating
# --------------------------------------------------------------------------------------


def compose_text(network, text: str, link: str = "", with_media: bool = False) -> str:
    """The text the network will actually receive. Where the API has no link field
    (or, on Facebook, when photos take the place of the link preview) the link is
    appended on its own line, unless the text already contains it."""
    text = (text or "").strip()
    link = (link or "").strip()
    if not link:
        return text
    rules = rules_for(network)
    if rules.link_field and not with_media:
        return text
    if link in text:
        return text
    return f"{text}\n\n{link}" if text else link


def count_text(network, text: str) -> int:
    return rules_for(network).count(text or "")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str  # lazy, translated when displayed
    network: str = ""
    media_index: int | None = None  # 0-based position of the image concerned

    def __str__(self):
        return str(self.message)


def _media_size(item) -> int | None:
    size = getattr(item, "size", None)
    if size is None:
        data = getattr(item, "data", None)
        size = len(data) if data is not None else None
    return size


def validate(network, text: str, media: Sequence = (), link: str = "") -> list[Problem]:
    """Everything that stops this post from being published on `network`, as
    messages for the librarian. `media`: objects with content_type, alt_text and
    size (bytes) or data. An empty list means the post fits."""
    network = Network(network)
    rules = rules_for(network)
    media = list(media or ())
    body = compose_text(network, text, link, with_media=bool(media))
    problems: list[Problem] = []

    def add(code, message, index=None):
        problems.append(Problem(code, message, str(network), index))

    if not body and not media:
        add(
            "empty",
            lazy_message(_("%(network)s: the post has neither text nor images"), network=network),
        )

    count = rules.count(body)
    if rules.max_chars is not None and count > rules.max_chars:
        add(
            "too_long",
            lazy_message(
                _("%(network)s: %(count)s / %(limit)s characters"),
                network=network,
                count=count,
                limit=rules.max_chars,
            ),
        )

    for code, limit, counted, template in (
        ("too_many_hashtags", rules.max_hashtags, lambda: len(HASHTAG_RE.findall(body)),
         _("%(network)s: %(count)s hashtags; at most %(limit)s are allowed")),
        ("too_many_mentions", rules.max_mentions, lambda: len(MENTION_RE.findall(body)),
         _("%(network)s: %(count)s mentions; at most %(limit)s are allowed")),
        ("too_many_links", rules.max_links, lambda: len(set(find_urls(body))),
         _("%(network)s: %(count)s links; at most %(limit)s are allowed")),
    ):  # fmt: skip
        if limit is None:
            continue
        count = counted()
        if count > limit:
            add(code, lazy_message(template, network=network, count=count, limit=limit))

    if rules.media_required and not media:
        add(
            "media_required",
            lazy_message(_("%(network)s: the post needs at least one image"), network=network),
        )
    if len(media) > rules.max_media:
        if rules.max_media == 0:
            message = lazy_message(_("%(network)s: images cannot be published"), network=network)
        else:
            message = lazy_message(
                _("%(network)s: %(count)s images; at most %(limit)s are allowed"),
                network=network,
                count=len(media),
                limit=rules.max_media,
            )
        add("too_many_media", message)

    allowed = ", ".join(sorted(MEDIA_TYPE_NAMES.get(t, t) for t in rules.media_types))
    for index, item in enumerate(media):
        number = index + 1
        content_type = (getattr(item, "content_type", "") or "").split(";")[0].strip().lower()
        if content_type not in rules.media_types:
            add(
                "media_type",
                lazy_message(
                    _("%(network)s: image %(number)s is %(type)s; accepted types: %(allowed)s"),
                    network=network,
                    number=number,
                    type=MEDIA_TYPE_NAMES.get(content_type, content_type or "?"),
                    allowed=allowed,
                ),
                index,
            )
        size = _media_size(item)
        if rules.max_image_bytes is not None and size is not None and size > rules.max_image_bytes:
            add(
                "media_too_large",
                lazy_message(
                    _("%(network)s: image %(number)s is %(size)s MB; the limit is %(limit)s MB"),
                    network=network,
                    number=number,
                    size=_LazyMegabytes(size),
                    limit=_LazyMegabytes(rules.max_image_bytes),
                ),
                index,
            )
        alt_text = (getattr(item, "alt_text", "") or "").strip()
        if rules.alt_text_required and not alt_text:
            add(
                "alt_text_missing",
                lazy_message(
                    _("%(network)s: image %(number)s has no alternative text"),
                    network=network,
                    number=number,
                ),
                index,
            )
        if rules.max_alt_text_chars is not None:
            alt_count = count_graphemes(alt_text)
            if alt_count > rules.max_alt_text_chars:
                add(
                    "alt_text_too_long",
                    lazy_message(
                        _(
                            "%(network)s: the alternative text of image %(number)s has "
                            "%(count)s characters; at most %(limit)s are allowed"
                        ),
                        network=network,
                        number=number,
                        count=alt_count,
                        limit=rules.max_alt_text_chars,
                    ),
                    index,
                )
    return problems


class _LazyMegabytes:
    """A size shown in megabytes, formatted when the message is rendered."""

    def __init__(self, size: int):
        self.size = size

    def __str__(self):
        return format_megabytes(self.size)


class TextCounter(NamedTuple):
    count: int
    limit: int | None
    ok: bool


def counters(text: str, networks: Iterable, link: str = "", with_media: bool = False) -> dict:
    """For the editor: {network: TextCounter(count, limit, ok)} for each network."""
    result = {}
    for network in networks:
        network = Network(network)
        rules = rules_for(network)
        count = rules.count(compose_text(network, text, link, with_media=with_media))
        ok = rules.max_chars is None or count <= rules.max_chars
        result[str(network)] = TextCounter(count, rules.max_chars, ok)
    return result
