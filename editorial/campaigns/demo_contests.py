"""Demo promotions (Lithuanian): one open now with a few entries, one closed and drawn.
Idempotent: pages found by slug, entries by e-mail, the draw by its promotion."""

from datetime import timedelta

from django.utils import timezone
from wagtail.coreutils import find_available_slug

from .contests_services import normalise_email, run_draw
from .models import CampaignIndexPage, PromotionDraw, PromotionEntry, PromotionPage, PromotionPrize

RULES = (
    "<p>Dalyvauti gali visi bibliotekos skaitytojai. Vienas asmuo – viena anketa. "
    "Laimėtojai išrenkami burtų keliu po dalyvavimo pabaigos ir informuojami el. paštu. "
    "Dalyvių duomenys ištrinami praėjus 90 dienų po burtų traukimo.</p>"
)

OPEN = {
    "slug": "atspek-knyga",
    "title": "Dovanų žaidimas: atspėk knygą",
    "intro": "<p>Perskaitykite ištrauką ir atspėkite, iš kurios lietuvių autoriaus knygos ji. "
    "Tarp teisingai atsakiusiųjų išrinksime tris laimėtojus.</p>",
    "question": "Iš kurios knygos ši ištrauka: „Ir vėl žydės obelys…“?",
    "prizes": [("Knygų rinkinys", 2), ("Bibliotekos drobinis krepšys", 1)],
    "entries": [
        ("Ieva Kazlauskaitė", "ieva.kaz@example.lt", "„Anykščių šilelis“"),
        ("Mantas Jonaitis", "mantas.j@example.lt", "Manau, tai Maironio „Pavasario balsai“"),
        ("Greta Paulauskienė", "greta.p@example.lt", "„Metai“, K. Donelaitis"),
    ],
}
CLOSED = {
    "slug": "vasaros-skaitymo-konkursas",
    "title": "Vasaros skaitymo konkursas",
    "intro": "<p>Papasakokite, kokią knygą skaitėte vasarą, ir laimėkite prizą.</p>",
    "question": "Kokią knygą šią vasarą skaitėte ir kodėl ją rekomenduotumėte?",
    "prizes": [("Knygynėlio dovanų kuponas", 1)],
    "entries": [
        ("Rasa Petrauskaitė", "rasa.p@example.lt", "„Sniego šalis“ – rami ir graži knyga."),
        (
            "Tadas Vaitkus",
            "tadas.v@example.lt",
            "„Tylos kambarys“ – įtraukia nuo pirmo puslapio.",
        ),
        ("Lina Žukauskienė", "lina.z@example.lt", "Vaikams – „Dėdės ir dėdienės“, skaitėme kartu."),
        ("Jonas Mickus", "jonas.m@example.lt", "„Baltoji drobulė“ – miesto ritmas ir kalba."),
    ],
}


def build_contests(demo):
    author, head = demo.users.get("specialistas"), demo.users.get("vadovas")
    home = demo.site.root_page.specific
    if author is None or head is None or home.depth != 2:
        return
    index = CampaignIndexPage.objects.descendant_of(home).first()
    if index is None:
        index = CampaignIndexPage(
            title="Kampanijos ir akcijos",
            slug=find_available_slug(home, "kampanijos"),
            intro="<p>Bibliotekos komunikacinės kampanijos, akcijos ir konkursai.</p>",
            owner=author,
        )
        home.add_child(instance=index)
        index.save_revision(user=author).publish(user=head)
    now = timezone.now()
    _promotion(index, OPEN, author, head, now - timedelta(days=3), now + timedelta(days=14), now)
    closed = _promotion(
        index, CLOSED, author, head, now - timedelta(days=40), now - timedelta(days=10), now
    )
    if closed is not None and not PromotionDraw.objects.filter(promotion=closed).exists():
        run_draw(head, closed, now=now)


def _promotion(index, spec, author, head, opens, closes, now):
    page = PromotionPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is None:
        page = PromotionPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            rules=RULES,
            question=spec["question"],
            opens_at=opens,
            closes_at=closes,
            winners_count=1,
            reserves_count=1,
            owner=author,
        )
        for number, (name, count) in enumerate(spec["prizes"]):
            page.prizes.add(PromotionPrize(name=name, count=count, sort_order=number))
        index.add_child(instance=page)
        page.save_revision(user=author).publish(user=head)
    for minutes, (name, email, answer) in enumerate(spec["entries"]):
        key = normalise_email(email)
        if PromotionEntry.objects.filter(promotion=page, email_key=key).exists():
            continue
        PromotionEntry.objects.create(
            promotion=page,
            name=name,
            email=email,
            email_key=key,
            answer=answer,
            consent_rules=True,
            consent_processing=True,
            created_at=min(page.opens_at + timedelta(hours=1, minutes=minutes), now),
        )
    return page
