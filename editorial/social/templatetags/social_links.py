"""`{{ value|web_url }}`: an address to put in href only when it is http(s).

Addresses from networks (permalinks) or from people are shown as links; a value
like `javascript:…` must never become one, even if it was stored before it was
checked.
"""

from django import template

from editorial.social.endpoints import web_url as checked_web_url

register = template.Library()


@register.filter
def web_url(value):
    return checked_web_url(value)
