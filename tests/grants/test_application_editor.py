"""The application editor: tabs, the budget summary, and bad budgets refused with a
Lithuanian message and nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from grants.models import BudgetLine, GrantApplicationPage
from tests.grants import application_fixtures as fixtures

# The shared fixtures of these tests (tests/grants/application_fixtures.py).
application_factory = fixtures.application_factory
call = fixtures.call
grant_index = fixtures.grant_index
line = fixtures.line

pytestmark = pytest.mark.django_db


def budget_line(quantity, unit_cost, own="0", other="0", description="Knygos"):
    return {
        "category": BudgetLine.Category.MATERIALS,
        "description": description,
        "unit": "vnt.",
        "quantity": quantity,
        "unit_cost": unit_cost,
        "own_contribution": own,
        "other_sources": other,
    }


def form(call, lines, title="Skaitymo klubai kaime", slug="skaitymo-klubai", **fields):
    data = {
        "title": title,
        "slug": slug,
        "call": call.pk if call else "",
        "responsible": "",
        "summary": "Klubai vaikams.",
        "objectives": "",
        "activities": "",
        "target_groups": "",
        "period_start": "",
        "period_end": "",
        "decision_date": "",
        "amount_awarded": "",
        "decision_comments": "",
        "budget_lines": inline_formset(lines),
        "partners": inline_formset([]),
        "indicators": inline_formset([]),
        "documents": inline_formset([]),
        "reporting_duties": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["grants", "grantapplicationpage", index.pk])


@pytest.fixture
def lt_client(client_for, specialist):
    client = client_for(specialist)
    client.cookies["django_language"] = "lt"
    return client


def errors_of(response):
    with translation.override("lt"):
        return response.content.decode()


def test_a_good_budget_is_saved_and_summarised(lt_client, grant_index, call):
    lines = [
        budget_line("10", "100.00", own="150.00", other="50.00"),
        budget_line("1", "3000", own="450"),
    ]
    response = lt_client.post(add_url(grant_index), form(call, lines))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = GrantApplicationPage.objects.get(slug="skaitymo-klubai")
    assert page.status == GrantApplicationPage.Status.IDEA
    assert page.budget_lines.count() == 2
    html = lt_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'data-budget="total">4\xa0000,00 EUR' in html
    assert 'data-budget="requested">3\xa0350,00 EUR' in html
    assert 'data-budget="share">15,00 %' in html
    for tab in (
        "Paraiška",
        "Sąmata",
        "Partneriai ir rodikliai",
        "Dokumentai",
        "Sprendimas ir atsiskaitymas",
    ):
        assert tab in html


@pytest.mark.parametrize(
    "lines,message",
    [
        (
            [budget_line("1", "100", own="60", other="40.01")],
            "Nuosavas indėlis ir kiti šaltiniai (100,01 EUR) viršija eilutės sumą (100,00 EUR).",
        ),
        (
            [budget_line("12", "1000", own="1200")],
            "Prašoma suma (10\xa0800,00 EUR) viršija kvietimo didžiausią sumą (10\xa0000,00 EUR).",
        ),
        (
            [budget_line("1", "5000", own="400")],
            "Nuosavas indėlis sudaro 8,00 % visos sumos; kvietimas reikalauja bent 10,00 %.",
        ),
        ([budget_line("-1", "100")], "Įsitikinkite, kad reikšmė yra didesnė arba lygi 0."),
        ([budget_line("1", "-100")], "Įsitikinkite, kad reikšmė yra didesnė arba lygi 0."),
        (
            [budget_line("2000000", "1")],
            "Didesnis nei milijono kiekis neįtikėtinas; patikrinkite jį.",
        ),
        (
            [budget_line("1000", "99999999.99")],
            "Eilutės suma neįtikėtina; patikrinkite skaičius.",
        ),
    ],
    ids=[
        "line-over",
        "over-max",
        "share-under",
        "negative-qty",
        "negative-cost",
        "qty-absurd",
        "total-absurd",
    ],
)
def test_a_bad_budget_is_refused_in_lithuanian_and_nothing_saved(
    lt_client, grant_index, call, lines, message
):
    before = (
        GrantApplicationPage.objects.count(),
        BudgetLine.objects.count(),
        Revision.objects.count(),
    )
    response = lt_client.post(add_url(grant_index), form(call, lines))
    assert response.status_code == 200
    html = errors_of(response)
    assert message in html, html[html.find("error") - 200 :][:2000]
    assert (
        GrantApplicationPage.objects.count(),
        BudgetLine.objects.count(),
        Revision.objects.count(),
    ) == before


def test_editing_into_a_bad_budget_keeps_the_saved_one(lt_client, application_factory, call):
    page = application_factory(lines=[line("1", "1000.00", own="200.00")])
    revisions = page.revisions.count()
    data = form(call, [budget_line("1", "1000", own="50")], title=page.title, slug=page.slug)
    response = lt_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "kvietimas reikalauja bent 10,00 %" in response.content.decode()
    page.refresh_from_db()
    assert page.revisions.count() == revisions
    assert [bl.own_contribution for bl in page.budget_lines.all()] == [Decimal("200.00")]


def test_awarded_over_requested_is_refused_on_the_form(lt_client, application_factory, call):
    page = application_factory(lines=[line("1", "1000.00", own="200.00")])
    data = form(
        call,
        [budget_line("1", "1000", own="200")],
        title=page.title,
        slug=page.slug,
        amount_awarded="800.01",
        decision_date="2026-11-30",
    )
    response = lt_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "Skirta suma negali viršyti prašomos sumos (800,00 EUR)." in response.content.decode()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().amount_awarded is None


def test_status_is_not_on_the_form(lt_client, application_factory, call):
    page = application_factory()
    data = form(
        call,
        [budget_line("1", "1000", own="200")],
        title=page.title,
        slug=page.slug,
        status="awarded",
        submitted_on="2026-01-01",
    )
    lt_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert page.status == GrantApplicationPage.Status.DRAFTING
    assert page.submitted_on is None


def test_application_documents_must_be_private(
    lt_client, application_factory, call, client_for, other_department_user
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from grants.models import ApplicationDocument
    from grants.private_tree import DOCUMENTS_COLLECTION

    page = application_factory()
    private = Collection.objects.get(name=DOCUMENTS_COLLECTION)  # made with the folder
    public_doc = Document.objects.create(
        title="Sąmatos lentelė", file=ContentFile(b"%PDF-1.4", name="samata.pdf")
    )
    private_doc = Document.objects.create(
        title="Paraiškos forma",
        file=ContentFile(b"%PDF-1.4", name="forma.pdf"),
        collection=private,
    )

    def post(document):
        data = form(
            call,
            [budget_line("1", "1000", own="200")],
            title=page.title,
            slug=page.slug,
            documents=inline_formset([{"document": document.pk, "note": ""}]),
        )
        return lt_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    refused = post(public_doc)
    assert refused.status_code == 200
    assert "Šį dokumentą galėtų atsisiųsti bet kas" in refused.content.decode()
    page.refresh_from_db()
    assert not ApplicationDocument.objects.filter(application=page).exists()
    assert post(private_doc).status_code == 302
    assert ApplicationDocument.objects.filter(application=page, document=private_doc).exists()
    # Nobody outside the staff groups downloads it.
    for client in (client_for(None), client_for(other_department_user)):
        response = client.get(private_doc.url)
        assert response.status_code in (302, 403, 404)
        assert not getattr(response, "streaming", False)
