"""Fixtures of the grant application tests: a call, the private folder, applications."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.models import (
    BudgetLine,
    Call,
    FundingSource,
    GrantApplicationIndexPage,
    GrantApplicationPage,
    ReportingDuty,
)


def make_call(max_amount="10000.00", min_own_share="10.00", name="Bibliotekų programa"):
    source, _created = FundingSource.objects.get_or_create(
        funder="Lietuvos kultūros taryba", defaults={"kind": FundingSource.Kind.STATE}
    )
    return Call.objects.create(
        source=source,
        name=name,
        deadline=timezone.now() + timedelta(days=30),
        max_amount=None if max_amount is None else Decimal(max_amount),
        min_own_share=None if min_own_share is None else Decimal(min_own_share),
    )


def line(quantity, unit_cost, own="0", other="0", description="Eilutė"):
    return BudgetLine(
        category=BudgetLine.Category.OTHER,
        description=description,
        quantity=Decimal(quantity),
        unit_cost=Decimal(unit_cost),
        own_contribution=Decimal(own),
        other_sources=Decimal(other),
    )


@pytest.fixture
def grant_index(home_page):
    index = GrantApplicationIndexPage(title="Paraiškos", slug="paraiskos")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def application_factory(grant_index, call, specialist):
    """`application_factory(status=..., lines=[...], **fields)`: an application with a
    revision (as the editor leaves it)."""

    def make(
        title="Skaitymo klubai",
        status=GrantApplicationPage.Status.DRAFTING,
        lines=None,
        live=False,
        duties=(),
        **fields,
    ):
        fields.setdefault("call", call)
        fields.setdefault("responsible", specialist)
        page = GrantApplicationPage(
            title=title,
            status=status,
            live=live,
            owner=specialist,
            budget_lines=lines if lines is not None else [line("10", "100.00", own="200.00")],
            reporting_duties=[
                ReportingDuty(title=t, due_date=d, submitted_on=s) for t, d, s in duties
            ],
            **fields,
        )
        grant_index.add_child(instance=page)
        revision = page.save_revision(user=specialist)
        if live:
            revision.publish()
            page.refresh_from_db()
        return page

    return make
