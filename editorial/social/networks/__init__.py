"""What each social network accepts and how it counts, split by purpose:

- `rules`: the per-network table (limits, image types, how text is counted);
- `counting`: length as each network counts it (graphemes, URLs, emoji);
- `compose`: the text a channel receives (`outgoing_text`), shared by the editor's
  counters, the validation and the adapters;
- `validation`: what stops a post from being published, as translated messages;
- `messages`: numbers and messages in the reader's language.

The names below are re-exported so callers import from `editorial.social.networks`.
"""

from .compose import compose_text, outgoing_text
from .counting import (
    HASHTAG_RE,
    MASTODON_URL_LENGTH,
    MENTION_RE,
    URL_RE,
    count_code_points,
    count_graphemes,
    count_mastodon,
    count_threads,
    find_urls,
)
from .messages import format_count, format_megabytes, lazy_message
from .rules import (
    AVIF,
    BMP,
    GIF,
    HEIC,
    JPEG,
    MB,
    MEDIA_TYPE_NAMES,
    PNG,
    RULES,
    TIFF,
    WEBP,
    Network,
    NetworkRules,
    count_text,
    rules_for,
)
from .validation import (
    MediaFacts,
    Problem,
    TextCounter,
    counter_for,
    counters,
    problems_for,
    validate,
    validate_composed,
)

__all__ = [
    "AVIF",
    "BMP",
    "GIF",
    "HASHTAG_RE",
    "HEIC",
    "JPEG",
    "MASTODON_URL_LENGTH",
    "MB",
    "MediaFacts",
    "MEDIA_TYPE_NAMES",
    "MENTION_RE",
    "PNG",
    "RULES",
    "TIFF",
    "URL_RE",
    "WEBP",
    "Network",
    "NetworkRules",
    "Problem",
    "TextCounter",
    "compose_text",
    "count_code_points",
    "count_graphemes",
    "count_mastodon",
    "count_text",
    "count_threads",
    "counter_for",
    "counters",
    "find_urls",
    "format_count",
    "format_megabytes",
    "lazy_message",
    "outgoing_text",
    "problems_for",
    "rules_for",
    "validate",
    "validate_composed",
]
