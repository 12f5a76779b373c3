"""Colours of a library's communication image: the #RRGGBB format and the WCAG
contrast check. The core floor holds them so that the brand kit (editorial.campaigns)
and the public site (home) judge a colour with the same code."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #0b5394.")
)

# WCAG 2.x: normal text needs a contrast ratio of at least 4.5:1.
MIN_TEXT_CONTRAST = 4.5


def relative_luminance(colour):
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    """WCAG contrast ratio between two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def unreadable_on_white(instance, fields):
    """{field: message} for each colour of `instance` too light to read against white.

    The primary colour is the header background under white text and the colour of
    links on white; the accent colour marks text on white too: both must be readable.
    Colours that are not #RRGGBB are left to the format validator."""
    errors = {}
    for field in fields:
        colour = getattr(instance, field)
        if not hex_colour.regex.match(colour or ""):
            continue
        ratio = contrast_ratio(colour, "#ffffff")
        if ratio < MIN_TEXT_CONTRAST:
            errors[field] = _(
                "This colour is too light to read against white (contrast %(ratio).1f:1, "
                "at least %(minimum).1f:1 is needed). Choose a darker shade."
            ) % {"ratio": ratio, "minimum": MIN_TEXT_CONTRAST}
    return errors
