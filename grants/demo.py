"""Demo funding: sources (state, municipal, EU, a company sponsor with its agreement) and
two open calls, one the head decided to apply for and one still undecided.

Idempotent: sources are found again by funder and programme, calls by name.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from .calls_services import decide
from .models import Call, FundingSource, SupportAgreement

SOURCES = [
    {
        "funder": "Lietuvos kultūros taryba",
        "programme": "Bibliotekų programų finansavimas",
        "kind": FundingSource.Kind.STATE,
        "url": "https://www.ltkt.lt/",
        "eligible_applicants": (
            "Viešosios bibliotekos ir kiti kultūros sektoriaus juridiniai asmenys."
        ),
        "eligible_costs": "Lektorių honorarai, renginių organizavimas, leidyba, sklaida.",
        "typical_amount_min": Decimal("3000.00"),
        "typical_amount_max": Decimal("25000.00"),
        "own_contribution_share": Decimal("10.00"),
        "recurring_deadlines": "Kasmet rudenį, kvietimas skelbiamas rugsėjo mėnesį.",
        "notes": "Paraiškos teikiamos per Kultūros tarybos elektroninę sistemą.",
        "tags": ["kultūra", "skaitymo skatinimas"],
    },
    {
        "funder": "Vilniaus miesto savivaldybė",
        "programme": "Kultūros ir meno projektų dalinis finansavimas",
        "kind": FundingSource.Kind.MUNICIPALITY,
        "url": "https://vilnius.lt/",
        "eligible_applicants": "Vilniaus mieste veikiančios kultūros įstaigos ir organizacijos.",
        "eligible_costs": "Projekto veiklų išlaidos, išskyrus ilgalaikį turtą.",
        "typical_amount_min": Decimal("1000.00"),
        "typical_amount_max": Decimal("10000.00"),
        "own_contribution_share": Decimal("20.00"),
        "recurring_deadlines": "Kasmet iki lapkričio pabaigos.",
        "tags": ["savivaldybė", "bendruomenė"],
    },
    {
        "funder": "Erasmus+",
        "programme": "KA1 suaugusiųjų švietimo darbuotojų mobilumas",
        "kind": FundingSource.Kind.EU,
        "url": "https://www.erasmus-plius.lt/",
        "eligible_applicants": "Suaugusiųjų švietimo organizacijos, tarp jų viešosios bibliotekos.",
        "eligible_costs": "Kelionės, pragyvenimas, kursų mokesčiai, organizacinė parama.",
        "typical_amount_min": Decimal("5000.00"),
        "typical_amount_max": Decimal("60000.00"),
        "recurring_deadlines": "Kasmet vasario mėnesį.",
        "tags": ["ES", "kvalifikacijos kėlimas"],
    },
    {
        "funder": "UAB „Knygų namai“",
        "programme": "Parama vaikų skaitymo iniciatyvoms",
        "kind": FundingSource.Kind.COMPANY,
        "eligible_costs": "Knygos prizams, renginių išlaidos.",
        "notes": "Parama teikiama pagal Labdaros ir paramos įstatymą; sutartis pasirašoma kasmet.",
        "tags": ["rėmėjai", "vaikai"],
    },
]

AGREEMENT = {
    "number": "PS-2026/04",
    "amount": Decimal("1500.00"),
    "in_kind": "40 knygų vasaros skaitymo iššūkio prizams",
    "acknowledgement": (
        "Renginių plakatuose ir bibliotekos svetainėje nurodyti: "
        "„Vasaros skaitymo iššūkį remia UAB „Knygų namai““ ir rodyti rėmėjo logotipą."
    ),
}

# name, source funder, days ahead, maximum amount, minimum own share, decide "go"?
CALLS = [
    (
        "Bibliotekų programos 2027",
        "Lietuvos kultūros taryba",
        30,
        Decimal("20000.00"),
        Decimal("10.00"),
        True,
    ),
    (
        "Kultūros ir meno projektų dalinis finansavimas 2027 m.",
        "Vilniaus miesto savivaldybė",
        45,
        Decimal("8000.00"),
        Decimal("20.00"),
        False,
    ),
]

GO_REASON = "Tinka mūsų vaikų skaitymo programai; paraišką rengia komunikacijos skyrius."


def build_sources_and_calls(demo):
    specialist = demo.users.get("specialistas")
    head = demo.users.get("vadovas")
    sources = {}
    for data in SOURCES:
        fields = dict(data)
        tags = fields.pop("tags")
        source = FundingSource.objects.filter(
            funder=fields["funder"], programme=fields["programme"]
        ).first()
        if source is None:
            source = FundingSource(**fields)
            source.save()
            source.tags.add(*tags)
            source.save()
        sources[source.funder] = source
    sponsor = sources["UAB „Knygų namai“"]
    if not SupportAgreement.objects.filter(source=sponsor, number=AGREEMENT["number"]).exists():
        today = timezone.localdate()
        SupportAgreement.objects.create(
            source=sponsor,
            signed_on=today - timedelta(days=20),
            valid_until=today.replace(month=12, day=31),
            **AGREEMENT,
        )
    for name, funder, days, max_amount, min_share, go in CALLS:
        if Call.objects.filter(name=name).exists():
            continue
        day = timezone.localdate() + timedelta(days=days)
        call = Call.objects.create(
            source=sources[funder],
            name=name,
            deadline=timezone.make_aware(timezone.datetime.combine(day, time(23, 59))),
            max_amount=max_amount,
            min_own_share=min_share,
            url=sources[funder].url,
            responsible=specialist,
        )
        if go and head is not None and specialist is not None:
            decide(head, call.pk, Call.Decision.GO, GO_REASON)
