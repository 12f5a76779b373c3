"""Funding figures: per year and per funder, in SQL, in Decimal, with an xlsx export."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.figures import compute
from grants.models import GrantApplicationPage
from tests.grants.funding_helpers import make_application, make_call, make_source

pytestmark = pytest.mark.django_db
Status = GrantApplicationPage.Status


@pytest.fixture
def applications(home_page):
    council = make_source(funder="Lietuvos kultūros taryba")
    city = make_source(funder="Vilniaus miesto savivaldybė")
    council_call = make_call(source=council, name="Bibliotekų programos")
    city_call = make_call(source=city, name="Kultūros projektai")
    make_application(  # 2025, awarded: requested 3 × 1000.10 − 300.30 − 100 = 2600.00
        home_page,
        "Skaitymo vasara",
        call=council_call,
        lines=[("3", "1000.10", "300.30", "100.00")],
        status=Status.IMPLEMENTATION,
        submitted_on=date(2025, 3, 1),
        amount_awarded=Decimal("2500.00"),
    )
    make_application(  # 2025, rejected: requested 2 × 0.10 + 1 × 999.95 − 0.05 = 1000.10
        home_page,
        "Knygų klubas",
        call=council_call,
        lines=[("2", "0.10", "0.05", "0"), ("1", "999.95", "0", "0")],
        status=Status.REJECTED,
        submitted_on=date(2025, 9, 1),
    )
    make_application(  # 2026, under evaluation: not decided
        home_page,
        "Senjorų skaitmeninis raštingumas",
        call=city_call,
        lines=[("10", "500", "1000", "0")],
        status=Status.UNDER_EVALUATION,
        submitted_on=date(2026, 2, 1),
    )
    make_application(home_page, "Tik idėja", call=city_call, lines=[("1", "100", "0", "0")])


def test_figures_per_year_and_funder(applications):
    figures = compute()
    by_year = {row.label: row for row in figures.by_year}
    assert set(by_year) == {"2025", "2026"}  # the idea was never submitted
    year = by_year["2025"]
    assert (year.applications, year.awarded, year.rejected) == (2, 1, 1)
    assert year.success_rate == Decimal("50.0")
    assert year.requested == Decimal("3600.10")
    assert year.own_contribution == Decimal("300.35")
    assert year.awarded_amount == Decimal("2500.00")
    assert isinstance(year.requested, Decimal)
    assert by_year["2026"].success_rate is None and by_year["2026"].requested == Decimal("4000.00")
    funders = {row.label: row for row in figures.by_funder}
    assert funders["Lietuvos kultūros taryba"].applications == 2
    assert funders["Vilniaus miesto savivaldybė"].requested == Decimal("4000.00")
    assert figures.total.applications == 3 and figures.total.requested == Decimal("7600.10")


def test_the_page_and_the_export(applications, client_for, head):
    client = client_for(head)
    html = client.get(reverse("grants_figures")).text
    assert "Lietuvos kultūros taryba" in html and "3600,10" in html
    response = client.get(reverse("grants_figures") + "?export=xlsx")
    book = load_workbook(BytesIO(response.content))
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    assert "Vilniaus miesto savivaldybė" in values and 2 in values


def test_other_departments_may_not_see_figures(client_for, other_department_user, assert_denied):
    assert_denied(client_for(other_department_user).get(reverse("grants_figures")))


@pytest.mark.parametrize("rows", [1, 30])
def test_figures_take_four_queries(rows, home_page, django_assert_num_queries):
    source = make_source()
    call = make_call(source=source)
    for number in range(rows):
        make_application(
            home_page,
            f"Paraiška {number}",
            call=call,
            lines=[("1", "100", "10", "0"), ("2", "50", "0", "0")],
            status=Status.AWARDED,
            submitted_on=date(2020 + number % 5, 1, 1),
            amount_awarded=Decimal("150"),
        )
    with django_assert_num_queries(4):
        figures = compute()
    assert figures.total.applications == rows
