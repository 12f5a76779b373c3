"""What the Lithuanian admin shows for a source string (the English until translated)."""

from django.utils import translation


def lt(text, **values):
    with translation.override("lt"):
        message = translation.gettext(text)
    return message % values if values else message
