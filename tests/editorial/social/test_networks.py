"""Network rules: what each network accepts, counted and explained the way the
librarian reads it (Lithuanian numbers, translated messages)."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

from editorial.social import networks
from editorial.social.networks import (
    RULES,
    Network,
    compose_text,
    count_text,
    counters,
    format_count,
    validate,
)

NBSP = "\u00a0"
LONG_URL = (
    "https://www.biblioteka.lt/renginiai/2026/vasaros-skaitymai-vaikams-ir-tevams?vieta=centrine"
)


@dataclass
class Image:
    content_type: str = "image/jpeg"
    alt_text: str = "Vaikai skaito knygas bibliotekos kieme"
    size: int = 500_000


def codes(problems):
    return [p.code for p in problems]


def marked_msgids():
    """The msgids the networks package passes to gettext_lazy (what makemessages extracts)."""
    msgids = set()
    for module in Path(networks.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text())
        msgids |= {
            node.args[0].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        }
    return msgids


# -- the table ---------------------------------------------------------------------------


def test_every_network_has_rules_and_a_translatable_label():
    assert set(RULES) == set(Network)
    with translation.override("en"):
        assert Network.FACEBOOK.label == "Facebook Page"
        assert Network.LINKEDIN.label == "LinkedIn organisation"
    for network in Network:
        rules = RULES[network]
        assert rules.network == network
        assert rules.alt_text_required, "the library requires alternative text everywhere"
    assert {n for n, r in RULES.items() if not r.api} == {
        Network.YOUTUBE,
        Network.TIKTOK,
        Network.MANUAL,
    }


def test_documented_limits():
    assert RULES[Network.INSTAGRAM].max_chars == 2_200
    assert RULES[Network.INSTAGRAM].max_hashtags == 30
    assert RULES[Network.INSTAGRAM].max_media == 10
    assert RULES[Network.INSTAGRAM].media_types == {"image/jpeg"}
    assert RULES[Network.INSTAGRAM].max_posts_per_24h == 50
    assert RULES[Network.THREADS].max_chars == 500
    assert RULES[Network.MASTODON].max_media == 4
    assert RULES[Network.MASTODON].max_alt_text_chars == 1_500
    assert RULES[Network.LINKEDIN].max_chars == 3_000
    assert RULES[Network.FACEBOOK].max_chars == 63_206


# -- counting ----------------------------------------------------------------------------


def test_lithuanian_letters_count_once_even_when_decomposed():
    decomposed = "a\u0328c\u030ce\u0328"  # ą č ę typed with combining marks
    for network in Network:
        assert count_text(network, decomposed) == 3


def test_mastodon_counts_every_url_as_23_characters():
    text = f"Ateikite! {LONG_URL}"
    assert len(LONG_URL) > 23
    assert count_text(Network.MASTODON, text) == len("Ateikite! ") + 23
    assert count_text(Network.FACEBOOK, text) == len(text)
    # Trailing punctuation is not part of the address.
    assert count_text(Network.MASTODON, f"Žr. {LONG_URL}.") == len("Žr. ") + 23 + 1


def test_mastodon_long_text_with_url_fits_when_the_url_counts_23():
    text = "a" * 470 + " " + LONG_URL  # 470 + 1 + 23 = 494 on Mastodon
    assert len(text) > 500
    assert validate(Network.MASTODON, text, [Image()]) == []
    assert codes(validate(Network.MASTODON, "a" * 480 + " " + LONG_URL, [Image()])) == ["too_long"]


def test_mastodon_counts_remote_mentions_by_their_local_part_and_emoji_as_one():
    assert count_text(Network.MASTODON, "@biblioteka@mastodon.social") == len("@biblioteka")
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one family emoji, five code points
    assert count_text(Network.MASTODON, family) == 1
    assert count_text(Network.MASTODON, "\U0001f1f1\U0001f1f9") == 1  # the Lithuanian flag


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u0328c\u030ce\u0328", 3),  # Lithuanian letters typed with combining marks
        ("\U0001f469\u200d\U0001f469\u200d\U0001f467", 1),  # a ZWJ family
        ("\U0001f1f1\U0001f1f9\U0001f1ea\U0001f1fa", 2),  # two flags: LT, EU
        ("\U0001f44d\U0001f3fd", 1),  # a skin tone
        ("\u2764\ufe0f", 1),  # a variation selector
        ("1\ufe0f\u20e3", 1),  # a keycap
        ("\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 1),
        ("eilutė\r\nkita", 11),  # CR LF is one
        ("Ąžuolas", 7),
    ],
)
def test_graphemes_are_counted_as_people_see_them(text, expected):
    assert networks.count_graphemes(text) == expected


def test_threads_counts_emoji_as_their_utf8_bytes():
    assert count_text(Network.THREADS, "Knygos \U0001f4da") == len("Knygos ") + 4
    assert count_text(Network.THREADS, "Ąžuolas") == 7


def test_link_goes_into_the_text_where_the_network_has_no_link_field():
    link = "https://biblioteka.lt/r/1"
    assert compose_text(Network.FACEBOOK, "Renginys", link) == "Renginys"
    assert (
        compose_text(Network.FACEBOOK, "Renginys", link, with_media=True) == f"Renginys\n\n{link}"
    )
    assert compose_text(Network.MASTODON, "Renginys", link) == f"Renginys\n\n{link}"
    assert compose_text(Network.MASTODON, f"Renginys {link}", link) == f"Renginys {link}"
    # and it is counted: Mastodon as 23 characters
    assert (
        count_text(Network.MASTODON, compose_text(Network.MASTODON, "Renginys", link)) == 8 + 2 + 23
    )


def test_counters_for_the_editor():
    text = "x" * 600
    result = counters(text, [Network.MASTODON, Network.INSTAGRAM, Network.YOUTUBE])
    assert result["mastodon"] == (600, 500, False)
    assert result["instagram"] == (600, 2_200, True)
    assert result["youtube"].limit is None and result["youtube"].ok
    assert result["mastodon"].count == 600


# -- validation messages -----------------------------------------------------------------


def test_too_long_for_instagram_in_lithuanian():
    problems = validate(Network.INSTAGRAM, "ž" * 2_341, [Image()])
    assert codes(problems) == ["too_long"]
    with translation.override("lt"):
        assert str(problems[0].message) == f"Instagram: 2{NBSP}341 / 2{NBSP}200 simbolių"
    with translation.override("en"):
        assert str(problems[0].message) == "Instagram: 2,341 / 2,200 characters"


def test_messages_are_rendered_in_the_language_active_when_shown():
    with translation.override("en"):
        problem = validate(Network.FACEBOOK, "x" * 70_000)[0]
    with translation.override("lt"):
        assert str(problem) == f"Facebook puslapis: 70{NBSP}000 / 63{NBSP}206 simbolių"
    with translation.override("en"):
        assert str(problem) == "Facebook Page: 70,000 / 63,206 characters"


def test_messages_are_marked_for_translation():
    msgids = marked_msgids()
    assert "%(network)s: %(count)s / %(limit)s characters" in msgids
    assert "%(network)s: image %(number)s has no alternative text" in msgids
    assert "Facebook Page" in msgids and "LinkedIn organisation" in msgids


def test_lithuanian_number_grouping():
    with translation.override("lt"):
        assert format_count(950) == "950"
        assert format_count(2341) == f"2{NBSP}341"
        assert format_count(1_234_567) == f"1{NBSP}234{NBSP}567"
        assert format_count(-2341) == f"-2{NBSP}341"
        assert networks.format_megabytes(int(9.5 * 1024 * 1024)) == "9,5"
        assert networks.format_megabytes(8 * 1024 * 1024) == "8"
    with translation.override("en"):
        assert format_count(63206) == "63,206"
        assert networks.format_megabytes(int(9.5 * 1024 * 1024)) == "9.5"


@pytest.mark.parametrize("network", list(Network))
def test_image_without_alt_text_is_refused_on_every_network(network):
    problems = validate(network, "Naujos knygos", [Image(), Image(alt_text="  ")])
    missing = [p for p in problems if p.code == "alt_text_missing"]
    assert len(missing) == 1
    assert missing[0].media_index == 1
    with translation.override("en"):
        assert str(missing[0].message).endswith("image 2 has no alternative text")


def test_unsupported_image_type_for_instagram():
    problems = validate(Network.INSTAGRAM, "Naujos knygos", [Image(content_type="image/gif")])
    assert codes(problems) == ["media_type"]
    with translation.override("en"):
        assert str(problems[0].message) == "Instagram: image 1 is GIF; accepted types: JPEG"
    assert validate(Network.MASTODON, "Naujos knygos", [Image(content_type="image/gif")]) == []


def test_too_many_images():
    problems = validate(Network.MASTODON, "Naujos knygos", [Image() for _ in range(5)])
    assert codes(problems) == ["too_many_media"]
    with translation.override("en"):
        assert str(problems[0].message) == "Mastodon: 5 images; at most 4 are allowed"
    assert validate(Network.INSTAGRAM, "Naujos knygos", [Image() for _ in range(10)]) == []
    assert codes(validate(Network.INSTAGRAM, "Naujos knygos", [Image() for _ in range(11)])) == [
        "too_many_media"
    ]


def test_oversized_image():
    size = int(9.5 * 1024 * 1024)
    problems = validate(Network.INSTAGRAM, "Naujos knygos", [Image(size=size)])
    assert codes(problems) == ["media_too_large"]
    with translation.override("lt"):
        assert "9,5 MB" in str(problems[0].message) and "8 MB" in str(problems[0].message)
    with translation.override("en"):
        assert str(problems[0].message) == "Instagram: image 1 is 9.5 MB; the limit is 8 MB"
    # The same image fits Mastodon's 16 MB.
    assert validate(Network.MASTODON, "Naujos knygos", [Image(size=size)]) == []


def test_size_is_taken_from_the_data_when_not_given():
    from editorial.social.adapters.base import MediaItem

    item = MediaItem("a.jpg", "image/jpeg", b"x" * (9 * 1024 * 1024), "Knygų lentyna")
    assert codes(validate(Network.INSTAGRAM, "Knygos", [item])) == ["media_too_large"]


def test_instagram_needs_an_image():
    problems = validate(Network.INSTAGRAM, "Tik tekstas")
    assert codes(problems) == ["media_required"]
    assert validate(Network.FACEBOOK, "Tik tekstas") == []


def test_too_many_hashtags_and_links():
    tags = " ".join(f"#žyma{i}" for i in range(31))
    assert codes(validate(Network.INSTAGRAM, tags, [Image()])) == ["too_many_hashtags"]
    links = " ".join(f"https://biblioteka.lt/{i}" for i in range(6))
    assert codes(validate(Network.THREADS, links)) == ["too_many_links"]


def test_alt_text_too_long_for_mastodon():
    problems = validate(Network.MASTODON, "Knygos", [Image(alt_text="ą" * 1_501)])
    assert codes(problems) == ["alt_text_too_long"]


def test_empty_post():
    assert codes(validate(Network.MASTODON, "   ")) == ["empty"]


def test_a_fitting_post_has_no_problems():
    for network in Network:
        media = [Image()] if RULES[network].media_required else []
        assert validate(network, "Kviečiame į vasaros skaitymus! #skaitome", media) == []
