"""Test and benchmark helpers: an awarded application in a private folder, a project list.

Plain functions (no factory-boy) because pages must be added to the tree.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from .models import (
    ApplicationPartner,
    BudgetLine,
    Call,
    FundingSource,
    GrantApplicationIndexPage,
    GrantApplicationPage,
    ProjectFunder,
    ProjectIndexPage,
    ProjectPage,
    SupportAgreement,
)

_numbers = count(1)


def home_of_site():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def funding_source(funder="Lietuvos kultūros taryba", acknowledgement="", logo=None):
    source, _created = FundingSource.objects.get_or_create(
        funder=funder, defaults={"kind": FundingSource.Kind.STATE, "url": "https://ltkt.example/"}
    )
    if acknowledgement or logo:
        SupportAgreement.objects.create(source=source, acknowledgement=acknowledgement, logo=logo)
    return source


def call_of(source, name="Bibliotekų programos 2027"):
    call, _created = Call.objects.get_or_create(
        source=source, name=name, defaults={"deadline": timezone.now() - timedelta(days=90)}
    )
    return call


def application_folder(parent=None):
    parent = parent or home_of_site()
    folder = GrantApplicationIndexPage.objects.child_of(parent).first()
    if folder is None:
        folder = GrantApplicationIndexPage(title="Paraiškos", slug="paraiskos")
        parent.add_child(instance=folder)
    return folder


def application(
    title="Skaitymo iššūkis vaikams",
    status=GrantApplicationPage.Status.AWARDED,
    call=None,
    partners=(("Rajono biblioteka", True), ("Slaptas rėmėjas", False)),
    **fields,
):
    values = {
        "summary": "Vasaros skaitymo iššūkis vaikams.",
        "objectives": "Paskatinti vaikus skaityti.\n\nĮtraukti šeimas <ir> mokyklas.",
        "activities": "Vidinė veikla: sąmatos derinimas su buhalterija.",
        "period_start": date(2027, 6, 1),
        "period_end": date(2027, 9, 30),
        "amount_awarded": Decimal("6543.21"),
        "decision_comments": "Vidinis komentaras apie sprendimą.",
    }
    values.update(fields)
    page = GrantApplicationPage(
        title=title,
        slug=f"{slugify(title)}-{next(_numbers)}",
        status=status,
        call=call,
        **values,
    )
    page.partners = [ApplicationPartner(name=name, public=public) for name, public in partners]
    page.budget_lines = [
        BudgetLine(
            category=BudgetLine.Category.PUBLICITY,
            description="Slapta sąmatos eilutė",
            quantity=Decimal("3"),
            unit_cost=Decimal("777.77"),
        )
    ]
    application_folder().add_child(instance=page)
    return page


def project_index(parent=None, title="Projektai", slug="projektai"):
    parent = parent or home_of_site()
    index = ProjectIndexPage.objects.child_of(parent).first()
    if index is None:
        index = ProjectIndexPage(title=title, slug=slug)
        parent.add_child(instance=index)
        index.save_revision().publish()
    return index


def project_page(index, title=None, live=True, funders=(), **fields):
    title = title or f"Projektas {next(_numbers)}"
    page = ProjectPage(title=title, slug=f"{slugify(title)}-{next(_numbers)}", live=live, **fields)
    page.funders = [ProjectFunder(name=name) for name in funders]
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return Page.objects.get(pk=page.pk).specific
