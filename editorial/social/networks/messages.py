"""Numbers and messages in the reader's language, rendered when displayed."""

from babel.numbers import format_decimal
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, to_locale

from .rules import MB, Network


def _locale() -> str:
    return to_locale(get_language() or settings.LANGUAGE_CODE)


def format_count(value: int) -> str:
    """A whole number grouped by thousands the way the active language writes it
    (CLDR, through Babel): 2341 -> "2 341" with a no-break space in Lithuanian,
    "2,341" in English. Django's lt formats say ".", which is not Lithuanian usage."""
    return format_decimal(value, locale=_locale())


def format_megabytes(size: int) -> str:
    """Bytes as megabytes with at most one decimal: 9961472 -> "9,5" in Lithuanian."""
    return format_decimal(round(size / MB, 1), format="#,##0.#", locale=_locale())


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


class LazyMegabytes:
    """A size shown in megabytes, formatted when the message is rendered."""

    def __init__(self, size: int):
        self.size = size

    def __str__(self):
        return format_megabytes(self.size)
