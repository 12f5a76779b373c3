"""The brand kit's colours (campaigns.BrandKit) as a stylesheet, so that public pages
carry no inline style (CSP)."""

import re

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from editorial.campaigns.models import BrandKit
from editorial.campaigns.models.brand import DEFAULT_ACCENT, DEFAULT_PRIMARY

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def colour(value, default):
    # Validated as #RRGGBB on save; checked again because this is written into CSS.
    return value if value and HEX_COLOUR.fullmatch(value) else default


@require_GET
def brand_css(request):
    brand = BrandKit.for_request(request)
    primary = colour(brand.primary_colour, DEFAULT_PRIMARY)
    accent = colour(brand.accent_colour, DEFAULT_ACCENT)
    css = f":root {{ --brand: {primary}; --accent: {accent}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The page links it with the colours in the query string, so a change is a new URL.
    response["Cache-Control"] = "public, max-age=86400"
    return response
