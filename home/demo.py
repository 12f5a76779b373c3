"""Demo content of the public site: the library's home page, a few standard pages,
their English translations and the brand settings. Registered with load_demo
through the "register_demo_content" hook (see cms/demo.py)."""

from datetime import timedelta

from django.utils import timezone
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, Site

from .models import BrandSettings, HomePage, StandardPage

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"

HOME = {
    "lt": {
        "slug": "biblioteka",
        "title": "Apskrities viešoji biblioteka",
        "intro": "<p>Knygos, renginiai, mokymai ir konsultacijos visai apskrities "
        "bendruomenei – bibliotekoje ir internete.</p>",
        "body": [
            ("heading", "Kviečiame į biblioteką"),
            (
                "paragraph",
                "<p>Biblioteka dirba darbo dienomis nuo 9 iki 19 valandos, šeštadieniais – "
                "nuo 10 iki 16 valandos. Registruokitės į renginius ir mokymus, užsakykite "
                "knygas ir sekite mūsų naujienas socialiniuose tinkluose.</p>",
            ),
        ],
    },
    "en": {
        "slug": "library",
        "title": "County Public Library",
        "intro": "<p>Books, events, training and consultations for the whole county "
        "community – in the library and online.</p>",
        "body": [
            ("heading", "Welcome to the library"),
            (
                "paragraph",
                "<p>The library is open on weekdays from 9 am to 7 pm and on Saturdays from "
                "10 am to 4 pm. Sign up for events and training, order books and follow our "
                "news on social media.</p>",
            ),
        ],
    },
}

PAGES = [
    {
        "lt": {
            "slug": "apie-mus",
            "title": "Apie mus",
            "intro": "Apskrities viešoji biblioteka – žinių, kultūros ir bendruomenės namai.",
            "body": [
                (
                    "paragraph",
                    "<p>Biblioteka kaupia ir saugo dokumentų fondą, organizuoja renginius, "
                    "mokymus ir parodas, konsultuoja savivaldybių viešąsias ir mokyklų "
                    "bibliotekas.</p>",
                ),
                ("quote", "Skaitymas – tai kelionė, kuriai nereikia bilieto."),
            ],
        },
        "en": {
            "slug": "about-us",
            "title": "About us",
            "intro": "The County Public Library – a home for knowledge, culture and community.",
            "body": [
                (
                    "paragraph",
                    "<p>The library collects and preserves documents, organises events, "
                    "training and exhibitions, and advises municipal public libraries and "
                    "school libraries.</p>",
                ),
                ("quote", "Reading is a journey that needs no ticket."),
            ],
        },
    },
    {
        "lt": {
            "slug": "renginiai",
            "title": "Renginiai",
            "intro": "Knygų pristatymai, susitikimai su autoriais, parodos ir virtualūs renginiai.",
            "body": [
                (
                    "paragraph",
                    "<p>Renginių kalendorių skelbiame svetainėje ir socialiniuose tinkluose. "
                    "Į daugelį renginių įėjimas nemokamas.</p>",
                ),
            ],
        },
        "en": {
            "slug": "events",
            "title": "Events",
            "intro": "Book launches, meetings with authors, exhibitions and virtual events.",
            "body": [
                (
                    "paragraph",
                    "<p>We publish the events calendar on this site and on social media. "
                    "Most events are free of charge.</p>",
                ),
            ],
        },
    },
    {
        "lt": {
            "slug": "paslaugos",
            "title": "Paslaugos",
            "intro": "Knygų išdavimas, mokymai, konsultacijos ir stažuotės bibliotekininkams.",
            "body": [
                (
                    "paragraph",
                    "<p>Organizuojame mokymus ir konsultacijas savivaldybių viešųjų ir "
                    "mokyklų bibliotekų darbuotojams, priimame stažuotojus.</p>",
                ),
            ],
        },
        "en": {
            "slug": "services",
            "title": "Services",
            "intro": "Lending, training, consultations and internships for librarians.",
            "body": [
                (
                    "paragraph",
                    "<p>We organise training and consultations for the staff of municipal "
                    "public libraries and school libraries, and host interns.</p>",
                ),
            ],
        },
    },
    {
        "lt": {
            "slug": "kontaktai",
            "title": "Kontaktai",
            "intro": "Kaip mus rasti ir su mumis susisiekti.",
            "body": [
                ("heading", "Komunikacijos skyrius"),
                (
                    "paragraph",
                    "<p>Klausimus apie renginius, bendradarbiavimą ir žiniasklaidą rašykite "
                    '<a href="mailto:komunikacija@biblioteka.example">'
                    "komunikacija@biblioteka.example</a>.</p>",
                ),
            ],
        },
        "en": {
            "slug": "contacts",
            "title": "Contacts",
            "intro": "How to find us and get in touch.",
            "body": [
                ("heading", "Communication department"),
                (
                    "paragraph",
                    "<p>For events, partnerships and press enquiries write to "
                    '<a href="mailto:komunikacija@biblioteka.example">'
                    "komunikacija@biblioteka.example</a>.</p>",
                ),
            ],
        },
    },
]

