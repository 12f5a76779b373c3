"""Translate the few English labels that Wagtail's admin templates hard-code.

Wagtail writes some screen-reader labels as plain English in its templates (not through
gettext), so no catalogue can translate them. Rather than copy whole templates to change a
word, this loader reads the packages' templates as usual and wraps those labels in
`{% translate %}`; `locale_upstream/` holds their Lithuanian. A fix that no longer
matches (Wagtail changed the template) is reported by tests/cms/test_admin_speaks_lithuanian.py.
"""

from django.template.loaders.app_directories import Loader as AppDirectoriesLoader

# template name -> (hard-coded text, the same text translated when rendered)
FIXES = {
    "wagtailadmin/home.html": [
        ('value="Search"', 'value="{% load i18n %}{% translate "Search" %}"'),
    ],
    "wagtailadmin/shared/header.html": [
        ('value="Search"', 'value="{% load i18n %}{% translate "Search" %}"'),
    ],
    "wagtailadmin/shared/headers/_actions.html": [
        ('aria-label="Actions"', 'aria-label="{% load i18n %}{% translate "Actions" %}"'),
    ],
}


class Loader(AppDirectoriesLoader):
    def get_contents(self, origin):
        contents = super().get_contents(origin)
        for english, translated in FIXES.get(origin.template_name, ()):
            contents = contents.replace(english, translated)
        return contents
