"""Small builders for the funding tests (sources, calls, applications)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import (
    BudgetLine,
    Call,
    FundingSource,
    GrantApplicationIndexPage,
    GrantApplicationPage,
)


def make_source(funder="Lietuvos kultūros taryba", **fields):
    fields.setdefault("kind", FundingSource.Kind.STATE)
    return FundingSource.objects.create(funder=funder, **fields)


def make_call(responsible=None, source=None, days=20, name="Bibliotekų programos 2027", **fields):
    return Call.objects.create(
        source=source or make_source(),
        name=name,
        deadline=fields.pop("deadline", None) or timezone.now() + timedelta(days=days),
        responsible=responsible,
        **fields,
    )


def application_folder(home_page):
    folder = GrantApplicationIndexPage.objects.first()
    if folder is None:
        folder = home_page.add_child(instance=GrantApplicationIndexPage(title="Paraiškos"))
    return folder


def make_application(home_page, title, call=None, lines=(), **fields):
    """An application page with budget lines given as (quantity, unit cost, own, other)."""
    page = GrantApplicationPage(title=title, call=call, **fields)
    application_folder(home_page).add_child(instance=page)
    for quantity, unit_cost, own, other in lines:
        BudgetLine.objects.create(
            application=page,
            category=BudgetLine.Category.SERVICES,
            description="Paslaugos",
            quantity=Decimal(quantity),
            unit_cost=Decimal(unit_cost),
            own_contribution=Decimal(own),
            other_sources=Decimal(other),
        )
    return page
