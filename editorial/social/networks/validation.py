"""Everything that stops a post from being published on a network, as messages
for the librarian; and the editor's per-network counters."""

import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from .compose import compose_text, outgoing_text
from .counting import HASHTAG_RE, MENTION_RE, count_graphemes, find_urls
from .messages import LazyMegabytes, lazy_message
from .rules import MEDIA_TYPE_NAMES, Network, rules_for


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
    media = list(media or ())
    return validate_composed(network, compose_text(network, text, link, bool(media)), media)


def problems_for(content, channel) -> list[Problem]:
    """What stops `content` (a post, a revision's object or the editor's unsaved
    state) from going out on `channel`: the text checked is `outgoing_text`."""
    media = [MediaFacts.from_item(item) for item in content.images_for(channel)]
    return validate_composed(channel.network, outgoing_text(content, channel), media)


def validate_composed(network, body: str, media: Sequence = ()) -> list[Problem]:
    """The checks of `validate` on a text already composed for the network."""
    network = Network(network)
    rules = rules_for(network)
    media = list(media or ())
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
                    size=LazyMegabytes(size),
                    limit=LazyMegabytes(rules.max_image_bytes),
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


class TextCounter(NamedTuple):
    count: int
    limit: int | None
    ok: bool


def counter_for(content, channel) -> TextCounter:
    """The editor's counter for one channel: the length of `outgoing_text`, as the
    network counts it, the very number the validation checks."""
    rules = rules_for(channel.network)
    count = rules.count(outgoing_text(content, channel))
    return TextCounter(count, rules.max_chars, rules.max_chars is None or count <= rules.max_chars)


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


class MediaFacts:
    """What network rules need to know about an image."""

    def __init__(self, content_type, alt_text, size):
        self.content_type = content_type
        self.alt_text = alt_text
        self.size = size

    @classmethod
    def from_image(cls, image, alt_text):
        content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return cls(content_type, alt_text, image.file_size or 0)

    @classmethod
    def from_item(cls, item):
        """From a post's image row (a PostImage, saved or not)."""
        return cls.from_image(item.image, item.alt_text or "")
