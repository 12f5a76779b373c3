"""The brand kit's colours (campaigns.BrandKit) as a stylesheet, so that public pages
carry no inline style (CSP)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cms.colours import hex_colour
from editorial.campaigns.models import BrandKit
from editorial.campaigns.models.brand import DEFAULT_ACCENT, DEFAULT_PRIMARY


def colour(value, default):
    # Validated as #RRGGBB on save; checked again because this is written into CSS.
    return value if value and hex_colour.regex.fullmatch(value) else default


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
