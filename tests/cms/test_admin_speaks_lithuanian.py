"""The screens of the daily flows speak Lithuanian, Wagtail's own strings included.

Each screen a specialist or a head works in is rendered in Lithuanian; every piece of
text a person can see or hear (text nodes, titles, labels, placeholders, the sidebar's
menu) is checked for English words. Wagtail's own Lithuanian catalogue is incomplete:
the missing strings live in `locale_upstream/` (docs/i18n.md).
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.networks import Network

# Words of Wagtail's and Django's English interface that are not Lithuanian words; a
# screen showing any of them shows an untranslated string. Product names (Wagtail,
# Facebook, Instagram...) are not in the list.
ENGLISH_WORDS = {
    "about", "actions", "add", "all", "and", "any", "approve", "are", "by", "cancel",
    "changes", "choose", "collapse", "comments", "date", "delete", "documents", "draft",
    "edit", "edits", "error", "expand", "filter", "first", "help", "history", "images",
    "in", "live", "locked", "moderation", "more", "new", "next", "no", "of", "page",
    "pages", "preview", "previous", "reports", "request", "requested", "resubmit", "save",
    "schedule", "search", "select", "settings", "show", "snippets", "sort", "status",
    "submit", "the", "this", "to", "unsaved", "upload", "view", "with", "workflow", "yes",
    "you", "your",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]+")
TIME_ZONE_NAME = re.compile(r"^[A-Za-z_]+(/[A-Za-z_-]+)+$")
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value"}
SKIPPED_ELEMENTS = {"script", "style", "noscript"}


class VisibleText(HTMLParser):
    """Collects what a person sees or hears: text, labelling attributes, the sidebar."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self._skipping = []
        self._json_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in VISIBLE_ATTRIBUTES & attributes.keys():
            self.pieces.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.pieces.append(attributes.get("value") or "")
        if tag in SKIPPED_ELEMENTS:
            self._skipping.append(tag)
            self._json_script = attributes.get("type") == "application/json"

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
            self._json_script = False

    def handle_data(self, data):
        if not self._skipping:
            self.pieces.append(data)
        elif self._json_script and data.strip():
            # Wagtail renders the sidebar (menus, account, search) from JSON props.
            self.pieces.extend(labels_in(json.loads(data)))


def labels_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"label", "title"} and isinstance(item, str):
                yield item
            else:
                yield from labels_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from labels_in(item)


def english_in(pieces):
    """The pieces of text that contain an English interface word."""
    found = set()
    for piece in pieces:
        if TIME_ZONE_NAME.match(piece.strip()):
            continue  # the account page lists time zones by their IANA names
        if any(word.lower() in ENGLISH_WORDS for word in WORD.findall(piece)):
            found.add(piece.strip())
    return sorted(found)


def english_on(html):
    parser = VisibleText()
    parser.feed(html)
    return english_in(parser.pieces)


@pytest.fixture
def post_in_moderation(specialist):
    channel = ChannelFactory(network=Network.MANUAL, name="Bibliotekos TikTok", token="")
    post = SocialPostFactory(
        title="Vasaros skaitymų pradžia", author=specialist, channels=[channel]
    )
    post.save_revision(user=specialist)
    Workflow.objects.get(active=True).start(post, specialist)
    return post


@pytest.fixture
def page_in_moderation(standard_page_factory, specialist):
    page = standard_page_factory(title="Renginiai vaikams", live=False, owner=specialist)
    page.get_workflow().start(page, specialist)
    return page


def screens(page, post):
    """The admin screens of the daily flows, by name."""
    post_url = reverse("wagtailsnippets_social_socialpost:edit", args=(post.pk,))
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "page explorer": reverse("wagtailadmin_explore", args=(page.get_parent().pk,)),
        "page editor": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        "new page": reverse(
            "wagtailadmin_pages:add", args=("home", "standardpage", page.get_parent().pk)
        ),
        "post list": reverse("wagtailsnippets_social_socialpost:list"),
        "post editor": post_url,
        "new post": reverse("wagtailsnippets_social_socialpost:add"),
        "post history": reverse("wagtailsnippets_social_socialpost:history", args=(post.pk,)),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "images": reverse("wagtailimages:index"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "account": reverse("wagtailadmin_account"),
        "moderation queue": reverse("moderation_queue"),
    }


@pytest.mark.parametrize("role", ["specialist", "head"])
def test_daily_screens_show_no_english(
    role, request, client_for, page_in_moderation, post_in_moderation
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    problems = {}
    for name, url in screens(page_in_moderation, post_in_moderation).items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="lt")
        if response.status_code in (302, 403):
            continue  # a screen this role may not open (tested in the permission matrix)
        assert response.status_code == 200, (name, url, response.status_code)
        html = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            html = response.json()["html"]  # a chooser modal
        english = english_on(html)
        if english:
            problems[name] = english
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_javascript_catalogue_is_lithuanian(client_for, specialist):
    """Wagtail's scripts ("Collapse all", "You have unsaved edits"...) read their strings
    from this catalogue."""
    response = client_for(specialist).get(reverse("wagtailadmin_javascript_catalog"))
    script = response.content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["Collapse all"] == "Suskleisti visus"
    assert catalogue["Expand all"] == "Išskleisti visus"


def test_time_ago_reads_in_lithuanian(client_for, specialist):
    from django.utils import translation
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    with translation.override("lt"):
        from django.utils import timezone

        three_minutes_ago = timezone.now() - timezone.timedelta(minutes=3)
        assert timesince_simple(three_minutes_ago) == "prieš 3\u00a0minutes"
        ten_minutes_ago = timezone.now() - timezone.timedelta(minutes=10, seconds=5)
        assert timesince_simple(ten_minutes_ago) == "prieš 10\u00a0minučių"


def test_every_template_fix_still_matches_wagtails_template():
    """If Wagtail changes one of these templates, the fix stops applying: re-check it."""
    from django.template import engines

    from cms.template_loaders import FIXES, Loader

    engine = engines["django"].engine
    loader = Loader(engine)
    for template_name, fixes in FIXES.items():
        origin = loader.get_template(template_name).origin
        source = Path(origin.name).read_text(encoding="utf-8")
        for english, _translated in fixes:
            assert english in source, f"{template_name} no longer has {english!r}"
        assert not any(english in loader.get_contents(origin) for english, _ in fixes)
