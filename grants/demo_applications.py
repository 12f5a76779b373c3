"""Demo grant applications: the private folder "Paraiškos" under the home page with two
applications, one being drafted (its budget passes the call's checks) and one awarded
(with the decision and reporting duties). Idempotent: looked up by slug.

The call is found or made by stable keys (the funder's name and the call's name), the same
keys the funding sources' demo uses, so both builders share one call.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Site

from .budget import Budget, check
from .models import (
    BudgetLine,
    Call,
    FundingSource,
    GrantApplicationIndexPage,
    GrantApplicationPage,
    Indicator,
    ReportingDuty,
)
from .private_tree import ensure_private

FUNDER = "Lietuvos kultūros taryba"
# The open call is the funding demo's (grants/demo.py), found by its name whichever
# builder ran first; the awarded application answered last year's call, long closed.
OPEN_CALL = "Bibliotekų programos 2027"
CLOSED_CALL = "Bibliotekų programos 2026"
INDEX_SLUG = "paraiskos"


def demo_call(name=OPEN_CALL, deadline_in_days=45):
    source = FundingSource.objects.filter(funder=FUNDER).order_by("pk").first()
    if source is None:
        source = FundingSource.objects.create(
            funder=FUNDER,
            kind=FundingSource.Kind.STATE,
            programme="Bibliotekų veiklos programa",
            url="https://www.ltkt.lt/",
            own_contribution_share=Decimal("10.00"),
        )
    call = Call.objects.filter(source=source, name=name).order_by("pk").first()
    if call is None:
        call = Call.objects.create(
            source=source,
            name=name,
            deadline=timezone.now() + timedelta(days=deadline_in_days),
            max_amount=Decimal("15000.00"),
            min_own_share=Decimal("10.00"),
            url="https://www.ltkt.lt/",
        )
    return call


DRAFT = {
    "slug": "skaitymo-klubai-kaimo-bibliotekose",
    "title": "Skaitymo klubai kaimo bibliotekose",
    "summary": "Apskrities kaimo bibliotekose kuriami skaitymo klubai vaikams ir senjorams: "
    "susitikimai su rašytojais, knygų aptarimai ir skaitymo iššūkis.",
    "objectives": "Skatinti skaitymą kaimo vietovėse ir stiprinti bibliotekų bendruomenes.",
    "activities": "Dešimt klubų susitikimų, du susitikimai su rašytojais, baigiamasis renginys.",
    "target_groups": "Vaikai nuo 8 iki 14 metų, senjorai.",
    "lines": [
        (
            BudgetLine.Category.STAFF,
            "Klubų moderatorių darbo užmokestis",
            "val.",
            "120",
            "15.00",
            "600.00",
            "0",
        ),
        (
            BudgetLine.Category.SERVICES,
            "Rašytojų susitikimų honorarai",
            "susitikimas",
            "2",
            "400.00",
            "0",
            "0",
        ),
        (BudgetLine.Category.MATERIALS, "Knygos klubams", "vnt.", "150", "12.50", "400.00", "0"),
        (
            BudgetLine.Category.PUBLICITY,
            "Plakatai ir skrajutės",
            "komplektas",
            "1",
            "350.00",
            "0",
            "100.00",
        ),
    ],
}

AWARDED = {
    "slug": "skaitmeninis-krastotyros-archyvas",
    "title": "Skaitmeninis kraštotyros archyvas",
    "summary": "Bibliotekos kraštotyros fondo skaitmeninimas ir viešas archyvas internete.",
    "objectives": "Išsaugoti ir padaryti prieinamus kraštotyros leidinius ir nuotraukas.",
    "activities": "Skenavimas, aprašymas, archyvo svetainė, mokymai bibliotekininkams.",
    "target_groups": "Kraštotyrininkai, mokytojai, moksleiviai.",
    "lines": [
        (BudgetLine.Category.EQUIPMENT, "Knygų skeneris", "vnt.", "1", "6000.00", "1500.00", "0"),
        (
            BudgetLine.Category.SERVICES,
            "Archyvo svetainės kūrimas",
            "paslauga",
            "1",
            "4000.00",
            "500.00",
            "0",
        ),
        (BudgetLine.Category.STAFF, "Skaitmenintojų darbas", "val.", "200", "12.00", "400.00", "0"),
    ],
    "amount_awarded": Decimal("9000.00"),
    "reports": [
        ("Tarpinė veiklos ataskaita", 90),
        ("Galutinė veiklos ir finansinė ataskaita", 300),
    ],
}


def _lines(spec):
    return [
        BudgetLine(
            category=category,
            description=description,
            unit=unit,
            quantity=Decimal(quantity),
            unit_cost=Decimal(unit_cost),
            own_contribution=Decimal(own),
            other_sources=Decimal(other),
        )
        for category, description, unit, quantity, unit_cost, own, other in spec["lines"]
    ]


def _index(demo):
    home = Site.objects.get(pk=demo.site.pk).root_page.specific
    index = GrantApplicationIndexPage.objects.child_of(home).first()
    if index is None:
        index = GrantApplicationIndexPage(
            title="Paraiškos",
            slug=INDEX_SLUG,
            intro="Bibliotekos projektų paraiškos: matoma tik darbuotojams.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        demo.write("Grant applications: the private folder “Paraiškos”")
    ensure_private(index)
    return index


def _application(demo, index, spec, call, **fields):
    existing = GrantApplicationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    lines = _lines(spec)
    problems = check(Budget.of(lines), call)
    if problems:
        raise ValueError(f"demo budget of {spec['slug']} fails: {problems.messages()}")
    page = GrantApplicationPage(
        title=spec["title"],
        slug=spec["slug"],
        call=call,
        summary=spec["summary"],
        objectives=spec["objectives"],
        activities=spec["activities"],
        target_groups=spec["target_groups"],
        owner=demo.users.get("specialistas"),
        responsible=demo.users.get("specialistas"),
        budget_lines=lines,
        **fields,
    )
    index.add_child(instance=page)
    demo.write(f"Grant application: {page.title} ({page.get_status_display()})")
    return page


def build_grant_applications(demo):
    call = demo_call()
    closed_call = demo_call(CLOSED_CALL, deadline_in_days=-100)
    index = _index(demo)
    today = timezone.localdate()
    draft = _application(
        demo,
        index,
        DRAFT,
        call,
        status=GrantApplicationPage.Status.DRAFTING,
        live=False,
        period_start=date(today.year + 1, 3, 1),
        period_end=date(today.year + 1, 11, 30),
        indicators=[
            Indicator(name="Klubų susitikimai", unit="susitikimai", planned=Decimal("10")),
            Indicator(name="Dalyviai", unit="asmenys", planned=Decimal("150")),
        ],
    )
    if draft.latest_revision_id is None:
        draft.save_revision(user=demo.users.get("specialistas"))
    awarded = _application(
        demo,
        index,
        AWARDED,
        closed_call,
        status=GrantApplicationPage.Status.AWARDED,
        submitted_on=today - timedelta(days=101),
        decision_date=today - timedelta(days=10),
        amount_awarded=AWARDED["amount_awarded"],
        decision_comments="Finansuota iš dalies: svetainės kūrimo išlaidos sumažintos.",
        period_start=today + timedelta(days=20),
        period_end=today + timedelta(days=320),
        reporting_duties=[
            ReportingDuty(
                title=title,
                due_date=today + timedelta(days=days),
                responsible=demo.users.get("specialistas"),
            )
            for title, days in AWARDED["reports"]
        ],
        indicators=[
            Indicator(name="Suskaitmeninti leidiniai", unit="vnt.", planned=Decimal("400")),
        ],
    )
    if awarded.latest_revision_id is None:
        awarded.save_revision(user=demo.users.get("specialistas")).publish(
            user=demo.users.get("vadovas")
        )
    return index, draft, awarded
