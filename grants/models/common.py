"""Field helpers shared by the funding registers."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# Long texts are bounded so a pasted book is refused with a message, not stored.
TEXT_LIMIT = 10_000
# Amounts up to 99,999,999.99 EUR: more than any library grant; larger is a typo.
AMOUNT_LIMIT = Decimal("99999999.99")


def money_field(verbose_name, **kwargs):
    """A non-negative amount in euros, two decimals (Decimal, never float)."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    validators = [MinValueValidator(Decimal("0")), MaxValueValidator(AMOUNT_LIMIT)]
    return models.DecimalField(verbose_name, validators=validators, **kwargs)


def share_field(verbose_name, **kwargs):
    """A share in per cent, 0–100, two decimals (e.g. a minimum own contribution)."""
    validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=validators, **kwargs
    )


def long_text(verbose_name, **kwargs):
    from django.core.validators import MaxLengthValidator

    return models.TextField(verbose_name, validators=[MaxLengthValidator(TEXT_LIMIT)], **kwargs)
