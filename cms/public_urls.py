"""Public URLs (outside /admin) of upper-floor apps, collected through a hook.

cms is the lowest floor and imports none of the apps above it; an app that answers at a
public address (a calendar feed, a webhook) returns its patterns from a function
registered with ``PUBLIC_URLS_HOOK``. They are placed before Wagtail's page catch-all.
A public view must decide for itself whom it answers (there is no admin guard here) and
keep personal responses out of the public page cache (``Cache-Control: private``).
"""

from wagtail import hooks

PUBLIC_URLS_HOOK = "sklaida_public_urls"


def public_urlpatterns():
    patterns = []
    for register in hooks.get_hooks(PUBLIC_URLS_HOOK):
        patterns.extend(register())
    return patterns
