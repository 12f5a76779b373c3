"""Length of a text as each network counts it. Pure Python: no models, no HTTP."""

import re
import unicodedata

import regex

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


_GRAPHEME = regex.compile(r"\X")


def count_graphemes(text: str) -> int:
    """User-perceived characters: Unicode extended grapheme clusters (UAX #29), as
    the `regex` module finds them. Combining marks, variation selectors, skin
    tones, ZWJ sequences and flag pairs count with the character they belong to;
    CR LF is one."""
    return len(_GRAPHEME.findall(_nfc(text)))


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
