"""The social networks Sklaida publishes to and what each of them accepts.

One table (`RULES`) says, per network, how long a post may be, how its text is
counted, which images it takes and how many. The editor's live counters, the
pre-publish validation and the adapters all read this table, so a limit is
changed in one place. Pure Python: no models, no HTTP.

Every limit below names its source. Networks change their limits; when one
does, change the number here together with its source line.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .counting import count_code_points, count_mastodon, count_threads

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


def count_text(network, text: str) -> int:
    """The length of `text` as `network` counts it."""
    return rules_for(network).count(text or "")
