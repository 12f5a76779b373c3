"""Demo brand kit and checklist rules of the demo library (Lithuanian). Idempotent:
the kit's empty fields are filled, what an editor has set stays; templates and rules
are looked up by network and kind."""

from cms.demo import demo_image
from editorial.social.networks import Network

from .models import BrandKit, ChecklistRule, NetworkTemplate

KIT = {
    "library_name": "Apskrities viešoji biblioteka",
    "heading_font": "Lora",
    "body_font": "Source Sans 3",
    "tone_of_voice": (
        "Kalbame kaip draugiškas bibliotekininkas: paprastai, šiltai ir pagarbiai. "
        "Kreipiamės „jūs“, vengiame biurokratinės kalbos ir angliškų žodžių, "
        "kai yra lietuviškas atitikmuo.\n"
        "Vienas įrašas – viena žinia. Pirmas sakinys pasako svarbiausią dalyką: "
        "kas, kada ir kur.\n"
        "Kiekvienam paveikslėliui rašome alternatyvųjį tekstą."
    ),
    "standard_hashtags": "#SkaitykLietuviškai #Biblioteka #KaunoBiblioteka",
    "sign_off": "Iki pasimatymo bibliotekoje!",
}

TEMPLATES = {
    Network.FACEBOOK: (
        "[Svarbiausia žinia viename sakinyje.]\n\n"
        "Kada: [data, laikas]\nKur: [vieta]\n[Kelios eilutės apie renginį ar knygą.]\n\n"
        "Iki pasimatymo bibliotekoje!\n#SkaitykLietuviškai #Biblioteka"
    ),
    Network.INSTAGRAM: (
        "[Trumpa žinia, kuri tinka prie nuotraukos.]\n\n"
        "Nuoroda – profilio aprašyme.\n\n#SkaitykLietuviškai #Biblioteka #KaunoBiblioteka"
    ),
}

RULES = [
    {"kind": ChecklistRule.Kind.ALT_TEXT, "level": ChecklistRule.Level.REQUIRED},
    {"kind": ChecklistRule.Kind.HASHTAG, "level": ChecklistRule.Level.RECOMMENDED},
    {
        "kind": ChecklistRule.Kind.BANNED_WORDS,
        "level": ChecklistRule.Level.REQUIRED,
        # Anglicisms and shouting the tone-of-voice notes ask to avoid.
        "words": "must have\nASAP\nsuper\nskubiai skubiai",
    },
]


def build_brand_kit_and_checklist(demo):
    site = demo.site
    kit = BrandKit.for_site(site)
    changed = [name for name, value in KIT.items() if not getattr(kit, name)]
    for name in changed:
        setattr(kit, name, KIT[name])
    if kit.logo_id is None:
        kit.logo = demo_image(
            "Bibliotekos logotipas", "Apskrities viešosios bibliotekos logotipas", size=(600, 200)
        )
        changed.append("logo")
    if changed:
        kit.save()
    for network, text in TEMPLATES.items():
        NetworkTemplate.objects.get_or_create(
            brand_kit=kit, network=network, defaults={"text": text}
        )
    for spec in RULES:
        values = dict(spec)
        kind = values.pop("kind")
        ChecklistRule.objects.get_or_create(site=site, kind=kind, defaults=values)