# The library's name, logo and colours are the brand kit's (editorial.campaigns demo).
BRAND = {
    "facebook_url": "https://www.facebook.com/biblioteka.example",
    "instagram_url": "https://www.instagram.com/biblioteka.example",
    "youtube_url": "https://www.youtube.com/@biblioteka.example",
    "contact_email": "info@biblioteka.example",
    "contact_phone": "+370 37 000 000",
    "address": "Laisvės al. 1, Kaunas",
}


# Drafts the demo specialist has sent to moderation, so that the demo head finds
# something in the moderation queue (one of them scheduled: the most urgent).
AWAITING_REVIEW = [
    {
        "slug": "rudens-skaitymu-programa",
        "title": "Rudens skaitymų programa",
        "intro": "Rudens skaitymai bibliotekoje: susitikimai su rašytojais kiekvieną "
        "ketvirtadienį.",
        "go_live_in_days": 7,
    },
    {
        "slug": "sventiniu-dienu-darbo-laikas",
        "title": "Švenčių dienų darbo laikas",
        "intro": "Gruodžio 24–26 dienomis biblioteka nedirba; gruodžio 31 d. dirbame "
        "iki 15 valandos.",
        "go_live_in_days": None,
    },
]


def build_site(demo):
    lt = Locale.objects.get(language_code="lt")
    en = Locale.objects.get(language_code="en")
    home = ensure_home(demo.site, lt)
    en_home = ensure_translation(home, en, HOME["en"])
    pages = []
    for spec in PAGES:
        page = home.get_children().filter(slug=spec["lt"]["slug"]).first()
        if page is None:
            page = _publish_child(home, StandardPage(show_in_menus=True, **dict(spec["lt"])))
        pages.append(page)
    for page, spec in zip(pages, PAGES, strict=True):
        if en_home is not None:
            ensure_translation(page.specific, en, spec["en"])
    fill_brand_settings(demo.site)
    submit_drafts_for_review(home, demo.users.get("specialistas"))


def submit_drafts_for_review(home, author):
    """Drafts awaiting the head's review; created once (looked up by slug)."""
    if author is None:
        return
    for spec in AWAITING_REVIEW:
        if home.get_children().filter(slug=spec["slug"]).exists():
            continue
        days = spec["go_live_in_days"]
        page = StandardPage(
            slug=spec["slug"],
            title=spec["title"],
            intro=spec["intro"],
            live=False,
            owner=author,
            go_live_at=timezone.now() + timedelta(days=days) if days else None,
        )
        home.add_child(instance=page)
        page.save_revision(user=author)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, author)


def ensure_home(site, locale):
    """The site's HomePage; replaces Wagtail's untouched welcome page as the root."""
    root = site.root_page.specific
    if isinstance(root, HomePage):
        return root
    tree_root = Page.get_first_root_node()
    home = HomePage.objects.child_of(tree_root).filter(slug=HOME["lt"]["slug"]).first()
    if home is None:
        fields = dict(HOME["lt"])
        fields["slug"] = find_available_slug(tree_root, fields["slug"])
        home = _publish_child(tree_root, HomePage(locale=locale, **fields))
    site.root_page = home
    site.save()
    if _is_wagtail_welcome_page(root):
        root.delete()
    return home


def ensure_translation(page, locale, spec):
    """The page's translation into `locale`, created and published if missing.

    Returns None when the parent has no translation (then the page cannot have one).
    """
    translation = page.get_translations().filter(locale=locale).first()
    if translation is not None:
        return translation.specific
    parent = page.get_parent()
    if not parent.is_root() and not parent.get_translations().filter(locale=locale).exists():
        return None
    translation = page.copy_for_translation(locale)
    # The fresh draft copy has no URL anyone knows yet: give it its own slug without
    # the redirect Wagtail creates when a page is renamed.
    parent = translation.get_parent()
    slug = find_available_slug(parent, spec["slug"], ignore_page_id=translation.pk)
    Page.objects.filter(pk=translation.pk).update(slug=slug, url_path=f"{parent.url_path}{slug}/")
    translation.refresh_from_db()
    for name, value in spec.items():
        if name != "slug":
            setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def fill_brand_settings(site):
    """Fill empty contact fields only; what an editor has set stays."""
    brand = BrandSettings.for_site(site)
    changed = [name for name, value in BRAND.items() if not getattr(brand, name)]
    for name in changed:
        setattr(brand, name, BRAND[name])
    if changed:
        brand.save()


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _is_wagtail_welcome_page(page):
    return (
        type(page) is Page
        and page.title == WAGTAIL_WELCOME_TITLE
        and page.numchild == 0
        and not Site.objects.filter(root_page=page).exists()
    )
